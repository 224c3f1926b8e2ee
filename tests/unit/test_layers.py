"""The layers contract holds today, and it fails when a lower package imports the roof."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("schemas", "matching", "models", "streams", "vincula", "bench")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def copy_of_the_house(target: Path) -> Path:
    """The Python sources of every layer and the contract, in a folder of their own."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__", "data")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def lint_imports(house: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(house)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=house,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of_the_house(tmp_path_factory.mktemp("house"))


def test_the_layers_are_kept(house: Path) -> None:
    result = lint_imports(house)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_that_climbs_breaks_the_contract(house: Path) -> None:
    base = house / "schemas" / "base.py"
    original = base.read_text(encoding="utf-8")
    base.write_text(original + "\nimport vincula.settings  # noqa: E402\n", encoding="utf-8")
    try:
        result = lint_imports(house)
    finally:
        base.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "schemas.base -> vincula.settings" in result.stdout
