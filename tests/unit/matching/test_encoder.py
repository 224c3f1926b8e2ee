"""Encoders, the vector cache and the packaged model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.cache import CachedEncoder, InMemoryVectorCache, cache_key
from matching.encoder import HashingEncoder, Matrix, default_model_path, l2_normalise


class CountingEncoder:
    """Records every batch it is asked to encode."""

    name = "counting"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self._inner = HashingEncoder(64)

    def encode(self, texts: Sequence[str]) -> Matrix:
        self.batches.append(list(texts))
        return self._inner.encode(texts)


@given(st.lists(st.text(max_size=40), max_size=6))
def test_hashing_rows_are_unit_or_zero_and_deterministic(texts: list[str]) -> None:
    enc = HashingEncoder(128)
    a = enc.encode(texts)
    b = HashingEncoder(128).encode(texts)
    assert a.shape == (len(texts), 128)
    assert a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    norms = np.linalg.norm(a, axis=1)
    assert np.all((np.abs(norms - 1.0) < 1e-5) | (norms == 0.0))


def test_hashing_is_accent_and_case_insensitive_and_lexical() -> None:
    enc = HashingEncoder(512)
    v = enc.encode(["Programación en Python", "programacion en PYTHON", "Soldadura de aluminio"])
    assert float(v[0] @ v[1]) == pytest.approx(1.0, abs=1e-5)
    assert float(v[0] @ v[2]) < 0.5


def test_l2_normalise_keeps_zero_rows() -> None:
    out = l2_normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]], atol=1e-6)


def test_cache_key_depends_on_model_and_text() -> None:
    assert cache_key("m1", "a") != cache_key("m2", "a")
    assert cache_key("m1", "a") != cache_key("m1", "b")
    # The separator keeps ("ab", "c") and ("a", "bc") apart.
    assert cache_key("ab", "c") != cache_key("a", "bc")


def test_cached_encoder_batches_only_misses_and_counts() -> None:
    inner = CountingEncoder()
    enc = CachedEncoder(inner, InMemoryVectorCache(10))
    first = enc.encode(["a", "b", "a"])
    assert inner.batches == [["a", "b"]]
    assert enc.stats() == {"hits": 1, "misses": 2}
    second = enc.encode(["b", "c"])
    assert inner.batches[-1] == ["c"]
    assert enc.stats() == {"hits": 2, "misses": 3}
    np.testing.assert_array_equal(first[1], second[0])
    np.testing.assert_array_equal(first[0], HashingEncoder(64).encode(["a"])[0])
    assert enc.encode([]).shape == (0, 64)


def test_lru_evicts_least_recently_used() -> None:
    cache = InMemoryVectorCache(2)
    v = np.ones(2, dtype=np.float32)
    cache.put_many({"a": v, "b": v})
    cache.get_many(["a"])
    cache.put_many({"c": v})
    assert set(cache.get_many(["a", "b", "c"])) == {"a", "c"}
    assert len(cache) == 2


def test_default_model_path_points_at_packaged_files() -> None:
    path = default_model_path()
    assert (path / "config.json").is_file()
    assert (path / "model.safetensors").is_file()


@pytest.mark.model
def test_real_model_pairs_spanish_profile_with_english_vacancy() -> None:
    from matching.encoder import SentenceTransformerEncoder

    enc = SentenceTransformerEncoder(batch_size=8)
    assert enc.name.startswith("all-MiniLM-L6-v2@")
    profile = (
        "Ingeniera de datos. Habilidades: Python, SQL, AWS, aprendizaje automático. "
        "Credenciales: AWS Certified Cloud Practitioner"
    )
    related = "Data engineer: build data pipelines in Python and SQL on AWS cloud, machine learning"
    unrelated = [
        "Aircraft maintenance technician for turbine engines and landing gear",
        "Pharmaceutical quality inspector for tablet packaging lines",
    ]
    v = enc.encode([profile, related, *unrelated])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    sims = v[1:] @ v[0]
    assert sims[0] > max(sims[1:]) + 0.1


@pytest.mark.model
def test_real_model_through_the_matcher_ranks_the_related_vacancy_first() -> None:
    from matching.cache import CachedEncoder, InMemoryVectorCache
    from matching.encoder import SentenceTransformerEncoder
    from matching.matcher import Matcher
    from tests.unit.matching.matching_engine_factories import candidate, opening

    enc = CachedEncoder(SentenceTransformerEncoder(batch_size=8), InMemoryVectorCache())
    matcher = Matcher(enc)
    graduate = candidate(
        skills=("Python", "SQL", "aprendizaje automático"),
        headline="Ingeniera de datos con experiencia en nube AWS",
    )
    related = opening(
        "related",
        title="Data engineer",
        required=("Python", "SQL", "machine learning"),
    )
    unrelated = [
        opening(
            "aero",
            title="Aircraft maintenance technician",
            required=("turbine engines",),
        ),
        opening("pharma", title="Pharmaceutical quality inspector", required=("GMP audits",)),
    ]
    ranked = matcher.vacancies_for(graduate, [*unrelated, related], k=3)
    assert ranked[0].vacancy_id == "related"
    sem = {m.vacancy_id: m.components["semantic"] for m in ranked}
    assert sem["related"] > max(sem["aero"], sem["pharma"])
    assert enc.stats()["misses"] == 4
