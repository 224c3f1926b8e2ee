"""The skill and occupation taxonomy as immutable values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

ConceptSource = Literal["esco", "onet"]


@dataclass(frozen=True, slots=True)
class SkillConcept:
    """A skill, knowledge item or technology with its Spanish and English labels."""

    id: str
    label_es: str
    label_en: str
    alt_es: tuple[str, ...] = ()
    alt_en: tuple[str, ...] = ()
    digital: bool = False
    source: ConceptSource = "esco"
    # O*NET technology names attached to this concept (English, vendor spelling).
    onet_names: tuple[str, ...] = ()
    hot: bool = False


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ESCO occupation with its ISCO group, descriptions and required skills."""

    id: str
    isco_group: str
    label_es: str
    label_en: str
    alt_es: tuple[str, ...] = ()
    alt_en: tuple[str, ...] = ()
    description_es: str = ""
    description_en: str = ""
    essential_skills: tuple[str, ...] = ()
    optional_skills: tuple[str, ...] = ()


class Taxonomy:
    """Skill concepts and occupations keyed by their stable ids (ESCO URIs or onet:…)."""

    __slots__ = ("_occupations", "_skills")

    def __init__(
        self, skills: Iterable[SkillConcept], occupations: Iterable[Occupation] = ()
    ) -> None:
        self._skills: Mapping[str, SkillConcept] = MappingProxyType(
            {skill.id: skill for skill in skills}
        )
        self._occupations: Mapping[str, Occupation] = MappingProxyType(
            {occupation.id: occupation for occupation in occupations}
        )

    @property
    def skills(self) -> Mapping[str, SkillConcept]:
        """Every skill concept by id."""
        return self._skills

    @property
    def occupations(self) -> Mapping[str, Occupation]:
        """Every occupation by id."""
        return self._occupations

    def skill(self, concept_id: str) -> SkillConcept:
        """The skill concept with this id (KeyError if unknown)."""
        return self._skills[concept_id]

    def occupation(self, occupation_id: str) -> Occupation:
        """The occupation with this id (KeyError if unknown)."""
        return self._occupations[occupation_id]

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._skills or concept_id in self._occupations

    def __len__(self) -> int:
        return len(self._skills)
