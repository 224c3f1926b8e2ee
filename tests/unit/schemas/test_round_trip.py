"""Round trips of every event type through the codec, over generated valid events."""

from __future__ import annotations

import json
import string
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import HttpUrl

from schemas import (
    EVENT_TYPES,
    ConsentChanged,
    Consents,
    Credential,
    FollowUpDue,
    GraduateCertified,
    GraduateErased,
    LanguageSkill,
    MatchProposed,
    MatchWithdrawn,
    NotificationDelivered,
    NotificationRequested,
    PlacementOutcome,
    Preferences,
    VacancyClosed,
    VacancyPosted,
    VacancyUpdated,
    event_to_json,
    parse_event,
)
from schemas.base import BaseEvent
from schemas.employers import WebhookEndpointRegistered, WebhookEndpointRemoved
from schemas.enums import (
    CefrLevel,
    ConsentPurpose,
    CredentialKind,
    DeliveryStatus,
    Issuer,
    MexicanState,
    Modality,
    NotificationChannel,
    NotificationKind,
    OutcomeKind,
    Reporter,
    Sector,
    Track,
    VacancyCloseReason,
    VacancyKind,
    WithdrawalReason,
)

PERSONAL_KEYS = {"nombre", "name", "correo", "email", "telefono", "phone", "curp", "full_name"}

ZONES = st.sampled_from(
    [
        UTC,
        ZoneInfo("America/Mexico_City"),
        ZoneInfo("America/Tijuana"),
        timezone(timedelta(hours=-5)),
    ]
)
aware = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=ZONES
)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1))
graduate_ids = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
vacancy_ids = st.from_regex(r"\A[A-Za-z0-9._-]{1,64}\Z")
vendor_codes = st.from_regex(r"\A[A-Z0-9][A-Z0-9._-]{0,20}\Z")
short_text = st.text(min_size=1, max_size=40)
skills = st.lists(st.text(min_size=1, max_size=30), max_size=6).map(tuple)
unit = st.floats(min_value=0.0, max_value=1.0)
identifiers = st.from_regex(r"\A[a-z][a-z0-9_]{0,15}\Z")
# Letters and spaces only: digits or '@' could look like a phone or an e-mail.
safe_values = st.text(alphabet=string.ascii_letters + " áéíóúñ", max_size=30)
urls = st.builds(
    lambda host, n: HttpUrl(f"https://{host}.example.mx/preseleccion/{n}"),
    st.from_regex(r"\A[a-z]{1,12}\Z"),
    st.integers(min_value=0, max_value=10_000),
)


def _envelope() -> dict[str, Any]:
    return {"event_id": st.uuids(), "event_time": aware}


credentials = st.builds(
    Credential,
    kind=st.sampled_from(CredentialKind),
    vendor_code=vendor_codes,
    name=short_text,
    track=st.sampled_from(Track),
    issued_on=dates,
    verified=st.booleans(),
)
languages = st.builds(
    LanguageSkill, language=st.from_regex(r"\A[a-z]{2}\Z"), level=st.sampled_from(CefrLevel)
)
preferences = st.builds(
    Preferences,
    modalities=st.frozensets(st.sampled_from(Modality)),
    states=st.lists(st.sampled_from(MexicanState), max_size=5).map(tuple),
    willing_to_relocate=st.booleans(),
)
consents = st.builds(
    Consents,
    matching=st.booleans(),
    share_with_employers=st.booleans(),
    notifications=st.booleans(),
)


@st.composite
def graduate_certified(draw: st.DrawFn) -> GraduateCertified:
    """A valid GraduateCertified, birth year consistent with the event time."""
    event_time = draw(aware)
    age = draw(st.integers(min_value=15, max_value=40))
    birth_year = draw(st.none() | st.just(event_time.year - age))
    return GraduateCertified(
        event_id=draw(st.uuids()),
        event_time=event_time,
        graduate_id=draw(graduate_ids),
        programme=draw(short_text),
        issuer=draw(st.sampled_from(Issuer)),
        campus=draw(st.none() | short_text),
        state=draw(st.sampled_from(MexicanState)),
        credentials=tuple(draw(st.lists(credentials, min_size=1, max_size=3))),
        skills=draw(skills),
        languages=tuple(draw(st.lists(languages, max_size=3))),
        preferences=draw(preferences),
        consents=draw(consents),
        birth_year=birth_year,
    )


def _vacancy(model: type[VacancyPosted] | type[VacancyUpdated]) -> st.SearchStrategy[Any]:
    @st.composite
    def build(draw: st.DrawFn) -> VacancyPosted | VacancyUpdated:
        low = draw(st.none() | st.integers(min_value=0, max_value=200_000))
        high = draw(st.none() | st.integers(min_value=low or 0, max_value=400_000))
        return model(
            event_id=draw(st.uuids()),
            event_time=draw(aware),
            vacancy_id=draw(vacancy_ids),
            employer_id=draw(vacancy_ids),
            employer_name=draw(short_text),
            kind=draw(st.sampled_from(VacancyKind)),
            title=draw(short_text),
            description=draw(st.text(min_size=1, max_size=300)),
            language=draw(st.sampled_from(["es", "en"])),
            sector=draw(st.sampled_from(Sector)),
            state=draw(st.sampled_from(MexicanState)),
            city=draw(short_text),
            modality=draw(st.sampled_from(Modality)),
            seats=draw(st.integers(min_value=1, max_value=10_000)),
            required_skills=draw(skills),
            nice_to_have_skills=draw(skills),
            required_credentials=tuple(draw(st.lists(vendor_codes, max_size=3))),
            nice_to_have_credentials=tuple(draw(st.lists(vendor_codes, max_size=3))),
            english_level=draw(st.none() | st.sampled_from(CefrLevel)),
            salary_min_mxn=low,
            salary_max_mxn=high,
            closes_on=draw(dates),
        )

    return build()


