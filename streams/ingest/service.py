"""Loading a cohort file: one service behind the CLI and the API.

I/O stays behind two small protocols, so the orchestration is tested with
fakes and runs in production against PostgreSQL and Kafka. Order matters
for "nothing lost": a batch's contacts are committed before its events are
sent, so a consumer never sees a graduate whose contact is missing. A crash
between the two leaves contacts without events; loading the file again
repairs it, because event ids are deterministic, consumers idempotent and
contacts upserted.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from schemas.enums import Issuer
from schemas.graduates import GraduateCertified
from streams.ingest.cohort import CohortFormat, RowError, ValidRow, iter_cohort
from streams.ingest.contact import Contact
from streams.ingest.errors import CohortFormatError
from streams.ingest.issuers import IssuerRegistry

DEFAULT_BATCH_SIZE = 500


class ContactStore(Protocol):
    """Where contact details live (only the notification sender reads them)."""

    def upsert_contacts(self, contacts: Sequence[Contact]) -> None:
        """Insert or update the contacts and commit before returning."""
        ...


class EventSink(Protocol):
    """Where certification events go (the graduations topic)."""

    def publish(self, events: Sequence[GraduateCertified]) -> None:
        """Send the events and return once the broker has acknowledged all of them."""
        ...


@dataclass(frozen=True, slots=True)
class Progress:
    """Counts so far, for a progress bar."""

    rows: int
    accepted: int
    rejected: int


ProgressCallback = Callable[[Progress], None]


@dataclass
class IngestReport:
    """What happened to a file: accepted rows, rejected rows and every problem found."""

    accepted: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected_lines(self) -> list[int]:
        """Lines with at least one problem, in file order."""
        return sorted({error.line for error in self.errors})


def only_issuer(
    rows: Iterable[ValidRow | RowError], issuer: Issuer
) -> Iterable[ValidRow | RowError]:
    """The rows of ``issuer``; a row of another issuer becomes an error (a programme's scope)."""
    for item in rows:
        if isinstance(item, ValidRow) and item.event.issuer is not issuer:
            yield RowError(
                item.line,
                "emisor",
                f"la fila es del emisor {item.event.issuer.value}; "
                f"su credencial solo permite cargar cohortes de {issuer.value}",
            )
        else:
            yield item


def ingest_rows(
    rows: Iterable[ValidRow | RowError],
    *,
    contacts: ContactStore | None,
    sink: EventSink | None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Store contacts and publish events of the valid rows, batch by batch; report the rest.

    With ``contacts`` and ``sink`` both None nothing is written (a dry run).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if (contacts is None) != (sink is None):
        raise ValueError("contacts and sink go together: both set, or both None for a dry run")
    report = IngestReport(dry_run=sink is None)
    pending: list[ValidRow] = []
    bad_lines: set[int] = set()
    rows_seen: set[int] = set()

    def flush() -> None:
        if pending and contacts is not None and sink is not None:
            contacts.upsert_contacts([row.contact for row in pending])
            sink.publish([row.event for row in pending])
        report.accepted += len(pending)
        pending.clear()

    for item in rows:
        rows_seen.add(item.line)
        if isinstance(item, RowError):
            report.errors.append(item)
            bad_lines.add(item.line)
            report.rejected = len(bad_lines)
        else:
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        if on_progress is not None:
            on_progress(
                Progress(
                    rows=len(rows_seen),
                    accepted=report.accepted + len(pending),
                    rejected=report.rejected,
                )
            )
    flush()
    return report


def ingest_cohort(
    path: Path,
    *,
    key: bytes,
    contacts: ContactStore | None,
    sink: EventSink | None,
    fmt: CohortFormat | None = None,
    issuer: Issuer | None = None,
    issuers: IssuerRegistry | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Parse a cohort file with the pseudonym ``key`` and ingest it (see ``ingest_rows``).

    With ``issuer``, rows of any other issuer are reported and not ingested. Signed
    credentials verify against ``issuers``, the trusted issuers' registry (none if omitted).
    """
    check_readable(path)
    rows = iter_cohort(path, key=key, fmt=fmt, issuers=issuers)
    return ingest_rows(
        rows if issuer is None else only_issuer(rows, issuer),
        contacts=contacts,
        sink=sink,
        batch_size=batch_size,
        on_progress=on_progress,
    )


def summary_es(report: IngestReport) -> str:
    """A one-paragraph Spanish summary for the operator."""
    verb = "se aceptarían" if report.dry_run else "aceptadas"
    lines = [
        f"Filas {verb}: {report.accepted}",
        f"Filas rechazadas: {report.rejected} ({len(report.errors)} problemas)",
    ]
    if report.dry_run:
        lines.append("Simulación: no se guardó ningún contacto ni se publicó ningún evento.")
    return "\n".join(lines) + "\n"


_CHUNK_BYTES = 1 << 20


def check_readable(path: Path) -> None:
    """Refuse, before anything is written, a file that is not UTF-8 text."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK_BYTES):
                if b"\x00" in chunk:
                    raise CohortFormatError(f"'{path.name}' no es un archivo de texto")
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise CohortFormatError(
            f"'{path.name}' no está en UTF-8 (byte {error.start} inválido); guárdelo como CSV UTF-8"
        ) from None
