"""``POST /v1/outcomes``: employers and programmes report what happened with a match."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from models.access import match_owners
from models.api_tokens import TokenRole
from models.reports import MatchRef
from schemas.enums import Reporter
from vincula.api.bodies import CALLER_ERRORS, NOT_FOUND, UNAVAILABLE, Accepted, OutcomeReport
from vincula.api.deps import ConnectionDep, ProducerDep
from vincula.api.events import outcome, publish
from vincula.api.security import ReporterCaller

# Who reported an outcome is the authenticated role, never a field the caller fills in.
REPORTER_OF = {TokenRole.EMPLOYER: Reporter.EMPLOYER, TokenRole.PROGRAMME: Reporter.PROGRAMME}

router = APIRouter(prefix="/v1/outcomes", tags=["empresas"])


@router.post("", status_code=202, responses=CALLER_ERRORS | NOT_FOUND | UNAVAILABLE)
def post_outcome(
    body: OutcomeReport, caller: ReporterCaller, connection: ConnectionDep, producer: ProducerDep
) -> Accepted:
    """Report an outcome of one of the caller's matches (applied, interviewed, hired…).

    An employer reports on matches to its own vacancies; a programme on matches
    of the graduates its issuer certified.
    """
    owners = match_owners(connection, match_id=body.match_id)
    mine = owners is not None and (
        owners.employer_id == caller.employer_id or owners.issuer == caller.programme
    )
    if owners is None or not mine:
        raise HTTPException(status_code=404, detail=f"la vinculación {body.match_id} no existe")
    reporter = REPORTER_OF[caller.role]
    ref = MatchRef(owners.match_id, owners.graduate_id, owners.vacancy_id)
    key = f"{body.outcome.value}:{reporter.value}:{body.occurred_at.isoformat()}"
    event = outcome(ref, body.outcome, reporter, body.occurred_at, key)
    publish(producer, str(ref.match_id), event)
    return Accepted(event_id=event.event_id)
