"""Builds the API from settings; the backends are injected so unit tests pass fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractContextManager, asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from streams.ingest.service import ContactStore, EventSink
from vincula.api import cohorts, loop
from vincula.api.reports import Health
from vincula.settings import Settings

Backends = Callable[[], AbstractContextManager[tuple[ContactStore, EventSink]]]

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Multipart boundaries and part headers add a little to the file itself.
_MULTIPART_OVERHEAD = 64 * 1024


def create_api(
    settings: Settings,
    *,
    backends: Backends | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The FastAPI app; without ``backends`` it uses PostgreSQL and Kafka from ``settings``."""
    live = None
    if backends is None:
        from vincula.ingest_backends import LiveBackends

        live = LiveBackends(settings)
        backends = live.session

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if live is not None:
            live.close()

    app = FastAPI(
        title="Vincula",
        version="1",
        summary="Cohortes, vacantes, resultados, listas cortas y reportes de colocación.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.backends = backends
    app.state.max_upload_bytes = max_upload_bytes
    app.state.resolve = live.resolve if live is not None else None

    @app.middleware("http")
    async def refuse_large_bodies(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Refuse before the multipart parser spools the whole body to disk.
        declared = request.headers.get("content-length")
        limit = max_upload_bytes + _MULTIPART_OVERHEAD
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return JSONResponse(
                status_code=413,
                content={"detail": cohorts.too_large_message(max_upload_bytes)},
            )
        return await call_next(request)

    @app.get("/health", response_model=Health, tags=["operación"])
    def health() -> Health:
        """Liveness: the process answers."""
        return Health(status="ok")

    app.include_router(cohorts.router)
    app.include_router(loop.router)
    return app


def app_from_environment() -> FastAPI:
    """The API with settings from the environment (``uvicorn --factory`` target)."""
    from vincula.settings import load_settings

    return create_api(load_settings())
