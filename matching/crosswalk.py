"""Crosswalk from programme tracks and vendor credentials to taxonomy skill concepts.

The mapping itself is data (``matching/data/crosswalk.json``); every id in it
is an ESCO skill URI or an ``onet:`` technology id of the taxonomy, which the
tests check against the reference files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from schemas.enums import CredentialKind, Issuer, Track


@dataclass(frozen=True, slots=True)
class CredentialEntry:
    """A known credential: who issues it, what kind it is and the skills it certifies."""

    code: str
    issuer: Issuer
    kind: CredentialKind
    name: str
    track: Track
    skills: frozenset[str]


def _normalise_code(vendor_code: str) -> str:
    return vendor_code.strip().upper()


class Crosswalk:
    """Lookup of skill concepts by vendor credential code or programme track."""

    __slots__ = ("_credentials", "_tracks")

    def __init__(
        self,
        credentials: Mapping[str, CredentialEntry],
        tracks: Mapping[Track, frozenset[str]],
    ) -> None:
        self._credentials = MappingProxyType(
            {_normalise_code(code): entry for code, entry in credentials.items()}
        )
        self._tracks = MappingProxyType(dict(tracks))

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Crosswalk:
        """Build from the JSON layout of ``crosswalk.json``."""
        credentials = {
            item["code"]: CredentialEntry(
                code=item["code"],
                issuer=Issuer(item["issuer"]),
                kind=CredentialKind(item["kind"]),
                name=item["name"],
                track=Track(item["track"]),
                skills=frozenset(item["skills"]),
            )
            for item in payload["credentials"]
        }
        tracks = {Track(name): frozenset(ids) for name, ids in payload["tracks"].items()}
        return cls(credentials, tracks)

    @property
    def credentials(self) -> Mapping[str, CredentialEntry]:
        """Every known credential by upper-case code."""
        return self._credentials

    def credential(self, vendor_code: str) -> CredentialEntry | None:
        """The credential with this code (case-insensitive), or None when unknown."""
        return self._credentials.get(_normalise_code(vendor_code))

    def credential_skills(self, vendor_code: str) -> frozenset[str]:
        """Skill concept ids certified by a credential; empty for an unknown code."""
        entry = self.credential(vendor_code)
        return entry.skills if entry is not None else frozenset()

    def track_skills(self, track: Track) -> frozenset[str]:
        """Skill concept ids a programme track teaches; empty for ``Track.OTHER``."""
        return self._tracks.get(track, frozenset())

    def concept_ids(self) -> frozenset[str]:
        """Every concept id the crosswalk mentions."""
        ids: set[str] = set()
        for entry in self._credentials.values():
            ids.update(entry.skills)
        for skills in self._tracks.values():
            ids.update(skills)
        return frozenset(ids)


@lru_cache(maxsize=1)
def default_crosswalk() -> Crosswalk:
    """The crosswalk shipped with the package."""
    text = resources.files("matching").joinpath("data/crosswalk.json").read_text("utf-8")
    return Crosswalk.from_payload(json.loads(text))


def credential_skills(vendor_code: str) -> frozenset[str]:
    """Skill concept ids certified by a vendor credential code (shipped crosswalk)."""
    return default_crosswalk().credential_skills(vendor_code)


def track_skills(track: Track) -> frozenset[str]:
    """Skill concept ids taught by a programme track (shipped crosswalk)."""
    return default_crosswalk().track_skills(track)
