"""``python -m matching.evaluation``: compare rankers on ESCO-built cases."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from matching.evaluation.report import render_markdown, render_tuning
from matching.evaluation.suite import run_suite
from matching.taxonomy import ATTRIBUTIONS, default_reference_data_dir

DEFAULT_CASES = 250
DEFAULT_SEED = 20260101


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching.evaluation",
        description="Compara rankers con casos etiquetados a partir de ESCO.",
    )
    parser.add_argument("--reference-data", type=Path, default=default_reference_data_dir())
    parser.add_argument("--model", default="", help="modelo local; vacío: el empaquetado")
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-tuning", action="store_true", help="sin la fila de pesos ajustados")
    return parser


def evaluate(
    reference_data_dir: Path,
    *,
    model: str,
    cases: int,
    seed: int,
    tune: bool,
    out: TextIO,
    err: TextIO,
    threads: int = 2,
    cache_dir: Path | None = None,
) -> int:
    """Run the comparison; the table goes to ``out``, progress to ``err``."""
    started = time.perf_counter()

    def progress(message: str) -> None:
        err.write(f"[{time.perf_counter() - started:6.1f} s] {message}\n")
        err.flush()

    import torch  # heavy; only the entry points need it, to cap its threads

    torch.set_num_threads(threads)
    result = run_suite(
        reference_data_dir,
        model=model,
        cases=cases,
        seed=seed,
        tune=tune,
        cache_dir=cache_dir,
        progress=progress,
    )
    progress("listo")
    out.write(render_markdown(result.report))
    if result.tuning is not None:
        tuning = result.tuning
        out.write("\n")
        out.write(render_tuning(tuning.weights.as_dict(), tuning.default_ndcg, tuning.ndcg))
    out.write(f"\nsemilla {seed}; {time.perf_counter() - started:.1f} s en total\n\n")
    out.write("\n".join(ATTRIBUTIONS) + "\n")
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the evaluation; the Markdown table goes to ``out`` (default stdout)."""
    args = _parser().parse_args(argv)
    return evaluate(
        args.reference_data,
        model=args.model,
        cases=args.cases,
        seed=args.seed,
        tune=not args.no_tuning,
        out=out or sys.stdout,
        err=err or sys.stderr,
        threads=args.threads,
        cache_dir=args.cache_dir,
    )


if __name__ == "__main__":
    raise SystemExit(main())
