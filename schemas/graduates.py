"""Events about graduates: certification and consent.

No event carries a name, CURP, e-mail or phone: a graduate is known only by
a keyed pseudonym (see ``streams.ingest.pseudonym``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationInfo, field_serializer, field_validator, model_validator

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
    Modality,
    Track,
)
from schemas.regions import Country, Subdivision, subdivision_belongs

# Programmes serve people aged 15 to 40; only the birth year is known, so an
# age computed from years alone may be off by one at either end.
PROGRAMME_MIN_AGE = 15
PROGRAMME_MAX_AGE = 40
AGE_TOLERANCE_YEARS = 1
# Mexico's age of majority: the Ley Federal del Trabajo restricts work below it.
ADULT_AGE = 18
_MEXICO_CITY = ZoneInfo("America/Mexico_City")


class Sex(StrEnum):
    """Sex as the programme recorded it, for the ministry's fairness view only.

    Optional: many programmes do not ask, and a graduate is never matched on it.
    ``other`` covers the X of a CURP and any record that is neither.
    """

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Credential(Part):
    """One credential a graduate holds, and whether its issuer's signature verified it."""

    kind: CredentialKind
    vendor_code: VendorCode
    name: ShortText
    track: Track
    issued_on: date
    verified: bool
    # Added within v1: optional, so every stored event still parses (schemas.compatibility).
    verified_by: ShortText | None = Field(
        default=None,
        description="Nombre del emisor registrado cuya firma (VC-JWT de Open Badges 3.0) "
        "verificó la credencial al cargarla, p. ej. «IBM»; ausente si no se verificó una firma.",
    )

    @model_validator(mode="after")
    def _signer_only_when_verified(self) -> Credential:
        if self.verified_by is not None and not self.verified:
            raise ValueError("verified_by solo puede indicarse en una credencial verificada")
        return self


class LanguageSkill(Part):
    """A language (ISO 639-1) and the graduate's CEFR level in it."""

    language: LanguageCode
    level: CefrLevel


class Preferences(Part):
    """Where and how the graduate wants to work; no modality means no preference."""

    modalities: frozenset[Modality] = frozenset()
    # Subdivisions of any country the graduate would work in (a Salvadoran may name Querétaro).
    states: Annotated[tuple[Subdivision, ...], Field(max_length=32)] = ()
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
    # Added within v1: absent on every event stored before Central America, which were Mexican.
    country: Country = Field(
        default=Country.MX,
        description="País del programa y de residencia (ISO 3166-1 alfa-2: MX, SV, DO); "
        "su documento de identidad es la CURP, el DUI o la cédula. Ausente significa MX.",
    )
    state: Subdivision = Field(
        description="Estado (clave ISO 3166-2:MX sin prefijo, p. ej. QUE), departamento "
        "(SV-SS) o provincia (DO-01) donde vive; debe ser del país indicado."
    )
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
    enrolled_student: bool = Field(
        default=False,
        description="La persona estudia y está inscrita en su programa: puede tomar plazas "
        "de formación dual (work_based_learning).",
    )
    # Why a date and not the birth date: the matcher needs only to know, on the day it
    # matches, whether the person is still a minor. The ingestion edge reads the full birth
    # date from the CURP and carries only the first of the month after the 18th birthday
    # (the birthday itself when it falls on a 1st), and only for people who are minors on
    # the certification date. Adults carry nothing beyond the birth year they carried
    # before; a minor's birth day never leaves the ingestion edge, and rounding up keeps a
    # person a minor for at most a month longer, never shorter.
    adult_from: date | None = Field(
        default=None,
        description="Solo para menores de edad al certificarse: primer día del mes siguiente "
        "a su cumpleaños 18 (el propio cumpleaños si cae en día 1). Antes de esa fecha solo "
        "se le vincula con vacantes que admiten personas de 15 a 17 años.",
    )

    @field_validator("state")
    @classmethod
    def _state_in_country(cls, value: Subdivision, info: ValidationInfo) -> Subdivision:
        # A bad country is reported on its own field; the state is then not judged.
        country = info.data.get("country")
        if isinstance(country, Country):
            subdivision_belongs(value, country)
        return value

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

    @model_validator(mode="after")
    def _plausible_adult_from(self) -> GraduateCertified:
        if self.adult_from is None:
            return self
        certified_on = self.certified_on
        # Someone certified at 14 (the youngest the birth-year rule lets in) is of age within
        # 4 years and a month.
        years = ADULT_AGE - PROGRAMME_MIN_AGE + AGE_TOLERANCE_YEARS
        latest = date(certified_on.year + years + 1, 1, 31)
        if not certified_on < self.adult_from <= latest:
            msg = (
                f"fecha de mayoría de edad (adult_from) {self.adult_from.isoformat()} "
                f"implausible: solo se indica para quien, el {certified_on.isoformat()}, es "
                f"menor de edad y tiene al menos {PROGRAMME_MIN_AGE - AGE_TOLERANCE_YEARS} años"
            )
            raise ValueError(msg)
        # Rounding up takes a December birthday to 1 January of the next year.
        ages = (
            {ADULT_AGE, ADULT_AGE + 1} if self.adult_from.timetuple().tm_yday == 1 else {ADULT_AGE}
        )
        if self.birth_year is not None and self.adult_from.year - self.birth_year not in ages:
            msg = (
                f"el año de nacimiento {self.birth_year} no concuerda con la fecha de mayoría "
                f"de edad (adult_from) {self.adult_from.isoformat()}"
            )
            raise ValueError(msg)
        return self

    @property
    def certified_on(self) -> date:
        """The certification's date in Mexico City."""
        return self.event_time.astimezone(_MEXICO_CITY).date()

    def minor_until(self) -> date | None:
        """The first day the graduate is surely of age, if they were a minor when certified.

        ``adult_from`` when the ingestion edge set it from the CURP. An event without
        it (stored before the field existed) falls back on the birth year, conservatively:
        someone whose birth year alone makes them under 18 on the certification date is a
        minor until 1 January of the year they turn 19. An age of exactly 18 by years
        counts as adult there (new events say otherwise through ``adult_from``).
        """
        if self.adult_from is not None:
            return self.adult_from
        if self.birth_year is None or self.certified_on.year - self.birth_year >= ADULT_AGE:
            return None
        return date(self.birth_year + ADULT_AGE + 1, 1, 1)


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
