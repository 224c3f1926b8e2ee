"""The one reader of the ESCO and O*NET reference snapshot shipped in the package.

The snapshot (``matching/data/reference``) holds only the columns and rows the
code uses, as gzip-compressed JSON lines sorted by key, with a ``manifest.json``
naming the snapshot version, the source versions, the SHA-256 and the row count
of every file. ``matching.reference_build`` writes it from the official
downloads; everything else (taxonomy, evaluation cases, synthetic data) reads
it through this module. Every file is checked against its manifest hash.

This service uses the ESCO classification of the European Commission.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matching.errors import MatchingError

PACKAGED_DIR = Path(__file__).resolve().parent / "data" / "reference"
MANIFEST = "manifest.json"
ATTRIBUTION_FILE = "ATTRIBUTION.md"
# Bump when a file's layout changes; a reader refuses other formats.
SNAPSHOT_FORMAT = 1

DIGITAL_SKILLS_ES = "esco-v1.2-es-digital-skills.jsonl.gz"
SKILLS_ES = "esco-v1.0-es-skills.jsonl.gz"
SKILLS_EN = "esco-v1.1.1-en-skills.jsonl.gz"
DIGITAL_SKILLS_EN = "esco-v1.1.1-en-digital-skills.jsonl.gz"
OCCUPATIONS_ES = "esco-v1.2-es-occupations.jsonl.gz"
OCCUPATIONS_EN = "esco-v1.1.1-en-occupations.jsonl.gz"
OCCUPATION_SKILLS = "esco-v1.1.1-en-occupation-skills.jsonl.gz"
ONET_TECHNOLOGIES = "onet-29.3-technologies.jsonl.gz"

SNAPSHOT_FILES: tuple[str, ...] = (
    DIGITAL_SKILLS_ES,
    SKILLS_ES,
    SKILLS_EN,
    DIGITAL_SKILLS_EN,
    OCCUPATIONS_ES,
    OCCUPATIONS_EN,
    OCCUPATION_SKILLS,
    ONET_TECHNOLOGIES,
)


class ReferenceDataError(MatchingError):
    """The reference snapshot is missing, of another format or does not match its manifest."""


@dataclass(frozen=True, slots=True)
class LabelRow:
    """Labels of one ESCO concept in one language, as published (labels untrimmed)."""

    uri: str
    preferred: str
    alternatives: tuple[str, ...] = ()
    isco_group: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class RelationRow:
    """An occupation-to-skill relation (essential or optional)."""

    occupation_uri: str
    skill_uri: str
    essential: bool


@dataclass(frozen=True, slots=True)
class TechnologyRow:
    """An O*NET technology example with its commodity and hot flags."""

    name: str
    commodity_code: str
    commodity_title: str
    hot: bool
    in_demand: bool


def default_snapshot_dir() -> Path:
    """The snapshot packaged with ``matching``."""
    return PACKAGED_DIR


def encode_rows(rows: list[dict[str, Any]]) -> bytes:
    """JSON lines (keys sorted, UTF-8) gzip-compressed without a timestamp: reproducible."""
    text = "".join(
        json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        for row in rows
    )
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


class ReferenceSnapshot:
    """A snapshot folder: its manifest, and typed rows of each file."""

    __slots__ = ("directory", "manifest", "manifest_bytes")

    def __init__(self, directory: Path) -> None:
        path = directory / MANIFEST
        if not path.is_file():
            raise ReferenceDataError(
                f"No hay instantánea de datos de referencia en {directory} (falta {MANIFEST}); "
                "genérela con «vincula reference build --source DIR --output DIR» "
                "o deje VINCULA_REFERENCE_DATA_DIR sin definir para usar la empaquetada."
            )
        self.directory = directory
        self.manifest_bytes = path.read_bytes()
        self.manifest: dict[str, Any] = json.loads(self.manifest_bytes)
        if self.manifest.get("format") != SNAPSHOT_FORMAT:
            raise ReferenceDataError(
                f"{path}: formato {self.manifest.get('format')!r} de instantánea no soportado "
                f"(se espera {SNAPSHOT_FORMAT})"
            )

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the manifest, which holds the hash of every file."""
        return hashlib.sha256(self.manifest_bytes).hexdigest()

    def rows(self, name: str) -> list[dict[str, Any]]:
        """Decoded rows of one snapshot file, after checking its manifest hash."""
        entry = self.manifest.get("files", {}).get(name)
        if entry is None:
            raise ReferenceDataError(f"{self.directory / MANIFEST}: no describe {name}")
        try:
            data = (self.directory / name).read_bytes()
        except FileNotFoundError as error:
            raise ReferenceDataError(f"Falta {name} en {self.directory}") from error
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise ReferenceDataError(
                f"{self.directory / name} no coincide con el SHA-256 de {MANIFEST}; "
                "reconstruya la instantánea con «vincula reference build»."
            )
        lines = gzip.decompress(data).decode("utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def labels(self, name: str) -> list[LabelRow]:
        """Label rows of a skills or occupations file."""
        return [
            LabelRow(
                uri=row["uri"],
                preferred=row["preferred"],
                alternatives=tuple(row.get("alternatives", ())),
                isco_group=row.get("isco_group", ""),
                description=row.get("description", ""),
            )
            for row in self.rows(name)
        ]

    def occupation_skills(self) -> list[RelationRow]:
        """Occupation-skill relations, essential ones first within each occupation."""
        header, *occupations = self.rows(OCCUPATION_SKILLS)
        skills: list[str] = header["skills"]
        return [
            RelationRow(row["occupation"], skills[position], essential)
            for row in occupations
            for essential, key in ((True, "essential"), (False, "optional"))
            for position in row[key]
        ]

    def technologies(self) -> list[TechnologyRow]:
        """O*NET technologies flagged hot or in demand, sorted by name."""
        return [
            TechnologyRow(
                row["name"],
                row["commodity_code"],
                row["commodity_title"],
                row["hot"],
                row["in_demand"],
            )
            for row in self.rows(ONET_TECHNOLOGIES)
        ]


def open_snapshot(directory: Path | None = None) -> ReferenceSnapshot:
    """The snapshot in ``directory``, or the packaged one."""
    return ReferenceSnapshot(default_snapshot_dir() if directory is None else directory)
