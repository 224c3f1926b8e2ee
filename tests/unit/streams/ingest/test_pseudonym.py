"""Keyed pseudonyms of CURPs."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.base import GraduateId
from schemas.graduates import ConsentChanged
from streams.ingest.errors import PseudonymKeyError
from streams.ingest.pseudonym import MIN_KEY_BYTES, pseudonymise_curp

KEY = bytes(range(32))
CURP = "HEGG560427MVZRRL04"


def test_matches_hmac_sha256_of_the_upper_cased_curp() -> None:
    expected = hmac.new(KEY, CURP.encode(), hashlib.sha256).hexdigest()
    assert pseudonymise_curp(CURP.lower(), KEY) == expected
    assert pseudonymise_curp(f" {CURP} ", KEY) == expected


def test_is_not_a_plain_hash() -> None:
    assert pseudonymise_curp(CURP, KEY) != hashlib.sha256(CURP.encode()).hexdigest()


@given(st.binary(min_size=MIN_KEY_BYTES, max_size=64), st.binary(min_size=MIN_KEY_BYTES))
def test_depends_on_the_key(a: bytes, b: bytes) -> None:
    if a != b:
        assert pseudonymise_curp(CURP, a) != pseudonymise_curp(CURP, b)


@given(st.binary(max_size=MIN_KEY_BYTES - 1))
def test_short_keys_are_refused(key: bytes) -> None:
    with pytest.raises(PseudonymKeyError, match="32"):
        pseudonymise_curp(CURP, key)


def test_fits_the_event_pseudonym_pattern() -> None:
    pseudonym: GraduateId = pseudonymise_curp(CURP, KEY)
    event = ConsentChanged.model_validate(
        {
            "event_id": "00000000-0000-0000-0000-000000000001",
            "event_time": "2026-01-01T00:00:00Z",
            "graduate_id": pseudonym,
            "purpose": "matching",
            "granted": True,
        }
    )
    assert event.graduate_id == pseudonym
