"""Reads the state for a selection of filters and builds the dashboard's tables."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from models import dashboard as store
from models.dashboard import Connection
from vincula.dashboard.filters import Filters
from vincula.dashboard.indicators import (
    CredentialFacts,
    GraduateFacts,
    MatchFacts,
    Person,
    person,
    split_cohort,
)
from vincula.dashboard.labels import cohort_name
from vincula.dashboard.tables import Dashboard


def people_of(
    graduates: list[store.GraduateRow], matches: list[store.MatchRow], filters: Filters
) -> list[Person]:
    """Graduates with their proposals, as persons; the filters SQL cannot apply, applied."""
    by_graduate: dict[str, list[MatchFacts]] = defaultdict(list)
    for match in matches:
        by_graduate[match.graduate_id].append(
            MatchFacts(
                key=match.match_id,
                proposed_at=match.proposed_at,
                sector=match.sector,
                vacancy_kind=match.vacancy_kind,
                vacancy_state=match.vacancy_state,
                outcomes=tuple(zip(match.outcomes, match.occurred, strict=True)),
            )
        )
    found = []
    for row in graduates:
        facts = GraduateFacts(
            programme=row.programme,
            issuer=row.issuer,
            state=row.state,
            sex=row.sex,
            birth_year=row.birth_year,
            certified_at=row.certified_at,
            credentials=tuple(
                CredentialFacts(kind, track, verified)
                for kind, track, verified in zip(row.kinds, row.tracks, row.verified, strict=True)
            ),
            skills=tuple(row.skills),
        )
        counted = person(facts, by_graduate.get(row.graduate_id, []))
        if filters.ruta is not None and counted.track != filters.ruta.value:
            continue
        if filters.credencial is not None and counted.credential_kind != filters.credencial.value:
            continue
        found.append(counted)
    return found


def build_dashboard(connection: Connection, filters: Filters, *, as_of: datetime) -> Dashboard:
    """Every table for ``filters`` on the report date ``as_of``."""
    scope = filters.scope()
    graduates = store.graduates_in(connection, scope=scope)
    matches = store.matches_in(connection, scope=scope)
    vacancy_scope = store.Scope(
        sector=scope.sector,
        vacancy_kind=scope.vacancy_kind,
        vacancy_state=scope.state,
    )
    vacancies = store.open_vacancies(connection, scope=vacancy_scope)
    return Dashboard(people_of(graduates, matches, filters), vacancies, as_of=as_of)


@dataclass(frozen=True)
class Options:
    """What the filter form offers: programmes and cohorts present in the state."""

    programmes: tuple[str, ...]
    cohorts: tuple[tuple[str, str], ...]  # (key, Spanish name)


def options(connection: Connection) -> Options:
    """The programmes and cohorts that exist, for the form's lists."""
    cohorts = tuple(
        (key, cohort_name(key))
        for key in (f"{c.programme}|{c.month}" for c in store.cohorts(connection))
        if split_cohort(key)[0]
    )
    return Options(tuple(store.programmes(connection)), cohorts)
