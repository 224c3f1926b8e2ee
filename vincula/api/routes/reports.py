"""``GET /v1/reports/placements``: the ministry's placement funnel, small cells suppressed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from models import reports
from vincula.api.bodies import CALLER_ERRORS, UNAVAILABLE, PlacementCell
from vincula.api.deps import ConnectionDep
from vincula.api.security import MinistryCaller

router = APIRouter(prefix="/v1/reports", tags=["secretaría"])


@router.get("/placements", responses=CALLER_ERRORS | UNAVAILABLE)
def placements(
    caller: MinistryCaller,
    connection: ConnectionDep,
    by: Annotated[reports.Dimension, Query()] = "programme",
) -> list[PlacementCell]:
    """Placements by programme, state or sector; cells under 10 people are null."""
    return [PlacementCell.of(row) for row in reports.placements_by(connection, dimension=by)]
