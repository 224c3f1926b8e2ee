"""Plain domain objects the matcher works on, independent of wire events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from schemas.enums import (
    CefrLevel,
    CredentialKind,
    Issuer,
    MexicanState,
    Modality,
    Sector,
    Track,
    VacancyKind,
)


@dataclass(frozen=True, slots=True)
class HeldCredential:
    """A credential a graduate holds, with its kind and whether the issuer verified it."""

    kind: CredentialKind
    vendor_code: str
    name: str
    track: Track
    issuer: Issuer
    verified: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """A graduate as the matcher sees them: skills, credentials, place and consent.

    ``shares_with_employers`` says whether employers see the graduate on a
    shortlist; one who is matched but not shown takes no visible place.
    """

    graduate_id: str
    skills: tuple[str, ...]
    credentials: tuple[HeldCredential, ...]
    state: MexicanState
    preferred_states: frozenset[MexicanState] = frozenset()
    modalities: frozenset[Modality] = frozenset(Modality)
    willing_to_relocate: bool = False
    english_level: CefrLevel | None = None
    can_be_matched: bool = True
    headline: str = ""
    shares_with_employers: bool = True

    def summary_text(self) -> str:
        """Text embedded for this profile: headline, skills and credentials."""
        parts: list[str] = []
        if self.headline:
            parts.append(self.headline.strip())
        if self.skills:
            parts.append("Habilidades: " + ", ".join(self.skills))
        if self.credentials:
            names = ", ".join(c.name for c in self.credentials)
            parts.append("Credenciales: " + names)
            tracks = sorted({c.track.value for c in self.credentials if c.track is not Track.OTHER})
            if tracks:
                parts.append("Áreas: " + ", ".join(tracks))
        return ". ".join(parts)

    def held_vendor_codes(self) -> frozenset[str]:
        """Vendor codes of every credential held, case-folded."""
        return frozenset(c.vendor_code.casefold() for c in self.credentials)


@dataclass(frozen=True, slots=True)
class Opening:
    """A vacancy (job, apprenticeship or internship) with its seats and requirements."""

    vacancy_id: str
    employer_id: str
    kind: VacancyKind
    title: str
    description: str
    language: str
    sector: Sector
    state: MexicanState
    city: str
    modality: Modality
    seats: int
    open_seats: int
    required_skills: tuple[str, ...] = ()
    nice_to_have_skills: tuple[str, ...] = ()
    required_credentials: tuple[str, ...] = ()
    english_level: CefrLevel | None = None
    is_open: bool = True

    def summary_text(self) -> str:
        """Text embedded for this opening: title, description and skills."""
        parts = [self.title.strip()]
        if self.description:
            parts.append(self.description.strip())
        if self.required_skills:
            parts.append("Requisitos: " + ", ".join(self.required_skills))
        if self.nice_to_have_skills:
            parts.append("Deseable: " + ", ".join(self.nice_to_have_skills))
        if self.required_credentials:
            parts.append("Certificaciones: " + ", ".join(self.required_credentials))
        return ". ".join(p for p in parts if p)

    @property
    def takes_candidates(self) -> bool:
        """Whether the opening is open and still has a seat."""
        return self.is_open and self.open_seats > 0


@dataclass(frozen=True, slots=True)
class ScoredMatch:
    """One graduate-opening pair with its score, components and Spanish reasons.

    ``visible`` says whether the employer sees the pair on the shortlist (the
    graduate shares their profile), and so whether it takes a visible place.
    """

    graduate_id: str
    vacancy_id: str
    score: float
    components: Mapping[str, float]
    reasons: tuple[str, ...]
    skills_covered: tuple[str, ...]
    skills_missing: tuple[str, ...]
    model_version: str
    visible: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score fuera de [0, 1]: {self.score}")
