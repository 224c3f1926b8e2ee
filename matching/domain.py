"""Plain domain objects the matcher works on, independent of wire events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from schemas.enums import (
    CefrLevel,
    CredentialKind,
    Issuer,
    Modality,
    Sector,
    Track,
    VacancyKind,
)
from schemas.regions import Country, Subdivision, country_of


@dataclass(frozen=True, slots=True)
class HeldCredential:
    """A credential a graduate holds, with its kind and whether its issuer's signature verified it.

    ``issuer`` is the programme that loaded it, not necessarily who issued it;
    ``verified_by`` names the issuer whose signature verified it (None when
    unverified, or verified before signatures were checked).
    """

    kind: CredentialKind
    vendor_code: str
    name: str
    track: Track
    issuer: Issuer
    verified: bool
    verified_by: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A graduate as the matcher sees them: skills, credentials, place and consent.

    ``shares_with_employers`` says whether employers see the graduate on a
    shortlist; one who is matched but not shown takes no visible place.
    ``enrolled_student`` lets them take work-based learning places;
    ``adult_from`` is set only for someone who was a minor when certified: the
    first day they are surely of age (see ``GraduateCertified.adult_from``).
    """

    graduate_id: str
    skills: tuple[str, ...]
    credentials: tuple[HeldCredential, ...]
    state: Subdivision
    preferred_states: frozenset[Subdivision] = frozenset()
    modalities: frozenset[Modality] = frozenset(Modality)
    willing_to_relocate: bool = False
    english_level: CefrLevel | None = None
    can_be_matched: bool = True
    headline: str = ""
    shares_with_employers: bool = True
    enrolled_student: bool = False
    adult_from: date | None = None

    def is_minor_on(self, day: date | None) -> bool:
        """Whether the graduate is under 18 on ``day``; with no day, if they were when certified."""
        if self.adult_from is None:
            return False
        return day is None or day < self.adult_from

    @property
    def country(self) -> Country:
        """The country the graduate lives in: the one of their state."""
        return country_of(self.state)

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
    state: Subdivision
    city: str
    modality: Modality
    seats: int
    open_seats: int
    required_skills: tuple[str, ...] = ()
    nice_to_have_skills: tuple[str, ...] = ()
    required_credentials: tuple[str, ...] = ()
    english_level: CefrLevel | None = None
    is_open: bool = True
    # A work-based learning place takes only enrolled students; only an opening that admits
    # minors (its employer attested the LFT's conditions) takes people aged 15 to 17.
    work_based_learning: bool = False
    admits_minors: bool = False
    # Countries whose residents the opening takes (remote: where they may live; on site:
    # whence they may move); empty means only the opening's own country.
    accepted_countries: frozenset[Country] = frozenset()

    @property
    def country(self) -> Country:
        """The country the opening is in: the one of its state."""
        return country_of(self.state)

    @property
    def accepts(self) -> frozenset[Country]:
        """Countries whose residents it takes: those listed, else only its own."""
        return self.accepted_countries or frozenset({self.country})

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
