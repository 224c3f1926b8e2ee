"""Streaming parser of cohort files (CSV or JSON Lines) into certification events.

Columns (CSV header, or keys of each JSON object), Spanish as programmes
write them; (*) marks required ones:

==============================  ================================================
``curp`` (*)                    CURP of a Mexican graduate; replaced by a keyed pseudonym at
                                once. Left empty for other countries; a file of another
                                country alone may leave the column out
``pais``                        optional column: MX, SV or DO (or México, El Salvador,
                                República Dominicana); empty means MX
``documento``                   optional column: the identity document of a graduate of El
                                Salvador (DUI, ``00000000-0``) or the Dominican Republic
                                (cédula, ``000-0000000-0``), with or without dashes; replaced
                                by a keyed pseudonym at once. A Mexican row may carry its CURP
                                here instead of in ``curp``
``nombre`` (*)                  full name (contact table only)
``correo`` (*)                  e-mail (contact table only)
``telefono``                    national number: 10 digits in MX (optional +52), 8 in SV
                                (+503), 10 in DO (+1) (contact table only)
``programa`` (*)                programme, e.g. "Centro de IA TecNM Tláhuac — Ciencia de datos"
``emisor`` (*)                  ``Issuer`` value: tecnm_infotec, aws, conalep, ibm, kyndryl…
``plantel``                     campus
``estado`` (*)                  state, department or province of residence, in ``pais``: ISO
                                3166-2 code (QUE, SV-SS or SS, DO-01 or 01) or name (Querétaro,
                                San Salvador, Santiago)
``credenciales`` (*)            ``kind|vendor_code|name|track|AAAA-MM-DD``, ';'-separated; a sixth
                                part (the old typed ``verified``) is accepted and ignored: a
                                typed credential is always unverified. May be empty when
                                ``credenciales_firmadas`` holds at least one
``credenciales_firmadas``       optional column: Open Badges 3.0 VC-JWTs, ';'-separated, each
                                verified against the issuer registry; only these are verified
                                (see ``streams.ingest.signed_credentials``)
``habilidades``                 free-text skills, ';'-separated
``idiomas``                     ``es:C2;en:B1``
``modalidades``                 on_site/hybrid/remote or presencial/híbrido/remoto, ';'-separated;
                                empty means no preference
``estados_preferidos``          codes or names as in ``estado``, of any country, ';'-separated
``reubicacion``                 sí/no (empty: no)
``consentimiento_vinculacion``  (*) sí/no — consent is never assumed
``consentimiento_compartir``    (*) sí/no
``consentimiento_notificaciones`` (*) sí/no
``anio_nacimiento``             four-digit year
``sexo``                        optional column: M/mujer, H/hombre, X/otro (as in a CURP),
                                empty when the programme did not record it; only the
                                ministry's fairness view reads it
``estudiante_inscrito``         optional column: sí/no (empty: no); an enrolled student may
                                take work-based learning places
``fecha_evento`` (*)            ISO 8601; without an offset, America/Mexico_City
==============================  ================================================

In JSON Lines the list columns may also be native JSON: ``credenciales`` a
list of objects with the keys kind, vendor_code, name, track, issued_on (a
``verified`` key is ignored); ``credenciales_firmadas`` a list of JWTs;
``idiomas`` an object such as ``{"es": "C2", "en": "B1"}``.

Age: the CURP's birth date never leaves this module. A graduate who is a minor
on the event's date gets ``adult_from`` (see ``streams.ingest.age``), which keeps
them to vacancies that admit people aged 15 to 17 until then.

Identities are deterministic: ``graduate_id`` is the pseudonym of the CURP
(or DUI, or cédula: ``streams.ingest.pseudonym.pseudonymise_document``) and
``event_id`` a UUIDv5 of the pseudonym and a hash of the event's content, so
loading the same file twice yields the same events. Contact details are not
part of that hash: correcting an e-mail does not make a new graduation.

Repeated CURP in one file: the *first* row wins and every later row with the
same CURP is reported as an error naming the first line. The parser streams,
so it cannot take back an event already handed on, and a conflict between
two rows about one person is for the programme to resolve, not for file
order to decide silently.

``line`` is the 1-based physical line where the row starts (the CSV header
is line 1).
"""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from schemas.enums import Issuer
from schemas.graduates import Consents, GraduateCertified, Preferences
from schemas.regions import Country
from streams.ingest import fields
from streams.ingest.age import adult_from
from streams.ingest.contact import Contact, normalise_email, normalise_name, normalise_phone
from streams.ingest.curp import birth_date_of
from streams.ingest.errors import CohortFormatError, CurpError
from streams.ingest.issuers import IssuerRegistry
from streams.ingest.national_ids import DOCUMENT_NAMES, validate_document
from streams.ingest.pseudonym import MIN_KEY_BYTES, pseudonymise_curp, pseudonymise_document
from streams.ingest.signed_credentials import COLUMN as SIGNED_COLUMN
from streams.ingest.signed_credentials import decode_signed, merge_signed