EVENT_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "GraduateCertified": graduate_certified(),
    "ConsentChanged": st.builds(
        ConsentChanged,
        **_envelope(),
        graduate_id=graduate_ids,
        purpose=st.sampled_from(ConsentPurpose),
        granted=st.booleans(),
    ),
    "GraduateErased": st.builds(GraduateErased, **_envelope(), graduate_id=graduate_ids),
    "VacancyPosted": _vacancy(VacancyPosted),
    "VacancyUpdated": _vacancy(VacancyUpdated),
    "VacancyClosed": st.builds(
        VacancyClosed,
        **_envelope(),
        vacancy_id=vacancy_ids,
        reason=st.sampled_from(VacancyCloseReason),
    ),
    "MatchProposed": st.builds(
        MatchProposed,
        **_envelope(),
        match_id=st.uuids(),
        graduate_id=graduate_ids,
        vacancy_id=vacancy_ids,
        score=unit,
        components=st.dictionaries(identifiers, unit, max_size=5),
        reasons=st.lists(short_text, max_size=4).map(tuple),
        rank=st.integers(min_value=1, max_value=10_000),
        model_version=short_text,
    ),
    "MatchWithdrawn": st.builds(
        MatchWithdrawn,
        **_envelope(),
        match_id=st.uuids(),
        graduate_id=graduate_ids,
        vacancy_id=vacancy_ids,
        reason=st.sampled_from(WithdrawalReason),
    ),
    "NotificationRequested": st.builds(
        NotificationRequested,
        **_envelope(),
        notification_id=st.uuids(),
        graduate_id=graduate_ids,
        kind=st.sampled_from(NotificationKind),
        channel=st.sampled_from(NotificationChannel),
        match_id=st.none() | st.uuids(),
        template=st.from_regex(r"\A[a-z0-9_.-]{1,30}\Z"),
        params=st.dictionaries(
            identifiers.filter(lambda k: k not in PERSONAL_KEYS),
            safe_values,
            max_size=4,
        ),
    ),
    "NotificationDelivered": st.builds(
        NotificationDelivered,
        **_envelope(),
        notification_id=st.uuids(),
        graduate_id=graduate_ids,
        channel=st.sampled_from(NotificationChannel),
        status=st.sampled_from(DeliveryStatus),
        attempts=st.integers(min_value=0, max_value=100),
        detail=st.text(max_size=60),
    ),
    "PlacementOutcome": st.builds(
        PlacementOutcome,
        **_envelope(),
        match_id=st.uuids(),
        graduate_id=graduate_ids,
        vacancy_id=vacancy_ids,
        outcome=st.sampled_from(OutcomeKind),
        reported_by=st.sampled_from(Reporter),
        occurred_at=aware,
    ),
    "FollowUpDue": st.builds(
        FollowUpDue,
        **_envelope(),
        follow_up_id=st.uuids(),
        match_id=st.uuids(),
        graduate_id=graduate_ids,
        vacancy_id=vacancy_ids,
        months=st.sampled_from([3, 6, 12]),
        due_at=aware,
    ),
    "WebhookEndpointRegistered": st.builds(
        WebhookEndpointRegistered,
        **_envelope(),
        employer_id=identifiers,
        url=urls,
        secret_version=st.integers(min_value=1, max_value=1_000),
        previous_secret_valid_until=st.none() | aware,
        verified_at=aware,
    ),
    "WebhookEndpointRemoved": st.builds(
        WebhookEndpointRemoved, **_envelope(), employer_id=identifiers
    ),
}


def any_event() -> st.SearchStrategy[BaseEvent]:
    """Any valid event of any registered type."""
    return st.one_of(*EVENT_STRATEGIES.values())


def test_strategies_cover_every_event_type() -> None:
    assert set(EVENT_STRATEGIES) == set(EVENT_TYPES)


@pytest.mark.parametrize("name", sorted(EVENT_STRATEGIES))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_round_trip(name: str, data: st.DataObject) -> None:
    event = data.draw(EVENT_STRATEGIES[name])
    encoded = event_to_json(event)
    decoded = parse_event(encoded)
    assert type(decoded) is type(event)
    assert decoded == event
    # A second encoding is byte-identical: keys and sets are ordered.
    assert event_to_json(decoded) == encoded


@settings(max_examples=50, deadline=None)
@given(event=any_event())
def test_encoding_is_compact_sorted_utf8(event: BaseEvent) -> None:
    encoded = event_to_json(event)
    text = encoded.decode("utf-8")
    document = json.loads(text)
    assert list(document) == sorted(document)
    assert text == json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert parse_event(text) == parse_event(document) == event
