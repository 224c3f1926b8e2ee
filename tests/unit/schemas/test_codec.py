"""Round trips and refusals of the event codec."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schemas import (
    EVENT_TYPES,
    MAX_PAYLOAD_BYTES,
    GraduateCertified,
    SchemaError,
    event_to_json,
    parse_event,
)
from schemas.compatibility import EXAMPLES_DIR
from vincula.errors import VinculaError


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (EXAMPLES_DIR / name / "v1.json").read_text(encoding="utf-8")
    )
    return loaded


def test_modalities_serialise_sorted() -> None:
    data = example("GraduateCertified")
    data["preferences"]["modalities"] = ["remote", "on_site", "hybrid"]
    encoded = json.loads(event_to_json(parse_event(data)))
    assert encoded["preferences"]["modalities"] == ["hybrid", "on_site", "remote"]


@pytest.mark.parametrize("name", sorted(EVENT_TYPES))
def test_every_stored_example_parses_to_its_type(name: str) -> None:
    assert type(parse_event(example(name))).__name__ == name


def test_schema_error_is_a_vincula_error_and_a_value_error() -> None:
    with pytest.raises(SchemaError) as caught:
        parse_event(b"{")
    assert isinstance(caught.value, VinculaError)
    assert isinstance(caught.value, ValueError)


def mutate(name: str, **changes: Any) -> dict[str, Any]:
    data = example(name)
    for dotted, value in changes.items():
        target = data
        *path, last = dotted.split("__")
        for key in path:
            target = target[key]
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("name", "changes", "field"),
    [
        ("GraduateCertified", {"graduate_id": "ABC"}, "graduate_id"),
        ("GraduateCertified", {"graduate_id": "A" * 64}, "graduate_id"),
        ("GraduateCertified", {"graduate_id": "GODE561231HDFRRN04"}, "graduate_id"),
        ("GraduateCertified", {"state": "DF"}, "state"),
        ("GraduateCertified", {"issuer": "harvard"}, "issuer"),
        ("GraduateCertified", {"credentials": []}, "credentials"),
        ("GraduateCertified", {"event_time": "2026-12-11T10:30:00"}, "event_time"),
        ("GraduateCertified", {"event_time": "ayer"}, "event_time"),
        ("GraduateCertified", {"birth_year": 1950}, "nacimiento"),
        ("GraduateCertified", {"birth_year": 2020}, "nacimiento"),
        ("GraduateCertified", {"consents__matching": "quizá"}, "matching"),
        ("GraduateCertified", {"consents__extra": True}, "extra"),
        ("GraduateCertified", {"languages": [{"language": "ES", "level": "C2"}]}, "language"),
        ("GraduateCertified", {"schema_version": 0}, "schema_version"),
        ("GraduateCertified", {"schema_version": 2}, "schema_version"),
        ("VacancyPosted", {"seats": 0}, "seats"),
        ("VacancyPosted", {"seats": "tres"}, "seats"),
        ("VacancyPosted", {"vacancy_id": "vacante con espacios"}, "vacancy_id"),
        ("VacancyPosted", {"language": "fr"}, "language"),
        ("VacancyPosted", {"salary_min_mxn": 40_000}, "salario"),
        ("VacancyPosted", {"description": "x" * 20_001}, "description"),
        ("WebhookEndpointRegistered", {"url": "ftp://rh.example.mx"}, "url"),
        ("WebhookEndpointRegistered", {"secret_version": 0}, "secret_version"),
        ("MatchProposed", {"score": 1.5}, "score"),
        ("MatchProposed", {"components__semantic": -0.1}, "components"),
        ("MatchProposed", {"rank": 0}, "rank"),
        ("NotificationRequested", {"params__correo": "x"}, "correo"),
        ("NotificationRequested", {"params__puesto": "ana@example.mx"}, "correo"),
        ("NotificationRequested", {"params__puesto": "55 1234 5678"}, "teléfono"),
        ("FollowUpDue", {"months": 4}, "months"),
        ("PlacementOutcome", {"occurred_at": "2027-01-08T10:00:00"}, "occurred_at"),
        ("PlacementOutcome", {"event_type": "PlacementOutcomes"}, "event_type"),
    ],
)
def test_invalid_events_are_refused_naming_the_problem(
    name: str, changes: dict[str, Any], field: str
) -> None:
    data = mutate(name, **changes)
    with pytest.raises(SchemaError, match=field):
        parse_event(json.dumps(data))
    # Refused on every input form, not only JSON text.
    with pytest.raises(SchemaError):
        parse_event(data)


def test_missing_schema_version_is_refused() -> None:
    data = example("VacancyClosed")
    del data["schema_version"]
    with pytest.raises(SchemaError, match="schema_version"):
        parse_event(json.dumps(data))


def test_missing_event_type_is_refused() -> None:
    data = example("VacancyClosed")
    del data["event_type"]
    with pytest.raises(SchemaError):
        parse_event(data)


def test_unknown_envelope_field_is_ignored_for_forward_compatibility() -> None:
    data = example("ConsentChanged")
    data["added_in_a_later_release"] = "x"
    assert parse_event(data) == parse_event(example("ConsentChanged"))


def test_oversize_payload_is_refused_before_parsing() -> None:
    padding = " " * MAX_PAYLOAD_BYTES
    text = json.dumps(example("VacancyClosed"))[:-1] + padding + "}"
    with pytest.raises(SchemaError, match="máximo"):
        parse_event(text.encode())
    with pytest.raises(SchemaError, match="máximo"):
        parse_event(text)
    # Just under the limit still parses: the limit is on size, not content.
    fitting = json.dumps(example("VacancyClosed"))
    fitting = fitting[:-1] + " " * (MAX_PAYLOAD_BYTES - len(fitting.encode())) + "}"
    assert len(fitting.encode()) == MAX_PAYLOAD_BYTES
    assert type(parse_event(fitting)).__name__ == "VacancyClosed"


def test_not_utf8_is_refused() -> None:
    with pytest.raises(SchemaError):
        parse_event(b"\xff\xfe{}")


def test_events_are_frozen() -> None:
    event = parse_event(example("GraduateCertified"))
    assert isinstance(event, GraduateCertified)
    with pytest.raises(ValueError, match="frozen"):
        event.programme = "otro"


def test_unregistered_event_class_is_not_encoded() -> None:
    class Stray(GraduateCertified):
        pass

    stray = Stray.model_validate(example("GraduateCertified"))
    with pytest.raises(SchemaError, match="no registrado"):
        event_to_json(stray)


def test_notification_params_accept_identifiers_with_long_digit_runs() -> None:
    from uuid import UUID

    from schemas.notifications import NotificationRequested

    event = NotificationRequested(
        event_id=UUID("12345678-1234-1234-1234-123456789012"),
        event_time="2026-11-20T10:00:00-06:00",  # type: ignore[arg-type]
        notification_id=UUID("87654321-4321-4321-4321-210987654321"),
        graduate_id="a" * 64,
        kind="match",  # type: ignore[arg-type]
        channel="email",  # type: ignore[arg-type]
        template="match_proposed",
        params={"match_id": "12345678-1234-1234-1234-123456789012"},
    )
    assert event.params["match_id"].startswith("1234")


def test_notification_params_still_refuse_a_phone_next_to_an_identifier() -> None:
    from uuid import UUID

    import pydantic

    from schemas.notifications import NotificationRequested

    with pytest.raises(pydantic.ValidationError):
        NotificationRequested(
            event_id=UUID("12345678-1234-1234-1234-123456789012"),
            event_time="2026-11-20T10:00:00-06:00",  # type: ignore[arg-type]
            notification_id=UUID("87654321-4321-4321-4321-210987654321"),
            graduate_id="a" * 64,
            kind="match",  # type: ignore[arg-type]
            channel="email",  # type: ignore[arg-type]
            template="match_proposed",
            params={"detail": "12345678-1234-1234-1234-123456789012 tel 55 1234 5678"},
        )
