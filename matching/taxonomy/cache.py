"""A compact JSON cache of the built taxonomy, keyed by the snapshot's manifest.

Building merges about 50,000 rows of the reference snapshot; the cache is one
JSON file that loads several times faster. The manifest holds the SHA-256 of
every snapshot file, so a rebuilt snapshot (or a new ``FORMAT_VERSION``)
changes the key and a stale cache is never read.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from matching.reference import default_snapshot_dir, open_snapshot
from matching.taxonomy.build import build_taxonomy
from matching.taxonomy.model import Occupation, SkillConcept, Taxonomy

# Bump when the cached layout or the build rules change.
FORMAT_VERSION = 4


def default_reference_data_dir() -> Path:
    """The reference snapshot packaged with ``matching`` (``matching/data/reference``)."""
    return default_snapshot_dir()


def default_cache_dir() -> Path:
    """``.local/cache`` in the repository root (git-ignored)."""
    return Path(__file__).resolve().parents[2] / ".local" / "cache"


def source_fingerprint(reference_data_dir: Path) -> str:
    """SHA-256 over the format version and the snapshot's manifest."""
    digest = hashlib.sha256(f"taxonomy-v{FORMAT_VERSION}".encode())
    digest.update(open_snapshot(reference_data_dir).fingerprint.encode())
    return digest.hexdigest()


def to_payload(taxonomy: Taxonomy) -> dict[str, Any]:
    """A JSON-ready form of the taxonomy; occupations point to skills by index."""
    skills = list(taxonomy.skills.values())
    index = {skill.id: position for position, skill in enumerate(skills)}
    return {
        "skills": [
            [
                s.id,
                s.label_es,
                s.label_en,
                s.alt_es,
                s.alt_en,
                s.digital,
                s.onet_names,
                s.hot,
            ]
            for s in skills
        ],
        "occupations": [
            [
                o.id,
                o.isco_group,
                o.label_es,
                o.label_en,
                o.alt_es,
                o.alt_en,
                o.description_es,
                o.description_en,
                [index[uri] for uri in o.essential_skills],
                [index[uri] for uri in o.optional_skills],
            ]
            for o in taxonomy.occupations.values()
        ],
    }


def from_payload(payload: dict[str, Any]) -> Taxonomy:
    """Rebuild a taxonomy from ``to_payload`` output."""
    skills = [
        SkillConcept(
            id=row[0],
            label_es=row[1],
            label_en=row[2],
            alt_es=tuple(row[3]),
            alt_en=tuple(row[4]),
            digital=row[5],
            source="onet" if row[0].startswith("onet:") else "esco",
            onet_names=tuple(row[6]),
            hot=row[7],
        )
        for row in payload["skills"]
    ]
    ids = [skill.id for skill in skills]
    occupations = [
        Occupation(
            id=row[0],
            isco_group=row[1],
            label_es=row[2],
            label_en=row[3],
            alt_es=tuple(row[4]),
            alt_en=tuple(row[5]),
            description_es=row[6],
            description_en=row[7],
            essential_skills=tuple(ids[i] for i in row[8]),
            optional_skills=tuple(ids[i] for i in row[9]),
        )
        for row in payload["occupations"]
    ]
    return Taxonomy(skills, occupations)


def load_taxonomy(
    reference_data_dir: Path | None = None, *, cache_dir: Path | None = None
) -> Taxonomy:
    """The taxonomy of a snapshot (packaged by default), cached while its manifest is unchanged."""
    if reference_data_dir is None:
        reference_data_dir = default_reference_data_dir()
    directory = default_cache_dir() if cache_dir is None else cache_dir
    path = directory / f"taxonomy-{source_fingerprint(reference_data_dir)[:24]}.json"
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            return from_payload(json.load(handle))
    taxonomy = build_taxonomy(reference_data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    handle_fd, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(handle_fd, "w", encoding="utf-8") as handle:
        json.dump(to_payload(taxonomy), handle, ensure_ascii=False, separators=(",", ":"))
    Path(temporary).chmod(0o644)
    Path(temporary).replace(path)
    return taxonomy
