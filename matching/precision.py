"""Storage precision of the fused vectors: float32, float16 or int8 with a per-vector scale.

``vincula precision`` measures, on the
ESCO-built cases, how much each precision changes retrieval (overlap of the
top 10 with float32's over a pool of vacancy descriptions) and the ranking
metrics of the full matcher, and what 100,000 vectors cost in memory.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matching.encoder import Encoder, Matrix

INT8_LEVELS = 127
MEMORY_VECTORS = 100_000


class Precision(StrEnum):
    """How the index keeps its vectors."""

    FLOAT32 = "float32"
    FLOAT16 = "float16"
    INT8 = "int8"


def quantise_int8(matrix: Matrix) -> tuple[npt.NDArray[np.int8], Matrix]:
    """Symmetric int8 codes per row and each row's scale (max |value| / 127)."""
    # In float64: a float32 row of subnormal values would otherwise get a subnormal scale,
    # too coarse to map its largest value to exactly ±127.
    rows = np.asarray(matrix, dtype=np.float64)
    scales = np.abs(rows).max(axis=1, keepdims=True) / INT8_LEVELS
    safe = np.where(scales == 0.0, 1.0, scales)
    codes = np.clip(np.rint(rows / safe), -INT8_LEVELS, INT8_LEVELS).astype(np.int8)
    return codes, scales.reshape(-1).astype(np.float32)


def dequantise_int8(codes: npt.NDArray[np.int8], scales: Matrix) -> Matrix:
    """Float32 rows back from int8 codes and their scales."""
    out: Matrix = codes.astype(np.float32) * scales.reshape(-1, 1).astype(np.float32)
    return out


def round_trip(precision: Precision) -> Callable[[Matrix], Matrix]:
    """Store-then-read of a matrix at ``precision``, as float32 rows again."""

    def apply(matrix: Matrix) -> Matrix:
        rows = np.asarray(matrix, dtype=np.float32)
        if precision is Precision.FLOAT16:
            return rows.astype(np.float16).astype(np.float32)
        if precision is Precision.INT8:
            return dequantise_int8(*quantise_int8(rows))
        return rows

    return apply


def bytes_per_vector(precision: Precision, dimensions: int) -> int:
    """Stored bytes of one vector (int8 adds its float32 scale)."""
    if precision is Precision.FLOAT32:
        return 4 * dimensions
    if precision is Precision.FLOAT16:
        return 2 * dimensions
    return dimensions + 4


def top_k_rows(queries: Matrix, rows: Matrix, k: int) -> list[list[int]]:
    """Indices of the k rows with the highest dot product per query; ties by index."""
    scores = queries @ rows.T
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return [[int(i) for i in row] for row in order]


def agreement_at_k(queries: Matrix, rows: Matrix, stored: Matrix, k: int = 10) -> float:
    """Mean share of float32's top k that the stored rows' top k also returns."""
    if queries.shape[0] == 0:
        return 1.0
    exact = top_k_rows(queries, rows, k)
    approx = top_k_rows(queries, stored, k)
    shares = [
        len(set(a) & set(b)) / min(k, rows.shape[0]) for a, b in zip(exact, approx, strict=True)
    ]
    return float(np.mean(shares))


@dataclass(frozen=True, slots=True)
class PrecisionRow:
    """One precision on one case set."""

    cases: str
    precision: Precision
    agreement: float
    pool: int
    recall: float
    ndcg: float
    mrr: float
    megabytes: float


def render(rows: Sequence[PrecisionRow], dimensions: int, k: int = 10) -> str:
    """The study as a Markdown table."""
    lines = [
        f"| casos | precisión | acuerdo top-{k} (reserva) | recall@{k} | "
        f"nDCG@{k} | MRR | MB por 100k vectores de {dimensions} dim |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.cases} | {r.precision.value} | {r.agreement:.3f} ({r.pool}) "
            f"| {r.recall:.3f} | {r.ndcg:.3f} | {r.mrr:.3f} | {r.megabytes:.1f} |"
        )
    return "\n".join(lines) + "\n"


def run_study(
    reference_data_dir: Path,
    *,
    encoder: Encoder,
    cases: int,
    seed: int,
    pool: int,
    progress: Callable[[str], None],
) -> tuple[list[PrecisionRow], int]:
    """Every precision on both case sets; also returns the fused vector width."""
    from matching.evaluation.cases import build_cases
    from matching.evaluation.harness import score_cases
    from matching.evaluation.matcher_ranker import MatcherRanker, profile_candidate
    from matching.evaluation.suite import LANGUAGES, full_matcher
    from matching.normaliser import Normaliser
    from matching.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(reference_data_dir)
    normaliser = Normaliser(taxonomy)
    matcher = full_matcher(encoder, normaliser)
    described = sorted(
        (o for o in taxonomy.occupations.values() if o.description_es and o.description_en),
        key=lambda o: o.id,
    )
    sample = random.Random(seed).sample(described, min(pool, len(described)))
    out: list[PrecisionRow] = []
    dimensions = 0
    for lang in LANGUAGES:
        case_set = build_cases(taxonomy, count=cases, seed=seed, vacancy_language=lang)
        texts = [o.description_es if lang == "es" else o.description_en for o in sample]
        progress(f"{case_set.name}: vectores de {len(texts)} vacantes de reserva…")
        plain = MatcherRanker(matcher, normaliser, language=lang)
        doc_vectors = matcher.encode_openings(plain.openings(texts))
        query_vectors = matcher.encode_candidates(
            [profile_candidate(f"q{i}", q) for i, q in enumerate(case_set.queries)]
        )
        dimensions = int(doc_vectors.shape[1])
        for precision in Precision:
            progress(f"{case_set.name}: {precision.value}…")
            storage = round_trip(precision)
            agreement = agreement_at_k(query_vectors, doc_vectors, storage(doc_vectors))
            ranker = MatcherRanker(matcher, normaliser, language=lang, storage=storage)
            scores = ranker.rank(case_set.queries, case_set.documents)
            result = score_cases(case_set, precision.value, scores, k=10, seconds=0.0)
            out.append(
                PrecisionRow(
                    cases=case_set.name,
                    precision=precision,
                    agreement=agreement,
                    pool=len(texts),
                    recall=result.recall_at_k,
                    ndcg=result.ndcg_at_k,
                    mrr=result.mrr,
                    megabytes=bytes_per_vector(precision, dimensions) * MEMORY_VECTORS / 1e6,
                )
            )
    return out, dimensions
