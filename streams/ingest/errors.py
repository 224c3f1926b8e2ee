"""Errors of the ingestion edge."""

from __future__ import annotations

from streams.errors import StreamsError


class IngestError(StreamsError):
    """Input from a programme could not be ingested."""


class CurpError(IngestError, ValueError):
    """A CURP is malformed; ``reason`` says why, in Spanish."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"CURP inválida: {reason}")
        self.reason = reason


class PseudonymKeyError(IngestError):
    """The pseudonymisation key is too weak to protect CURPs."""


class CohortFormatError(IngestError):
    """A cohort file cannot be read at all (unknown format, missing columns)."""
