"""Build the reference snapshot from the official ESCO and O*NET downloads.

The source folder has the official layout (``esco/v1.2-es/*.csv``,
``esco/v1.0-es/skills_es.csv``, ``esco/v1.1.1-en/classification-en.zip`` and
``relations.zip``, ``onet/Technology Skills.txt``). Only the columns and rows
the code reads are kept; rows are sorted and gzip carries no timestamp, so the
same downloads always give byte-identical files. ``vincula reference build``
runs this; ``matching.reference`` reads the result.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matching import reference
from matching.reference import ReferenceDataError, encode_rows
from matching.taxonomy.attribution import ATTRIBUTIONS

SNAPSHOT_VERSION = "1.0"
ESCO_VERSIONS: tuple[str, ...] = ("v1.2-es", "v1.0-es", "v1.1.1-en")
ONET_VERSION = "29.3"

# ESCO exports separate alternative labels with new lines, the v1.2 digital
# collection with " | ".
_ALT_SEPARATOR = re.compile(r"\s*\n\s*|\s+\|\s+")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a snapshot file comes from: a file, or a member of a zip archive."""

    path: str
    member: str = ""
    version: str = ""

    def describe(self) -> str:
        """``path`` or ``path!member``, as the manifest records it."""
        return f"{self.path}!{self.member}" if self.member else self.path


_CLASSIFICATION = "esco/v1.1.1-en/classification-en.zip"
SOURCES: dict[str, Source] = {
    reference.DIGITAL_SKILLS_ES: Source(
        "esco/v1.2-es/digitalSkillsCollection_es.csv", version="ESCO v1.2-es"
    ),
    reference.SKILLS_ES: Source("esco/v1.0-es/skills_es.csv", version="ESCO v1.0-es"),
    reference.SKILLS_EN: Source(_CLASSIFICATION, "skills_en.csv", "ESCO v1.1.1-en"),
    reference.DIGITAL_SKILLS_EN: Source(
        _CLASSIFICATION, "digitalSkillsCollection_en.csv", "ESCO v1.1.1-en"
    ),
    reference.OCCUPATIONS_ES: Source("esco/v1.2-es/occupations_es.csv", version="ESCO v1.2-es"),
    reference.OCCUPATIONS_EN: Source(_CLASSIFICATION, "occupations_en.csv", "ESCO v1.1.1-en"),
    reference.OCCUPATION_SKILLS: Source(
        "esco/v1.1.1-en/relations.zip", "occupationSkillRelations.csv", "ESCO v1.1.1-en"
    ),
    reference.ONET_TECHNOLOGIES: Source("onet/Technology Skills.txt", version="O*NET 29.3"),
}

ATTRIBUTION_TEXT = f"""# Datos de referencia: ESCO y O*NET

Esta carpeta es una instantánea compacta (versión {SNAPSHOT_VERSION}) de las columnas y
filas de ESCO y O*NET que usa Vincula, generada con
`vincula reference build --source DIR` a partir de las descargas oficiales.
`manifest.json` da las versiones de origen, el SHA-256 y el número de filas de
cada archivo. Quien redistribuya estos archivos debe conservar este aviso.

## ESCO — European Skills, Competences, Qualifications and Occupations

Versiones: v1.2 (español), v1.0 (español), v1.1.1 (inglés).
Editor: Comisión Europea. Reutilización permitida (Decisión de la Comisión
2011/833/UE) con la atribución:

> {ATTRIBUTIONS[0]}

## O*NET {ONET_VERSION} (mayo de 2025)

Editor: U.S. Department of Labor / National Center for O*NET Development.
Licencia: Creative Commons Attribution 4.0 (CC BY 4.0,
https://creativecommons.org/licenses/by/4.0/). Solo se conservan las
tecnologías marcadas «Hot Technology» o «In Demand» de `Technology Skills.txt`.

> {ATTRIBUTIONS[1]}
"""


