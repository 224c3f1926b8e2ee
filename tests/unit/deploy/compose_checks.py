"""Reading docker-compose.yml as compose does, and the checks its schema cannot express.

Compose interpolates ``${…}`` first and validates afterwards; the helpers here
do the same without a Docker engine, so unit tests can guard the file.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from pydantic import AliasChoices, SecretStr

from vincula.settings import Settings

REPOSITORY_ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = REPOSITORY_ROOT / "docker-compose.yml"
ENV_EXAMPLE = REPOSITORY_ROOT / "deploy" / "vincula.env.example"
# Vendored from the compose-spec project (Apache-2.0); see compose-spec.NOTICE.md.
SCHEMA_FILE = Path(__file__).resolve().parent / "compose-spec.json"

# Variables read on the host by compose itself, never passed to a Vincula process.
HOST_SIDE_VARIABLES = frozenset(
    {
        "VINCULA_API_PUBLISH",
        "VINCULA_IMAGE",
    }
)
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|_KEY)$")
VINCULA_IMAGE_PREFIX = "${VINCULA_IMAGE"

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error},
# ${NAME:+alt}, ${NAME+alt}, $NAME and the escape $$, as compose reads them.
INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<operator>:?[-?+])(?P<argument>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)

Compose = dict[str, Any]


class MissingVariable(Exception):
    """A ``${NAME:?message}`` variable is unset, as compose would refuse."""


@dataclass(frozen=True)
class Substitution:
    """One ``${…}`` reference found in the file."""

    name: str
    operator: str | None
    argument: str


def substitutions(text: str) -> list[Substitution]:
    """Every variable reference in one string (escapes excluded)."""
    found = []
    for match in INTERPOLATION.finditer(text):
        if match["escaped"]:
            continue
        name = match["name"] or match["bare"]
        found.append(Substitution(name, match["operator"], match["argument"] or ""))
    return found


def interpolate_text(text: str, environment: Mapping[str, str]) -> str:
    """Replace the references in one string the way compose does."""

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["name"] or match["bare"]
        operator, argument = match["operator"], match["argument"] or ""
        value = environment.get(name)
        # With a colon, an empty value counts as unset.
        empty_is_unset = (operator or "").startswith(":")
        present = value is not None and (value != "" or not empty_is_unset)
        if operator in {":-", "-"}:
            return value if present and value is not None else argument
        if operator in {":?", "?"}:
            if not present or value is None:
                raise MissingVariable(f"{name}: {argument}")
            return value
        if operator in {":+", "+"}:
            return argument if present else ""
        return value or ""

    return INTERPOLATION.sub(replace, text)


def interpolate(value: Any, environment: Mapping[str, str]) -> Any:
    """Interpolate every string inside a loaded compose document."""
    if isinstance(value, str):
        return interpolate_text(value, environment)
    if isinstance(value, dict):
        return {key: interpolate(item, environment) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environment) for item in value]
    return value


def strings_in(value: Any) -> Iterator[str]:
    """Every string value of a document, depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def environment_of(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's environment as a mapping, whichever of the two forms it uses."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        pairs = (entry.split("=", 1) for entry in raw)
        return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}
    return {str(key): "" if value is None else str(value) for key, value in raw.items()}


def is_secret_type(annotation: Any) -> bool:
    """Whether a settings field holds a ``SecretStr`` (optional or not)."""
    if annotation is SecretStr:
        return True
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        return SecretStr in typing.get_args(annotation)
    return False


def settings_variables() -> dict[str, bool]:
    """Environment names ``Settings`` reads, each mapped to whether it is a secret."""
    prefix = str(Settings.model_config.get("env_prefix", ""))
    names: dict[str, bool] = {}
    for field_name, field in Settings.model_fields.items():
        secret = is_secret_type(field.annotation)
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            for choice in alias.choices:
                if isinstance(choice, str):
                    names[choice.upper()] = secret
        elif isinstance(alias, str):
            names[alias.upper()] = secret
        else:
            names[f"{prefix}{field_name}".upper()] = secret
    return names


def pinned_kafka_version() -> str:
    """The broker version the code pins for its tests.

    The field default, not ``Settings().kafka_version``: a run against the older
    broker sets VINCULA_KAFKA_VERSION and must not make this test fail.
    """
    return str(Settings.model_fields["kafka_version"].default)


