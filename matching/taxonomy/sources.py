"""Readers for the ESCO and O*NET files under the reference data directory.

Each reader returns plain rows; merging them into concepts is the builder's job.
Zip members are streamed with ``zipfile`` so nothing is extracted to disk.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DIGITAL_SKILLS_ES = Path("esco/v1.2-es/digitalSkillsCollection_es.csv")
SKILLS_ES = Path("esco/v1.0-es/skills_es.csv")
OCCUPATIONS_ES = Path("esco/v1.2-es/occupations_es.csv")
CLASSIFICATION_EN = Path("esco/v1.1.1-en/classification-en.zip")
RELATIONS = Path("esco/v1.1.1-en/relations.zip")
ONET_TECHNOLOGY = Path("onet/Technology Skills.txt")

SOURCE_FILES: tuple[Path, ...] = (
    DIGITAL_SKILLS_ES,
    SKILLS_ES,
    OCCUPATIONS_ES,
    CLASSIFICATION_EN,
    RELATIONS,
    ONET_TECHNOLOGY,
)

# ESCO exports separate alternative labels with new lines, the v1.2 digital
# collection with " | ".
_ALT_SEPARATOR = re.compile(r"\s*\n\s*|\s+\|\s+")


def split_labels(raw: str) -> tuple[str, ...]:
    """Split an ESCO altLabels cell into distinct, trimmed labels."""
    seen: dict[str, None] = {}
    for label in _ALT_SEPARATOR.split(raw):
        cleaned = " ".join(label.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class LabelRow:
    """Preferred and alternative labels of one concept in one language."""

    uri: str
    preferred: str
    alternatives: tuple[str, ...]
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


def _rows_from_csv(handle: io.TextIOBase) -> Iterator[LabelRow]:
    for row in csv.DictReader(handle):
        yield LabelRow(
            uri=row["conceptUri"],
            preferred=" ".join(row["preferredLabel"].split()),
            alternatives=split_labels(row.get("altLabels") or ""),
            isco_group=row.get("iscoGroup") or "",
            description=(row.get("description") or "").strip(),
        )


def read_csv_labels(path: Path) -> list[LabelRow]:
    """Label rows of a plain ESCO CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(_rows_from_csv(handle))


def read_zip_labels(path: Path, member: str) -> list[LabelRow]:
    """Label rows of an ESCO CSV stored inside a zip archive."""
    with zipfile.ZipFile(path) as archive, archive.open(member) as raw:
        return list(_rows_from_csv(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def read_occupation_skill_relations(path: Path) -> list[RelationRow]:
    """Occupation-skill relations from the ESCO relations archive."""
    with (
        zipfile.ZipFile(path) as archive,
        archive.open("occupationSkillRelations.csv") as raw,
    ):
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        return [
            RelationRow(
                row["occupationUri"],
                row["skillUri"],
                row["relationType"] == "essential",
            )
            for row in reader
        ]


def read_onet_technologies(path: Path) -> list[TechnologyRow]:
    """Distinct O*NET technology examples; a name is hot if any occupation flags it."""
    merged: dict[str, TechnologyRow] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name = row["Example"].strip()
            hot = row["Hot Technology"] == "Y"
            in_demand = row["In Demand"] == "Y"
            known = merged.get(name)
            if known is None:
                merged[name] = TechnologyRow(
                    name, row["Commodity Code"], row["Commodity Title"], hot, in_demand
                )
            elif (hot and not known.hot) or (in_demand and not known.in_demand):
                merged[name] = TechnologyRow(
                    name,
                    known.commodity_code,
                    known.commodity_title,
                    known.hot or hot,
                    known.in_demand or in_demand,
                )
    return sorted(merged.values(), key=lambda technology: technology.name)
