"""``GET /health``: the process answers, and how the broker, the database and the workers are.

Public and unauthenticated, as load balancers and Compose health checks call
it. It always answers 200 while the process runs (``status`` is liveness);
the services are probed with short timeouts, and the result is reused for a
few seconds, so frequent callers cost one probe. It reveals no address, DSN
or error text beyond an exception class.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from vincula.health import CachedHealth, PlatformHealth, check_platform

router = APIRouter(tags=["operación"])

CACHE_SECONDS = 3.0


class ServiceCheck(BaseModel):
    """One backing service."""

    ok: bool | None = Field(description="true si responde, false si no; null si no hay qué probar.")
    detail: str = Field(description="Descripción breve en español.")


class TopicLag(BaseModel):
    """Messages of one consumed topic the workers have not committed yet."""

    topic: str = Field(description="Tema consumido.")
    lag: int = Field(description="Mensajes pendientes.")


class WorkersHealth(BaseModel):
    """The stream workers' consumer group."""

    group: str = Field(description="Grupo de consumidores de los workers.")
    members: int | None = Field(description="Workers vivos: miembros del grupo (null sin broker).")
    lag: int | None = Field(description="Mensajes aún sin confirmar en los temas consumidos.")
    topics: list[TopicLag] = Field(description="El mismo retraso, por tema.")


class HealthReport(BaseModel):
    """Liveness of the API process and the state of what it depends on."""

    status: Literal["ok"] = Field(description="Siempre 'ok' si el proceso responde.")
    broker: ServiceCheck | None = Field(default=None, description="Kafka.")
    database: ServiceCheck | None = Field(default=None, description="PostgreSQL.")
    workers: WorkersHealth | None = Field(default=None, description="Workers y su retraso.")


def _report(health: PlatformHealth) -> HealthReport:
    workers = health.workers
    return HealthReport(
        status="ok",
        broker=ServiceCheck(ok=health.broker.ok, detail=health.broker.detail),
        database=ServiceCheck(ok=health.database.ok, detail=health.database.detail),
        workers=WorkersHealth(
            group=workers.group,
            members=workers.members,
            lag=workers.lag,
            topics=[TopicLag(topic=topic, lag=lag) for topic, lag in workers.lag_by_topic.items()],
        ),
    )


@router.get("/health")
def health(request: Request) -> HealthReport:
    """Liveness, with the broker, the database and the workers' lag."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:  # an app whose lifespan did not run knows no settings
        return HealthReport(status="ok")
    cache = getattr(request.app.state, "health_cache", None)
    if not isinstance(cache, CachedHealth):
        settings = runtime.settings
        url = None if settings.database_url is None else settings.database_url.get_secret_value()
        cache = CachedHealth(
            lambda: check_platform(settings, database_url=url), seconds=CACHE_SECONDS
        )
        request.app.state.health_cache = cache
    return _report(cache.get())
