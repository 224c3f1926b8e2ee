"""Errors raised when an event does not honour its contract."""

from __future__ import annotations

from vincula.errors import VinculaError


class SchemaError(VinculaError, ValueError):
    """An event could not be parsed, validated or serialised."""
