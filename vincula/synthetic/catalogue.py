"""Skills and occupations per programme track, taken from ESCO for synthetic data.

This service uses the ESCO classification of the European Commission.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from schemas.enums import Track

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."

_ES_DIR = Path("esco") / "v1.2-es"
_EN_ZIP = Path("esco") / "v1.1.1-en" / "classification-en.zip"

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


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _rows(handle: io.TextIOBase) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(handle)


def _english(zip_path: Path, member: str) -> dict[str, tuple[str, str]]:
    with zipfile.ZipFile(zip_path) as archive, archive.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return {
            row["conceptUri"]: (row["preferredLabel"], " ".join(row["description"].split()))
            for row in _rows(text)
        }


def _first_title(label: str) -> str:
    # ESCO writes gendered pairs "analista/analista"; a job ad uses one form.
    return label.split("/")[0].strip()


@lru_cache(maxsize=4)
def load_catalogue(reference_data_dir: Path) -> Mapping[Track, TrackCatalogue]:
    """Read ESCO once and group digital skills and ICT occupations by track."""
    skills_en = _english(reference_data_dir / _EN_ZIP, "digitalSkillsCollection_en.csv")
    occupations_en = _english(reference_data_dir / _EN_ZIP, "occupations_en.csv")
    skills: dict[Track, list[Skill]] = {t: [] for t in _SKILL_WORDS}
    path = reference_data_dir / _ES_DIR / "digitalSkillsCollection_es.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in _rows(handle):
            label = row["preferredLabel"].strip()
            haystack = _fold(label)
            english = skills_en.get(row["conceptUri"], (label, ""))[0]
            for track, words in _SKILL_WORDS.items():
                if any(word in haystack for word in words) and len(label) <= 60:
                    skills[track].append(Skill(row["conceptUri"], label, english))
    occupations: dict[Track, list[Occupation]] = {t: [] for t in _OCCUPATION_WORDS}
    path = reference_data_dir / _ES_DIR / "occupations_es.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in _rows(handle):
            if not row["iscoGroup"].startswith(_ISCO_PREFIXES):
                continue
            title = _first_title(row["preferredLabel"])
            haystack = _fold(row["preferredLabel"])
            title_en, description_en = occupations_en.get(row["conceptUri"], ("", ""))
            occupation = Occupation(
                row["conceptUri"],
                title,
                " ".join(row["description"].split()),
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