CohortFormat = Literal["csv", "jsonl"]

COLUMNS = (
    "curp",
    "nombre",
    "correo",
    "telefono",
    "programa",
    "emisor",
    "plantel",
    "estado",
    "credenciales",
    "habilidades",
    "idiomas",
    "modalidades",
    "estados_preferidos",
    "reubicacion",
    "consentimiento_vinculacion",
    "consentimiento_compartir",
    "consentimiento_notificaciones",
    "anio_nacimiento",
    "fecha_evento",
)
# Columns a file may leave out altogether: files written before they existed still load.
OPTIONAL_COLUMNS = ("sexo", "estudiante_inscrito", "credenciales_firmadas")
ALL_COLUMNS = (*COLUMNS, *OPTIONAL_COLUMNS)
# Optional too, and kept out of ALL_COLUMNS so that writers of Mexican files need not change.
COUNTRY_COLUMNS = ("pais", "documento")
ROW_FIELD = "(fila)"

# Fixed forever: changing it would change every event id ever derived.
EVENT_NAMESPACE = uuid.UUID("3b0f6d0e-5b1a-5c55-9a43-7d2f0c1e9b61")

_SUFFIXES: Mapping[str, CohortFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

_DECODERS: Mapping[str, Callable[[object], object]] = {
    "nombre": lambda v: normalise_name(fields.text(v, max_length=200)),
    "correo": lambda v: normalise_email(fields.text(v, max_length=254)),
    "programa": fields.text,
    "emisor": lambda v: fields.enum_value(Issuer, v, "emisor"),
    "plantel": fields.optional_text,
    # Signed credentials join these in parse_row: they need the issuer registry.
    "credenciales": fields.optional_credentials,
    "habilidades": fields.skills,
    "idiomas": fields.languages,
    "modalidades": fields.modalities,
    "reubicacion": lambda v: False if fields.is_blank(v) else fields.boolean(v),
    "consentimiento_vinculacion": fields.boolean,
    "consentimiento_compartir": fields.boolean,
    "consentimiento_notificaciones": fields.boolean,
    "anio_nacimiento": fields.optional_year,
    "fecha_evento": fields.event_time,
    "sexo": fields.optional_sex,
    "estudiante_inscrito": lambda v: False if fields.is_blank(v) else fields.boolean(v),
}

# Columns read in the graduate's country (decoded once ``pais`` is known).
_COUNTRY_DECODERS: Mapping[str, Callable[[object, Country], object]] = {
    "telefono": lambda v, c: (
        None if fields.is_blank(v) else normalise_phone(fields.text(v), country=c)
    ),
    "estado": fields.subdivision,
    "estados_preferidos": fields.subdivisions,
}

# How a missing document is asked for, per country.
_MISSING_DOCUMENT = {
    Country.MX: "falta la CURP",
    Country.SV: "falta el DUI (00000000-0)",
    Country.DO: "falta la cédula de identidad y electoral (000-0000000-0)",
}

# Where a model error points (first element of its location) -> column.
_COLUMN_OF_FIELD = {
    "programme": "programa",
    "issuer": "emisor",
    "campus": "plantel",
    "state": "estado",
    "credentials": "credenciales",
    "skills": "habilidades",
    "languages": "idiomas",
    "birth_year": "anio_nacimiento",
    "sex": "sexo",
    "country": "pais",
    "enrolled_student": "estudiante_inscrito",
    "adult_from": "curp",
    "event_time": "fecha_evento",
    "preferences": "estados_preferidos",
}


@dataclass(frozen=True, slots=True)
class ValidRow:
    """A row that became an event, with the contact details kept apart."""

    line: int
    event: GraduateCertified
    contact: Contact


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row; a row may yield several."""

    line: int
    field: str
    reason: str


def detect_format(path: Path) -> CohortFormat:
    """Return the cohort format from the file suffix."""
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        msg = f"no se reconoce el formato de '{path.name}': use .csv o .jsonl"
        raise CohortFormatError(msg) from None


def event_id_for(event: GraduateCertified) -> uuid.UUID:
    """Derive an event id from the graduate and the canonical content of the event."""
    # An absent sex (and so on for each field added later, at its default) stays out of the
    # hash, so a file loaded before the column existed keeps the event ids it had.
    left_out = {"event_id"} | ({"sex"} if event.sex is None else set())
    left_out |= {"enrolled_student"} if not event.enrolled_student else set()
    left_out |= {"adult_from"} if event.adult_from is None else set()
    left_out |= {"country"} if event.country is Country.MX else set()
    content = event.model_dump(mode="json", exclude=left_out)
    for credential in content["credentials"]:
        if credential.get("verified_by") is None:
            credential.pop("verified_by", None)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return uuid.uuid5(EVENT_NAMESPACE, f"{event.graduate_id}:{digest}")


def _column_of(location: tuple[int | str, ...]) -> str:
    # The only rule over the whole event is the birth-year plausibility check.
    if not location:
        return "anio_nacimiento"
    return _COLUMN_OF_FIELD.get(str(location[0]), str(location[0]))


def _adult_from(curp: str, at: datetime) -> date | None:
    certified_on = at.astimezone(fields.DEFAULT_TIMEZONE).date()
    return adult_from(birth_date_of(curp), certified_on=certified_on)


def _build(line: int, values: dict[str, Any], key: bytes) -> ValidRow | list[RowError]:
    graduate_id = pseudonymise_document(values["pais"], values["documento"], key)
    try:
        draft = GraduateCertified(
            event_id=uuid.UUID(int=0),
            event_time=values["fecha_evento"],
            graduate_id=graduate_id,
            programme=values["programa"],
            issuer=values["emisor"],
            campus=values["plantel"],
            country=values["pais"],
            state=values["estado"],
            credentials=values["credenciales"],
            skills=values["habilidades"],
            languages=values["idiomas"],
            preferences=Preferences(
                modalities=values["modalidades"],
                states=values["estados_preferidos"],
                willing_to_relocate=values["reubicacion"],
            ),
            consents=Consents(
                matching=values["consentimiento_vinculacion"],
                share_with_employers=values["consentimiento_compartir"],
                notifications=values["consentimiento_notificaciones"],
            ),
            birth_year=values["anio_nacimiento"],
            sex=values["sexo"],
            enrolled_student=values["estudiante_inscrito"],
            # Only a CURP carries a birth date; other documents say nothing of age.
            adult_from=None
            if values["curp"] is None
            else _adult_from(values["curp"], values["fecha_evento"]),
        )
    except ValidationError as error:
        return [
            RowError(line, _column_of(item["loc"]), fields.describe_error(item))
            for item in error.errors(include_url=False)
        ]
    event = draft.model_copy(update={"event_id": event_id_for(draft)})
    contact = Contact(
        graduate_id=graduate_id,
        full_name=values["nombre"],
        email=values["correo"],
        phone=values["telefono"],
    )
    return ValidRow(line, event, contact)


def _join_signed(
    line: int,
    row: Mapping[str, object],
    values: dict[str, Any],
    issuers: IssuerRegistry,
    now: datetime,
) -> list[RowError]:
    badges, problems = decode_signed(row.get(SIGNED_COLUMN), issuers, now=now)
    errors = [RowError(line, SIGNED_COLUMN, reason) for reason in problems]
    if "credenciales" in values:
        values["credenciales"] = merge_signed(values["credenciales"], badges)
        if not values["credenciales"] and not errors:
            reason = "se requiere al menos una credencial (en credenciales o credenciales_firmadas)"
            errors.append(RowError(line, "credenciales", reason))
    return errors


def _document_column(row: Mapping[str, object], country: Country) -> str:
    """Where the row's identity document is: ``curp`` (Mexico, by default) or ``documento``."""
    curp, document = row.get("curp"), row.get("documento")
    if country is Country.MX:
        return "documento" if fields.is_blank(curp) and not fields.is_blank(document) else "curp"
    # A CURP filled in for another country is an error reported on its own column.
    return "documento" if fields.is_blank(curp) else "curp"


def _document(row: Mapping[str, object], country: Country, column: str) -> str:
    """The row's identity document, validated as the document of ``country``."""
    if country is not Country.MX and column == "curp":
        raise fields.FieldProblem(
            f"la CURP solo identifica a graduados de México; para {country.spanish_name} "
            f"escriba el {DOCUMENT_NAMES[country]} en la columna documento y deje curp vacía"
        )
    cell = row.get(column)
    if fields.is_blank(cell):
        raise fields.FieldProblem(_MISSING_DOCUMENT[country])
    return validate_document(country, fields.text(cell, max_length=100))


def _decode_identity(
    line: int, row: Mapping[str, object], values: dict[str, Any]
) -> list[RowError]:
    """Decode the country, the identity document and the columns read in that country."""
    try:
        country = fields.country(row.get("pais"))
    except ValueError as error:
        return [RowError(line, "pais", str(error))]
    values["pais"] = country
    errors = []
    column = _document_column(row, country)
    try:
        values["documento"] = _document(row, country, column)
    except CurpError as error:
        # Under its own column a CURP's problem needs no prefix; under documento it does.
        errors.append(RowError(line, column, error.reason if column == "curp" else str(error)))
    except ValueError as error:
        errors.append(RowError(line, column, str(error)))
    else:
        values["curp"] = values["documento"] if country is Country.MX else None
    for name, decode in _COUNTRY_DECODERS.items():
        try:
            values[name] = decode(row.get(name), country)
        except ValueError as error:
            errors.append(RowError(line, name, str(error)))
    return errors


def parse_row(
    line: int,
    row: Mapping[str, object],
    *,
    key: bytes,
    issuers: IssuerRegistry | None = None,
    now: datetime | None = None,
) -> ValidRow | list[RowError]:
    """Decode one row (a column -> cell mapping); return the event or every problem found.

    Signed credentials verify against ``issuers`` (none registered when omitted) at ``now``
    (the wall clock when omitted).
    """
    values: dict[str, Any] = {}
    errors = _decode_identity(line, row, values)
    for column, decode in _DECODERS.items():
        try:
            values[column] = decode(row.get(column))
        except CurpError as error:
            errors.append(RowError(line, column, error.reason))
        except ValueError as error:
            errors.append(RowError(line, column, str(error)))
    errors += _join_signed(line, row, values, issuers or IssuerRegistry(), now or datetime.now(UTC))
    if errors:
        return errors
    return _build(line, values, key)


def _csv_rows(path: Path) -> Iterator[tuple[int, Mapping[str, object] | RowError]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        # A file of another country alone may carry documento instead of curp.
        missing = [
            c for c in COLUMNS if c not in header and not (c == "curp" and "documento" in header)
        ]
        if missing:
            msg = f"a '{path.name}' le faltan columnas: {', '.join(missing)}"
            raise CohortFormatError(msg)
        end = reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                reason = f"la fila tiene {len(cells)} columnas y el encabezado {len(header)}"
                yield start, RowError(start, ROW_FIELD, reason)
                continue
            yield start, dict(zip(header, cells, strict=True))


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Mapping[str, object] | RowError]]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as error:
                yield number, RowError(number, ROW_FIELD, f"JSON inválido: {error.msg}")
                continue
            if not isinstance(row, dict):
                yield number, RowError(number, ROW_FIELD, "cada línea debe ser un objeto JSON")
                continue
            yield number, {str(k).strip().lower(): v for k, v in row.items()}


