"""Typed rows: what a query returns, as an immutable record rather than a positional tuple.

Read them with ``cursor(row_factory=class_row(SomeRecord))``: psycopg passes
each column by name, so a query's column names (or aliases) must match the
fields. ``Record`` validates on construction, which turns a text column into
the enum its field declares and refuses a value outside the vocabulary.
Rows that carry only plain values use frozen dataclasses, which cost nothing
to build.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A row read from PostgreSQL, immutable, with text columns converted to their enums."""

    model_config = ConfigDict(frozen=True)
