"""Signed links: genuine ones verify; forged, expired and cross-purpose ones do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.notify.links import LIFETIMES, LinkError, LinkPurpose, LinkSigner

KEY = b"s" * 32
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
MATCH = "5f0c1d7e-2b7a-5c1e-9a55-0e1c2d3b4a59"


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
    token = LinkSigner(KEY).sign(LinkPurpose.PROFILE, "abc123", now=NOW)
    with pytest.raises(LinkError):
        LinkSigner(b"t" * 32).verify(token, purpose=LinkPurpose.PROFILE, now=NOW)
    purpose, subject, expiry, signature = token.split(".")
    for edited in (
        f"{purpose}.abc124.{expiry}.{signature}",
        f"{purpose}.{subject}.{int(expiry, 16) + 3600:x}.{signature}",
        f"{LinkPurpose.MATCH_ANSWER.value}.{subject}.{expiry}.{signature}",
    ):
        with pytest.raises(LinkError, match="no es válido"):
            LinkSigner(KEY).verify(edited, purpose=LinkPurpose.PROFILE, now=NOW)


def test_short_keys_and_unfit_subjects_are_refused() -> None:
    with pytest.raises(LinkError):
        LinkSigner(b"short")
    with pytest.raises(LinkError):
        LinkSigner(KEY).sign(LinkPurpose.PROFILE, "a.b", now=NOW)


@given(st.text(max_size=120))
def test_arbitrary_text_never_verifies(text: str) -> None:
    with pytest.raises(LinkError):
        LinkSigner(KEY).verify(text, purpose=LinkPurpose.MATCH_ANSWER, now=NOW)


def test_a_link_expires_after_its_purposes_lifetime() -> None:
    signer = LinkSigner(KEY)
    token = signer.sign(LinkPurpose.PROFILE, "abc123", now=NOW)
    just_before = NOW + LIFETIMES[LinkPurpose.PROFILE] - timedelta(seconds=1)
    assert signer.verify(token, purpose=LinkPurpose.PROFILE, now=just_before).subject == "abc123"
