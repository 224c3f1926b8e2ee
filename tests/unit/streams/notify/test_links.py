"""Signed links: genuine ones verify; forged, expired and cross-purpose ones do not."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.notify.links import LIFETIMES, LinkError, LinkPurpose, Links, LinkSigner

KEY = b"s" * 32
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
MATCH = "5f0c1d7e-2b7a-5c1e-9a55-0e1c2d3b4a59"
# A pseudonym rich in decimal digits: written as is, a link would hold phone-shaped runs.
GRADUATE = "1234567890" * 6 + "abcd"
PHONE_SHAPED = re.compile(r"(?:\d[\s-]?){10,}")


def test_a_signed_link_verifies_for_its_purpose_until_it_expires() -> None:
    signer = LinkSigner(KEY)
    token = signer.sign(LinkPurpose.MATCH_ANSWER, MATCH, now=NOW)
    claims = signer.verify(token, purpose=LinkPurpose.MATCH_ANSWER, now=NOW)
    assert claims.subject == MATCH
    assert claims.expires_at == NOW + LIFETIMES[LinkPurpose.MATCH_ANSWER]
    with pytest.raises(LinkError, match="venció"):
        signer.verify(token, purpose=LinkPurpose.MATCH_ANSWER, now=claims.expires_at)


def test_a_link_for_one_purpose_is_refused_for_another() -> None:
    signer = LinkSigner(KEY)
    token = signer.sign(LinkPurpose.FOLLOW_UP_ANSWER, MATCH, now=NOW)
    with pytest.raises(LinkError, match="otra cosa"):
        signer.verify(token, purpose=LinkPurpose.PROFILE, now=NOW)


def test_another_key_or_an_edited_subject_or_expiry_is_refused() -> None:
    token = LinkSigner(KEY).sign(LinkPurpose.PROFILE, GRADUATE, now=NOW)
    with pytest.raises(LinkError):
        LinkSigner(b"t" * 32).verify(token, purpose=LinkPurpose.PROFILE, now=NOW)
    purpose, subject, expiry, signature = token.split(".")
    other = LinkSigner(KEY).sign(LinkPurpose.PROFILE, "f" * 64, now=NOW).split(".")[1]
    for edited in (
        f"{purpose}.{other}.{expiry}.{signature}",
        f"{purpose}.{subject}.{int(expiry, 16) + 3600:x}.{signature}",
        f"{LinkPurpose.MATCH_ANSWER.value}.{subject}.{expiry}.{signature}",
    ):
        with pytest.raises(LinkError, match="no es válido"):
            LinkSigner(KEY).verify(edited, purpose=LinkPurpose.PROFILE, now=NOW)


def test_short_keys_and_unfit_subjects_are_refused() -> None:
    with pytest.raises(LinkError):
        LinkSigner(b"short")
    with pytest.raises(LinkError):
        LinkSigner(KEY).sign(LinkPurpose.MATCH_ANSWER, "a.b", now=NOW)
    # A profile link is signed for a pseudonym and nothing else.
    for subject in ("abc123", MATCH, GRADUATE.upper(), GRADUATE + "0"):
        with pytest.raises(LinkError):
            LinkSigner(KEY).sign(LinkPurpose.PROFILE, subject, now=NOW)


@given(st.text(max_size=120))
def test_arbitrary_text_never_verifies(text: str) -> None:
    with pytest.raises(LinkError):
        LinkSigner(KEY).verify(text, purpose=LinkPurpose.MATCH_ANSWER, now=NOW)


def test_a_link_expires_after_its_purposes_lifetime() -> None:
    signer = LinkSigner(KEY)
    token = signer.sign(LinkPurpose.PROFILE, GRADUATE, now=NOW)
    just_before = NOW + LIFETIMES[LinkPurpose.PROFILE] - timedelta(seconds=1)
    assert signer.verify(token, purpose=LinkPurpose.PROFILE, now=just_before).subject == GRADUATE


@given(st.binary(min_size=32, max_size=32))
def test_a_profile_link_gives_back_its_pseudonym_and_holds_nothing_phone_shaped(
    raw: bytes,
) -> None:
    pseudonym = raw.hex()
    link = Links("https://vincula.example.mx", LinkSigner(KEY), NOW, pseudonym).profile()
    address = urlsplit(link)
    assert address.path == "/perfil"
    [token] = parse_qs(address.query)["t"]
    claims = LinkSigner(KEY).verify(token, purpose=LinkPurpose.PROFILE, now=NOW)
    assert claims.subject == pseudonym
    assert claims.expires_at == NOW + LIFETIMES[LinkPurpose.PROFILE]
    assert pseudonym not in link
    assert not PHONE_SHAPED.search(link)


def test_a_profile_link_of_one_graduate_is_no_link_of_another() -> None:
    token = LinkSigner(KEY).sign(LinkPurpose.PROFILE, GRADUATE, now=NOW)
    assert LinkSigner(KEY).verify(token, purpose=LinkPurpose.PROFILE, now=NOW).subject == GRADUATE
    with pytest.raises(LinkError, match="otra cosa"):
        LinkSigner(KEY).verify(token, purpose=LinkPurpose.MATCH_ANSWER, now=NOW)
