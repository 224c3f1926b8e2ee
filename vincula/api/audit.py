"""Every API request but ``/health`` leaves an audit entry: actor, operation, object ids, status.

The actor is what the security dependencies found (a credential's public id
and role, or a graduate's link); the object is the route's path parameters,
which are ids (vacancies, matches, follow-ups), never personal data.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from models.audit import AuditEntry, record
from vincula.api.deps import pooled
from vincula.api.runtime import NoLiveBackendsError, Runtime
from vincula.errors import UNAVAILABLE

log = logging.getLogger(__name__)

ANONYMOUS = ("anónimo", "ninguno")
NOT_WRITTEN: tuple[type[Exception], ...] = (NoLiveBackendsError, *UNAVAILABLE)


def entry_of(request: Request, status: int, at: datetime) -> AuditEntry:
    """The audit entry of a finished request."""
    actor, role = getattr(request.state, "actor", ANONYMOUS)
    route = request.scope.get("route")
    template = route.path if isinstance(route, Route) else request.url.path
    params = request.scope.get("path_params", {})
    target = ",".join(f"{name}={value}" for name, value in sorted(params.items()))
    return AuditEntry(at, actor, role, f"{request.method} {template}", target, status)


# The stylesheet and other assets are no one's data.
STATIC_PREFIX = "/estaticos/"


async def audit_middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Answer, then record who did what (an outage of the log never fails the request)."""
    response = await call_next(request)
    if request.url.path == "/health" or request.url.path.startswith(STATIC_PREFIX):
        return response
    runtime = getattr(request.app.state, "runtime", None)
    if not isinstance(runtime, Runtime):
        return response
    entry = entry_of(request, response.status_code, datetime.now(UTC))
    try:
        await run_in_threadpool(_write, runtime, entry)
    except NOT_WRITTEN as error:
        log.warning("registro de auditoría no escrito: %s", error)
    return response


def _write(runtime: Runtime, entry: AuditEntry) -> None:
    with pooled(runtime.pool()) as connection:
        record(connection, entry=entry)
