"""Reading schema.org JSON-LD as publishers write it: the document's nodes and their values.

A property may hold a string, a number, an object, a reference to a node of
the same ``@graph`` (``{"@id": …}``) or a list of any of these. Only the
compact form with the schema.org vocabulary is read (what Google for Jobs
reads); expanded or other vocabularies are refused with a reason.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from streams.ingest.errors import IngestError

SCHEMA_ORG = frozenset(
    {"http://schema.org", "https://schema.org", "http://schema.org/", "https://schema.org/"}
)
MAX_NODES = 100
_MAX_DEPTH = 12
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")

Node = Mapping[str, Any]


class PropertyError(IngestError, ValueError):
    """A property of a JSON-LD node cannot be used; ``reason`` says why, in Spanish."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}" if where else reason)
        self.where = where
        self.reason = reason


@dataclass(frozen=True)
class FoundNode:
    """A node of the requested type and where it sits in the document (``@graph[2]``, or ``""``)."""

    node: Node
    where: str


def _is_schema_org(context: object) -> bool:
    if isinstance(context, str):
        return context.strip() in SCHEMA_ORG
    if isinstance(context, list):
        return any(_is_schema_org(item) for item in context)
    if isinstance(context, Mapping):
        return _is_schema_org(context.get("@vocab"))
    return False


def types_of(node: Node) -> set[str]:
    """The node's ``@type`` names, without a schema.org prefix (``schema:JobPosting``)."""
    given = node.get("@type")
    names = given if isinstance(given, list) else [given]
    found = set()
    for name in names:
        if isinstance(name, str):
            for prefix in ("schema:", *(f"{base.rstrip('/')}/" for base in SCHEMA_ORG)):
                name = name.removeprefix(prefix)
            found.add(name)
    return found


def _resolve(value: Any, graph: Mapping[str, Node], depth: int = 0) -> Any:
    """``value`` with each bare ``{"@id": …}`` replaced by the graph's node of that id."""
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, Mapping):
        if set(value) == {"@id"} and isinstance(value["@id"], str) and value["@id"] in graph:
            return _resolve(graph[value["@id"]], graph, depth + 1)
        return {key: _resolve(item, graph, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, graph, depth + 1) for item in value]
    return value


def nodes_of_type(document: object, wanted: str) -> list[FoundNode]:
    """The nodes of type ``wanted`` in a document: one object, a list of them, or an ``@graph``.

    References to other nodes of the same graph are resolved; a node without a
    schema.org ``@context`` (its own or its container's) is refused.
    """
    if isinstance(document, list):
        entries = [(item, f"[{index}]", None) for index, item in enumerate(document)]
    elif isinstance(document, Mapping) and isinstance(document.get("@graph"), list):
        context = document.get("@context")
        entries = [(item, f"@graph[{i}]", context) for i, item in enumerate(document["@graph"])]
    elif isinstance(document, Mapping):
        entries = [(document, "", None)]
    else:
        raise PropertyError("", "el documento debe ser un objeto JSON-LD, una lista o un @graph")
    if len(entries) > MAX_NODES:
        raise PropertyError(
            "", f"el documento tiene {len(entries)} nodos; el máximo es {MAX_NODES}"
        )
    graph = {
        item["@id"]: item
        for item, _, _ in entries
        if isinstance(item, Mapping) and isinstance(item.get("@id"), str)
    }
    found = []
    for item, where, inherited in entries:
        if not isinstance(item, Mapping):
            raise PropertyError(where, "cada elemento debe ser un objeto JSON-LD")
        if wanted not in types_of(item):
            continue
        context = item.get("@context", inherited)
        prefix = f"{where}." if where else ""
        if context is None:
            raise PropertyError(f"{prefix}@context", "falta; use «https://schema.org»")
        if not _is_schema_org(context):
            raise PropertyError(
                f"{prefix}@context", "solo se lee el vocabulario de schema.org (https://schema.org)"
            )
        found.append(FoundNode(_resolve(item, graph), where))
    if not found:
        raise PropertyError("@type", f"el documento no tiene ningún {wanted}")
    return found


def is_blank(value: object) -> bool:
    """True for an absent property, an empty string or an empty list."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def listed(value: object) -> list[Any]:
    """A property's values as a list (one value is a list of one; absent is empty)."""
    if is_blank(value):
        return []
    return [item for item in value if not is_blank(item)] if isinstance(value, list) else [value]


def text_of(value: object, where: str) -> str:
    """A text value: a string, a number, or a node's ``name`` (a DefinedTerm, an Organization)."""
    if isinstance(value, Mapping):
        for key in ("name", "value", "@value"):
            if not is_blank(value.get(key)):
                return text_of(value[key], where)
        raise PropertyError(where, "el objeto no tiene «name»")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PropertyError(where, "debe ser texto")
    return str(value).strip()


def number_of(value: object, where: str) -> float:
    """A number given as a JSON number or as text (``25000``, ``25,000.50``)."""
    if isinstance(value, bool):
        raise PropertyError(where, "debe ser un número")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER.match(cleaned := value.strip().replace(" ", "")):
        number = float(cleaned.replace(",", ""))
    else:
        raise PropertyError(where, f"«{value}» no es un número")
    if not math.isfinite(number):
        raise PropertyError(where, "debe ser un número finito")
    return number


def child(node: Node, name: str, where: str) -> tuple[Any, str]:
    """The value of property ``name`` and its path (``baseSalary.value``)."""
    return node.get(name), f"{where}.{name}" if where else name
