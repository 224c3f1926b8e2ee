"""Skills and occupations per programme track, taken from ESCO for synthetic data.

This service uses the ESCO classification of the European Commission.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching import reference
from matching.taxonomy import ESCO_ATTRIBUTION
from matching.text import fold
from schemas.enums import Track

__all__ = ["ESCO_ATTRIBUTION", "Occupation", "Skill", "TrackCatalogue", "load_catalogue"]

# Folded (lower-case, unaccented) fragments that place a concept in a track.
_SKILL_WORDS: Mapping[Track, tuple[str, ...]] = {
    Track.AI: (
        "inteligencia artificial",
        "aprendizaje automatico",
        "aprendizaje profundo",
        "redes neuronales",
        "lenguaje natural",
        "vision artificial",
    ),
    Track.DATA: ("datos", "estadistic", "sql", "mineria", "inteligencia empresarial"),
    Track.CLOUD: ("nube", "virtualiza", "servidor", "devops", "contenedor"),
    Track.JAVA: ("java", "programacion", "orientada a objetos", "desarrollo de software"),
    Track.CYBERSECURITY: ("seguridad", "ciber", "amenaza", "cifrado", "vulnerab", "intrusion"),
}
_OCCUPATION_WORDS: Mapping[Track, tuple[str, ...]] = {
    Track.AI: (
        "inteligencia artificial",
        "aprendizaje automatico",
        "cientifico de datos",
        "vision computerizada",
    ),
    Track.DATA: ("datos", "estadistic", "inteligencia empresarial", "analista"),
    Track.CLOUD: ("nube", "sistemas", "redes", "infraestructura", "integracion"),
    Track.JAVA: ("software", "programador", "desarrollador", "aplicaciones"),
    Track.CYBERSECURITY: ("seguridad", "ciberseguridad", "auditor de tic"),
}
# ISCO major groups of ICT professionals (25) and technicians (35), plus 2120
# (mathematicians, statisticians) where data roles sit.
_ISCO_PREFIXES = ("25", "35", "212", "133")


@dataclass(frozen=True, slots=True)
class Skill:
    """An ESCO skill with its Spanish and (when known) English label."""

    uri: str
    label_es: str
    label_en: str


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ESCO occupation with Spanish and English title and description."""

    uri: str
    title_es: str
    description_es: str
    title_en: str
    description_en: str


@dataclass(frozen=True, slots=True)
class TrackCatalogue:
    """What synthetic graduates and vacancies of one track draw from."""

    track: Track
    skills: tuple[Skill, ...]
    occupations: tuple[Occupation, ...]


def _english(snapshot: reference.ReferenceSnapshot, name: str) -> dict[str, tuple[str, str]]:
    return {
        row.uri: (row.preferred, " ".join(row.description.split())) for row in snapshot.labels(name)
    }


def _first_title(label: str) -> str:
    # ESCO writes gendered pairs "analista/analista"; a job ad uses one form.
    return label.split("/")[0].strip()


@lru_cache(maxsize=4)
def load_catalogue(reference_data_dir: Path | None = None) -> Mapping[Track, TrackCatalogue]:
    """Read the ESCO snapshot once and group digital skills and ICT occupations by track."""
    snapshot = reference.open_snapshot(reference_data_dir)
    skills_en = _english(snapshot, reference.DIGITAL_SKILLS_EN)
    occupations_en = _english(snapshot, reference.OCCUPATIONS_EN)
    skills: dict[Track, list[Skill]] = {t: [] for t in _SKILL_WORDS}
    for row in snapshot.labels(reference.DIGITAL_SKILLS_ES):
        label = row.preferred.strip()
        haystack = fold(label)
        english = skills_en.get(row.uri, (label, ""))[0]
        for track, words in _SKILL_WORDS.items():
            if any(word in haystack for word in words) and len(label) <= 60:
                skills[track].append(Skill(row.uri, label, english))
    occupations: dict[Track, list[Occupation]] = {t: [] for t in _OCCUPATION_WORDS}
    for row in snapshot.labels(reference.OCCUPATIONS_ES):
        if not row.isco_group.startswith(_ISCO_PREFIXES):
            continue
        title = _first_title(row.preferred)
        haystack = fold(row.preferred)
        title_en, description_en = occupations_en.get(row.uri, ("", ""))
        occupation = Occupation(
            row.uri,
            title,
            " ".join(row.description.split()),
            _first_title(title_en) or title,
            description_en,
        )
        for track, words in _OCCUPATION_WORDS.items():
            if any(word in haystack for word in words):
                occupations[track].append(occupation)
    return {
        track: TrackCatalogue(
            track,
            tuple(sorted(skills[track], key=lambda s: s.uri)),
            tuple(sorted(occupations[track], key=lambda o: o.uri)),
        )
        for track in _SKILL_WORDS
    }
