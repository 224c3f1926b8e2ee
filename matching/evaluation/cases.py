"""Labelled matching cases built from ESCO, data no one on the project wrote.

Each selected occupation yields one graduate profile (a seeded random subset of
its essential skills, Spanish labels) and one vacancy (the occupation's ESCO
description, Spanish or English). A profile's relevant vacancy is the one of its
own occupation (gain 2); vacancies of occupations in the same 4-digit ISCO unit
group get gain 1, which only nDCG uses.

The occupations are the ICT and engineering groups nearshoring employers hire
from: ISCO 25 (ICT professionals), 35 (ICT technicians), 2141 industrial,
2144 mechanical, 2151 electrical, 2152 electronics, 2153 telecommunications
engineers, and 3113/3114/3115 electrical, electronics and mechanical technicians.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from matching.taxonomy.model import Occupation, Taxonomy

ISCO_PREFIXES: tuple[str, ...] = (
    "25",
    "35",
    "2141",
    "2144",
    "2151",
    "2152",
    "2153",
    "3113",
    "3114",
    "3115",
)
# Weights are tuned only on other professional and technician occupations
# (ISCO major groups 2 and 3 outside the reported groups): never on the cases
# whose metrics are reported.
TUNING_ISCO_PREFIXES: tuple[str, ...] = ("2", "3")
MIN_ESSENTIAL_SKILLS = 4
SAME_OCCUPATION_GAIN = 2.0
SAME_GROUP_GAIN = 1.0

VacancyLanguage = Literal["es", "en"]
CaseSplit = Literal["report", "tuning"]


@dataclass(frozen=True, slots=True)
class EvaluationCases:
    """Queries (graduate profiles), documents (vacancies) and graded relevance."""

    name: str
    queries: tuple[str, ...]
    documents: tuple[str, ...]
    # grades[i] maps document index to gain for query i; absent means 0.
    grades: tuple[dict[int, float], ...]
    occupation_ids: tuple[str, ...]

    def relevant(self, query: int) -> frozenset[int]:
        """Documents of the query's own occupation."""
        return frozenset(
            doc for doc, gain in self.grades[query].items() if gain >= SAME_OCCUPATION_GAIN
        )


def in_split(isco_group: str, split: CaseSplit) -> bool:
    """Whether an ISCO group belongs to the reported or to the tuning occupations."""
    reported = isco_group.startswith(ISCO_PREFIXES)
    if split == "report":
        return reported
    return isco_group.startswith(TUNING_ISCO_PREFIXES) and not reported


def eligible_occupations(taxonomy: Taxonomy, split: CaseSplit = "report") -> list[Occupation]:
    """Occupations of a split with descriptions and enough skills."""
    return sorted(
        (
            occupation
            for occupation in taxonomy.occupations.values()
            if in_split(occupation.isco_group, split)
            and occupation.description_es
            and occupation.description_en
            and len(occupation.essential_skills) >= MIN_ESSENTIAL_SKILLS
        ),
        key=lambda occupation: occupation.id,
    )


def profile_text(occupation: Occupation, taxonomy: Taxonomy, rng: random.Random) -> str:
    """A graduate profile: 4 to 8 of the occupation's essential skills in Spanish."""
    count = rng.randint(MIN_ESSENTIAL_SKILLS, min(8, len(occupation.essential_skills)))
    chosen = rng.sample(sorted(occupation.essential_skills), count)
    return ", ".join(taxonomy.skill(skill_id).label_es for skill_id in chosen)


def build_cases(
    taxonomy: Taxonomy,
    *,
    count: int,
    seed: int,
    vacancy_language: VacancyLanguage = "es",
    split: CaseSplit = "report",
) -> EvaluationCases:
    """Up to ``count`` occupations sampled with ``seed``; a profile, a vacancy each."""
    rng = random.Random(seed)
    pool = eligible_occupations(taxonomy, split)
    selected = sorted(rng.sample(pool, min(count, len(pool))), key=lambda o: o.id)
    queries = tuple(profile_text(occupation, taxonomy, rng) for occupation in selected)
    documents = tuple(
        occupation.description_es if vacancy_language == "es" else occupation.description_en
        for occupation in selected
    )
    grades = tuple(
        {
            doc: SAME_OCCUPATION_GAIN if doc == query else SAME_GROUP_GAIN
            for doc, other in enumerate(selected)
            if doc == query or other.isco_group == occupation.isco_group
        }
        for query, occupation in enumerate(selected)
    )
    return EvaluationCases(
        name=f"perfil es → vacante {vacancy_language}" + (" (ajuste)" if split == "tuning" else ""),
        queries=queries,
        documents=documents,
        grades=grades,
        occupation_ids=tuple(occupation.id for occupation in selected),
    )
