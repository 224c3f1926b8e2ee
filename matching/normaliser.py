"""Map Spanish or English skill and job-title texts to taxonomy concepts.

Three rules, tried in order: an exact match of the folded text against a
preferred or alternative label, a curated alias or abbreviation, and the
nearest label embedding above a threshold. Anything weaker is ``None``:
an unknown skill stays unknown instead of becoming a wrong concept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from matching.taxonomy.model import Occupation, SkillConcept, Taxonomy
from matching.text import match_key, stem_token

MatchMethod = Literal["exact", "alias", "embedding"]

PREFERRED_CONFIDENCE = 1.0
ALTERNATIVE_CONFIDENCE = 0.95
ALIAS_CONFIDENCE = 0.9
DEFAULT_SKILL_THRESHOLD = 0.7
DEFAULT_TITLE_THRESHOLD = 0.6

# Words that qualify a job title without changing the occupation.
_TITLE_QUALIFIERS = frozenset(
    stem_token(word)
    for word in (
        "sr",
        "jr",
        "senior",
        "junior",
        "semi",
        "semisenior",
        "ssr",
        "trainee",
        "becario",
        "becaria",
        "practicante",
        "lead",
        "lider",
        "i",
        "ii",
        "iii",
        "nivel",
        "level",
    )
)
_EXTRACTION_MAX_WORDS = 6
# Very short keys ("r", "c", "go", "it") would fire on ordinary words in prose.
_EXTRACTION_MIN_CHARS = 3
_STOPWORDS = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "el",
        "los",
        "y",
        "e",
        "o",
        "u",
        "en",
        "con",
        "para",
        "por",
        "a",
        "al",
        "un",
        "una",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "for",
        "to",
        "with",
        "as",
        "is",
        "are",
        "que",
        "se",
        "su",
        "sus",
    ]
)


class TextEncoder(Protocol):
    """Same shape as ``matching.encoder.Encoder``: texts to L2-normalised float32 rows."""

    name: str

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


@dataclass(frozen=True, slots=True)
class ConceptMatch:
    """A text resolved to a skill concept or an occupation, with how and how surely."""

    concept_id: str
    label_es: str
    label_en: str
    confidence: float
    method: MatchMethod


@lru_cache(maxsize=1)
def default_aliases() -> Mapping[str, str]:
    """The curated alias table shipped with the package (alias text → concept id)."""
    text = resources.files("matching").joinpath("data/aliases.json").read_text("utf-8")
    aliases: dict[str, str] = json.loads(text)["aliases"]
    return aliases


def title_key(text: str) -> str:
    """Match key of a job title without seniority qualifiers ("Sr.", "junior", "II")."""
    words = [word for word in match_key(text).split(" ") if word not in _TITLE_QUALIFIERS]
    return " ".join(words)


def _gendered_forms(label: str) -> list[str]:
    # ESCO writes Spanish titles as "ingeniero de software/ingeniera de software".
    return [part.strip() for part in label.split("/") if part.strip()]


class _LabelIndex:
    """Folded label keys to entries, preferred labels shadowing alternative ones."""

    def __init__(self) -> None:
        self.preferred: dict[str, str] = {}
        self.alternative: dict[str, str] = {}

    def add(self, key: str, concept_id: str, *, preferred: bool) -> None:
        if not key:
            return
        table = self.preferred if preferred else self.alternative
        table.setdefault(key, concept_id)

    def lookup(self, key: str) -> tuple[str, float] | None:
        if key in self.preferred:
            return self.preferred[key], PREFERRED_CONFIDENCE
        if key in self.alternative:
            return self.alternative[key], ALTERNATIVE_CONFIDENCE
        return None


class _EmbeddingIndex:
    """Label vectors computed once, in one batch, the first time they are needed."""

    def __init__(self, encoder: TextEncoder, labels: list[tuple[str, str]]) -> None:
        self._encoder = encoder
        self._labels = labels
        self._matrix: npt.NDArray[np.float32] | None = None

    def nearest(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        if not self._labels or not texts:
            return []
        if self._matrix is None:
            self._matrix = self._encoder.encode([text for text, _ in self._labels])
        scores = self._encoder.encode(list(texts)) @ self._matrix.T
        best = np.argmax(scores, axis=1)
        return [
            (self._labels[int(column)][1], float(scores[row, column]))
            for row, column in enumerate(best)
        ]


def _sorted_skills(concepts: Iterable[SkillConcept]) -> list[SkillConcept]:
    # Digital concepts first, then by id: when two concepts share a label, the
    # digital one wins, and the same one wins on every run.
    return sorted(concepts, key=lambda concept: (not concept.digital, concept.id))


class Normaliser:
    """Resolves skill texts and job titles to taxonomy concepts."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        encoder: TextEncoder | None = None,
        *,
        threshold: float = DEFAULT_SKILL_THRESHOLD,
        title_threshold: float = DEFAULT_TITLE_THRESHOLD,
        aliases: Mapping[str, str] | None = None,
        embedding_concepts: Iterable[str] | None = None,
    ) -> None:
        self._taxonomy = taxonomy
        self._threshold = threshold
        self._title_threshold = title_threshold
        self._skills = _LabelIndex()
        ordered = _sorted_skills(taxonomy.skills.values())
        for concept in ordered:
            for label in (concept.label_es, concept.label_en):
                self._skills.add(match_key(label), concept.id, preferred=True)
        for concept in ordered:
            for label in (*concept.alt_es, *concept.alt_en, *concept.onet_names):
                self._skills.add(match_key(label), concept.id, preferred=False)
        table = default_aliases() if aliases is None else aliases
        self._aliases = {
            match_key(alias): concept_id
            for alias, concept_id in table.items()
            if concept_id in taxonomy.skills
        }
        self._titles = _LabelIndex()
        for occupation in sorted(taxonomy.occupations.values(), key=lambda o: o.id):
            for label in (*_gendered_forms(occupation.label_es), occupation.label_en):
                self._titles.add(title_key(label), occupation.id, preferred=True)
            for label in (*occupation.alt_es, *occupation.alt_en):
                self._titles.add(title_key(label), occupation.id, preferred=False)
        self._skill_vectors: _EmbeddingIndex | None = None
        self._title_vectors: _EmbeddingIndex | None = None
        if encoder is not None:
            wanted = set(embedding_concepts) if embedding_concepts is not None else None
            skill_labels = [
                (label, concept.id)
                for concept in ordered
                if wanted is None or concept.id in wanted
                for label in dict.fromkeys((concept.label_es, concept.label_en))
            ]
            title_labels = [
                (label, occupation.id)
                for occupation in sorted(taxonomy.occupations.values(), key=lambda o: o.id)
                for label in dict.fromkeys((occupation.label_es, occupation.label_en))
            ]
            self._skill_vectors = _EmbeddingIndex(encoder, skill_labels)
            self._title_vectors = _EmbeddingIndex(encoder, title_labels)

    def _skill_match(self, concept_id: str, confidence: float, method: MatchMethod) -> ConceptMatch:
        concept = self._taxonomy.skill(concept_id)
        return ConceptMatch(concept.id, concept.label_es, concept.label_en, confidence, method)

    def _title_match(
        self, occupation_id: str, confidence: float, method: MatchMethod
    ) -> ConceptMatch:
        occupation: Occupation = self._taxonomy.occupation(occupation_id)
        return ConceptMatch(
            occupation.id, occupation.label_es, occupation.label_en, confidence, method
        )

    def _lexical(self, text: str) -> ConceptMatch | None:
        key = match_key(text)
        found = self._skills.lookup(key)
        if found is not None:
            return self._skill_match(found[0], found[1], "exact")
        if key in self._aliases:
            return self._skill_match(self._aliases[key], ALIAS_CONFIDENCE, "alias")
        return None

    def normalise(self, text: str) -> ConceptMatch | None:
        """The concept a skill text names, or None when nothing is close enough."""
        return self.normalise_many([text])[0]

    def normalise_many(self, texts: Sequence[str]) -> list[ConceptMatch | None]:
        """``normalise`` over many texts, encoding the unresolved ones in one batch."""
        results = [self._lexical(text) for text in texts]
        pending = [i for i, match in enumerate(results) if match is None and match_key(texts[i])]
        if self._skill_vectors is not None and pending:
            nearest = self._skill_vectors.nearest([texts[i] for i in pending])
            for index, (concept_id, score) in zip(pending, nearest, strict=True):
                if score >= self._threshold:
                    results[index] = self._skill_match(concept_id, _unit(score), "embedding")
        return results

    def normalise_title(self, text: str) -> ConceptMatch | None:
        """The ESCO occupation a job title names, or None when nothing is close enough."""
        return self.normalise_titles([text])[0]

    def normalise_titles(self, texts: Sequence[str]) -> list[ConceptMatch | None]:
        """``normalise_title`` over many titles, encoding the unresolved ones in one batch."""
        results: list[ConceptMatch | None] = []
        for text in texts:
            found = self._titles.lookup(title_key(text))
            results.append(None if found is None else self._title_match(*found, "exact"))
        pending = [i for i, match in enumerate(results) if match is None and title_key(texts[i])]
        if self._title_vectors is not None and pending:
            nearest = self._title_vectors.nearest([texts[i] for i in pending])
            for index, (occupation_id, score) in zip(pending, nearest, strict=True):
                if score >= self._title_threshold:
                    results[index] = self._title_match(occupation_id, _unit(score), "embedding")
        return results

    def extract(self, text: str) -> list[ConceptMatch]:
        """Skill concepts named anywhere in a free text, longest phrase first, no overlaps."""
        words = match_key(text).split(" ") if match_key(text) else []
        found: dict[str, ConceptMatch] = {}
        position = 0
        while position < len(words):
            step = 1
            for match, length in self._phrases_at(words, position):
                found.setdefault(match.concept_id, match)
                step = length
                break
            position += step
        return list(found.values())

    def _phrases_at(self, words: list[str], start: int) -> Iterator[tuple[ConceptMatch, int]]:
        longest = min(_EXTRACTION_MAX_WORDS, len(words) - start)
        for length in range(longest, 0, -1):
            phrase = words[start : start + length]
            key = " ".join(phrase)
            if len(key) < _EXTRACTION_MIN_CHARS or phrase[0] in _STOPWORDS:
                continue
            found = self._skills.lookup(key)
            if found is not None:
                yield self._skill_match(found[0], found[1], "exact"), length
            elif key in self._aliases:
                yield (
                    self._skill_match(self._aliases[key], ALIAS_CONFIDENCE, "alias"),
                    length,
                )


def _unit(score: float) -> float:
    return min(1.0, max(0.0, score))
