"""The demo's closing report: what each kind of user of Vincula would see, in Spanish."""

from __future__ import annotations

from typing import TextIO

import psycopg

from models import reports
from schemas.enums import Issuer, MatchStatus, MexicanState, Sector
from streams.ingest.service import IngestReport
from vincula.demo.mailbox import Mailbox
from vincula.demo.webhooks import WebhookInbox
from vincula.web.formats import entero, fecha, nombre

SHORTLISTS_SHOWN = 2
CANDIDATES_SHOWN = 3
DIMENSIONS: tuple[tuple[reports.Dimension, str], ...] = (
    ("programme", "programa"),
    ("state", "estado"),
    ("sector", "sector"),
)


FOLLOW_UP_STATUS = {
    "scheduled": "programado",
    "due": "por responder",
    "answered": "respondido",
    "cancelled": "cancelado",
}


def _value(dimension: reports.Dimension, code: str) -> str:
    """A row's name as people read it: the state's, the sector's, the programme's."""
    enumeration = {"state": MexicanState, "sector": Sector, "programme": Issuer}[dimension]
    return nombre(code, enumeration)


def render(
    out: TextIO,
    *,
    url: str,
    ingested: IngestReport,
    mailbox: Mailbox,
    webhooks: WebhookInbox,
    hires: int,
    seconds: float,
) -> None:
    """Write the report for programmes, employers, graduates and the ministry."""
    with psycopg.connect(url) as connection:
        totals = reports.counts(connection)
        out.write("\n══ Vincula: resultado de la demostración ══\n\n")
        _programmes(out, totals, ingested)
        _employers(out, connection, totals, webhooks)
        _graduates(out, totals, mailbox)
        _ministry(out, connection, totals, hires)
    out.write(
        f"\nEventos procesados: {entero(totals.processed)}. Tiempo total: {seconds:.0f} s.\n"
        "This service uses the ESCO classification of the European Commission.\n"
    )


def _programmes(out: TextIO, totals: reports.Counts, ingested: IngestReport) -> None:
    out.write("Programas de formación\n")
    out.write(
        f"  Cohorte: {entero(ingested.accepted)} filas aceptadas,"
        f" {entero(ingested.rejected)} rechazadas"
        " (cada una con línea, campo y motivo).\n"
    )
    for problem in ingested.errors[:3]:
        out.write(f"    línea {problem.line}, {problem.field}: {problem.reason}\n")
    out.write(
        f"  {entero(totals.graduates)} perfiles guardados;"
        f" {entero(totals.matched_graduates)} personas"
        f" con al menos una vinculación propuesta.\n\n"
    )


def _employers(
    out: TextIO, connection: reports.Connection, totals: reports.Counts, webhooks: WebhookInbox
) -> None:
    out.write("Empresas\n")
    out.write(
        f"  {entero(totals.vacancies)} vacantes; {entero(totals.matches)} vinculaciones explicadas"
        f" ({entero(totals.withdrawn)} retiradas al cubrirse o cerrarse la vacante).\n"
    )
    shown = 0
    for vacancy in reports.vacancy_titles(connection):
        if shown == SHORTLISTS_SHOWN:
            break
        entries = reports.shortlist(connection, vacancy_id=vacancy.vacancy_id)
        if not entries:
            continue
        shown += 1
        out.write(
            f"\n  Lista corta — {vacancy.title} ({vacancy.employer},"
            f" {nombre(vacancy.state, MexicanState)})\n"
        )
        for entry in entries[:CANDIDATES_SHOWN]:
            out.write(
                f"    {entry.rank}. persona {entry.graduate_id[:10]}… puntaje {entry.score:.2f}"
                f" [{nombre(entry.status, MatchStatus)}]\n"
            )
            for reason in entry.reasons:
                out.write(f"       · {reason}\n")
    verified = sum(1 for delivery in webhooks.received if delivery.verified)
    out.write(
        f"\n  Avisos recibidos por los webhooks de las empresas: {entero(len(webhooks.received))}"
        f" ({entero(verified)} con firma Standard Webhooks verificada por el receptor).\n"
    )


def _graduates(out: TextIO, totals: reports.Counts, mailbox: Mailbox) -> None:
    out.write("\nPersonas egresadas\n")
    out.write(
        f"  Notificaciones: {entero(totals.delivered)} entregadas,"
        f" {entero(totals.deferred)} diferidas al"
        f" resumen diario, {entero(totals.failed)} sin entregar.\n"
    )
    out.write(f"  Correos recibidos por el servidor SMTP local: {entero(len(mailbox.messages))}.\n")
    if mailbox.messages:
        sample = mailbox.messages[0]
        body = sample.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        out.write(f"  Ejemplo — Asunto: {sample['Subject']}\n")
        for line in str(text).strip().splitlines()[:8]:
            out.write(f"    | {line}\n")


def _ministry(
    out: TextIO, connection: reports.Connection, totals: reports.Counts, hires: int
) -> None:
    out.write("\nSecretaría de Economía\n")
    out.write(
        f"  {entero(hires)} contrataciones reportadas;"
        f" {entero(totals.closed_vacancies)} vacantes cubiertas;"
        f" {entero(totals.follow_ups)} seguimientos programados (3, 6 y 12 meses).\n"
    )
    for follow_up in reports.follow_ups(connection)[:3]:
        out.write(
            f"    seguimiento a {follow_up.months} meses: {fecha(follow_up.due_at)}"
            f" ({FOLLOW_UP_STATUS.get(follow_up.status, follow_up.status)})\n"
        )
    for dimension, label in DIMENSIONS:
        out.write(f"\n  Colocación por {label} (celdas con menos de 10 personas se ocultan)\n")
        out.write(f"    {label:<52} vinculadas contratadas retenidas\n")
        for row in reports.placements_by(connection, dimension=dimension)[:6]:
            value = _value(dimension, row.value)
            out.write(
                f"    {value[:52]:<52} {entero(row.matched):>10} {entero(row.hired):>11}"
                f" {entero(row.retained):>9}\n"
            )
