"""The demo's closing report: what each kind of user of Vincula would see, in Spanish."""

from __future__ import annotations

from typing import TextIO

import psycopg

from models import reports
from schemas.enums import MexicanState
from streams.ingest.service import IngestReport
from vincula.demo.mailbox import Mailbox
from vincula.demo.webhooks import WebhookInbox

SHORTLISTS_SHOWN = 2
CANDIDATES_SHOWN = 3
DIMENSIONS: tuple[tuple[reports.Dimension, str], ...] = (
    ("programme", "programa"),
    ("state", "estado"),
    ("sector", "sector"),
)


def _cell(value: int | None) -> str:
    return "<10" if value is None else str(value)


def _state(code: str) -> str:
    try:
        return MexicanState(code).spanish_name
    except ValueError:
        return code


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
        f"\nEventos procesados: {totals.processed}. Tiempo total: {seconds:.0f} s.\n"
        "This service uses the ESCO classification of the European Commission.\n"
    )


def _programmes(out: TextIO, totals: reports.Counts, ingested: IngestReport) -> None:
    out.write("Programas de formación\n")
    out.write(
        f"  Cohorte: {ingested.accepted} filas aceptadas, {ingested.rejected} rechazadas"
        " (cada una con línea, campo y motivo).\n"
    )
    for problem in ingested.errors[:3]:
        out.write(f"    línea {problem.line}, {problem.field}: {problem.reason}\n")
    out.write(
        f"  {totals.graduates} perfiles guardados; {totals.matched_graduates} personas"
        f" con al menos una vinculación propuesta.\n\n"
    )


def _employers(
    out: TextIO, connection: reports.Connection, totals: reports.Counts, webhooks: WebhookInbox
) -> None:
    out.write("Empresas\n")
    out.write(
        f"  {totals.vacancies} vacantes; {totals.matches} vinculaciones explicadas"
        f" ({totals.withdrawn} retiradas al cubrirse o cerrarse la vacante).\n"
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
            f"\n  Lista corta — {vacancy.title} ({vacancy.employer}, {_state(vacancy.state)})\n"
        )
        for entry in entries[:CANDIDATES_SHOWN]:
            out.write(
                f"    {entry.rank}. persona {entry.graduate_id[:10]}… puntaje {entry.score:.2f}"
                f" [{entry.status}]\n"
            )
            for reason in entry.reasons:
                out.write(f"       · {reason}\n")
    verified = sum(1 for delivery in webhooks.received if delivery.verified)
    out.write(
        f"\n  Avisos recibidos por los webhooks de las empresas: {len(webhooks.received)}"
        f" ({verified} con firma Standard Webhooks verificada por el receptor).\n"
    )


def _graduates(out: TextIO, totals: reports.Counts, mailbox: Mailbox) -> None:
    out.write("\nPersonas egresadas\n")
    out.write(
        f"  Notificaciones: {totals.delivered} entregadas, {totals.deferred} diferidas al"
        f" resumen diario, {totals.failed} sin entregar.\n"
    )
    out.write(f"  Correos recibidos por el servidor SMTP local: {len(mailbox.messages)}.\n")
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
        f"  {hires} contrataciones reportadas; {totals.closed_vacancies} vacantes cubiertas;"
        f" {totals.follow_ups} seguimientos programados (3, 6 y 12 meses).\n"
    )
    for follow_up in reports.follow_ups(connection)[:3]:
        out.write(
            f"    seguimiento a {follow_up.months} meses: {follow_up.due_at:%Y-%m-%d}"
            f" ({follow_up.status})\n"
        )
    for dimension, label in DIMENSIONS:
        out.write(f"\n  Colocación por {label} (celdas con menos de 10 personas se ocultan)\n")
        out.write(f"    {label:<52} vinculadas contratadas retenidas\n")
        for row in reports.placements_by(connection, dimension=dimension)[:6]:
            value = _state(row.value) if dimension == "state" else row.value
            out.write(
                f"    {value[:52]:<52} {_cell(row.matched):>10} {_cell(row.hired):>11}"
                f" {_cell(row.retained):>9}\n"
            )
