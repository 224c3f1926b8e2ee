"""Dockerfile and .dockerignore as text: what the image installs and who runs it."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from matching.taxonomy import default_reference_data_dir
from vincula.settings import Settings

REPOSITORY_ROOT = Path(__file__).resolve().parents[3]
DOCKERFILE = REPOSITORY_ROOT / "Dockerfile"
DOCKERIGNORE = REPOSITORY_ROOT / ".dockerignore"
PYPROJECT = REPOSITORY_ROOT / "pyproject.toml"


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction, its arguments and the build stage it belongs to."""

    keyword: str
    arguments: str
    stage: int


def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped."""
    instructions: list[Instruction] = []
    stage = -1
    pending = ""
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        logical = (pending + line).strip()
        pending = ""
        if not logical:
            continue
        keyword, _, arguments = logical.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(keyword, arguments.strip(), stage))
    return instructions


def final_stage(instructions: list[Instruction]) -> list[Instruction]:
    """The instructions of the stage that becomes the image."""
    last = max(instruction.stage for instruction in instructions)
    return [instruction for instruction in instructions if instruction.stage == last]


def environment(instructions: list[Instruction]) -> dict[str, str]:
    """Variables set with ``ENV KEY=VALUE …`` in the given instructions."""
    values: dict[str, str] = {}
    for instruction in instructions:
        if instruction.keyword != "ENV":
            continue
        for token in shlex.split(instruction.arguments):
            key, separator, value = token.partition("=")
            assert separator, f"ENV sin '=': {instruction.arguments}"
            values[key] = value
    return values


def runtime_user_problems(instructions: list[Instruction]) -> list[str]:
    """The image must end as a named, non-root user."""
    users = [i.arguments for i in final_stage(instructions) if i.keyword == "USER"]
    if not users:
        return ["the final stage has no USER: the image would run as root"]
    name = users[-1].split(":", 1)[0]
    if name in {"root", "0"}:
        return [f"the final stage runs as {users[-1]}"]
    return []


def build_arguments(instructions: list[Instruction]) -> dict[str, str]:
    """``ARG NAME=default`` declarations, in any stage."""
    found: dict[str, str] = {}
    for instruction in instructions:
        if instruction.keyword == "ARG":
            name, _, default = instruction.arguments.partition("=")
            found[name] = default
    return found


def project_packages() -> list[str]:
    """Top-level packages setuptools installs, from pyproject.toml."""
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    patterns: list[str] = data["tool"]["setuptools"]["packages"]["find"]["include"]
    return [pattern.rstrip("*").rstrip(".") for pattern in patterns]


def dockerignore_admits(path: str, rules: list[str]) -> bool:
    """Whether a top-level path reaches the build context (last matching rule wins)."""
    admitted = True
    for rule in rules:
        negated = rule.startswith("!")
        pattern = rule.lstrip("!").rstrip("/")
        if fnmatch.fnmatch(path, pattern):
            admitted = negated
    return admitted


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    """The repository's Dockerfile, parsed."""
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ignore_rules() -> list[str]:
    """The repository's .dockerignore rules, comments dropped."""
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_image_is_built_on_python_311_slim(instructions: list[Instruction]) -> None:
    bases = [i.arguments.split()[0] for i in instructions if i.keyword == "FROM"]
    resolved = [build_arguments(instructions).get(b.strip("${}"), b) for b in bases]
    assert resolved and all(base == "python:3.11-slim" for base in resolved)


def test_image_runs_as_a_non_root_user(instructions: list[Instruction]) -> None:
    assert runtime_user_problems(instructions) == []


def test_a_copy_that_switches_back_to_root_is_refused(
    instructions: list[Instruction],
) -> None:
    stage = instructions[-1].stage
    broken = [*instructions, Instruction("USER", "root", stage)]
    assert runtime_user_problems(broken) == ["the final stage runs as root"]
    without_user = [i for i in instructions if i.keyword != "USER"]
    assert runtime_user_problems(without_user) != []


def test_project_is_installed_with_pip_from_its_own_source(
    instructions: list[Instruction],
) -> None:
    runs = [i.arguments for i in instructions if i.keyword == "RUN"]
    assert any(re.search(r"\bpip install\b[^&]*\s\.(\s|$)", run) for run in runs)
    copied = {i.arguments.split()[0] for i in instructions if i.keyword == "COPY"}
    for package in project_packages():
        assert package in copied, f"{package} is packaged but not copied"


def test_torch_comes_from_a_cpu_index_named_in_a_build_argument(
    instructions: list[Instruction],
) -> None:
    arguments = build_arguments(instructions)
    assert arguments["TORCH_INDEX_URL"].endswith("/cpu")
    runs = [i.arguments for i in instructions if i.keyword == "RUN"]
    torch_runs = [run for run in runs if "torch" in run]
    assert torch_runs and all("${TORCH_INDEX_URL}" in run for run in torch_runs)


def test_runtime_never_reaches_a_model_hub(instructions: list[Instruction]) -> None:
    variables = environment(final_stage(instructions))
    assert variables["HF_HUB_OFFLINE"] == "1"
    assert variables["TRANSFORMERS_OFFLINE"] == "1"


def test_vincula_variables_in_the_image_are_settings(
    instructions: list[Instruction],
) -> None:
    prefix = str(Settings.model_config.get("env_prefix", ""))
    fields = {f"{prefix}{name}".upper() for name in Settings.model_fields}
    variables = {name for name in environment(instructions) if name.startswith(prefix)}
    assert variables and variables <= fields


def test_image_carries_the_reference_snapshot_instead_of_a_mount(
    instructions: list[Instruction],
) -> None:
    assert "VINCULA_REFERENCE_DATA_DIR" not in environment(instructions)
    assert not [i for i in instructions if "/srv/reference-data" in i.arguments]
    package_data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]
    patterns = [*package_data.get("*", []), *package_data.get("matching.data.reference", [])]
    snapshot = sorted(default_reference_data_dir().iterdir())
    assert len(snapshot) >= 3
    for path in snapshot:
        assert any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns), path.name


def test_default_command_is_the_worker_with_a_health_probe(
    instructions: list[Instruction],
) -> None:
    stage = final_stage(instructions)
    commands = [i.arguments for i in stage if i.keyword == "CMD"]
    assert json.loads(commands[-1]) == ["vincula", "worker"]
    port = Settings.model_fields["worker_web_port"].default
    checks = [i.arguments for i in stage if i.keyword == "HEALTHCHECK"]
    assert checks and f":{port}/health" in checks[-1]


def test_build_context_holds_the_packages_and_no_local_state(
    ignore_rules: list[str],
) -> None:
    for path in ["pyproject.toml", "README.md", *project_packages()]:
        assert dockerignore_admits(path, ignore_rules), path
    for path in [".venv", ".git", ".local", ".env", "tests"]:
        assert not dockerignore_admits(path, ignore_rules), path


def test_continuation_lines_are_joined_and_stages_counted() -> None:
    lines = [
        "FROM a AS one",
        "RUN echo 1 \\",
        "  # comment",
        "  && echo 2",
        "FROM b",
        "USER app",
    ]
    parsed = parse_dockerfile("\n".join(lines))
    assert [(i.keyword, i.stage) for i in parsed] == [
        ("FROM", 0),
        ("RUN", 0),
        ("FROM", 1),
        ("USER", 1),
    ]
    assert parsed[1].arguments == "echo 1 && echo 2"
