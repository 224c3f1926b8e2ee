"""Decoding and encoding events at the edge, with one error type for both."""

from __future__ import annotations

import json
from collections.abc import Mapping

from pydantic import ValidationError

from schemas.base import BaseEvent
from schemas.errors import SchemaError
from schemas.registry import ANY_EVENT_ADAPTER, EVENT_TYPES, AnyEvent

MAX_PAYLOAD_BYTES = 256 * 1024
_MAX_REPORTED_ERRORS = 10


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors(include_url=False)[:_MAX_REPORTED_ERRORS]:
        where = ".".join(str(p) for p in item["loc"]) or "(evento)"
        parts.append(f"{where}: {item['msg']}")
    more = error.error_count() - len(parts)
    suffix = f" (y {more} errores más)" if more > 0 else ""
    return "evento inválido: " + "; ".join(parts) + suffix


def parse_event(data: bytes | str | Mapping[str, object]) -> AnyEvent:
    """Decode and validate one event from JSON bytes, text or a decoded mapping."""
    try:
        if isinstance(data, bytes | str):
            raw = data.encode("utf-8") if isinstance(data, str) else data
            if len(raw) > MAX_PAYLOAD_BYTES:
                msg = (
                    f"evento de {len(raw)} bytes rechazado: el máximo es {MAX_PAYLOAD_BYTES} bytes"
                )
                raise SchemaError(msg)
            event = ANY_EVENT_ADAPTER.validate_json(raw)
        else:
            event = ANY_EVENT_ADAPTER.validate_python(dict(data))
    except ValidationError as error:
        raise SchemaError(_describe(error)) from error
    except UnicodeError as error:
        raise SchemaError(f"evento inválido: texto no UTF-8 ({error})") from error
    # A default is handy when building events in code, but a stored event
    # must say which version it was written with.
    if "schema_version" not in event.model_fields_set:
        raise SchemaError("evento inválido: schema_version: falta el campo")
    return event


def event_to_json(event: BaseEvent) -> bytes:
    """Encode an event as compact UTF-8 JSON with sorted keys."""
    name = type(event).__name__
    if EVENT_TYPES.get(name) is not type(event):
        raise SchemaError(f"tipo de evento no registrado: {name}")
    try:
        payload = event.model_dump(mode="json")
        text = json.dumps(
            payload,
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
        )
    except (ValueError, TypeError) as error:
        raise SchemaError(f"no se pudo serializar {name}: {error}") from error
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_PAYLOAD_BYTES:
        msg = f"{name} ocupa {len(encoded)} bytes: el máximo es {MAX_PAYLOAD_BYTES} bytes"
        raise SchemaError(msg)
    return encoded
