"""BACKWARD_TRANSITIVE compatibility of stored examples, and proof the guard bites."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated, ClassVar

import pytest
from pydantic import Field

from schemas.base import BaseEvent
from schemas.compatibility import EXAMPLES_DIR, check_backward_transitive
from schemas.graduates import GraduateCertified
from schemas.registry import EVENT_TYPES
from schemas.vacancies import VacancyPosted


def test_every_stored_example_is_accepted_by_current_contracts() -> None:
    problems = check_backward_transitive()
    assert problems == [], "\n".join(map(str, problems))


def test_every_event_type_has_a_stored_example() -> None:
    for name, model in EVENT_TYPES.items():
        assert (EXAMPLES_DIR / name / f"v{model.SCHEMA_VERSION}.json").is_file()


class GraduateWithNewRequiredField(GraduateCertified):
    """A breaking change: a field old events never carried, now required."""

    tutor_code: str


class NarrowerVacancy(VacancyPosted):
    """A breaking change: a tighter limit than stored events honour."""

    seats: Annotated[int, Field(ge=1, le=2)]


def test_new_required_field_is_reported_on_the_stored_example() -> None:
    models: dict[str, type[BaseEvent]] = {
        **EVENT_TYPES,
        "GraduateCertified": GraduateWithNewRequiredField,
    }
    problems = check_backward_transitive(EXAMPLES_DIR, models)
    assert problems, "a breaking change went unnoticed"
    assert {p.event_type for p in problems} == {"GraduateCertified"}
    assert {p.example.name for p in problems} == {"v1.json"}
    reasons = " ".join(p.reason for p in problems)
    assert "modelo actual" in reasons
    assert "JSON Schema actual" in reasons
    assert "tutor_code" in reasons


def test_narrowed_constraint_is_reported() -> None:
    models: dict[str, type[BaseEvent]] = {**EVENT_TYPES, "VacancyPosted": NarrowerVacancy}
    problems = check_backward_transitive(EXAMPLES_DIR, models)
    assert {p.event_type for p in problems} == {"VacancyPosted"}


def test_removed_event_type_is_reported() -> None:
    models = {k: v for k, v in EVENT_TYPES.items() if k != "FollowUpDue"}
    problems = check_backward_transitive(EXAMPLES_DIR, models)
    assert [p.event_type for p in problems] == ["FollowUpDue"]


class GraduateV2(GraduateCertified):
    """A compatible second version: one new optional field."""

    SCHEMA_VERSION: ClassVar[int] = 2
    mentor_programme: str | None = None


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES_DIR, target)
    return target


def test_every_earlier_version_is_checked_transitively(examples_copy: Path) -> None:
    models: dict[str, type[BaseEvent]] = {**EVENT_TYPES, "GraduateCertified": GraduateV2}
    problems = check_backward_transitive(examples_copy, models)
    assert [p.reason for p in problems] == ["falta el ejemplo de la versión actual"]

    folder = examples_copy / "GraduateCertified"
    v2 = json.loads((folder / "v1.json").read_text(encoding="utf-8"))
    v2["schema_version"] = 2
    v2["mentor_programme"] = "Mentoría Kyndryl"
    (folder / "v2.json").write_text(json.dumps(v2), encoding="utf-8")
    assert check_backward_transitive(examples_copy, models) == []

    # Breaking the oldest version alone is still caught: the check is transitive.
    v1 = json.loads((folder / "v1.json").read_text(encoding="utf-8"))
    v1["credentials"] = []
    (folder / "v1.json").write_text(json.dumps(v1), encoding="utf-8")
    broken = check_backward_transitive(examples_copy, models)
    assert broken
    assert {p.example.name for p in broken} == {"v1.json"}


def test_example_from_the_future_is_reported(examples_copy: Path) -> None:
    future = examples_copy / "VacancyClosed" / "v9.json"
    shutil.copy(examples_copy / "VacancyClosed" / "v1.json", future)
    problems = check_backward_transitive(examples_copy)
    assert [p.example.name for p in problems] == ["v9.json"]
