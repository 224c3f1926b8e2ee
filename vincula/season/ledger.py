"""What the season did and saw, per programme: the figures its summary checks against."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from vincula.season.plan import CohortRelease


@dataclass(frozen=True, slots=True)
class Hire:
    """A hire the season's employer reported, and when it happened."""

    match_id: UUID
    programme: str
    hired_at: datetime


@dataclass
class Ledger:
    """Counts by programme name of every step the season took or observed."""

    published: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    answered: Counter[str] = field(default_factory=Counter)
    interested: Counter[str] = field(default_factory=Counter)
    interviewed: Counter[str] = field(default_factory=Counter)
    hired: Counter[str] = field(default_factory=Counter)
    stayed: dict[int, Counter[str]] = field(default_factory=dict)
    left: Counter[str] = field(default_factory=Counter)
    # Who a graduate is (by e-mail address) and which cohort each match belongs to.
    cohort_of_address: dict[str, CohortRelease] = field(default_factory=dict)
    cohort_of_match: dict[UUID, CohortRelease] = field(default_factory=dict)
    hires: list[Hire] = field(default_factory=list)
    vacancies_posted: int = 0

    def stayed_at(self, months: int) -> Counter[str]:
        """Graduates who answered «sigo trabajando ahí» at ``months``, by programme."""
        return self.stayed.setdefault(months, Counter())