def _repeated(result: ValidRow, first_line: int) -> RowError:
    """The error of a row about a person an earlier row already described."""
    where = f"ya aparece en la línea {first_line}; se conserva la primera fila"
    if result.event.country is Country.MX:
        return RowError(result.line, "curp", f"CURP repetida: {where}")
    name = DOCUMENT_NAMES[result.event.country]
    return RowError(result.line, "documento", f"{name} repetido: {where}")


def iter_cohort(
    path: Path,
    *,
    key: bytes,
    fmt: CohortFormat | None = None,
    issuers: IssuerRegistry | None = None,
    now: datetime | None = None,
) -> Iterator[ValidRow | RowError]:
    """Stream a cohort file row by row, yielding events or the problems of each row.

    Signed credentials verify against ``issuers`` at ``now`` (see ``parse_row``); one
    instant serves the whole file.
    """
    now = now or datetime.now(UTC)
    if len(key) < MIN_KEY_BYTES:
        pseudonymise_curp("", key)  # raises the one, well-worded key error
    chosen = fmt or detect_format(path)
    rows = _csv_rows(path) if chosen == "csv" else _jsonl_rows(path)
    first_line_of: dict[str, int] = {}
    for line, row in rows:
        if isinstance(row, RowError):
            yield row
            continue
        result = parse_row(line, row, key=key, issuers=issuers, now=now)
        if isinstance(result, list):
            yield from result
            continue
        graduate_id = result.event.graduate_id
        if graduate_id in first_line_of:
            yield _repeated(result, first_line_of[graduate_id])
            continue
        first_line_of[graduate_id] = line
        yield result
