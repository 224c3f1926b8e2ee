"""Assembles the API: the lifespan that owns the backends, the upload guard and the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from vincula.api.audit import audit_middleware
from vincula.api.bodies import problem
from vincula.api.limits import RateLimits, RatePolicy, limit_middleware
from vincula.api.org_pages import OrganisationPageError, organisation_page_error
from vincula.api.page_auth import SignInRequired, sign_in_redirect
from vincula.api.pages import PageError, page_error
from vincula.api.routes import (
    answers,
    cohorts,
    dashboard,
    employer_pages,
    health,
    outcomes,
    profile,
    profile_pages,
    programme_pages,
    reports,
    sessions,
    shortlists,
    vacancies,
    vacancy_imports,
    webhooks,
)
from vincula.api.runtime import CohortBackends, NoLiveBackendsError, Runtime
from vincula.errors import UNAVAILABLE
from vincula.settings import Settings

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Multipart boundaries and part headers add a little to the file itself.
_MULTIPART_OVERHEAD = 64 * 1024
ROUTERS = (
    health,
    cohorts,
    vacancies,
    vacancy_imports,
    shortlists,
    webhooks,
    outcomes,
    answers,
    profile,
    profile_pages,
    reports,
    dashboard,
    sessions,
    employer_pages,
    programme_pages,
)


def create_api(
    settings: Settings,
    *,
    backends: CohortBackends | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The FastAPI app; without ``backends`` it uses PostgreSQL and Kafka from ``settings``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Own the runtime (pool, producer, backends) while the app serves."""
        runtime = Runtime(settings, backends=backends, max_upload_bytes=max_upload_bytes)
        app.state.runtime = runtime
        try:
            yield
        finally:
            runtime.close()

    app = FastAPI(
        title="Vincula",
        version="1",
        summary="Cohortes, vacantes, resultados, listas cortas y reportes de colocación.",
        lifespan=lifespan,
        # Any operation may meet an unreadable body or the abuse limits.
        responses=problem(400, "Cuerpo ilegible (JSON o formulario mal formado).")
        | problem(429, "Demasiadas solicitudes; vea Retry-After."),
    )
    for unavailable in (*UNAVAILABLE, NoLiveBackendsError):
        app.add_exception_handler(unavailable, _answer_503)
    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(OrganisationPageError, organisation_page_error)
    app.add_exception_handler(SignInRequired, sign_in_redirect)
    app.mount("/estaticos", StaticFiles(packages=[("vincula.web", "static")]), name="estaticos")

    app.middleware("http")(audit_middleware)
    app.middleware("http")(
        limit_middleware(RateLimits(RatePolicy(settings.rate_limit, settings.rate_limit_strict)))
    )

    @app.middleware("http")
    async def refuse_large_bodies(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Answer 413 to a body declared larger than the upload limit."""
        # Refuse before the multipart parser spools the whole body to disk.
        declared = request.headers.get("content-length")
        limit = max_upload_bytes + _MULTIPART_OVERHEAD
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return JSONResponse(
                status_code=413,
                content={"detail": cohorts.too_large_message(max_upload_bytes)},
            )
        return await call_next(request)

    for module in ROUTERS:
        app.include_router(module.router)
    return app


async def _answer_503(request: Request, error: Exception) -> Response:
    """A backend did not answer: 503 with its (Spanish or actionable) message."""
    return JSONResponse(status_code=503, content={"detail": str(error)})


def app_from_environment() -> FastAPI:
    """The API with settings from the environment (``uvicorn --factory`` target)."""
    from vincula.settings import load_settings

    return create_api(load_settings())
