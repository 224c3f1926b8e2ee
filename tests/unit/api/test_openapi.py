"""Every operation's request body and 2xx response is described field by field in OpenAPI."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from vincula.api import create_api
from vincula.settings import Settings

KEY = "clave-de-prueba-de-32-bytes-0001-api"
Schema = dict[str, Any]


def _resolve(spec: Schema, schema: Schema) -> tuple[str | None, Schema]:
    reference = schema.get("$ref")
    if reference is None:
        return None, schema
    node: Any = spec
    for part in reference.removeprefix("#/").split("/"):
        node = node[part]
    return reference, node


def schema_problems(spec: Schema, schema: Schema | None, where: str, seen: set[str]) -> list[str]:
    """Why ``schema`` does not describe its value field by field (empty when it does)."""
    if not schema:
        return [f"{where}: sin esquema"]
    reference, schema = _resolve(spec, schema)
    if reference is not None:
        if reference in seen:
            return []
        seen = seen | {reference}
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            return [
                problem
                for option in schema[combinator]
                for problem in schema_problems(spec, option, f"{where}|{combinator}", seen)
            ]
    kind = schema.get("type")
    if kind == "array":
        return schema_problems(spec, schema.get("items"), f"{where}[]", seen)
    if kind == "object" or (kind is None and "enum" not in schema and "const" not in schema):
        properties: Schema = schema.get("properties") or {}
        if not properties:
            return [f"{where}: objeto libre, sin propiedades"]
        return [
            problem
            for name, child in properties.items()
            for problem in schema_problems(spec, child, f"{where}.{name}", seen)
        ]
    return []


def operation_problems(app: FastAPI) -> list[str]:
    """Every undescribed request body or 2xx response of ``app``'s operations."""
    spec = app.openapi()
    found: list[str] = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            bodies: list[tuple[str, Schema]] = []
            if "requestBody" in operation:
                bodies.append((f"{name} petición", operation["requestBody"]))
            bodies.extend(
                (f"{name} respuesta {status}", response)
                for status, response in operation["responses"].items()
                if status.startswith("2") and status != "204"
            )
            for where, body in bodies:
                content: Schema = body.get("content") or {}
                if not content:
                    found.append(f"{where}: sin contenido")
                for media, described in content.items():
                    found.extend(
                        schema_problems(spec, described.get("schema"), f"{where} {media}", set())
                    )
    return found


def test_every_body_and_success_response_has_a_schema_with_fields() -> None:
    app = create_api(Settings(pseudonym_key=KEY))
    assert len(app.openapi()["paths"]) >= 9
    assert operation_problems(app) == []


def test_the_walk_finds_free_form_bodies_and_responses() -> None:
    app = FastAPI()

    @app.post("/libre")
    def free(body: dict[str, object]) -> dict[str, object]:
        return body

    @app.get("/lista")
    def listed() -> list[dict[str, int]]:
        return []

    @app.get("/nada")
    def nothing():  # type: ignore[no-untyped-def]
        return None

    problems = operation_problems(app)
    assert any(p.startswith("POST /libre petición") for p in problems)
    assert any(p.startswith("POST /libre respuesta 200") for p in problems)
    assert any(p.startswith("GET /lista respuesta 200") and "[]" in p for p in problems)
    assert any(p.startswith("GET /nada respuesta 200") for p in problems)


def test_error_responses_point_at_the_problem_body() -> None:
    spec = create_api(Settings(pseudonym_key=KEY)).openapi()
    answer = spec["paths"]["/coincidencias/{match_id}"]["get"]["responses"]
    assert "text/html" in answer["200"]["content"]
    assert {"403", "404"} <= {
        status for status, spec in answer.items() if "text/html" in spec["content"]
    }
    for status in ("503",):
        reference = answer[status]["content"]["application/json"]["schema"]["$ref"]
        assert _resolve(spec, {"$ref": reference})[1]["properties"] == {
            "detail": {
                "type": "string",
                "title": "Detail",
                "description": "Qué salió mal, en español.",
            }
        }
    errors = spec["paths"]["/v1/vacancies/{vacancy_id}/close"]["post"]["responses"]
    for status in ("401", "403", "404", "503"):
        reference = errors[status]["content"]["application/json"]["schema"]["$ref"]
        assert reference == "#/components/schemas/Problem"
    vacancy = spec["components"]["schemas"]["VacancyRequest"]["properties"]
    assert "seats" in vacancy and not {"event_id", "event_time", "event_type"} & set(vacancy)
