"""``python -m matching.evaluation``: compare rankers on ESCO-built cases, print a table."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from matching.evaluation.cases import build_cases, eligible_occupations
from matching.evaluation.harness import run_evaluation
from matching.evaluation.model import PackagedSentenceEncoder
from matching.evaluation.rankers import (
    EmbeddingRanker,
    FusionRanker,
    NormalisedRanker,
    Ranker,
    TfidfRanker,
)
from matching.evaluation.report import render_markdown
from matching.normaliser import Normaliser
from matching.taxonomy import ATTRIBUTIONS, default_reference_data_dir, load_taxonomy

DEFAULT_CASES = 250
DEFAULT_SEED = 20260101


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching.evaluation",
        description="Compara rankers con casos etiquetados construidos a partir de ESCO.",
    )
    parser.add_argument(
        "--reference-data", type=Path, default=default_reference_data_dir()
    )
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    return parser


def _rankers(
    normaliser: Normaliser, encoder: PackagedSentenceEncoder
) -> dict[str, Ranker]:
    tfidf = TfidfRanker()
    dense = EmbeddingRanker(encoder)
    return {
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
    }


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the evaluation and write the Markdown table to ``out`` (stdout by default)."""
    stdout = out or sys.stdout
    stderr = err or sys.stderr
    args = _parser().parse_args(argv)
    started = time.perf_counter()

    def progress(message: str) -> None:
        stderr.write(f"[{time.perf_counter() - started:6.1f} s] {message}\n")
        stderr.flush()

    import torch  # heavy; only the entry point needs it, to cap its threads

    torch.set_num_threads(args.threads)
    progress("cargando taxonomía ESCO/O*NET…")
    taxonomy = load_taxonomy(args.reference_data, cache_dir=args.cache_dir)
    progress(
        f"{len(eligible_occupations(taxonomy))} ocupaciones elegibles; cargando modelo…"
    )
    encoder = PackagedSentenceEncoder()
    normaliser = Normaliser(taxonomy)
    case_sets = [
        build_cases(
            taxonomy, count=args.cases, seed=args.seed, vacancy_language=language
        )
        for language in ("es", "en")
    ]
    report = run_evaluation(case_sets, _rankers(normaliser, encoder), progress=progress)
    progress("listo")
    stdout.write(render_markdown(report))
    stdout.write(
        f"\nsemilla {args.seed}; {time.perf_counter() - started:.1f} s en total\n\n"
    )
    stdout.write("\n".join(ATTRIBUTIONS) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
