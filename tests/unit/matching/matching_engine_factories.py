"""Builders and hypothesis strategies for the matching engine tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hypothesis import strategies as st

from matching.domain import Candidate, HeldCredential, Opening
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

SKILLS = (
    "Python",
    "SQL",
    "AWS",
    "Kubernetes",
    "Java",
    "Docker",
    "Linux",
    "Redes",
    "Excel",
)
STATES = (MexicanState.QUE, MexicanState.NLE, MexicanState.JAL, MexicanState.CMX)
CODES = ("AWS-CCP", "CCNA", "GCP-ACE", "IBM-DS")


def credential(
    code: str = "AWS-CCP",
    *,
    kind: CredentialKind = CredentialKind.CERTIFICATION,
    verified: bool = True,
    issuer: Issuer = Issuer.AWS,
    name: str | None = None,
    verified_by: str | None = None,
) -> HeldCredential:
    """A held credential with sensible defaults (``issuer`` is the loading programme)."""
    return HeldCredential(
        kind=kind,
        vendor_code=code,
        name=name or f"Credencial {code}",
        track=Track.CLOUD,
        issuer=issuer,
        verified=verified,
        verified_by=verified_by,
    )


def candidate(
    gid: str = "g1",
    *,
    skills: Sequence[str] = ("Python", "SQL"),
    credentials: Sequence[HeldCredential] = (),
    state: MexicanState = MexicanState.QUE,
    preferred: frozenset[MexicanState] = frozenset(),
    modalities: frozenset[Modality] = frozenset(Modality),
    relocate: bool = False,
    english: CefrLevel | None = CefrLevel.B2,
    consent: bool = True,
    headline: str = "",
    shares: bool = True,
    enrolled: bool = False,
    adult_from: date | None = None,
) -> Candidate:
    """A candidate with sensible defaults."""
    return Candidate(
        graduate_id=gid,
        skills=tuple(skills),
        credentials=tuple(credentials),
        state=state,
        preferred_states=preferred,
        modalities=modalities,
        willing_to_relocate=relocate,
        english_level=english,
        can_be_matched=consent,
        headline=headline,
        shares_with_employers=shares,
        enrolled_student=enrolled,
        adult_from=adult_from,
    )


def opening(
    vid: str = "v1",
    *,
    title: str = "Analista de datos",
    required: Sequence[str] = ("Python", "SQL"),
    nice: Sequence[str] = (),
    credentials: Sequence[str] = (),
    state: MexicanState = MexicanState.QUE,
    modality: Modality = Modality.ON_SITE,
    seats: int = 1,
    open_seats: int | None = None,
    english: CefrLevel | None = None,
    is_open: bool = True,
    kind: VacancyKind = VacancyKind.JOB,
    work_based_learning: bool = False,
    admits_minors: bool = False,
) -> Opening:
    """An opening with sensible defaults."""
    return Opening(
        vacancy_id=vid,
        employer_id="e1",
        kind=kind,
        title=title,
        description="",
        language="es",
        sector=Sector.SOFTWARE,
        state=state,
        city="Ciudad",
        modality=modality,
        seats=seats,
        open_seats=seats if open_seats is None else open_seats,
        required_skills=tuple(required),
        nice_to_have_skills=tuple(nice),
        required_credentials=tuple(credentials),
        english_level=english,
        is_open=is_open,
        work_based_learning=work_based_learning,
        admits_minors=admits_minors,
    )


skill_sets = st.lists(st.sampled_from(SKILLS), max_size=5, unique=True)
english_levels = st.none() | st.sampled_from(list(CefrLevel))
modality_sets = st.frozensets(st.sampled_from(list(Modality)), min_size=1)
# The new hard filters bind in about a quarter of the draws, so the others still match.
mostly_false = st.sampled_from((False, False, False, True))
# Days a minor comes of age, around the days the tests match on (2026), for a quarter.
_days = st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 1))
adult_days = st.one_of(st.none(), st.none(), st.none(), _days)


@st.composite
def held_credentials(draw: st.DrawFn) -> HeldCredential:
    """Any credential from the small code pool."""
    return credential(
        draw(st.sampled_from(CODES)),
        kind=draw(st.sampled_from(list(CredentialKind))),
        verified=draw(st.booleans()),
        issuer=draw(st.sampled_from(list(Issuer))),
    )


@st.composite
def candidates(draw: st.DrawFn, gid: str | None = None) -> Candidate:
    """Any candidate over the small pools of skills, states and codes."""
    return candidate(
        gid or draw(st.text("abcdefgh", min_size=1, max_size=4)),
        skills=draw(skill_sets),
        credentials=draw(st.lists(held_credentials(), max_size=2)),
        state=draw(st.sampled_from(STATES)),
        preferred=draw(st.frozensets(st.sampled_from(STATES), max_size=2)),
        modalities=draw(modality_sets),
        relocate=draw(st.booleans()),
        english=draw(english_levels),
        consent=draw(st.booleans()),
        enrolled=draw(st.booleans()),
        adult_from=draw(adult_days),
    )


@st.composite
def openings(draw: st.DrawFn, vid: str | None = None) -> Opening:
    """Any opening over the small pools of skills, states and codes."""
    seats = draw(st.integers(1, 3))
    return opening(
        vid or draw(st.text("pqrstuvw", min_size=1, max_size=4)),
        title=draw(st.sampled_from(["Analista de datos", "Ingeniera cloud", "Soporte de redes"])),
        required=draw(skill_sets),
        nice=draw(skill_sets),
        credentials=draw(st.lists(st.sampled_from(CODES), max_size=1, unique=True)),
        state=draw(st.sampled_from(STATES)),
        modality=draw(st.sampled_from(list(Modality))),
        seats=seats,
        open_seats=draw(st.integers(0, seats)),
        english=draw(english_levels),
        is_open=draw(st.booleans()),
        work_based_learning=draw(mostly_false),
        admits_minors=draw(mostly_false),
    )


def unique_by(items: Sequence[Candidate]) -> list[Candidate]:
    """Candidates with distinct ids, first occurrence kept."""
    seen: dict[str, Candidate] = {}
    for c in items:
        seen.setdefault(c.graduate_id, c)
    return list(seen.values())


def unique_openings(items: Sequence[Opening]) -> list[Opening]:
    """Openings with distinct ids, first occurrence kept."""
    seen: dict[str, Opening] = {}
    for o in items:
        seen.setdefault(o.vacancy_id, o)
    return list(seen.values())
