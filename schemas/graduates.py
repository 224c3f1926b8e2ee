"""Events about graduates: certification and consent.

No event carries a name, CURP, e-mail or phone: a graduate is known only by
a keyed pseudonym (see ``streams.ingest.pseudonym``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, field_serializer, model_validator

from schemas.base import (
    BaseEvent,
    GraduateId,
    LanguageCode,
    Part,
    ShortText,
    Skills,
    VendorCode,
)
from schemas.enums import (
    CefrLevel,
    ConsentPurpose,
    CredentialKind,
    Issuer,
    MexicanState,
    Modality,
    Track,
)

# Programmes serve people aged 15 to 40; only the birth year is known, so an
# age computed from years alone may be off by one at either end.
PROGRAMME_MIN_AGE = 15
PROGRAMME_MAX_AGE = 40
AGE_TOLERANCE_YEARS = 1


class Sex(StrEnum):
    """Sex as the programme recorded it, for the ministry's fairness view only.

    Optional: many programmes do not ask, and a graduate is never matched on it.
    ``other`` covers the X of a CURP and any record that is neither.
    """

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Credential(Part):
    """One credential a graduate holds, and whether its issuer verified it."""

    kind: CredentialKind
    vendor_code: VendorCode
    name: ShortText
    track: Track
    issued_on: date
    verified: bool


class LanguageSkill(Part):
    """A language (ISO 639-1) and the graduate's CEFR level in it."""

    language: LanguageCode
    level: CefrLevel


class Preferences(Part):
    """Where and how the graduate wants to work; no modality means no preference."""

    modalities: frozenset[Modality] = frozenset()
    states: Annotated[tuple[MexicanState, ...], Field(max_length=32)] = ()
    willing_to_relocate: bool = False

    @field_serializer("modalities")
    def _sorted_modalities(self, value: frozenset[Modality]) -> list[str]:
        # Set iteration order depends on the hash seed; the wire form must not.
        return sorted(m.value for m in value)


class Consents(Part):
    """Explicit consent per purpose (LFPDPPP): absent consent is a refusal."""

    matching: bool
    share_with_employers: bool
    notifications: bool


class GraduateCertified(BaseEvent):
    """A programme certified a graduate: credentials, skills and preferences."""

    event_type: Literal["GraduateCertified"] = "GraduateCertified"
    graduate_id: GraduateId
    programme: ShortText
    issuer: Issuer
    campus: ShortText | None = None
    state: MexicanState
    credentials: Annotated[tuple[Credential, ...], Field(min_length=1, max_length=50)]
    skills: Skills = ()
    languages: Annotated[tuple[LanguageSkill, ...], Field(max_length=20)] = ()
    preferences: Preferences = Preferences()
    consents: Consents
    birth_year: int | None = None
    # Added within v1: optional, so every stored event still parses (schemas.compatibility).
    sex: Sex | None = Field(
        default=None,
        description="Sexo que registró el programa (female, male u other); ausente si no lo "
        "registró. Solo alimenta la vista de equidad de la Secretaría, nunca la vinculación.",
    )

    @model_validator(mode="after")
    def _plausible_birth_year(self) -> GraduateCertified:
        if self.birth_year is None:
            return self
        age = self.event_time.year - self.birth_year
        low = PROGRAMME_MIN_AGE - AGE_TOLERANCE_YEARS
        high = PROGRAMME_MAX_AGE + AGE_TOLERANCE_YEARS
        if not low <= age <= high:
            msg = (
                f"año de nacimiento {self.birth_year} implausible: los programas "
                f"atienden a personas de {PROGRAMME_MIN_AGE} a {PROGRAMME_MAX_AGE} años"
            )
            raise ValueError(msg)
        return self


class ConsentChanged(BaseEvent):
    """A graduate granted or withdrew consent for one purpose."""

    event_type: Literal["ConsentChanged"] = "ConsentChanged"
    graduate_id: GraduateId
    purpose: ConsentPurpose
    granted: bool


class GraduateErased(BaseEvent):
    """A graduate asked for their data to be deleted (the LFPDPPP's cancellation right).

    It carries nothing but the pseudonym. On a compacted topic that replay
    reads first, it keeps the deletion through any rebuild of the database,
    even from an empty one: no earlier event of the person is applied again.
    """

    event_type: Literal["GraduateErased"] = "GraduateErased"
    graduate_id: GraduateId
