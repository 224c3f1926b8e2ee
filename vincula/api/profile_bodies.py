"""What a graduate sends about themselves: consent answers and contact corrections.

What they read back is ``models.personal_data.PersonalData`` itself: its typed
rows are the response schema, so the export and the tables cannot drift.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.enums import ConsentPurpose
from streams.ingest.contact import normalise_email, normalise_name, normalise_phone


class ConsentRequest(BaseModel):
    """A graduate grants or withdraws consent for one purpose."""

    model_config = ConfigDict(extra="forbid")

    purpose: ConsentPurpose = Field(description="Vinculación, compartir con empresas o avisos.")
    granted: bool = Field(description="Verdadero para otorgar, falso para retirar.")


class ContactCorrection(BaseModel):
    """Corrections of the graduate's own contact (right of rectification); omitted fields stay."""

    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(default=None, description="Nombre completo.")
    email: str | None = Field(default=None, description="Correo electrónico.")
    phone: str | None = Field(default=None, description="Teléfono de 10 dígitos (opcional +52).")

    @field_validator("full_name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return None if value is None else normalise_name(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else normalise_email(value)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return None if value is None else normalise_phone(value)
