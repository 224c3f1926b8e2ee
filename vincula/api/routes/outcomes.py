"""``POST /v1/outcomes``: employers and programmes report what happened with a match.

:func:`report_outcome` is the one code path of a reported outcome: this route
and the buttons of the employer's shortlist page (``employer_pages``) call it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, HTTPException

from models.access import Connection, MatchOwners, match_owners
from models.api_tokens import TokenRole
from models.reports import MatchRef
from schemas.enums import OutcomeKind, Reporter
from schemas.outcomes import PlacementOutcome
from streams.producer import EventProducer
from vincula.api.bodies import CALLER_ERRORS, NOT_FOUND, UNAVAILABLE, Accepted, OutcomeReport
from vincula.api.deps import ConnectionDep, ProducerDep
from vincula.api.events import outcome, publish
from vincula.api.security import Caller, ReporterCaller

# Who reported an outcome is the authenticated role, never a field the caller fills in.
REPORTER_OF = {TokenRole.EMPLOYER: Reporter.EMPLOYER, TokenRole.PROGRAMME: Reporter.PROGRAMME}

router = APIRouter(prefix="/v1/outcomes", tags=["empresas"])


def owned_match(connection: Connection, caller: Caller, match_id: uuid.UUID) -> MatchOwners | None:
    """The match if it is the caller's (its vacancy's employer, or its graduate's issuer)."""
    owners = match_owners(connection, match_id=match_id)
    mine = owners is not None and (
        owners.employer_id == caller.employer_id or owners.issuer == caller.programme
    )
    return owners if mine else None


def report_outcome(
    producer: EventProducer,
    caller: Caller,
    owners: MatchOwners,
    kind: OutcomeKind,
    occurred_at: datetime,
) -> PlacementOutcome:
    """Publish ``kind`` for one of the caller's matches, reported by the caller's role."""
    reporter = REPORTER_OF[caller.role]
    ref = MatchRef(owners.match_id, owners.graduate_id, owners.vacancy_id)
    key = f"{kind.value}:{reporter.value}:{occurred_at.isoformat()}"
    event = outcome(ref, kind, reporter, occurred_at, key)
    publish(producer, str(ref.match_id), event)
    return event


@router.post("", status_code=202, responses=CALLER_ERRORS | NOT_FOUND | UNAVAILABLE)
def post_outcome(
    body: OutcomeReport, caller: ReporterCaller, connection: ConnectionDep, producer: ProducerDep
) -> Accepted:
    """Report an outcome of one of the caller's matches (applied, interviewed, hired…).

    An employer reports on matches to its own vacancies; a programme on matches
    of the graduates its issuer certified.
    """
    owners = owned_match(connection, caller, body.match_id)
    if owners is None:
        raise HTTPException(status_code=404, detail=f"la vinculación {body.match_id} no existe")
    event = report_outcome(producer, caller, owners, body.outcome, body.occurred_at)
    return Accepted(event_id=event.event_id)
