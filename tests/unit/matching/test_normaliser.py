"""Normaliser rules on a hand-made taxonomy, with a deterministic fake encoder."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from hypothesis import given
from hypothesis import strategies as st

from matching.normaliser import (
    ALIAS_CONFIDENCE,
    ALTERNATIVE_CONFIDENCE,
    Normaliser,
    title_key,
)
from matching.taxonomy.model import Occupation, SkillConcept, Taxonomy
from matching.text import fold

DIM = 256


class TrigramEncoder:
    """Hashed character trigrams of the folded text, L2-normalised."""

    name = "trigram-test"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {fold(text)}  "
            for start in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[start : start + 3].encode(), digest_size=4)
                out[row, int.from_bytes(digest.digest(), "big") % DIM] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0.0] = 1.0
        return np.asarray(out / norms, dtype=np.float32)


ML = "esco:ml"
DB = "esco:db"
K8S = "onet:k8s"
CYBER = "esco:cyber"
OOP = "esco:oop"

SKILLS = (
    SkillConcept(ML, "aprendizaje automático", "machine learning", alt_en=("ML",), digital=True),
    SkillConcept(DB, "base de datos", "database", alt_es=("bases de datos relacionales",)),
    SkillConcept(K8S, "Kubernetes", "Kubernetes", digital=True, source="onet"),
    SkillConcept(CYBER, "ciberseguridad", "cyber security", digital=True),
    SkillConcept(OOP, "programación orientada a objetos", "object-oriented programming"),
)
DEV = "esco:occupation/dev"
ANALYST = "esco:occupation/analyst"
OCCUPATIONS = (
    Occupation(
        DEV,
        "2512",
        "desarrollador de software/desarrolladora de software",
        "software developer",
        alt_es=("programador",),
        alt_en=("programmer",),
    ),
    Occupation(ANALYST, "2511", "analista de datos", "data analyst"),
)
ALIASES = {"k8s": K8S, "BD": DB, "POO": OOP, "IA": "esco:not-in-taxonomy"}
TAXONOMY = Taxonomy(SKILLS, OCCUPATIONS)


def normaliser(threshold: float = 0.5) -> Normaliser:
    return Normaliser(
        TAXONOMY,
        TrigramEncoder(),
        threshold=threshold,
        title_threshold=0.5,
        aliases=ALIASES,
    )


def test_preferred_label_in_either_language_is_exact_with_full_confidence() -> None:
    n = normaliser()
    for text in ("aprendizaje automático", "Machine Learning"):
        match = n.normalise(text)
        assert match is not None
        assert (match.concept_id, match.method, match.confidence) == (ML, "exact", 1.0)


def test_alternative_label_is_exact_with_lower_confidence() -> None:
    match = normaliser().normalise("ml")
    assert match is not None
    assert (match.concept_id, match.confidence) == (ML, ALTERNATIVE_CONFIDENCE)


def test_accents_case_punctuation_and_plurals_are_ignored() -> None:
    n = normaliser()
    for text in ("BASES DE DATOS", "Base-de-datos.", "databases", "Ciberseguridad!"):
        match = n.normalise(text)
        assert match is not None, text
        assert match.method == "exact"
    assert n.normalise("Programación Orientada a Objetos") == n.normalise(
        "programacion orientada a objetos"
    )


def test_aliases_resolve_and_skip_concepts_missing_from_the_taxonomy() -> None:
    n = normaliser(threshold=0.99)
    for text, expected in (("K8S", K8S), ("bd", DB), ("POO", OOP)):
        match = n.normalise(text)
        assert match is not None
        assert (match.concept_id, match.method, match.confidence) == (
            expected,
            "alias",
            ALIAS_CONFIDENCE,
        )
    assert n.normalise("IA") is None


def test_embedding_fallback_above_threshold_only() -> None:
    typo = "aprendizaje automatco"
    match = normaliser(threshold=0.5).normalise(typo)
    assert match is not None
    assert match.concept_id == ML
    assert match.method == "embedding"
    assert 0.5 <= match.confidence < 1.0
    assert normaliser(threshold=0.99).normalise(typo) is None


def test_without_encoder_unknown_text_is_none() -> None:
    assert Normaliser(TAXONOMY, aliases=ALIASES).normalise("aprendizaje automatco") is None


def test_normalise_many_encodes_labels_once_and_misses_in_one_batch() -> None:
    encoder = TrigramEncoder()
    n = Normaliser(TAXONOMY, encoder, threshold=0.5, aliases=ALIASES)
    texts = ["database", "kubrnetes", "ciberseguridat", "", "ML"]
    results = n.normalise_many(texts)
    assert [r.concept_id if r else None for r in results] == [DB, K8S, CYBER, None, ML]
    label_count = len({(s.id, label) for s in SKILLS for label in (s.label_es, s.label_en)})
    assert encoder.calls == [label_count, 2]
    n.normalise_many(["kubrnetes"])
    assert encoder.calls == [label_count, 2, 1]


def test_embedding_concepts_restricts_the_dense_index() -> None:
    n = Normaliser(TAXONOMY, TrigramEncoder(), threshold=0.3, aliases={}, embedding_concepts=[DB])
    match = n.normalise("kubrnetes")
    assert match is None or match.concept_id == DB


def test_titles_match_gendered_forms_alternatives_and_seniority() -> None:
    n = normaliser()
    for text in (
        "Desarrolladora de Software",
        "software developer Sr.",
        "Programador Jr",
    ):
        match = n.normalise_title(text)
        assert match is not None, text
        assert match.concept_id == DEV
        assert match.method == "exact"
    fuzzy = n.normalise_title("analistas de dato")
    assert fuzzy is not None
    assert fuzzy.concept_id == ANALYST
    assert n.normalise_title("zzz qqq") is None
    assert title_key("Senior Data Analyst II") == title_key("data analyst")


def test_extract_finds_longest_phrases_without_overlap() -> None:
    n = normaliser()
    found = n.extract(
        "Buscamos bases de datos, machine learning, K8s y ML; deseable ciberseguridad."
    )
    # "ML" is below the extraction length floor; "machine learning" is found instead.
    assert [m.concept_id for m in found] == [DB, ML, K8S, CYBER]
    assert normaliser().extract("ML y R") == []
    assert n.extract("la de el y") == []


label_texts = st.sampled_from(
    [label for skill in SKILLS for label in (skill.label_es, skill.label_en)]
)


@given(label_texts, st.sampled_from([str.upper, str.lower, str.title, lambda s: s]))
def test_case_and_accent_insensitive(label: str, transform: object) -> None:
    n = NORMALISER_NO_ENCODER
    assert callable(transform)
    variant = transform(label)
    stripped = fold(variant)
    assert n.normalise(variant) == n.normalise(label) == n.normalise(stripped)


@given(st.sampled_from(SKILLS))
def test_preferred_label_is_idempotent(skill: SkillConcept) -> None:
    for label in (skill.label_es, skill.label_en):
        match = NORMALISER_NO_ENCODER.normalise(label)
        assert match is not None
        assert match.concept_id == skill.id
        assert match.confidence == 1.0
        again = NORMALISER_NO_ENCODER.normalise(match.label_es)
        assert again == match


@given(st.text(max_size=30))
def test_any_text_yields_a_valid_match_or_none(text: str) -> None:
    match = NORMALISER_WITH_ENCODER.normalise(text)
    if match is not None:
        assert 0.0 <= match.confidence <= 1.0
        assert match.concept_id in TAXONOMY.skills


NORMALISER_NO_ENCODER = Normaliser(TAXONOMY, aliases=ALIASES)
NORMALISER_WITH_ENCODER = Normaliser(TAXONOMY, TrigramEncoder(), threshold=0.5, aliases=ALIASES)
