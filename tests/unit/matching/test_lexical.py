"""Hashed character n-gram TF-IDF encoder and its IDF table."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.lexical import (
    IDF_BUCKETS,
    IdfTable,
    TfidfHashingEncoder,
    char_ngrams,
    packaged_idf,
)
from matching.lexical_build import taxonomy_corpus
from matching.matcher import Matcher
from matching.taxonomy.model import Occupation, SkillConcept, Taxonomy

CORPUS = (
    "gestión de redes informáticas",
    "gestión de proyectos",
    "gestión de bases de datos",
    "programación en Python",
    "administración de sistemas Linux",
)

texts = st.text(alphabet=st.sampled_from("abcdeñáéíóú +#PYTHONsql"), min_size=0, max_size=40)


def test_ngrams_are_folded_padded_and_short_words_kept_whole() -> None:
    grams = char_ngrams("Red IA")
    assert " red" in grams and "red " in grams and " red " in grams
    # A two-letter word padded to four characters yields its 3-grams and itself whole.
    assert " ia " in grams and " ia" in grams
    assert char_ngrams("Gestión") == char_ngrams("gestion")
    assert char_ngrams("") == []


def test_idf_is_lower_for_ngrams_in_more_documents() -> None:
    table = IdfTable.fit(CORPUS, source="prueba")
    encoder = TfidfHashingEncoder(table, dim=IDF_BUCKETS)
    common = encoder.encode(["gestión"])[0]
    rare = encoder.encode(["python"])[0]
    # Unit rows of one word each: the rarer word has the larger raw weights.
    raw_common = table.values[np.nonzero(np.abs(common) > 0)[0]].mean()
    raw_rare = table.values[np.nonzero(np.abs(rare) > 0)[0]].mean()
    assert raw_rare > raw_common
    assert table.documents == len(CORPUS)


def test_idf_table_round_trips_through_json() -> None:
    table = IdfTable.fit(CORPUS, source="prueba")
    again = IdfTable.from_json(table.to_json())
    np.testing.assert_array_equal(again.values, table.values)
    assert again.fingerprint() == table.fingerprint()
    assert (again.documents, again.source) == (len(CORPUS), "prueba")


def test_packaged_idf_is_fitted_and_attributed() -> None:
    table = packaged_idf()
    assert table.values.shape == (IDF_BUCKETS,)
    assert table.documents > 10_000
    assert "ESCO" in table.source
    assert float(table.values.min()) >= 1.0 - 1e-6
    assert float(table.values.max()) > 5.0


def test_tfidf_ranks_shared_rare_ngrams_above_shared_common_ones() -> None:
    encoder = TfidfHashingEncoder(IdfTable.fit(CORPUS * 3 + ("kubernetes",), source="x"))
    q, rare, common = encoder.encode(
        ["gestión de kubernetes", "kubernetes en la nube", "gestión de la nube"]
    )
    assert float(q @ rare) > float(q @ common)


@given(st.lists(texts, min_size=1, max_size=5))
@settings(max_examples=50, deadline=None)
def test_rows_are_unit_or_zero_and_deterministic(batch: list[str]) -> None:
    encoder = TfidfHashingEncoder(dim=256)
    first = encoder.encode(batch)
    norms = np.linalg.norm(first, axis=1)
    for text, norm in zip(batch, norms, strict=True):
        expected = 1.0 if char_ngrams(text) else 0.0
        assert norm == pytest.approx(expected, abs=1e-5)
    np.testing.assert_array_equal(first, TfidfHashingEncoder(dim=256).encode(batch))
    # A row does not depend on the other texts of the batch.
    np.testing.assert_array_equal(first[0], encoder.encode(batch[:1])[0])


def test_dim_must_divide_the_bucket_count() -> None:
    with pytest.raises(ValueError):
        TfidfHashingEncoder(dim=1000)
    assert TfidfHashingEncoder(dim=512).name != TfidfHashingEncoder(dim=1024).name


def test_taxonomy_corpus_holds_labels_and_descriptions_only() -> None:
    taxonomy = Taxonomy(
        [SkillConcept("s1", "redes", "networks", alt_es=("cableado",))],
        [
            Occupation(
                "o1",
                "2522",
                "administrador de redes",
                "network administrator",
                description_es="Mantiene redes.",
                description_en="",
                essential_skills=("s1",),
            )
        ],
    )
    corpus = taxonomy_corpus(taxonomy)
    assert corpus == ["redes", "networks", "administrador de redes", "network administrator",
                      "Mantiene redes."]  # fmt: skip


def test_matcher_uses_the_tfidf_encoder_by_default() -> None:
    class Dense:
        name = "dense"

        def encode(self, batch: list[str]) -> np.ndarray:
            return np.ones((len(batch), 4), dtype=np.float32) / 2.0

    matcher = Matcher(Dense())  # type: ignore[arg-type]
    assert "tfidf-char3-5" in matcher.encoder.name
    assert "tfidf-char3-5" in matcher.model_version
