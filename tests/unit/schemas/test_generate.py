"""The checked-in JSON Schema files match the models."""

from __future__ import annotations

import io
import json
from pathlib import Path

from schemas.generate import SCHEMA_DIR, check_schemas, main, render_schemas, write_schemas
from schemas.registry import EVENT_TYPES


def test_checked_in_schemas_are_up_to_date() -> None:
    assert check_schemas(SCHEMA_DIR) == []


def test_one_schema_per_event_type_and_version() -> None:
    names = set(render_schemas())
    assert names == {f"{name}.v1.json" for name in EVENT_TYPES}
    for name in names:
        assert (SCHEMA_DIR / name).is_file()


def test_envelope_is_required_in_every_published_schema() -> None:
    for text in render_schemas().values():
        required = json.loads(text)["required"]
        for field in ("event_id", "event_time", "schema_version", "event_type"):
            assert field in required


def test_check_reports_a_stale_and_a_missing_file(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    assert check_schemas(tmp_path) == []
    stale = tmp_path / "VacancyPosted.v1.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"seats"', '"plazas"'))
    (tmp_path / "FollowUpDue.v1.json").unlink()
    problems = check_schemas(tmp_path)
    assert len(problems) == 2
    assert any("VacancyPosted.v1.json" in p for p in problems)
    assert any("FollowUpDue.v1.json" in p for p in problems)


def test_cli_check_exit_status(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["--check", "--dir", str(tmp_path)], out) == 1
    assert "falta" in out.getvalue()
    assert main(["--dir", str(tmp_path)], io.StringIO()) == 0
    assert main(["--check", "--dir", str(tmp_path)], io.StringIO()) == 0


def test_write_keeps_files_of_older_versions(tmp_path: Path) -> None:
    old = tmp_path / "GraduateCertified.v0.json"
    old.write_text("{}", encoding="utf-8")
    write_schemas(tmp_path)
    assert old.read_text(encoding="utf-8") == "{}"
