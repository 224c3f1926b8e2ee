"""Cases, rankers and the harness on a hand-made taxonomy."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from matching.evaluation import (
    EmbeddingRanker,
    FusionRanker,
    NormalisedRanker,
    Ranker,
    TfidfRanker,
    build_cases,
    rankings,
    render_markdown,
    run_evaluation,
)
from matching.evaluation.cases import EvaluationCases, eligible_occupations
from matching.evaluation.harness import score_cases
from matching.normaliser import Normaliser
from matching.taxonomy.model import Occupation, SkillConcept, Taxonomy
from matching.text import fold


class WordEncoder:
    """Hashed folded words, L2-normalised: deterministic and cheap."""

    name = "words-test"

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), 128), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in fold(text).split():
                out[row, hashlib.md5(word.encode()).digest()[0] % 128] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0.0] = 1.0
        return np.asarray(out / norms, dtype=np.float32)


WORDS = [
    ("soldar", "weld"),
    ("programar robots", "program robots"),
    ("redes neuronales", "neural networks"),
    ("bases de datos", "databases"),
    ("ciberseguridad", "cyber security"),
    ("diseño de circuitos", "circuit design"),
    ("computación en la nube", "cloud computing"),
    ("estadística", "statistics"),
    ("mecánica de fluidos", "fluid mechanics"),
    ("pruebas de software", "software testing"),
    ("telecomunicaciones", "telecommunications"),
    ("automatización", "automation"),
]
SKILLS = [SkillConcept(f"s{i}", es, en, digital=True) for i, (es, en) in enumerate(WORDS)]


def occupation(index: int, group: str, skills: list[int]) -> Occupation:
    es = " y ".join(WORDS[i][0] for i in skills)
    en = " and ".join(WORDS[i][1] for i in skills)
    return Occupation(
        f"o{index}",
        group,
        f"ocupación {index}",
        f"occupation {index}",
        description_es=f"Trabajan con {es}.",
        description_en=f"They work with {en}.",
        essential_skills=tuple(f"s{i}" for i in skills),
    )


OCCUPATIONS = [
    occupation(0, "2512", [0, 1, 2, 3]),
    occupation(1, "2512", [3, 4, 5, 6]),
    occupation(2, "3511", [6, 7, 8, 9]),
    occupation(3, "2153", [9, 10, 11, 0]),
    occupation(4, "9999", [1, 2, 3, 4]),  # outside the chosen ISCO groups
    occupation(5, "2511", [1, 2]),  # too few essential skills
]
TAXONOMY = Taxonomy(SKILLS, OCCUPATIONS)


def test_eligible_occupations_follow_isco_groups_and_skill_count() -> None:
    assert [o.id for o in eligible_occupations(TAXONOMY)] == ["o0", "o1", "o2", "o3"]


def test_cases_are_seeded_and_graded_by_occupation_and_group() -> None:
    cases = build_cases(TAXONOMY, count=4, seed=3)
    assert cases == build_cases(TAXONOMY, count=4, seed=3)
    assert cases.occupation_ids == ("o0", "o1", "o2", "o3")
    assert cases.grades[0] == {0: 2.0, 1: 1.0}
    assert cases.grades[2] == {2: 2.0}
    assert cases.relevant(1) == frozenset({1})
    for query, occupation_id in zip(cases.queries, cases.occupation_ids, strict=True):
        skill_labels = {
            TAXONOMY.skill(s).label_es for s in TAXONOMY.occupation(occupation_id).essential_skills
        }
        assert set(query.split(", ")) <= skill_labels
        assert len(query.split(", ")) >= 4
    english = build_cases(TAXONOMY, count=4, seed=3, vacancy_language="en")
    assert english.documents[0].startswith("They work with")
    assert len(build_cases(TAXONOMY, count=2, seed=1).queries) == 2


def test_rankings_break_ties_by_document_index() -> None:
    scores = np.array([[0.5, 0.9, 0.5, 0.1]])
    assert rankings(scores) == [[1, 0, 2, 3]]


def test_score_cases_rejects_a_wrong_shape() -> None:
    cases = build_cases(TAXONOMY, count=4, seed=3)
    with pytest.raises(ValueError, match="esperaba"):
        score_cases(cases, "x", np.zeros((2, 2)), k=10, seconds=0.0)


def test_perfect_and_reversed_rankers_bound_the_metrics() -> None:
    cases = EvaluationCases(
        "t",
        ("a", "b", "c"),
        ("a", "b", "c"),
        ({0: 2.0}, {1: 2.0}, {2: 2.0}),
        ("x", "y", "z"),
    )

    class Oracle:
        def rank(self, q: Sequence[str], d: Sequence[str]) -> npt.NDArray[np.float64]:
            return np.eye(len(q))

    class Worst:
        def rank(self, q: Sequence[str], d: Sequence[str]) -> npt.NDArray[np.float64]:
            return -np.eye(len(q))

    report = run_evaluation(cases, {"oracle": Oracle(), "worst": Worst()}, k=1)
    oracle, worst = report.results
    assert (oracle.recall_at_k, oracle.ndcg_at_k, oracle.mrr) == (1.0, 1.0, 1.0)
    assert (worst.recall_at_k, worst.ndcg_at_k) == (0.0, 0.0)
    assert worst.mrr == pytest.approx(1 / 3)
    assert report.best("t").ranker == "oracle"
    table = render_markdown(report)
    assert "| t | **oracle** | 3 | 3 | 1.000 | 1.000 | 1.000 |" in table


def test_every_ranker_finds_the_right_occupation_on_easy_cases() -> None:
    cases = build_cases(TAXONOMY, count=4, seed=3)
    normaliser = Normaliser(TAXONOMY, aliases={})
    encoder = WordEncoder()
    rankers: dict[str, Ranker] = {
        "tfidf": TfidfRanker(),
        "dense": EmbeddingRanker(encoder),
        "concepts": NormalisedRanker(normaliser, None, concept_weight=1.0, lexical_weight=0.0),
        "fusion": NormalisedRanker(normaliser, encoder),
        "tfidf+dense": FusionRanker([(TfidfRanker(), 0.5), (EmbeddingRanker(encoder), 0.5)]),
    }
    messages: list[str] = []
    report = run_evaluation(cases, rankers, k=1, progress=messages.append)
    assert len(messages) == len(rankers)
    for result in report.results:
        assert result.mrr > 0.7, result


def test_concept_scores_use_normalised_skills_not_surface_text() -> None:
    normaliser = Normaliser(TAXONOMY, aliases={})
    ranker = NormalisedRanker(normaliser, None)
    scores = ranker.concept_scores(
        ["Estadística, Bases de Datos"],
        ["Se usan databases y statistics.", "Soldar piezas."],
    )
    assert scores[0, 0] == pytest.approx(1.0)
    assert scores[0, 1] == 0.0


def test_evaluate_command_writes_table_and_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from matching.evaluation import suite
    from vincula.commands import matching as commands
    from vincula.settings import Settings

    monkeypatch.setattr(suite, "load_taxonomy", lambda *_a, **_k: TAXONOMY)
    monkeypatch.setattr(suite, "cached_sentence_encoder", lambda *_a: WordEncoder())
    parser = argparse.ArgumentParser()
    commands.register(parser.add_subparsers())
    arguments = parser.parse_args(["evaluate", "--cases", "4", "--seed", "1", "--threads", "1"])
    out, err = io.StringIO(), io.StringIO()
    assert arguments.run(arguments, Settings(), out=out, err=err) == 0
    table = out.getvalue()
    assert "| perfil es → vacante en |" in table
    assert "| perfil es → vacante es | matcher completo |" in table
    assert "matcher completo (pesos ajustados)" in table
    assert "This service uses the ESCO classification" in table
    assert "semilla 1;" in table
    assert "listo" in err.getvalue()