def load_compose(path: Path = COMPOSE_FILE) -> Compose:
    """The compose file as YAML reads it: anchors and merge keys applied."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def load_env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """KEY=VALUE lines of an env file, comments and blank lines skipped."""
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, separator, value = stripped.partition("=")
        assert separator, f"línea sin '=' en {path.name}: {line!r}"
        values[key.strip()] = value.strip()
    return values


def schema_problems(document: Compose, schema: Mapping[str, Any]) -> list[str]:
    """Violations of the Compose Specification schema, with their location."""
    validator = jsonschema.Draft7Validator(schema)
    problems = []
    for error in validator.iter_errors(document):
        where = "/".join(str(part) for part in error.absolute_path) or "<root>"
        problems.append(f"{where}: {error.message}")
    return problems


def dependency_targets(service: Mapping[str, Any]) -> dict[str, str]:
    """``depends_on`` as target → condition, whichever of the two forms it uses."""
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return dict.fromkeys(raw, "service_started")
    default = "service_started"
    return {name: str(spec.get("condition", default)) for name, spec in raw.items()}


def healthcheck_enabled(service: Mapping[str, Any]) -> bool:
    """Whether the service declares a healthcheck that is not disabled."""
    check = service.get("healthcheck")
    if not isinstance(check, dict) or check.get("disable") in {True, "true"}:
        return False
    test = check.get("test")
    return bool(test) and test not in (["NONE"], "NONE")


def one_shot_services(document: Compose) -> set[str]:
    """Services others wait on to finish: jobs, not daemons."""
    services: dict[str, Any] = document["services"]
    return {
        target
        for service in services.values()
        for target, condition in dependency_targets(service).items()
        if condition == "service_completed_successfully"
    }


def dependency_problems(document: Compose) -> list[str]:
    """Dependencies on missing services, on unhealthy-able ones, and restarting jobs."""
    services: dict[str, Any] = document["services"]
    problems = []
    for name, service in services.items():
        for target, condition in dependency_targets(service).items():
            if target not in services:
                problems.append(f"{name} depends on {target}, which is not a service")
                continue
            healthy = healthcheck_enabled(services[target])
            if condition == "service_healthy" and not healthy:
                problems.append(f"{name} waits for healthy {target}: no healthcheck")
    for job in one_shot_services(document) & services.keys():
        if str(services[job].get("restart", "no")) != "no":
            restart = services[job]["restart"]
            problems.append(f"{job} is a one-shot job but restarts ({restart})")
    return problems


def vincula_services(document: Compose) -> dict[str, Any]:
    """Services that run the Vincula image."""
    services: dict[str, Any] = document["services"]
    return {
        name: service
        for name, service in services.items()
        if str(service.get("image", "")).startswith(VINCULA_IMAGE_PREFIX)
    }


def health_problems(document: Compose) -> list[str]:
    """Long-running Vincula services without a /health check on their own port."""
    problems = []
    jobs = one_shot_services(document)
    default_port = str(Settings.model_fields["worker_web_port"].default)
    for name, service in vincula_services(document).items():
        if name in jobs:
            continue
        if not healthcheck_enabled(service):
            problems.append(f"{name} runs Vincula but has no healthcheck")
            continue
        test = " ".join(strings_in(service["healthcheck"]["test"]))
        command = " ".join(strings_in(service.get("command", [])))
        port_match = re.search(r"--port\s+(\d+)", command)
        port = port_match[1] if port_match else None
        if port is None:
            port = environment_of(service).get("VINCULA_WORKER_WEB_PORT", default_port)
        if f":{port}/health" not in test:
            problems.append(f"{name} listens on {port} but its healthcheck is: {test}")
    return problems


def secret_problems(document: Compose) -> list[str]:
    """Secrets with defaults, and secret settings given as literals."""
    problems = []
    for text in strings_in(document):
        for substitution in substitutions(text):
            if SECRET_NAME.search(substitution.name) and substitution.operator != ":?":
                problems.append(f"secret {substitution.name} needs ${{NAME:?mensaje}}")
    secrets = {name for name, secret in settings_variables().items() if secret}
    for name, service in document["services"].items():
        for key, value in environment_of(service).items():
            required = [s for s in substitutions(value) if s.operator == ":?"]
            if key.upper() in secrets and not required:
                problems.append(f"{name}: secret {key} uses no required variable")
    return problems


def settings_problems(document: Compose) -> list[str]:
    """``VINCULA_`` names that ``Settings`` would silently ignore."""
    known = settings_variables()
    problems = []
    for name, service in document["services"].items():
        for key in environment_of(service):
            if key.upper().startswith("VINCULA_") and key.upper() not in known:
                problems.append(f"{name}: {key} is not a Settings field")
    for text in strings_in(document):
        for substitution in substitutions(text):
            variable = substitution.name
            if not variable.startswith("VINCULA_") or variable in HOST_SIDE_VARIABLES:
                continue
            if variable not in known:
                problems.append(f"${{{variable}}}: not a setting, not host-side")
    return problems


def kafka_problems(document: Compose) -> list[str]:
    """The broker image must be the version the integration tests pin."""
    image = str(document["services"].get("kafka", {}).get("image", ""))
    repository, _, tag = image.partition(":")
    pinned = pinned_kafka_version()
    if repository != "apache/kafka" or tag != pinned:
        return [f"kafka runs {image!r}; the code pins apache/kafka:{pinned}"]
    return []


def all_problems(document: Compose) -> list[str]:
    """Every check the schema cannot express, each problem once."""
    problems = [
        *dependency_problems(document),
        *health_problems(document),
        *secret_problems(document),
        *settings_problems(document),
        *kafka_problems(document),
    ]
    # Services sharing the anchored environment would repeat the same problem.
    return list(dict.fromkeys(problems))
