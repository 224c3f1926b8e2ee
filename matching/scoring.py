"""Score components of a candidate-opening pair and their weighted combination."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum

from matching.domain import Candidate, HeldCredential, Opening
from matching.errors import InvalidWeightsError
from matching.retrieval import country_ok, location_ok
from matching.skills import SkillResolver
from schemas.enums import CredentialKind, Modality

COMPONENTS: tuple[str, ...] = (
    "semantic",
    "lexical",
    "required_coverage",
    "nice_coverage",
    "location",
    "credential",
    "verification",
)

# A formal certification says more about a skill than a degree's breadth, a
# badge, or a course completion without official validity.
KIND_WEIGHT: dict[CredentialKind, float] = {
    CredentialKind.CERTIFICATION: 1.0,
    CredentialKind.TECHNICAL_DEGREE: 0.75,
    CredentialKind.MASTERS: 0.75,
    CredentialKind.BADGE: 0.5,
    CredentialKind.COURSE_COMPLETION: 0.25,
}

# A credential unrelated to the opening still shows discipline, but counts half.
UNRELATED_CREDENTIAL_FACTOR = 0.5

# Coverage of an opening that lists no (recognised) skills is unknown, not complete:
# full marks made such openings outrank every opening a graduate truly fits. The
# neutral value is about what a graduate covers of an unrelated opening; it was
# chosen among 0, 0.1, 0.25, 0.5 and 1 on the tuning split (see the matching notes).
NEUTRAL_COVERAGE = 0.1


class LocationFit(StrEnum):
    """How the candidate's place relates to the opening's."""

    REMOTE = "remote"
    SAME_STATE = "same_state"
    PREFERRED_STATE = "preferred_state"
    RELOCATION = "relocation"
    NONE = "none"


LOCATION_SCORE: dict[LocationFit, float] = {
    LocationFit.REMOTE: 1.0,
    LocationFit.SAME_STATE: 1.0,
    LocationFit.PREFERRED_STATE: 0.8,
    LocationFit.RELOCATION: 0.5,
    LocationFit.NONE: 0.0,
}


@dataclass(frozen=True, slots=True)
class ScoringWeights:
    """Weights of the heuristic score; non-negative and adding up to one.

    semantic, lexical and required_coverage were fitted on the tuning split of
    the ESCO cases (``matching.evaluation.tuning``, seed 7), never on the
    reported cases; the other four are set by hand.
    """

    semantic: float = 0.35
    lexical: float = 0.25
    required_coverage: float = 0.10
    nice_coverage: float = 0.05
    location: float = 0.10
    credential: float = 0.10
    verification: float = 0.05

    def __post_init__(self) -> None:
        values = self.as_dict()
        negative = [k for k, v in values.items() if not v >= 0.0]
        if negative:
            raise InvalidWeightsError(f"Pesos negativos o inválidos: {', '.join(negative)}")
        total = sum(values.values())
        if abs(total - 1.0) > 1e-6:
            raise InvalidWeightsError(f"Los pesos deben sumar 1 (suman {total:.6f})")

    def as_dict(self) -> dict[str, float]:
        """Weights by component name."""
        return {k: float(v) for k, v in asdict(self).items()}

    def version(self) -> str:
        """Short content hash, recorded with every heuristic score."""
        blob = json.dumps(self.as_dict(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:10]

    @property
    def lexical_share(self) -> float:
        """Share of the text similarity weight that goes to the lexical signal."""
        text = self.semantic + self.lexical
        return self.lexical / text if text > 0 else 0.0


def location_fit(candidate: Candidate, opening: Opening) -> LocationFit:
    """The best way the candidate's place fits the opening."""
    if not country_ok(candidate, opening):
        return LocationFit.NONE
    if opening.modality is Modality.REMOTE:
        return LocationFit.REMOTE
    if opening.state == candidate.state:
        return LocationFit.SAME_STATE
    if opening.state in candidate.preferred_states:
        return LocationFit.PREFERRED_STATE
    if location_ok(candidate, opening):
        return LocationFit.RELOCATION
    return LocationFit.NONE


