"""``GET /v1/vacancies/{id}/shortlist``: the explained shortlist an employer reads.

:func:`shortlist_of` is the one reading of a shortlist: this route and the
employer's shortlist page (``employer_pages``) both call it.
"""

from __future__ import annotations

from fastapi import APIRouter

from models import reports
from models.reports import Connection
from vincula.api.bodies import CALLER_ERRORS, NOT_FOUND, UNAVAILABLE, ShortlistCandidate
from vincula.api.deps import ConnectionDep, SettingsDep
from vincula.api.routes.vacancies import not_found, own_vacancy
from vincula.api.security import Caller, EmployerCaller, candidate_reference
from vincula.settings import Settings

router = APIRouter(prefix="/v1/vacancies", tags=["empresas"])


def reference_key(settings: Settings) -> bytes:
    """The key of the employers' opaque candidate references."""
    return settings.pseudonym_key.get_secret_value().encode()


def shortlist_of(
    connection: Connection, settings: Settings, caller: Caller, vacancy_id: str
) -> list[ShortlistCandidate]:
    """The consenting candidates of a vacancy, under the caller's references (ownership checked
    by the caller)."""
    key = reference_key(settings)
    return [
        ShortlistCandidate.of(entry, candidate_reference(key, caller, entry.graduate_id))
        for entry in reports.shortlist(connection, vacancy_id=vacancy_id)
    ]


@router.get("/{vacancy_id}/shortlist", responses=CALLER_ERRORS | NOT_FOUND | UNAVAILABLE)
def get_shortlist(
    vacancy_id: str, caller: EmployerCaller, connection: ConnectionDep, settings: SettingsDep
) -> list[ShortlistCandidate]:
    """The explained shortlist of one of the caller's vacancies: consenting candidates only."""
    if not own_vacancy(connection, caller, vacancy_id):
        raise not_found(vacancy_id)
    return shortlist_of(connection, settings, caller, vacancy_id)
