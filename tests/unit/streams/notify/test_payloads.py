"""Employer webhook payloads: whitelisted fields, language, canonical bytes."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.notify.errors import TemplateError
from streams.notify.payloads import encode_payload, payload_language, shortlist_payload

NOTIFICATION_ID = uuid.UUID("1d6c4f9e-8d7a-4b3c-9e2f-1a2b3c4d5e6f")
MATCH_ID = "6f1c8a52-3c1e-4b8e-9a55-0d6b7a1f2e11"
GRADUATE_ID = "a" * 64
PARAMS = {
    "vacancy_id": "VAC-NL-7",
    "match_id": MATCH_ID,
    "score": "0.7712",
    "rank": "2",
    "reasons": "Cubre 3 de 4 habilidades requeridas\nInglés B2 como se pide",
    "language": "es",
    "webhook_url": "https://rh.example.com/vincula",
}
FIELDS = {
    "type",
    "version",
    "language",
    "notification_id",
    "vacancy_id",
    "match_id",
    "score",
    "rank",
    "reasons",
    "summary",
}


def test_payload_carries_vacancy_match_score_and_reasons() -> None:
    payload = shortlist_payload(PARAMS, notification_id=NOTIFICATION_ID)
    assert set(payload) == FIELDS
    assert payload["vacancy_id"] == "VAC-NL-7"
    assert payload["match_id"] == MATCH_ID
    assert payload["score"] == pytest.approx(0.7712)
    assert payload["rank"] == 2
    assert payload["reasons"] == ["Cubre 3 de 4 habilidades requeridas", "Inglés B2 como se pide"]
    assert payload["language"] == "es" and "lista corta" in payload["summary"]


def test_vacancy_in_english_gets_an_english_payload() -> None:
    payload = shortlist_payload({**PARAMS, "language": "en"}, notification_id=NOTIFICATION_ID)
    assert payload["language"] == "en"
    assert "shortlist" in payload["summary"]
    assert payload_language({"language": "fr"}) == "es"


@given(
    extra=st.dictionaries(
        st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True), st.text(max_size=40), max_size=8
    )
)
def test_unknown_parameters_never_reach_the_employer(extra: dict[str, str]) -> None:
    params = {**extra, **PARAMS, "graduate_id": GRADUATE_ID}
    body = encode_payload(shortlist_payload(params, notification_id=NOTIFICATION_ID))
    assert set(json.loads(body)) == FIELDS
    assert GRADUATE_ID.encode() not in body
    assert b"rh.example.com" not in body


def test_encoding_is_canonical_and_round_trips() -> None:
    payload = shortlist_payload(PARAMS, notification_id=NOTIFICATION_ID)
    body = encode_payload(payload)
    assert json.loads(body) == payload
    assert encode_payload(dict(reversed(list(payload.items())))) == body
    assert "Inglés".encode() in body  # UTF-8, not \\u escapes


@pytest.mark.parametrize(
    "change",
    [{"vacancy_id": ""}, {"match_id": "x"}, {"score": "alto"}, {"score": "1.5"}, {"score": "nan"}],
)
def test_malformed_parameters_are_refused(change: dict[str, str]) -> None:
    with pytest.raises(TemplateError):
        shortlist_payload({**PARAMS, **change}, notification_id=NOTIFICATION_ID)
