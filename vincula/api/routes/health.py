"""``GET /health``: the process answers (it reaches neither Kafka nor PostgreSQL)."""

from __future__ import annotations

from fastapi import APIRouter

from vincula.api.bodies import Health

router = APIRouter(tags=["operación"])


@router.get("/health")
def health() -> Health:
    """Liveness: the process answers."""
    return Health(status="ok")
