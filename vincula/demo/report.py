"""The demo's closing report: what each kind of user of Vincula would see, in Spanish."""

from __future__ import annotations

from typing import TextIO

from models import reports
from schemas.enums import MexicanState
from streams.ingest.service import IngestReport
from vincula.demo.mailbox import Mailbox
from vincula.demo.webhooks import WebhookInbox

SHORTLISTS_SHOWN = 2
CANDIDATES_SHOWN = 3


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
    totals = reports.counts(url)
    write = out.write
    write("\n══ Vincula: resultado de la demostración ══\n\n")
    write("Programas de formación\n")
    write(
        f"  Cohorte: {ingested.accepted} filas aceptadas, {ingested.rejected} rechazadas"
        " (cada una con línea, campo y motivo).\n"
    )
    for problem in ingested.errors[:3]:
        write(f"    línea {problem.line}, {problem.field}: {problem.reason}\n")
    write(
        f"  {totals['graduates']} perfiles guardados; {totals['matched_graduates']} personas"
        f" con al menos una vinculación propuesta.\n\n"
    )
    write("Empresas\n")
    write(
        f"  {totals['vacancies']} vacantes; {totals['matches']} vinculaciones explicadas"
        f" ({totals['withdrawn']} retiradas al cubrirse o cerrarse la vacante).\n"
    )
    titles = reports.vacancy_titles(url)
    shown = 0
    for vacancy_id, (title, employer, state) in sorted(titles.items()):
        entries = reports.shortlist(url, vacancy_id=vacancy_id)
        if not entries or shown == SHORTLISTS_SHOWN:
            continue
        shown += 1
        write(f"\n  Lista corta — {title} ({employer}, {_state(state)})\n")
        for entry in entries[:CANDIDATES_SHOWN]:
            write(
                f"    {entry.rank}. persona {entry.graduate_id[:10]}… puntaje {entry.score:.2f}"
                f" [{entry.status}]\n"
            )
            for reason in entry.reasons:
                write(f"       · {reason}\n")
    signed = sum(1 for _, headers in webhooks.received if "X-Vincula-Signature" in headers)
    write(
        f"\n  Actualizaciones de lista corta recibidas por el webhook de las empresas:"
        f" {len(webhooks.received)} ({signed} firmadas con HMAC-SHA256).\n"
    )
    write("\nPersonas egresadas\n")
    write(
        f"  Notificaciones: {totals['delivered']} entregadas, {totals['deferred']} diferidas al"
        f" resumen diario, {totals['failed']} sin entregar.\n"
    )
    write(f"  Correos recibidos por el servidor SMTP local: {len(mailbox.messages)}.\n")
    if mailbox.messages:
        sample = mailbox.messages[0]
        body = sample.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        write(f"  Ejemplo — Asunto: {sample['Subject']}\n")
        for line in str(text).strip().splitlines()[:8]:
            write(f"    | {line}\n")
    write("\nSecretaría de Economía\n")
    write(
        f"  {hires} contrataciones reportadas; {totals['closed_vacancies']} vacantes cubiertas;"
        f" {totals['follow_ups']} seguimientos programados (3, 6 y 12 meses).\n"
    )
    for months, due, status in reports.follow_ups(url)[:3]:
        write(f"    seguimiento a {months} meses: {due:%Y-%m-%d} ({status})\n")
    for dimension, label in (("programme", "programa"), ("state", "estado"), ("sector", "sector")):
        write(f"\n  Colocación por {label} (celdas con menos de 10 personas se ocultan)\n")
        write(f"    {label:<52} vinculadas contratadas retenidas\n")
        for row in reports.placements_by(url, dimension=dimension)[:6]:  # type: ignore[arg-type]
            value = _state(row.value) if dimension == "state" else row.value
            write(
                f"    {value[:52]:<52} {_cell(row.matched):>10} {_cell(row.hired):>11}"
                f" {_cell(row.retained):>9}\n"
            )
    write(
        f"\nEventos procesados: {totals['processed']}. Tiempo total: {seconds:.0f} s.\n"
        "This service uses the ESCO classification of the European Commission.\n"
    )
