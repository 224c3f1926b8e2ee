"""The employer's shortlist page, as the template reads it: the JSON shortlist plus details.

The ranks, references, scores and reasons come from
:func:`~vincula.api.routes.shortlists.shortlist_of`, the very reading behind
``GET /v1/vacancies/{id}/shortlist``; the coverage, the graduate's answer and
the credentials come from :func:`models.reports.shortlist_details`. Nothing
here carries a pseudonym, a name or a contact.
"""

from __future__ import annotations

from models.reports import CandidateDetail, Connection, shortlist_details
from schemas.enums import MatchStatus, OutcomeKind
from vincula.api.routes.shortlists import reference_key, shortlist_of
from vincula.api.security import Caller, candidate_reference
from vincula.settings import Settings

# What an employer records from its shortlist, and which steps still make sense after each.
RECORDED: dict[OutcomeKind, str] = {
    OutcomeKind.INTERVIEWED: "Registrar entrevista",
    OutcomeKind.OFFERED: "Registrar oferta",
    OutcomeKind.HIRED: "Registrar contratación",
    OutcomeKind.REJECTED: "No seleccionada",
}
NEXT: dict[str, tuple[OutcomeKind, ...]] = {
    MatchStatus.PROPOSED: tuple(RECORDED),
    MatchStatus.APPLIED: tuple(RECORDED),
    MatchStatus.INTERVIEWED: (OutcomeKind.OFFERED, OutcomeKind.HIRED, OutcomeKind.REJECTED),
    MatchStatus.OFFERED: (OutcomeKind.HIRED, OutcomeKind.REJECTED),
}


def candidates_of(
    connection: Connection, settings: Settings, caller: Caller, vacancy_id: str
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The shortlist as the JSON route reads it, with each candidate's details and the
    outcomes left to record; then the consenting candidates who declined or were not
    selected (ownership checked by the caller)."""
    details = {d.match_id: d for d in shortlist_details(connection, vacancy_id=vacancy_id)}
    listed = []
    for entry in shortlist_of(connection, settings, caller, vacancy_id):
        detail = details.pop(entry.match_id, None)
        actions = [(kind.value, RECORDED[kind]) for kind in NEXT.get(entry.status, ())]
        listed.append(
            {
                "rank": entry.rank,
                "reference": entry.candidate,
                "match_id": str(entry.match_id),
                "score": entry.score,
                "status": entry.status,
                "reasons": entry.reasons,
                "actions": actions,
                **shown(detail),
            }
        )
    key = reference_key(settings)
    others = [
        {
            "reference": candidate_reference(key, caller, detail.graduate_id),
            "status": detail.status,
            **shown(detail),
        }
        for detail in details.values()
        if detail.status in (MatchStatus.DECLINED, MatchStatus.REJECTED)
    ]
    return listed, others


def shown(detail: CandidateDetail | None) -> dict[str, object]:
    """What the page shows of a candidate's details (never the pseudonym)."""
    if detail is None:
        return {
            "answer": None,
            "answered_at": None,
            "required_coverage": None,
            "nice_coverage": None,
            "credentials": (),
        }
    return {
        "answer": detail.answer,
        "answered_at": detail.answered_at,
        "required_coverage": detail.required_coverage,
        "nice_coverage": detail.nice_coverage,
        "credentials": detail.credentials,
    }
