"""Streaming parser of cohort files (CSV or JSON Lines) into certification events.

Columns (CSV header, or keys of each JSON object), Spanish as programmes
write them; (*) marks required ones:

==============================  ================================================
``curp`` (*)                    CURP; replaced by a keyed pseudonym at once
``nombre`` (*)                  full name (contact table only)
``correo`` (*)                  e-mail (contact table only)
``telefono``                    10 digits, optional +52 (contact table only)
``programa`` (*)                programme, e.g. "Centro de IA TecNM Tláhuac — Ciencia de datos"
``emisor`` (*)                  ``Issuer`` value: tecnm_infotec, aws, conalep, ibm, kyndryl…
``plantel``                     campus
``estado`` (*)                  state of residence: ISO code (QUE) or name (Querétaro)
``credenciales`` (*)            ``kind|vendor_code|name|track|AAAA-MM-DD|verified``, ';'-separated
``habilidades``                 free-text skills, ';'-separated
``idiomas``                     ``es:C2;en:B1``
``modalidades``                 on_site/hybrid/remote or presencial/híbrido/remoto, ';'-separated;
                                empty means no preference
``estados_preferidos``          state codes or names, ';'-separated
``reubicacion``                 sí/no (empty: no)
``consentimiento_vinculacion``  (*) sí/no — consent is never assumed
``consentimiento_compartir``    (*) sí/no
``consentimiento_notificaciones`` (*) sí/no
``anio_nacimiento``             four-digit year
``sexo``                        optional column: M/mujer, H/hombre, X/otro (as in a CURP),
                                empty when the programme did not record it; only the
                                ministry's fairness view reads it
``fecha_evento`` (*)            ISO 8601; without an offset, America/Mexico_City
==============================  ================================================

In JSON Lines the list columns may also be native JSON: ``credenciales`` a
list of objects with the keys kind, vendor_code, name, track, issued_on,
verified; ``idiomas`` an object such as ``{"es": "C2", "en": "B1"}``.

Identities are deterministic: ``graduate_id`` is the CURP's pseudonym and
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
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from schemas.enums import Issuer
from schemas.graduates import Consents, GraduateCertified, Preferences
from streams.ingest import fields
from streams.ingest.contact import Contact, normalise_email, normalise_name, normalise_phone
from streams.ingest.curp import validate_curp
from streams.ingest.errors import CohortFormatError, CurpError
from streams.ingest.pseudonym import MIN_KEY_BYTES, pseudonymise_curp

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
OPTIONAL_COLUMNS = ("sexo",)
ALL_COLUMNS = (*COLUMNS, *OPTIONAL_COLUMNS)
ROW_FIELD = "(fila)"

# Fixed forever: changing it would change every event id ever derived.
EVENT_NAMESPACE = uuid.UUID("3b0f6d0e-5b1a-5c55-9a43-7d2f0c1e9b61")

_SUFFIXES: Mapping[str, CohortFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

_DECODERS: Mapping[str, Callable[[object], object]] = {
    "curp": lambda v: validate_curp(fields.text(v, max_length=100)),
    "nombre": lambda v: normalise_name(fields.text(v, max_length=200)),
    "correo": lambda v: normalise_email(fields.text(v, max_length=254)),
    "telefono": lambda v: None if fields.is_blank(v) else normalise_phone(fields.text(v)),
    "programa": fields.text,
    "emisor": lambda v: fields.enum_value(Issuer, v, "emisor"),
    "plantel": fields.optional_text,
    "estado": fields.state,
    "credenciales": fields.credentials,
    "habilidades": fields.skills,
    "idiomas": fields.languages,
    "modalidades": fields.modalities,
    "estados_preferidos": fields.states,
    "reubicacion": lambda v: False if fields.is_blank(v) else fields.boolean(v),
    "consentimiento_vinculacion": fields.boolean,
    "consentimiento_compartir": fields.boolean,
    "consentimiento_notificaciones": fields.boolean,
    "anio_nacimiento": fields.optional_year,
    "fecha_evento": fields.event_time,
    "sexo": fields.optional_sex,
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
    # An absent sex stays out of the hash, so a file loaded before the column existed keeps
    # the event ids it had.
    left_out = {"event_id"} | ({"sex"} if event.sex is None else set())
    content = event.model_dump(mode="json", exclude=left_out)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return uuid.uuid5(EVENT_NAMESPACE, f"{event.graduate_id}:{digest}")


def _column_of(location: tuple[int | str, ...]) -> str:
    # The only rule over the whole event is the birth-year plausibility check.
    if not location:
        return "anio_nacimiento"
    return _COLUMN_OF_FIELD.get(str(location[0]), str(location[0]))


def _build(line: int, values: dict[str, Any], key: bytes) -> ValidRow | list[RowError]:
    graduate_id = pseudonymise_curp(values["curp"], key)
    try:
        draft = GraduateCertified(
            event_id=uuid.UUID(int=0),
            event_time=values["fecha_evento"],
            graduate_id=graduate_id,
            programme=values["programa"],
            issuer=values["emisor"],
            campus=values["plantel"],
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


def parse_row(line: int, row: Mapping[str, object], *, key: bytes) -> ValidRow | list[RowError]:
    """Decode one row (a column -> cell mapping); return the event or every problem found."""
    values: dict[str, Any] = {}
    errors = []
    for column, decode in _DECODERS.items():
        try:
            values[column] = decode(row.get(column))
        except CurpError as error:
            errors.append(RowError(line, column, error.reason))
        except ValueError as error:
            errors.append(RowError(line, column, str(error)))
    if errors:
        return errors
    return _build(line, values, key)


def _csv_rows(path: Path) -> Iterator[tuple[int, Mapping[str, object] | RowError]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in COLUMNS if c not in header]
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


def iter_cohort(
    path: Path, *, key: bytes, fmt: CohortFormat | None = None
) -> Iterator[ValidRow | RowError]:
    """Stream a cohort file row by row, yielding events or the problems of each row."""
    if len(key) < MIN_KEY_BYTES:
        pseudonymise_curp("", key)  # raises the one, well-worded key error
    chosen = fmt or detect_format(path)
    rows = _csv_rows(path) if chosen == "csv" else _jsonl_rows(path)
    first_line_of: dict[str, int] = {}
    for line, row in rows:
        if isinstance(row, RowError):
            yield row
            continue
        result = parse_row(line, row, key=key)
        if isinstance(result, list):
            yield from result
            continue
        graduate_id = result.event.graduate_id
        if graduate_id in first_line_of:
            reason = (
                f"CURP repetida: ya aparece en la línea {first_line_of[graduate_id]}; "
                "se conserva la primera fila"
            )
            yield RowError(line, "curp", reason)
            continue
        first_line_of[graduate_id] = line
        yield result
