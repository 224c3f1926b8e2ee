"""``vincula evaluate``, ``train``, ``precision``, ``bench-matching`` and ``lexical-idf``.

These are the only command lines of the matching tools: ``matching/`` keeps
the pure functions, this module parses the flags, caps torch's threads and
prints progress on stderr and results on stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from vincula.settings import Settings

DEFAULT_CASES = 250
DEFAULT_SEED = 20260101


def register(commands: Any) -> None:
    """Add the matching commands."""
    evaluate = commands.add_parser(
        "evaluate", help="comparar el matcher con rankers de referencia en casos ESCO"
    )
    _study_arguments(evaluate)
    evaluate.add_argument("--no-tuning", action="store_true", help="sin la fila de pesos ajustados")
    evaluate.add_argument(
        "--cache-dir", type=Path, default=None, help="caché de la taxonomía ya leída"
    )
    evaluate.set_defaults(run=evaluate_command)

    train = commands.add_parser(
        "train", help="entrenar el modelo de colocación con los resultados guardados"
    )
    train.add_argument(
        "--min-outcomes",
        type=int,
        default=None,
        help="emparejamientos con resultado necesarios (por omisión: "
        "VINCULA_MIN_OUTCOMES_FOR_MODEL)",
    )
    train.add_argument("--seed", type=int, default=0, help="semilla del entrenamiento")
    train.set_defaults(run=train_command)

    precision = commands.add_parser(
        "precision", help="float32, float16 o int8 para guardar los vectores del matcher"
    )
    _study_arguments(precision)
    precision.add_argument(
        "--pool", type=int, default=1000, help="vacantes de reserva para el acuerdo top-10"
    )
    precision.set_defaults(run=precision_command)

    _register_bench(commands)

    idf = commands.add_parser(
        "lexical-idf", help="reajustar la tabla IDF léxica empaquetada con etiquetas ESCO"
    )
    idf.add_argument(
        "--output", type=Path, default=None, help="archivo de salida (por omisión: el empaquetado)"
    )
    idf.set_defaults(run=lexical_idf_command)


def _study_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cases", type=int, default=DEFAULT_CASES, help="casos etiquetados por idioma"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="semilla de los casos")
    parser.add_argument("--threads", type=int, default=2, help="hilos de torch")


def _register_bench(commands: Any) -> None:
    bench = commands.add_parser(
        "bench-matching", help="medir la recuperación, la asignación y el matcher completo"
    )
    sizes = (
        ("--candidates", 100_000, "candidatos en el índice de recuperación"),
        ("--dim", 384, "dimensiones de los vectores sintéticos"),
        ("--queries", 200, "consultas por medición"),
        ("--k", 50, "resultados por consulta"),
        ("--graduates", 2000, "egresados en la asignación"),
        ("--vacancies", 200, "vacantes en la asignación"),
        ("--edges", 50, "aristas candidatas por vacante"),
        ("--matcher-candidates", 20_000, "candidatos indexados por el matcher"),
    )
    for flag, default, text in sizes:
        bench.add_argument(flag, type=int, default=default, help=f"{text} ({default})")
    bench.set_defaults(run=bench_command)


def _progress(err: TextIO) -> Callable[[str], None]:
    started = time.perf_counter()

    def progress(message: str) -> None:
        err.write(f"[{time.perf_counter() - started:6.1f} s] {message}\n")
        err.flush()

    return progress


def _study(
    arguments: argparse.Namespace, out: TextIO | None, err: TextIO | None
) -> tuple[TextIO, float, Callable[[str], None]]:
    """Where a study prints, when it started and its progress reporter; torch threads capped."""
    _cap_threads(arguments.threads)
    return out or sys.stdout, time.perf_counter(), _progress(err or sys.stderr)


def _cap_threads(threads: int) -> None:
    import torch  # heavy; only these commands need it, to cap its threads

    torch.set_num_threads(threads)


def evaluate_command(
    arguments: argparse.Namespace,
    settings: Settings,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the evaluation table (progress on stderr)."""
    from matching.evaluation.report import render_markdown, render_tuning
    from matching.evaluation.suite import run_suite
    from matching.taxonomy import ATTRIBUTIONS

    stream, started, progress = _study(arguments, out, err)
    result = run_suite(
        settings.reference_data_dir,
        model=settings.embedding_model,
        cases=arguments.cases,
        seed=arguments.seed,
        tune=not arguments.no_tuning,
        cache_dir=arguments.cache_dir,
        progress=progress,
    )
    progress("listo")
    stream.write(render_markdown(result.report))
    if result.tuning is not None:
        tuning = result.tuning
        stream.write("\n")
        stream.write(render_tuning(tuning.weights.as_dict(), tuning.default_ndcg, tuning.ndcg))
    stream.write(f"\nsemilla {arguments.seed}; {time.perf_counter() - started:.1f} s en total\n\n")
    stream.write("\n".join(ATTRIBUTIONS) + "\n")
    return 0


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
    arguments: argparse.Namespace,
    settings: Settings,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the storage precision study (progress on stderr)."""
    from matching.evaluation.suite import cached_sentence_encoder
    from matching.precision import render, run_study

    stream, started, progress = _study(arguments, out, err)
    rows, dimensions = run_study(
        settings.reference_data_dir,
        encoder=cached_sentence_encoder(settings.embedding_model),
        cases=arguments.cases,
        seed=arguments.seed,
        pool=arguments.pool,
        progress=progress,
    )
    stream.write(render(rows, dimensions))
    stream.write(f"\nsemilla {arguments.seed}; {time.perf_counter() - started:.1f} s en total\n")
    return 0


def bench_command(
    arguments: argparse.Namespace, settings: Settings, *, out: TextIO | None = None
) -> int:
    """Print the retrieval, allocation and matcher timings, one line per measurement."""
    from matching.benchmark import bench_allocation, bench_matcher, bench_retrieval

    stream = out or sys.stdout
    bench_retrieval(arguments.candidates, arguments.dim, arguments.queries, arguments.k, stream)
    bench_allocation(arguments.graduates, arguments.vacancies, arguments.edges, stream)
    bench_matcher(arguments.matcher_candidates, min(arguments.queries, 50), 10, stream)
    return 0


def lexical_idf_command(
    arguments: argparse.Namespace, settings: Settings, *, out: TextIO | None = None
) -> int:
    """Fit the lexical IDF table on ESCO and write it (by default where the package reads it)."""
    from matching.lexical_build import fit_taxonomy_idf, packaged_idf_path
    from matching.taxonomy import load_taxonomy

    output: Path = arguments.output or packaged_idf_path()
    table = fit_taxonomy_idf(load_taxonomy(settings.reference_data_dir))
    output.write_text(table.to_json() + "\n", encoding="utf-8")
    stream = out or sys.stdout
    stream.write(f"{output}: {table.documents} textos, huella {table.fingerprint()}\n")
    return 0
