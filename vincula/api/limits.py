"""Abuse limits: requests per client address and per credential, strictest for uploads and links.

Counted with the ``limits`` library in a moving window, in this process's
memory (behind a load balancer each replica counts its own share). The key
of a credential is its public id, or a hash of a graduate's link, read
without any database round trip, so a flood is refused before it costs
anything.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from vincula.auth.tokens import token_id_of

EXEMPT = frozenset({"/health"})
# Pages and calls reached with a graduate's signed link (and the page asking for one), and
# cohort uploads, cost the most.
STRICT_PREFIXES = (
    "/v1/cohorts",
    "/v1/webhook",
    "/entrar",
    "/programa/cohortes",
    "/v1/perfil",
    "/perfil",
    "/coincidencias/",
    "/seguimientos/",
)


@dataclass(frozen=True)
class RatePolicy:
    """The limits in ``limits`` notation, e.g. ``"120/minute"``."""

    general: str
    strict: str


class RateLimits:
    """Hits per client address and per credential; both must have room for a request to pass."""

    def __init__(self, policy: RatePolicy) -> None:
        self._general: RateLimitItem = parse(policy.general)
        self._strict: RateLimitItem = parse(policy.strict)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def retry_after(self, request: Request) -> int | None:
        """None when the request may pass (and is counted), else seconds to wait."""
        path = request.url.path
        if path in EXEMPT or path.startswith("/estaticos/"):
            return None
        item = self._strict if path.startswith(STRICT_PREFIXES) else self._general
        scope = "strict" if item is self._strict else "general"
        keys = [f"{scope}:address:{request.client.host if request.client else '-'}"]
        credential = credential_key(request)
        if credential is not None:
            keys.append(f"{scope}:credential:{credential}")
        for key in keys:
            if not self._limiter.hit(item, key):
                reset = self._limiter.get_window_stats(item, key).reset_time
                return max(1, math.ceil(reset - time.time()))
        return None


def credential_key(request: Request) -> str | None:
    """The public id of a bearer token, or a short hash of a graduate's link."""
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return token_id_of(authorization[7:].strip()) or "malformed"
    link = request.headers.get("x-vincula-enlace") or request.query_params.get("t")
    if link:
        return "link:" + hashlib.sha256(link.encode()).hexdigest()[:16]
    return None


def limit_middleware(
    limits: RateLimits,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """An HTTP middleware that answers 429 with ``Retry-After`` when a limit is reached."""

    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        wait = limits.retry_after(request)
        if wait is not None:
            return JSONResponse(
                status_code=429,
                content={"detail": f"demasiadas solicitudes; intente de nuevo en {wait} s"},
                headers={"Retry-After": str(wait)},
            )
        return await call_next(request)

    return middleware
