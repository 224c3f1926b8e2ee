"""Errors raised by the persistence layer."""

from __future__ import annotations

from schemas.errors import VinculaError


class UnknownReferenceError(VinculaError):
    """An event refers to a record that does not exist (e.g. an outcome of an unknown match)."""


class StorageError(VinculaError):
    """PostgreSQL refused a read or write, or returned data this code cannot use."""


class DatabaseUnavailableError(StorageError):
    """PostgreSQL cannot be reached, or dropped the connection."""