def split_labels(raw: str) -> tuple[str, ...]:
    """Split an ESCO altLabels cell into distinct, trimmed labels."""
    seen: dict[str, None] = {}
    for label in _ALT_SEPARATOR.split(raw):
        cleaned = " ".join(label.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def _read_rows(root: Path, source: Source, delimiter: str = ",") -> Iterator[dict[str, str]]:
    path = root / source.path
    if not source.member:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle, delimiter=delimiter)
        return
    with zipfile.ZipFile(path) as archive, archive.open(source.member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield from csv.DictReader(text, delimiter=delimiter)


def _label_rows(
    root: Path, source: Source, *, alternatives: bool = True, occupation: bool = False
) -> list[dict[str, Any]]:
    rows = []
    for row in _read_rows(root, source):
        kept: dict[str, Any] = {"uri": row["conceptUri"], "preferred": row["preferredLabel"]}
        labels = split_labels(row.get("altLabels") or "") if alternatives else ()
        if labels:
            kept["alternatives"] = list(labels)
        if occupation:
            kept["isco_group"] = row.get("iscoGroup") or ""
            kept["description"] = (row.get("description") or "").strip()
        rows.append(kept)
    # Stable: a repeated URI keeps the order the source gave it.
    return sorted(rows, key=lambda kept: str(kept["uri"]))


def _relation_rows(root: Path, source: Source) -> list[dict[str, Any]]:
    """A first row listing the skills, then one row per occupation pointing into it.

    Indices instead of repeated URIs keep the file small: a skill URI is about
    36 random characters and there are nine relations per skill on average.
    """
    essential: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    for row in _read_rows(root, source):
        target = essential if row["relationType"] == "essential" else optional
        target[row["occupationUri"]].append(row["skillUri"])
    skills = sorted(
        {uri for group in (essential, optional) for uris in group.values() for uri in uris}
    )
    index = {uri: position for position, uri in enumerate(skills)}
    return [
        {"skills": skills},
        *(
            {
                "occupation": uri,
                "essential": sorted(index[skill] for skill in essential.get(uri, ())),
                "optional": sorted(index[skill] for skill in optional.get(uri, ())),
            }
            for uri in sorted(essential.keys() | optional.keys())
        ),
    ]


def _technology_rows(root: Path, source: Source) -> list[dict[str, Any]]:
    """Distinct technologies; a name is hot (in demand) if any occupation flags it."""
    merged: dict[str, dict[str, Any]] = {}
    for row in _read_rows(root, source, delimiter="\t"):
        name = row["Example"].strip()
        known = merged.setdefault(
            name,
            {
                "name": name,
                "commodity_code": row["Commodity Code"],
                "commodity_title": row["Commodity Title"],
                "hot": False,
                "in_demand": False,
            },
        )
        known["hot"] = known["hot"] or row["Hot Technology"] == "Y"
        known["in_demand"] = known["in_demand"] or row["In Demand"] == "Y"
    kept = (row for row in merged.values() if row["hot"] or row["in_demand"])
    return sorted(kept, key=lambda row: str(row["name"]))


def snapshot_rows(root: Path) -> dict[str, list[dict[str, Any]]]:
    """Every snapshot file's rows, read from the official downloads under ``root``."""
    missing = sorted({s.path for s in SOURCES.values() if not (root / s.path).is_file()})
    if missing:
        raise ReferenceDataError(f"Faltan descargas oficiales en {root}: {', '.join(missing)}")
    s = SOURCES
    return {
        reference.DIGITAL_SKILLS_ES: _label_rows(root, s[reference.DIGITAL_SKILLS_ES]),
        reference.SKILLS_ES: _label_rows(root, s[reference.SKILLS_ES]),
        reference.SKILLS_EN: _label_rows(root, s[reference.SKILLS_EN]),
        reference.DIGITAL_SKILLS_EN: _label_rows(
            root, s[reference.DIGITAL_SKILLS_EN], alternatives=False
        ),
        reference.OCCUPATIONS_ES: _label_rows(root, s[reference.OCCUPATIONS_ES], occupation=True),
        reference.OCCUPATIONS_EN: _label_rows(root, s[reference.OCCUPATIONS_EN], occupation=True),
        reference.OCCUPATION_SKILLS: _relation_rows(root, s[reference.OCCUPATION_SKILLS]),
        reference.ONET_TECHNOLOGIES: _technology_rows(root, s[reference.ONET_TECHNOLOGIES]),
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(root: Path, encoded: dict[str, bytes], counts: dict[str, int]) -> dict[str, Any]:
    source_hashes = {
        path: _sha256((root / path).read_bytes()) for path in {s.path for s in SOURCES.values()}
    }
    return {
        "format": reference.SNAPSHOT_FORMAT,
        "snapshot_version": SNAPSHOT_VERSION,
        "sources": {"esco": list(ESCO_VERSIONS), "onet": ONET_VERSION},
        "attribution": list(ATTRIBUTIONS),
        "files": {
            name: {
                "rows": counts[name],
                "sha256": _sha256(encoded[name]),
                "source": SOURCES[name].describe(),
                "source_sha256": source_hashes[SOURCES[name].path],
                "source_version": SOURCES[name].version,
            }
            for name in reference.SNAPSHOT_FILES
        },
    }


def build_snapshot(source: Path, output: Path) -> dict[str, Any]:
    """Write the snapshot files, ``ATTRIBUTION.md`` and ``manifest.json``; return the manifest."""
    rows = snapshot_rows(source)
    encoded = {name: encode_rows(rows[name]) for name in reference.SNAPSHOT_FILES}
    manifest = _manifest(source, encoded, {name: len(rows[name]) for name in rows})
    output.mkdir(parents=True, exist_ok=True)
    for name, data in encoded.items():
        (output / name).write_bytes(data)
    (output / reference.ATTRIBUTION_FILE).write_text(ATTRIBUTION_TEXT, encoding="utf-8")
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    # The manifest last: a reader never sees it describe files not yet written.
    (output / reference.MANIFEST).write_text(text, encoding="utf-8")
    return manifest
