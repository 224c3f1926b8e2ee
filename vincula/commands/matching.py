"""``vincula evaluate``, ``vincula train``, ``vincula precision``, ``vincula bench-matching``."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from vincula.settings import Settings

DEFAULT_CASES = 250
DEFAULT_SEED = 20260101


def register(commands: Any) -> None:
    """Add the matching commands."""
    evaluate = commands.add_parser(
        "evaluate", help="compare the matcher with baselines on ESCO-built cases"
    )
    evaluate.add_argument("--cases", type=int, default=DEFAULT_CASES)
    evaluate.add_argument("--seed", type=int, default=DEFAULT_SEED)
    evaluate.add_argument("--threads", type=int, default=2)
    evaluate.add_argument("--no-tuning", action="store_true", help="skip the tuned-weights row")
    evaluate.set_defaults(run=evaluate_command)

    train = commands.add_parser(
        "train", help="train the placement model on stored matches and outcomes"
    )
    train.add_argument(
        "--min-outcomes",
        type=int,
        default=None,
        help="labelled matches needed (default: VINCULA_MIN_OUTCOMES_FOR_MODEL)",
    )
    train.add_argument("--seed", type=int, default=0)
    train.set_defaults(run=train_command)

    precision = commands.add_parser(
        "precision", help="float32 vs float16 vs int8 storage of matcher vectors"
    )
    precision.add_argument("--cases", type=int, default=DEFAULT_CASES)
    precision.add_argument("--seed", type=int, default=DEFAULT_SEED)
    precision.add_argument("--threads", type=int, default=2)
    precision.set_defaults(run=precision_command)

    bench = commands.add_parser(
        "bench-matching", help="time retrieval, allocation and the matcher path"
    )
    bench.add_argument("--candidates", type=int, default=100_000)
    bench.add_argument("--queries", type=int, default=200)
    bench.set_defaults(run=bench_command)


def evaluate_command(
    arguments: argparse.Namespace,
    settings: Settings,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the evaluation table (progress on stderr)."""
    from matching.evaluation.__main__ import evaluate

    return evaluate(
        settings.reference_data_dir,
        model=settings.embedding_model,
        cases=arguments.cases,
        seed=arguments.seed,
        tune=not arguments.no_tuning,
        out=out or sys.stdout,
        err=err or sys.stderr,
        threads=arguments.threads,
    )


def train_command(
    arguments: argparse.Namespace, settings: Settings, *, out: TextIO | None = None
) -> int:
    """Train on stored outcomes, print AUC and calibration, store the model."""
    import psycopg

    from matching.learning import train_placement_model
    from matching.training import (
        build_examples,
        latest_outcome_time,
        render_training,
        require_enough,
        training_metrics,
    )
    from models.placement_models import save_model, training_records
    from vincula.local.postgres import database_url

    stream = out or sys.stdout
    minimum = (
        settings.min_outcomes_for_model
        if arguments.min_outcomes is None
        else arguments.min_outcomes
    )
    with (
        database_url(settings) as url,
        psycopg.connect(url, autocommit=True) as connection,
    ):
        records = training_records(connection)
        as_of = latest_outcome_time(records)
        examples = [] if as_of is None else build_examples(records, as_of=as_of)
        require_enough(examples, minimum)
        assert as_of is not None  # require_enough refused an empty set
        result = train_placement_model(examples, seed=arguments.seed)
        stream.write(render_training(result, as_of=as_of))
        stored = save_model(
            connection,
            model=result.model,
            trained_at=as_of,
            metrics=training_metrics(result, as_of=as_of, examples=examples),
        )
    state = "guardado" if stored else "ya estaba guardado"
    stream.write(f"\nmodelo {result.model.version} {state}\n")
    return 0


def precision_command(
    arguments: argparse.Namespace, settings: Settings, *, out: TextIO | None = None
) -> int:
    """Print the storage precision study."""
    from matching.precision import main as precision_main

    return precision_main(
        [
            "--reference-data",
            str(settings.reference_data_dir),
            "--model",
            settings.embedding_model,
            "--cases",
            str(arguments.cases),
            "--seed",
            str(arguments.seed),
            "--threads",
            str(arguments.threads),
        ],
        out=out,
    )


def bench_command(
    arguments: argparse.Namespace, settings: Settings, *, out: TextIO | None = None
) -> int:
    """Print the retrieval, allocation and matcher timings."""
    from matching.benchmark import main as bench_main

    return bench_main(
        ["--candidates", str(arguments.candidates), "--queries", str(arguments.queries)],
        out=out,
    )
