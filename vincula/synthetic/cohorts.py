"""Synthetic cohort files, realistic but about no real person, with optional bad rows.

Graduates come from the mission's programmes (TecNM/Infotec AI centres, AWS
training, CONALEP "Aprendices Digitales", IBM SkillsBuild, Kyndryl), live
mostly in nearshoring hubs and carry ESCO skills of their track. The same
seed always writes the same file. This service uses the ESCO classification
of the European Commission.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TextIO, cast

from matching.taxonomy import default_reference_data_dir
from schemas.enums import CefrLevel, Issuer, MexicanState, Modality, Track
from streams.ingest.badge_signing import BadgeAchievement, IssuerKey, sign_badge
from streams.ingest.cohort import ALL_COLUMNS, CohortFormat
from streams.ingest.fields import DEFAULT_TIMEZONE
from vincula.synthetic.catalogue import TrackCatalogue, load_catalogue
from vincula.synthetic.people import random_person
from vincula.synthetic.programmes import PROGRAMMES, Programme, credential_entry
from vincula.synthetic.vacancies import generate_vacancies

__all__ = [
    "BadRowKind",
    "BadgeIssuer",
    "CohortManifest",
    "CohortOptions",
    "default_reference_data_dir",
    "generate_vacancies",
    "write_cohort_csv",
    "write_cohort_jsonl",
]

HUBS = (
    MexicanState.QUE,
    MexicanState.NLE,
    MexicanState.JAL,
    MexicanState.BCN,
    MexicanState.GUA,
    MexicanState.COA,
    MexicanState.CHH,
    MexicanState.CMX,
)
_HUB_WEIGHT = 8
_COHORT_DAY = datetime(2026, 12, 11, 10, 0, tzinfo=DEFAULT_TIMEZONE)


class BadRowKind(StrEnum):
    """The kinds of mistakes injected into synthetic cohorts."""

    BAD_CURP_CHECK_DIGIT = "bad_curp_check_digit"
    BAD_DATE = "bad_date"
    UNKNOWN_STATE = "unknown_state"
    MISSING_FIELD = "missing_field"
    BAD_EMAIL = "bad_email"
    BAD_CREDENTIAL_KIND = "bad_credential_kind"


@dataclass(frozen=True)
class CohortManifest:
    """What a synthetic cohort file holds: which lines are bad and why."""

    path: Path
    fmt: CohortFormat
    n_rows: int
    bad_lines: Mapping[int, BadRowKind]

    @property
    def good_rows(self) -> int:
        """Number of rows that should become events."""
        return self.n_rows - len(self.bad_lines)


def _state(rng: random.Random) -> MexicanState:
    weights = [_HUB_WEIGHT if s in HUBS else 1 for s in MexicanState]
    return rng.choices(list(MexicanState), weights=weights)[0]


@dataclass(frozen=True, slots=True)
class BadgeIssuer:
    """An issuer that signs its credentials as Open Badges: its key, id and name."""

    key: IssuerKey
    issuer_id: str
    name: str


@dataclass(frozen=True, slots=True)
class CohortOptions:
    """Which programmes a cohort file comes from, when it was published, and who signs.

    A credential whose crosswalk issuer is in ``signers`` goes into
    ``credenciales_firmadas`` as a signed badge (as Credly-style vendor badges do);
    the others are typed into ``credenciales`` and so stay unverified.
    """

    programmes: Sequence[Programme] = PROGRAMMES
    published: datetime = _COHORT_DAY
    signers: Mapping[Issuer, BadgeIssuer] = field(default_factory=dict)


def _credential(code: str, issued: date) -> dict[str, object]:
    entry = credential_entry(code)
    return {
        "kind": entry.kind.value,
        "vendor_code": entry.code,
        "name": entry.name,
        "track": entry.track.value,
        "issued_on": issued.isoformat(),
    }


def _signed(signer: BadgeIssuer, code: str, issued: date) -> str:
    entry = credential_entry(code)
    return sign_badge(
        signer.key,
        issuer_id=signer.issuer_id,
        issuer_name=signer.name,
        achievement=BadgeAchievement(entry.code, entry.name, entry.kind, entry.track),
        valid_from=datetime.combine(issued, time(9), tzinfo=DEFAULT_TIMEZONE),
    )


def _good_row(
    rng: random.Random, catalogues: Mapping[Track, TrackCatalogue], options: CohortOptions
) -> dict[str, object]:
    programmes, published = options.programmes, options.published
    programme = rng.choice(programmes)
    home = programme.state if programme.state and rng.random() < 0.8 else _state(rng)
    age = rng.randint(*programme.ages)
    person = random_person(rng, published.year - age, _state(rng) if rng.random() < 0.4 else home)
    issued = published.date() - timedelta(days=rng.randint(3, 120))
    codes = [programme.credential, *(code for code in programme.joint if rng.random() < 0.5)]
    credentials: list[dict[str, object]] = []
    signed: list[str] = []
    for code in codes:
        signer = options.signers.get(credential_entry(code).issuer)
        if signer is None:
            credentials.append(_credential(code, issued))
        else:
            signed.append(_signed(signer, code, issued))
    pool = catalogues[programme.track].skills
    skills = [s.label_es for s in rng.sample(pool, k=min(len(pool), rng.randint(3, 7)))]
    english = rng.choices(list(CefrLevel), weights=[2, 4, 6, 4, 2, 1])[0]
    modalities = rng.sample([m.value for m in Modality], k=rng.randint(0, 3))
    local = f"{person.email_local_part}{rng.randint(1, 999)}"
    return {
        "curp": person.curp,
        "nombre": person.full_name,
        "correo": f"{local}@correo.example.mx",
        "telefono": f"+52 {rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        if rng.random() < 0.8
        else "",
        "programa": programme.name,
        "emisor": programme.issuer.value,
        "plantel": programme.campus or "",
        "estado": home.value,
        "credenciales": credentials,
        "habilidades": skills,
        "idiomas": {"es": "C2", "en": english.value},
        "modalidades": modalities,
        "estados_preferidos": sorted({home.value, _state(rng).value}),
        "reubicacion": rng.random() < 0.35,
        "consentimiento_vinculacion": rng.random() < 0.95,
        "consentimiento_compartir": rng.random() < 0.85,
        "consentimiento_notificaciones": rng.random() < 0.9,
        "anio_nacimiento": person.birth_date.year,
        "fecha_evento": (published + timedelta(minutes=rng.randint(0, 600))).isoformat(),
        # The public programmes record sex (as in the CURP); the vendors' courses do not.
        "sexo": person.sex_letter if programme.records_sex else "",
        "estudiante_inscrito": programme.students,
        "credenciales_firmadas": signed,
    }


def _spoil(row: dict[str, object], kind: BadRowKind, rng: random.Random) -> None:
    """Make exactly one kind of mistake in a row."""
    if kind is BadRowKind.BAD_CURP_CHECK_DIGIT:
        curp = str(row["curp"])
        row["curp"] = curp[:17] + str((int(curp[17]) + rng.randint(1, 9)) % 10)
    elif kind is BadRowKind.BAD_DATE:
        row["fecha_evento"] = rng.choice(["2026-02-30T10:00:00", "11/12/2026", "mañana"])
    elif kind is BadRowKind.UNKNOWN_STATE:
        row["estado"] = rng.choice(["XXX", "Texas", "DF"])
    elif kind is BadRowKind.MISSING_FIELD:
        row[rng.choice(["programa", "correo", "curp", "consentimiento_vinculacion"])] = ""
    elif kind is BadRowKind.BAD_EMAIL:
        row["correo"] = rng.choice(["sin-arroba.example.mx", "ana@", "luis@@correo.mx"])
    else:
        credentials = cast(list[dict[str, object]], row["credenciales"])
        if not credentials:  # every credential is signed: a kind no badge type maps to
            credentials.append(dict(kind="diploma", vendor_code="X-1", name="X", track="ai"))
        credentials[0] = dict(credentials[0], kind=rng.choice(["diploma", "certificado"]))


def _rows(
    n_rows: int, bad_fraction: float, seed: int, reference_data_dir: Path, options: CohortOptions
) -> Iterator[tuple[int, dict[str, object], BadRowKind | None]]:
    if not 0.0 <= bad_fraction <= 1.0:
        raise ValueError("bad_fraction debe estar entre 0 y 1")
    if not options.programmes:
        raise ValueError("una cohorte necesita al menos un programa")
    rng = random.Random(seed)
    catalogues = load_catalogue(reference_data_dir)
    bad = sorted(rng.sample(range(n_rows), k=round(n_rows * bad_fraction)))
    kinds = list(BadRowKind)
    bad_kind = {index: kinds[i % len(kinds)] for i, index in enumerate(bad)}
    seen: set[str] = set()
    for index in range(n_rows):
        row = _good_row(rng, catalogues, options)
        while row["curp"] in seen:  # a repeated CURP would be a second, unplanned error
            row = _good_row(rng, catalogues, options)
        seen.add(str(row["curp"]))
        kind = bad_kind.get(index)
        if kind is not None:
            _spoil(row, kind, rng)
        yield index, row, kind


def _csv_cell(value: object) -> str:
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, dict):
        return ";".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                parts.append("|".join(_csv_cell(item[k]) for k in item))
            else:
                parts.append(str(item))
        return ";".join(parts)
    return str(value)


def _write(
    path: Path,
    fmt: CohortFormat,
    n_rows: int,
    bad_fraction: float,
    seed: int,
    reference_data_dir: Path,
    options: CohortOptions,
) -> CohortManifest:
    bad_lines: dict[int, BadRowKind] = {}
    first_line = 2 if fmt == "csv" else 1
    handle: TextIO
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n") if fmt == "csv" else None
        if writer is not None:
            writer.writerow(ALL_COLUMNS)
        rows = _rows(n_rows, bad_fraction, seed, reference_data_dir, options)
        for index, row, kind in rows:
            if kind is not None:
                bad_lines[first_line + index] = kind
            if writer is not None:
                writer.writerow([_csv_cell(row.get(c, "")) for c in ALL_COLUMNS])
            else:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return CohortManifest(path, fmt, n_rows, bad_lines)


def write_cohort_csv(
    path: Path,
    n_rows: int,
    *,
    bad_fraction: float = 0.0,
    seed: int = 0,
    reference_data_dir: Path,
    options: CohortOptions = CohortOptions(),
) -> CohortManifest:
    """Write a synthetic cohort as CSV; the manifest lists the bad lines."""
    return _write(path, "csv", n_rows, bad_fraction, seed, reference_data_dir, options)


def write_cohort_jsonl(
    path: Path,
    n_rows: int,
    *,
    bad_fraction: float = 0.0,
    seed: int = 0,
    reference_data_dir: Path,
    options: CohortOptions = CohortOptions(),
) -> CohortManifest:
    """Write a synthetic cohort as JSON Lines; the manifest lists the bad lines."""
    return _write(path, "jsonl", n_rows, bad_fraction, seed, reference_data_dir, options)
