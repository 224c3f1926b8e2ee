"""Generate the checked-in JSON Schema files from the event models.

``python -m schemas.generate`` writes ``schemas/json/<EventType>.v<N>.json``
for the current version of every event; ``--check`` writes nothing and exits
with 1 when a checked-in file is missing or differs. Files of older versions
are never touched: they document what old events looked like.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from schemas.base import BaseEvent
from schemas.registry import EVENT_TYPES

SCHEMA_DIR = Path(__file__).resolve().parent / "json"


def schema_filename(event_type: str, version: int) -> str:
    """Return the file name of one event type's schema at one version."""
    return f"{event_type}.v{version}.json"


def render_schema(model: type[BaseEvent]) -> str:
    """Render a model's JSON Schema as stable, human-diffable text."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"urn:vincula:event:{model.__name__}:v{model.SCHEMA_VERSION}"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_schemas(
    models: Mapping[str, type[BaseEvent]] = EVENT_TYPES,
) -> dict[str, str]:
    """Render the current schema of every event type, keyed by file name."""
    return {
        schema_filename(name, model.SCHEMA_VERSION): render_schema(model)
        for name, model in sorted(models.items())
    }


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write the current schema files into ``directory``; return what changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for filename, text in render_schemas().items():
        path = directory / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def check_schemas(
    directory: Path = SCHEMA_DIR,
    models: Mapping[str, type[BaseEvent]] = EVENT_TYPES,
) -> list[str]:
    """List, in Spanish, every schema file that is missing or out of date."""
    problems = []
    for filename, text in render_schemas(models).items():
        path = directory / filename
        if not path.exists():
            problems.append(f"falta {filename}: ejecute python -m schemas.generate")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(
                f"{filename} no coincide con el modelo: ejecute python -m schemas.generate"
            )
    return problems


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    stream = out if out is not None else sys.stdout
    parser = argparse.ArgumentParser(prog="python -m schemas.generate")
    parser.add_argument("--check", action="store_true", help="solo verificar")
    parser.add_argument("--dir", type=Path, default=SCHEMA_DIR)
    args = parser.parse_args(argv)
    if args.check:
        problems = check_schemas(args.dir)
        for problem in problems:
            stream.write(problem + "\n")
        return 1 if problems else 0
    for path in write_schemas(args.dir):
        stream.write(f"escrito {path.name}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
