"""Keyed pseudonyms for CURPs and the identity documents of other countries.

A plain hash of a CURP can be reversed by enumerating plausible CURPs, so the
pseudonym is an HMAC-SHA256 under a secret key held only by the ingestion
edge. The same CURP and key always give the same pseudonym, which is what
lets later events about one person meet.
"""

from __future__ import annotations

import hashlib
import hmac

from schemas.regions import Country
from streams.ingest.errors import PseudonymKeyError

MIN_KEY_BYTES = 32


def pseudonymise_curp(curp: str, key: bytes) -> str:
    """Return the 64-hex-character HMAC-SHA256 of the trimmed, upper-cased CURP."""
    _check_key(key)
    message = curp.strip().upper().encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def pseudonymise_document(country: Country, document: str, key: bytes) -> str:
    """Return the pseudonym of a validated identity document of ``country``.

    A Mexican document is a CURP and keeps exactly the pseudonym it always had.
    Other documents are keyed as ``<country>:<digits>`` (``SV:000162975``): a
    CURP never holds a colon, so no document of one country can take another
    country's pseudonym, even when their digits are equal.
    """
    if country is Country.MX:
        return pseudonymise_curp(document, key)
    _check_key(key)
    digits = "".join(ch for ch in document if ch.isdigit())
    message = f"{country.value}:{digits}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _check_key(key: bytes) -> None:
    if len(key) < MIN_KEY_BYTES:
        msg = (
            f"la clave de seudonimización tiene {len(key)} bytes; "
            f"se requieren al menos {MIN_KEY_BYTES}"
        )
        raise PseudonymKeyError(msg)
