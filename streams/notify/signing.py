"""HMAC-SHA256 signatures of webhook bodies, so employers can check they come from Vincula.

The signed material is ``<timestamp>.<raw body>``: binding the timestamp
lets a receiver refuse old captures replayed later, which a signature of
the body alone could not.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Vincula-Signature"
TIMESTAMP_HEADER = "X-Vincula-Timestamp"
DELIVERY_HEADER = "X-Vincula-Delivery"
SIGNATURE_PREFIX = "sha256="


def signed_material(body: bytes, timestamp: int) -> bytes:
    """The bytes the signature covers."""
    return str(timestamp).encode("ascii") + b"." + body


def sign(body: bytes, *, timestamp: int, key: bytes) -> str:
    """The ``X-Vincula-Signature`` header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(key, signed_material(body, timestamp), hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify(
    body: bytes,
    *,
    timestamp: int,
    signature: str,
    key: bytes,
    now: int | None = None,
    tolerance_seconds: int = 300,
) -> bool:
    """True when ``signature`` is valid (and, given ``now``, the timestamp is recent enough)."""
    if now is not None and abs(now - timestamp) > tolerance_seconds:
        return False
    expected = sign(body, timestamp=timestamp, key=key)
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace"))
