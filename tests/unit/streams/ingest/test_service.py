"""The ingestion service with hand-written fakes: order, batching, counts, dry runs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.graduates import GraduateCertified
from streams.ingest.cohort import RowError, ValidRow, iter_cohort
from streams.ingest.contact import Contact
from streams.ingest.errors import CohortFormatError
from streams.ingest.service import (
    IngestReport,
    Progress,
    check_readable,
    ingest_cohort,
    ingest_rows,
    summary_es,
)
from vincula.synthetic.cohorts import default_reference_data_dir, write_cohort_csv

KEY = b"clave-de-prueba-de-32-bytes-0001"


class Journal:
    """Records every write of both fakes, in order."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, list[str]]] = []


class FakeContacts:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.stored: dict[str, Contact] = {}

    def upsert_contacts(self, contacts: Sequence[Contact]) -> None:
        self.journal.entries.append(("contacts", [c.graduate_id for c in contacts]))
        for contact in contacts:
            self.stored[contact.graduate_id] = contact


class FakeSink:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.events: list[GraduateCertified] = []

    def publish(self, events: Sequence[GraduateCertified]) -> None:
        self.journal.entries.append(("events", [e.graduate_id for e in events]))
        self.events.extend(events)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    path = tmp_path_factory.mktemp("cohort") / "cohorte.csv"
    manifest = write_cohort_csv(
        path,
        120,
        bad_fraction=0.1,
        seed=7,
        reference_data_dir=default_reference_data_dir(),
    )
    return path, {line: kind.value for line, kind in manifest.bad_lines.items()}


def test_every_good_row_is_published_and_every_bad_line_reported(
    cohort: tuple[Path, dict[int, str]],
) -> None:
    path, bad = cohort
    journal = Journal()
    contacts, sink = FakeContacts(journal), FakeSink(journal)
    report = ingest_cohort(path, key=KEY, contacts=contacts, sink=sink, batch_size=25)
    assert report.rejected_lines == sorted(bad)
    assert report.rejected == len(bad)
    assert report.accepted == 120 - len(bad) == len(sink.events)
    assert set(contacts.stored) == {event.graduate_id for event in sink.events}
    assert len({event.event_id for event in sink.events}) == len(sink.events)


def test_contacts_of_a_batch_are_written_before_its_events(
    cohort: tuple[Path, dict[int, str]],
) -> None:
    path, _ = cohort
    journal = Journal()
    ingest_cohort(
        path,
        key=KEY,
        contacts=FakeContacts(journal),
        sink=FakeSink(journal),
        batch_size=30,
    )
    kinds = [kind for kind, _ in journal.entries]
    assert kinds == ["contacts", "events"] * (len(kinds) // 2)
    for (_, written), (_, sent) in zip(journal.entries[::2], journal.entries[1::2], strict=True):
        assert written == sent
        assert 0 < len(sent) <= 30


def test_loading_twice_yields_the_same_events(
    cohort: tuple[Path, dict[int, str]],
) -> None:
    path, _ = cohort
    first, second = FakeSink(Journal()), FakeSink(Journal())
    ingest_cohort(path, key=KEY, contacts=FakeContacts(Journal()), sink=first)
    ingest_cohort(path, key=KEY, contacts=FakeContacts(Journal()), sink=second)
    assert [e.event_id for e in first.events] == [e.event_id for e in second.events]


def test_dry_run_writes_nothing_but_reports_the_same(
    cohort: tuple[Path, dict[int, str]],
) -> None:
    path, _ = cohort
    real = ingest_cohort(path, key=KEY, contacts=FakeContacts(Journal()), sink=FakeSink(Journal()))
    dry = ingest_cohort(path, key=KEY, contacts=None, sink=None)
    assert dry.dry_run and not real.dry_run
    assert (dry.accepted, dry.rejected, dry.errors) == (
        real.accepted,
        real.rejected,
        real.errors,
    )
    assert "Simulación" in summary_es(dry)


def test_half_configured_backends_are_refused() -> None:
    with pytest.raises(ValueError, match="together"):
        ingest_rows([], contacts=FakeContacts(Journal()), sink=None)


def test_progress_ends_with_the_final_counts(
    cohort: tuple[Path, dict[int, str]],
) -> None:
    path, bad = cohort
    seen: list[Progress] = []
    report = ingest_cohort(path, key=KEY, contacts=None, sink=None, on_progress=seen.append)
    assert seen[-1] == Progress(rows=120, accepted=report.accepted, rejected=len(bad))
    assert [p.rows for p in seen] == sorted(p.rows for p in seen)


def test_binary_file_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "cohorte.csv"
    path.write_bytes(b"curp,nombre\n\xff\xfe\x00garbage")
    journal = Journal()
    with pytest.raises(CohortFormatError):
        ingest_cohort(path, key=KEY, contacts=FakeContacts(journal), sink=FakeSink(journal))
    assert journal.entries == []


def test_latin1_file_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "cohorte.csv"
    path.write_bytes("curp,nombre\nX,José\n".encode("latin-1"))
    with pytest.raises(CohortFormatError, match="UTF-8"):
        check_readable(path)


def _row(line: int) -> RowError:
    return RowError(line, "curp", "mala")


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.tuples(st.integers(1, 40), st.integers(1, 3)), max_size=40),
    batch_size=st.integers(1, 7),
)
def test_counts_are_distinct_bad_lines_and_batches_cover_all_good_rows(
    lines: list[tuple[int, int]], batch_size: int, valid_row: ValidRow
) -> None:
    # Each bad line may carry several problems; good rows are the same row repeated.
    items: list[ValidRow | RowError] = []
    for line, problems in lines:
        items.extend(_row(line) for _ in range(problems))
        items.append(valid_row)
    journal = Journal()
    sink = FakeSink(journal)
    report: IngestReport = ingest_rows(
        items, contacts=FakeContacts(journal), sink=sink, batch_size=batch_size
    )
    assert report.rejected == len({line for line, _ in lines})
    assert len(report.errors) == sum(problems for _, problems in lines)
    assert report.accepted == len(lines) == len(sink.events)
    assert all(len(batch) <= batch_size for kind, batch in journal.entries if kind == "events")


@pytest.fixture(scope="module")
def valid_row(cohort: tuple[Path, dict[int, str]]) -> ValidRow:
    path, _ = cohort
    return next(item for item in iter_cohort(path, key=KEY) if isinstance(item, ValidRow))
