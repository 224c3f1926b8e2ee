"""The standard comparison: baselines, fusion variants and the complete matcher.

``vincula evaluate`` runs this, so the table in the notes and the one an
operator prints are the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from matching.cache import CachedEncoder, InMemoryVectorCache
from matching.crosswalk import default_crosswalk
from matching.encoder import Encoder, SentenceTransformerEncoder
from matching.evaluation.cases import VacancyLanguage, build_cases
from matching.evaluation.harness import EvaluationReport, RankerResult, run_evaluation
from matching.evaluation.matcher_ranker import MatcherRanker
from matching.evaluation.rankers import (
    EmbeddingRanker,
    FusionRanker,
    NormalisedRanker,
    Ranker,
    TfidfRanker,
)
from matching.evaluation.tuning import TuningResult, tune_weights
from matching.matcher import Matcher
from matching.normaliser import Normaliser
from matching.scoring import ScoringWeights
from matching.taxonomy import load_taxonomy

LANGUAGES: tuple[VacancyLanguage, ...] = ("es", "en")
FULL_MATCHER = "matcher completo"
TUNED_MATCHER = "matcher completo (pesos ajustados)"
# Seed of the tuning cases; they come from other occupations than the reported ones.
TUNING_SEED = 7

# The matcher's own default; tuning retrieves every document instead, so the
# weights tried change only the scores, never which documents are scored.
DEFAULT_RETRIEVAL_DEPTH = 200

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def cached_sentence_encoder(model: str = "") -> Encoder:
    """The configured sentence model (empty: the packaged one) behind a memory cache."""
    return CachedEncoder(SentenceTransformerEncoder(model or None), InMemoryVectorCache(50_000))


def full_matcher(
    encoder: Encoder,
    normaliser: Normaliser,
    weights: ScoringWeights | None = None,
    *,
    retrieval_depth: int = DEFAULT_RETRIEVAL_DEPTH,
) -> Matcher:
    """The matcher workers run: ESCO normaliser, crosswalk, dense + lexical fused."""
    return Matcher(
        encoder,
        normaliser=normaliser,
        crosswalk=default_crosswalk(),
        weights=weights,
        retrieval_depth=retrieval_depth,
    )


def standard_rankers(
    normaliser: Normaliser,
    encoder: Encoder,
    *,
    language: VacancyLanguage,
    tuned: ScoringWeights | None = None,
) -> dict[str, Ranker]:
    """Every ranker of the comparison, for vacancies written in ``language``."""
    tfidf = TfidfRanker()
    dense = EmbeddingRanker(encoder)
    rankers: dict[str, Ranker] = {
        "tfidf char 3-5": tfidf,
        "embedding MiniLM": dense,
        "tfidf + embedding": FusionRanker([(tfidf, 0.5), (dense, 0.5)]),
        "conceptos ESCO": NormalisedRanker(
            normaliser, None, concept_weight=1.0, dense_weight=0.0, lexical_weight=0.0
        ),
        "conceptos + tfidf": NormalisedRanker(
            normaliser, None, concept_weight=0.5, dense_weight=0.0, lexical_weight=0.5
        ),
        "conceptos + embedding + tfidf": NormalisedRanker(normaliser, encoder),
        FULL_MATCHER: MatcherRanker(
            full_matcher(encoder, normaliser), normaliser, language=language
        ),
    }
    if tuned is not None:
        rankers[TUNED_MATCHER] = MatcherRanker(
            full_matcher(encoder, normaliser, tuned), normaliser, language=language
        )
    return rankers


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """The report on the reported cases and, when asked, the tuning that fed it."""

    report: EvaluationReport
    tuning: TuningResult | None


def run_suite(
    reference_data_dir: Path,
    *,
    model: str = "",
    cases: int,
    seed: int,
    tune: bool = True,
    encoder: Encoder | None = None,
    cache_dir: Path | None = None,
    progress: Progress = _quiet,
) -> SuiteResult:
    """Build the cases, tune on the tuning split if asked, compare every ranker."""
    progress("cargando taxonomía ESCO/O*NET…")
    taxonomy = load_taxonomy(reference_data_dir, cache_dir=cache_dir)
    normaliser = Normaliser(taxonomy)
    progress("cargando modelo de texto…")
    text_encoder = encoder or cached_sentence_encoder(model)
    tuning: TuningResult | None = None
    if tune:
        tuning_sets = []
        for lang in LANGUAGES:
            tuning_cases = build_cases(
                taxonomy, count=cases, seed=TUNING_SEED, vacancy_language=lang, split="tuning"
            )
            depth = max(DEFAULT_RETRIEVAL_DEPTH, len(tuning_cases.documents))
            matcher = full_matcher(text_encoder, normaliser, retrieval_depth=depth)
            tuning_sets.append((MatcherRanker(matcher, normaliser, language=lang), tuning_cases))
        tuning = tune_weights(tuning_sets, progress=progress)
        progress(
            f"ajuste: nDCG {tuning.default_ndcg:.3f} → {tuning.ndcg:.3f} "
            f"con {tuning.weights.as_dict()}"
        )
    results: list[RankerResult] = []
    k = 10
    for lang in LANGUAGES:
        case_set = build_cases(taxonomy, count=cases, seed=seed, vacancy_language=lang)
        rankers = standard_rankers(
            normaliser,
            text_encoder,
            language=lang,
            tuned=tuning.weights if tuning is not None else None,
        )
        report = run_evaluation(case_set, rankers, progress=progress)
        k = report.k
        results.extend(report.results)
    return SuiteResult(EvaluationReport(k=k, results=tuple(results)), tuning)
