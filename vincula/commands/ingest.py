"""``vincula ingest``: load a cohort file, or write a synthetic one for demos."""

from __future__ import annotations

import argparse
import csv
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from streams.ingest.cohort import CohortFormat
from streams.ingest.errors import IngestError
from streams.ingest.issuers import load_issuers
from streams.ingest.service import (
    ContactStore,
    EventSink,
    IngestReport,
    Progress,
    ProgressCallback,
    ingest_cohort,
    summary_es,
)
from vincula.ingest_backends import LiveBackends
from vincula.settings import Settings
from vincula.synthetic.cohorts import write_cohort_csv, write_cohort_jsonl

ERROR_COLUMNS = ("línea", "campo", "motivo")


def register(commands: Any) -> None:
    """Add the ``ingest`` command group."""
    parser = commands.add_parser("ingest", help="cargar cohortes de egresados")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
    cohort = actions.add_parser("cohort", help="cargar un archivo de cohorte (CSV o JSONL)")
    cohort.add_argument("file", type=Path, help="archivo .csv o .jsonl")
    cohort.add_argument(
        "--format",
        choices=["csv", "jsonl"],
        default=None,
        dest="fmt",
        help="formato (por omisión: según la extensión)",
    )
    cohort.add_argument(
        "--dry-run", action="store_true", help="solo validar: no guarda ni publica nada"
    )
    cohort.add_argument(
        "--errors-out", type=Path, default=None, help="CSV con las filas rechazadas"
    )
    cohort.add_argument("--no-progress", action="store_true", help="sin barra de progreso")
    cohort.set_defaults(run=cohort_command)

    demo = actions.add_parser("demo-cohort", help="escribir una cohorte sintética")
    demo.add_argument("out", type=Path, help="archivo de salida")
    demo.add_argument("--rows", type=int, default=1000, help="filas (1000)")
    demo.add_argument(
        "--bad-fraction", type=float, default=0.03, help="fracción de filas con errores (0.03)"
    )
    demo.add_argument("--seed", type=int, default=0, help="semilla (0)")
    demo.add_argument(
        "--format",
        choices=["csv", "jsonl"],
        default=None,
        dest="fmt",
        help="formato (por omisión: según la extensión)",
    )
    demo.set_defaults(run=demo_cohort_command)


def write_errors_csv(report: IngestReport, stream: TextIO) -> None:
    """Write every rejected-row problem as CSV (línea, campo, motivo)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(ERROR_COLUMNS)
    for error in report.errors:
        writer.writerow((error.line, error.field, error.reason))


def run_cohort(
    path: Path,
    settings: Settings,
    *,
    fmt: CohortFormat | None = None,
    dry_run: bool = False,
    errors_out: Path | None = None,
    out: TextIO | None = None,
    progress: bool = True,
) -> IngestReport:
    """Load one cohort file (the CLI's work, callable from tests); write the summary to ``out``."""
    key = settings.pseudonym_key.get_secret_value().encode()
    with ExitStack() as stack:
        contacts: ContactStore | None = None
        sink: EventSink | None = None
        if not dry_run:
            # Before the bar starts, so its rate counts rows, not database start-up.
            backends = stack.enter_context(LiveBackends(settings))
            contacts, sink = stack.enter_context(backends.session())
        bar = stack.enter_context(
            tqdm(
                unit=" filas",
                file=sys.stderr,
                disable=not progress,
                desc=path.name,
                dynamic_ncols=True,
            )
        )
        report = ingest_cohort(
            path,
            key=key,
            contacts=contacts,
            sink=sink,
            fmt=fmt,
            issuers=load_issuers(settings.issuer_registry_path),
            on_progress=_bar_callback(bar),
        )
    if errors_out is not None:
        with errors_out.open("w", encoding="utf-8", newline="") as handle:
            write_errors_csv(report, handle)
    stream = out or sys.stdout
    stream.write(summary_es(report))
    for error in report.errors[:_SHOWN_ERRORS]:
        stream.write(f"  línea {error.line}, {error.field}: {error.reason}\n")
    if len(report.errors) > _SHOWN_ERRORS:
        hint = f" (todos en {errors_out})" if errors_out else " (use --errors-out para verlos)"
        stream.write(f"  … y {len(report.errors) - _SHOWN_ERRORS} problemas más{hint}\n")
    return report


_SHOWN_ERRORS = 10


def _bar_callback(bar: Any) -> ProgressCallback:
    last_rows = 0

    def update(progress: Progress) -> None:
        nonlocal last_rows
        bar.update(progress.rows - last_rows)
        last_rows = progress.rows
        # Updating the postfix on every row would cost more than parsing it.
        if progress.rows % 200 == 0:
            bar.set_postfix(
                aceptadas=progress.accepted, rechazadas=progress.rejected, refresh=False
            )

    return update


def cohort_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Load a cohort; rejected rows are reported, not fatal (exit 0), like the API's 200."""
    if not arguments.file.is_file():
        raise IngestError(f"no existe el archivo {arguments.file}")
    run_cohort(
        arguments.file,
        settings,
        fmt=arguments.fmt,
        dry_run=arguments.dry_run,
        errors_out=arguments.errors_out,
        progress=not arguments.no_progress,
    )
    return 0


def demo_cohort_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Write a reproducible synthetic cohort with some bad rows."""
    out: Path = arguments.out
    fmt = arguments.fmt or ("jsonl" if out.suffix.lower() in {".jsonl", ".ndjson"} else "csv")
    writer = write_cohort_jsonl if fmt == "jsonl" else write_cohort_csv
    manifest = writer(
        out,
        arguments.rows,
        bad_fraction=arguments.bad_fraction,
        seed=arguments.seed,
        reference_data_dir=settings.reference_data_dir,
    )
    sys.stdout.write(
        f"{manifest.n_rows} filas escritas en {out} ({len(manifest.bad_lines)} con errores "
        f"a propósito, semilla {arguments.seed})\n"
    )
    return 0
