"""``GET /v1/vacancies/{id}/shortlist``: the explained shortlist an employer reads."""

from __future__ import annotations

from fastapi import APIRouter

from models import reports
from vincula.api.bodies import CALLER_ERRORS, NOT_FOUND, UNAVAILABLE, ShortlistCandidate
from vincula.api.deps import ConnectionDep, SettingsDep
from vincula.api.routes.vacancies import not_found, own_vacancy
from vincula.api.security import EmployerCaller, candidate_reference

router = APIRouter(prefix="/v1/vacancies", tags=["empresas"])


@router.get("/{vacancy_id}/shortlist", responses=CALLER_ERRORS | NOT_FOUND | UNAVAILABLE)
def get_shortlist(
    vacancy_id: str, caller: EmployerCaller, connection: ConnectionDep, settings: SettingsDep
) -> list[ShortlistCandidate]:
    """The explained shortlist of one of the caller's vacancies: consenting candidates only."""
    if not own_vacancy(connection, caller, vacancy_id):
        raise not_found(vacancy_id)
    key = settings.pseudonym_key.get_secret_value().encode()
    return [
        ShortlistCandidate.of(entry, candidate_reference(key, caller, entry.graduate_id))
        for entry in reports.shortlist(connection, vacancy_id=vacancy_id)
    ]
