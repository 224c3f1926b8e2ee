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


class IssuerRegistryError(IngestError):
    """The registry of trusted issuers cannot be read or changed as asked."""


class BadgeError(IngestError, ValueError):
    """A signed credential does not verify; ``reason`` says why, in Spanish."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DocumentError(IngestError, ValueError):
    """A national identity document other than the CURP is malformed; ``reason`` says why."""

    INVALID = "documento inválido"

    def __init__(self, reason: str) -> None:
        super().__init__(f"{self.INVALID}: {reason}")
        self.reason = reason


class DuiError(DocumentError):
    """A Salvadoran DUI (Documento Único de Identidad) is malformed."""

    INVALID = "DUI inválido"


class CedulaError(DocumentError):
    """A Dominican cédula de identidad y electoral is malformed."""

    INVALID = "cédula inválida"
