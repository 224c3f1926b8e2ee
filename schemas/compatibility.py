"""BACKWARD_TRANSITIVE check: every stored example of every version must still
parse with the current models and validate against their current JSON Schema.

Examples live in ``schemas/examples/<EventType>/v<N>.json``; one per version
ever published. ``python -m schemas.compatibility`` exits with 1 on failure.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator
from pydantic import ValidationError

from schemas.base import BaseEvent
from schemas.registry import EVENT_TYPES

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
_EXAMPLE_NAME = re.compile(r"^v([1-9][0-9]*)\.json$")


@dataclass(frozen=True)
class CompatibilityProblem:
    """One stored example the current contracts no longer accept."""

    event_type: str
    example: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.event_type} ({self.example.name}): {self.reason}"


def _example_versions(directory: Path) -> dict[int, Path]:
    found = {}
    for path in directory.glob("*.json"):
        match = _EXAMPLE_NAME.match(path.name)
        if match:
            found[int(match.group(1))] = path
    return found


def _check_example(
    name: str, model: type[BaseEvent], version: int, path: Path
) -> list[CompatibilityProblem]:
    def problem(reason: str) -> CompatibilityProblem:
        return CompatibilityProblem(name, path, reason)

    if version > model.SCHEMA_VERSION:
        return [problem(f"ejemplo de la versión {version}, posterior a la actual")]
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return [problem(f"JSON ilegible: {error}")]
    problems = []
    if not isinstance(document, dict) or document.get("event_type") != name:
        problems.append(problem(f"el ejemplo no declara event_type={name}"))
    try:
        model.model_validate_json(text)
    except ValidationError as error:
        problems.append(problem(f"el modelo actual lo rechaza: {error}"))
    validator = Draft202012Validator(model.model_json_schema())
    problems.extend(
        problem(f"el JSON Schema actual lo rechaza en {list(e.absolute_path)}: {e.message}")
        for e in validator.iter_errors(document)
    )
    return problems


def check_backward_transitive(
    examples_dir: Path = EXAMPLES_DIR,
    models: Mapping[str, type[BaseEvent]] = EVENT_TYPES,
) -> list[CompatibilityProblem]:
    """Check every stored example of every version against the current models."""
    problems: list[CompatibilityProblem] = []
    for name, model in sorted(models.items()):
        directory = examples_dir / name
        versions = _example_versions(directory) if directory.is_dir() else {}
        if model.SCHEMA_VERSION not in versions:
            expected = directory / f"v{model.SCHEMA_VERSION}.json"
            problems.append(
                CompatibilityProblem(name, expected, "falta el ejemplo de la versión actual")
            )
        for version, path in sorted(versions.items()):
            problems.extend(_check_example(name, model, version, path))
    if examples_dir.is_dir():
        # Dropping an event type strands its stored events: that is breaking too.
        for directory in sorted(p for p in examples_dir.iterdir() if p.is_dir()):
            if directory.name not in models:
                problems.append(
                    CompatibilityProblem(
                        directory.name, directory, "hay ejemplos de un tipo ya inexistente"
                    )
                )
    return problems


def main() -> int:
    """Command-line entry point; returns the process exit status."""
    problems = check_backward_transitive()
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
