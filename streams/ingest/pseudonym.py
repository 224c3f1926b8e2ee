"""Keyed pseudonyms for CURPs.

A plain hash of a CURP can be reversed by enumerating plausible CURPs, so the
pseudonym is an HMAC-SHA256 under a secret key held only by the ingestion
edge. The same CURP and key always give the same pseudonym, which is what
lets later events about one person meet.
"""

from __future__ import annotations

import hashlib
import hmac

from streams.ingest.errors import PseudonymKeyError

MIN_KEY_BYTES = 32


def pseudonymise_curp(curp: str, key: bytes) -> str:
    """Return the 64-hex-character HMAC-SHA256 of the trimmed, upper-cased CURP."""
    if len(key) < MIN_KEY_BYTES:
        msg = (
            f"la clave de seudonimización tiene {len(key)} bytes; "
            f"se requieren al menos {MIN_KEY_BYTES}"
        )
        raise PseudonymKeyError(msg)
    message = curp.strip().upper().encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()
