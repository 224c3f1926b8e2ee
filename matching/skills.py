"""Skill keys: how free-text skills become comparable, with or without a normaliser.

The ESCO normaliser and the vendor crosswalk live elsewhere; this module only
states the small interface the matcher needs from them, so tests can pass a
fake and production can plug in the real ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from matching.domain import Candidate
from matching.text import fold


class ConceptLike(Protocol):
    """What the matcher reads from a normaliser hit."""

    @property
    def concept_id(self) -> str: ...

    @property
    def label_es(self) -> str: ...


class SkillNormaliser(Protocol):
    """Maps Spanish or English skill texts to taxonomy concepts."""

    def normalise_many(self, texts: Sequence[str]) -> Sequence[ConceptLike | None]: ...


class CredentialCrosswalk(Protocol):
    """Maps a vendor credential code to the concept ids it certifies."""

    def credential_skills(self, vendor_code: str) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class SkillKey:
    """A comparable skill identity plus the Spanish label shown to people."""

    key: str
    label: str


class SkillResolver:
    """Turns skill texts into keys: taxonomy concepts when known, folded text otherwise."""

    def __init__(
        self,
        normaliser: SkillNormaliser | None = None,
        crosswalk: CredentialCrosswalk | None = None,
    ) -> None:
        self._normaliser = normaliser
        self._crosswalk = crosswalk
        self._memo: dict[str, SkillKey] = {}
        self._credential_memo: dict[str, frozenset[str]] = {}

    @property
    def has_crosswalk(self) -> bool:
        """Whether credential codes can be expanded into skills."""
        return self._crosswalk is not None

    def resolve(self, texts: Sequence[str]) -> tuple[SkillKey, ...]:
        """Keys for the given texts, in order, without duplicates."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            hits: Sequence[ConceptLike | None]
            if self._normaliser is None:
                hits = [None] * len(missing)
            else:
                hits = self._normaliser.normalise_many(missing)
            for text, hit in zip(missing, hits, strict=True):
                if hit is None:
                    self._memo[text] = SkillKey("txt:" + fold(text), text.strip())
                else:
                    self._memo[text] = SkillKey(hit.concept_id, hit.label_es)
        seen: set[str] = set()
        out: list[SkillKey] = []
        for text in texts:
            sk = self._memo[text]
            if sk.key not in seen:
                seen.add(sk.key)
                out.append(sk)
        return tuple(out)

    def credential_skills(self, vendor_code: str) -> frozenset[str]:
        """Concept ids a credential certifies (empty without a crosswalk)."""
        if self._crosswalk is None:
            return frozenset()
        code = vendor_code.casefold()
        if code not in self._credential_memo:
            self._credential_memo[code] = frozenset(self._crosswalk.credential_skills(vendor_code))
        return self._credential_memo[code]

    def candidate_skill_keys(self, candidate: Candidate) -> frozenset[str]:
        """The candidate's declared skills plus those implied by their credentials."""
        keys = {sk.key for sk in self.resolve(candidate.skills)}
        for cred in candidate.credentials:
            keys |= self.credential_skills(cred.vendor_code)
        return frozenset(keys)

    def implied_by(self, codes: Iterable[str]) -> frozenset[str]:
        """Union of the skills certified by the given credential codes."""
        out: set[str] = set()
        for code in codes:
            out |= self.credential_skills(code)
        return frozenset(out)