@dataclass(frozen=True, slots=True)
class PairAssessment:
    """Everything known about a pair; both the score and the explanation read from it."""

    covered: tuple[str, ...]
    missing: tuple[str, ...]
    nice_covered: tuple[str, ...]
    nice_total: int
    location: LocationFit
    best_credential: HeldCredential | None
    credential_relevant: bool
    semantic_cos: float
    lexical_cos: float

    @property
    def required_total(self) -> int:
        """Number of distinct required skills."""
        return len(self.covered) + len(self.missing)

    def components(self) -> dict[str, float]:
        """Component values, each in [0, 1]."""
        req = len(self.covered) / self.required_total if self.required_total else NEUTRAL_COVERAGE
        nice = len(self.nice_covered) / self.nice_total if self.nice_total else NEUTRAL_COVERAGE
        cred = 0.0
        verified = 0.0
        if self.best_credential is not None:
            factor = 1.0 if self.credential_relevant else UNRELATED_CREDENTIAL_FACTOR
            cred = KIND_WEIGHT[self.best_credential.kind] * factor
            verified = factor if self.best_credential.verified else 0.0
        return {
            "semantic": _clip01((self.semantic_cos + 1.0) / 2.0),
            "lexical": _clip01(self.lexical_cos),
            "required_coverage": req,
            "nice_coverage": nice,
            "location": LOCATION_SCORE[self.location],
            "credential": cred,
            "verification": verified,
        }


def _clip01(x: float) -> float:
    return min(1.0, max(0.0, float(x)))


def _best_credential(
    candidate: Candidate,
    opening: Opening,
    resolver: SkillResolver,
    opening_keys: frozenset[str],
) -> tuple[HeldCredential | None, bool]:
    required_codes = {c.casefold() for c in opening.required_credentials}
    best: tuple[float, bool] | None = None
    chosen: tuple[HeldCredential | None, bool] = (None, False)
    # Sorted by code and replaced only on a strict improvement: ties go to the smaller code.
    for cred in sorted(candidate.credentials, key=lambda c: (c.vendor_code.casefold(), c.name)):
        relevant = cred.vendor_code.casefold() in required_codes or bool(
            resolver.credential_skills(cred.vendor_code) & opening_keys
        )
        factor = 1.0 if relevant else UNRELATED_CREDENTIAL_FACTOR
        key = (KIND_WEIGHT[cred.kind] * factor, cred.verified)
        if best is None or key > best:
            best, chosen = key, (cred, relevant)
    return chosen


def assess_pair(
    candidate: Candidate,
    opening: Opening,
    *,
    semantic_cos: float,
    lexical_cos: float,
    resolver: SkillResolver,
) -> PairAssessment:
    """Compare one candidate with one opening (text similarities computed elsewhere)."""
    have = resolver.candidate_skill_keys(candidate)
    required = resolver.resolve(opening.required_skills)
    req_keys = {sk.key for sk in required}
    nice = [sk for sk in resolver.resolve(opening.nice_to_have_skills) if sk.key not in req_keys]
    opening_keys = frozenset(req_keys | {sk.key for sk in nice})
    cred, relevant = _best_credential(candidate, opening, resolver, opening_keys)
    return PairAssessment(
        covered=tuple(sk.label for sk in required if sk.key in have),
        missing=tuple(sk.label for sk in required if sk.key not in have),
        nice_covered=tuple(sk.label for sk in nice if sk.key in have),
        nice_total=len(nice),
        location=location_fit(candidate, opening),
        best_credential=cred,
        credential_relevant=relevant,
        semantic_cos=float(semantic_cos),
        lexical_cos=float(lexical_cos),
    )


def heuristic_score(components: Mapping[str, float], weights: ScoringWeights) -> float:
    """Weighted sum of the components; in [0, 1] because the weights add up to one."""
    w = weights.as_dict()
    return _clip01(sum(w[name] * float(components[name]) for name in COMPONENTS))
