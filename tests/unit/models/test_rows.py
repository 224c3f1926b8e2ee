"""Typed rows: text columns become enums on read, and rows become the matcher's domain objects."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from models.matches import ACTIVE_STATUSES, ActiveMatch
from models.notification_queries import StoredNotification
from models.profiles import CandidateRow, OpeningRow, to_candidate, to_opening
from schemas.enums import (
    CefrLevel,
    DeliveryStatus,
    MatchStatus,
    Modality,
    NotificationChannel,
    NotificationKind,
    NotificationStatus,
    OutcomeKind,
)

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def notification_columns(**changes: object) -> dict[str, object]:
    """The columns of one ``notifications`` row as psycopg hands them to ``class_row``."""
    columns: dict[str, object] = {
        "notification_id": uuid.uuid4(),
        "graduate_id": "a" * 64,
        "kind": "match",
        "channel": "email",
        "match_id": None,
        "template": "match_proposed",
        "params": {"vacancy_id": "v1"},
        "status": "deferred",
        "attempts": 0,
        "detail": "",
        "requested_at": NOW,
    }
    return columns | changes


def opening_row(**changes: object) -> OpeningRow:
    columns: dict[str, object] = {
        "vacancy_id": "v1",
        "employer_id": "e1",
        "kind": "apprenticeship",
        "title": "Técnico",
        "description": "",
        "language": "es",
        "sector": "aerospace",
        "state": "QUE",
        "city": "Querétaro",
        "modality": "hybrid",
        "seats": 3,
        "seats_filled": 1,
        "required_skills": ["python"],
        "nice_to_have_skills": [],
        "required_credentials": [],
        "english_level": "B1",
        "status": "open",
    }
    return OpeningRow(**(columns | changes))  # type: ignore[arg-type]


def test_a_match_can_take_every_outcome_as_its_status() -> None:
    # store_outcome copies the latest outcome into matches.status.
    assert {kind.value for kind in OutcomeKind} <= {status.value for status in MatchStatus}
    assert set(ACTIVE_STATUSES) < set(MatchStatus)


def test_a_notification_can_hold_every_final_delivery_status() -> None:
    assert {status.value for status in DeliveryStatus} <= {s.value for s in NotificationStatus}


def test_text_columns_become_enums() -> None:
    stored = StoredNotification(**notification_columns())
    assert stored.kind is NotificationKind.MATCH
    assert stored.channel is NotificationChannel.EMAIL
    assert stored.status is NotificationStatus.DEFERRED
    # The sender checks a stored status against the final delivery statuses as text.
    assert stored.status in frozenset(status.value for status in DeliveryStatus)


def test_a_status_outside_the_vocabulary_is_refused() -> None:
    with pytest.raises(ValidationError):
        StoredNotification(**notification_columns(status="lost"))


def test_an_active_match_reads_its_status_as_an_enum() -> None:
    match = ActiveMatch(
        match_id=uuid.uuid4(),
        graduate_id="a" * 64,
        vacancy_id="v1",
        score=0.5,
        status="interviewed",
        proposed_at=NOW,
    )
    assert match.status is MatchStatus.INTERVIEWED
    with pytest.raises(ValidationError):
        ActiveMatch(**(match.model_dump() | {"status": "rescinded"}))


def test_an_opening_row_becomes_an_opening() -> None:
    opening = to_opening(opening_row())
    assert opening.is_open
    assert opening.open_seats == 2
    assert opening.modality is Modality.HYBRID
    assert opening.english_level is CefrLevel.B1
    assert opening.required_skills == ("python",)


def test_a_closed_or_overfilled_vacancy_offers_no_seat() -> None:
    closed = to_opening(opening_row(status="closed", seats_filled=5, english_level=None))
    assert not closed.is_open
    assert closed.open_seats == 0
    assert closed.english_level is None


def test_a_candidate_without_stated_modalities_accepts_any() -> None:
    row = CandidateRow(
        graduate_id="a" * 64,
        programme="Ciencia de datos",
        issuer="conalep",
        state="NLE",
        skills=["sql"],
        languages=[{"language": "en", "level": "B2"}],
        modalities=[],
        preferred_states=["QUE"],
        willing_to_relocate=True,
        can_be_matched=False,
    )
    candidate = to_candidate(row, [])
    assert candidate.modalities == frozenset(Modality)
    assert candidate.english_level is CefrLevel.B2
    assert not candidate.can_be_matched
    assert candidate.headline == "Ciencia de datos"


def test_enrolment_and_age_reach_the_matcher() -> None:
    opening = to_opening(opening_row(work_based_learning=True, admits_minors=True))
    assert opening.work_based_learning
    assert opening.admits_minors
    assert not to_opening(opening_row()).admits_minors
    row = CandidateRow(
        graduate_id="a" * 64,
        programme="Aprendices Digitales",
        issuer="conalep",
        state="QUE",
        skills=[],
        languages=[],
        modalities=[],
        preferred_states=[],
        willing_to_relocate=False,
        can_be_matched=True,
        enrolled_student=True,
        adult_from=date(2028, 4, 1),
    )
    candidate = to_candidate(row, [])
    assert candidate.enrolled_student
    assert candidate.is_minor_on(date(2028, 3, 31))
    assert not candidate.is_minor_on(date(2028, 4, 1))
