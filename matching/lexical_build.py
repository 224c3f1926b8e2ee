"""Fit the packaged lexical IDF table on ESCO labels and descriptions.

``vincula lexical-idf`` rewrites ``matching/data/lexical_idf.json``.
The corpus holds no evaluation labels: every skill's preferred labels and every
occupation's preferred labels and descriptions, Spanish and English, in id order.
"""

from __future__ import annotations

from pathlib import Path

from matching.lexical import PACKAGED_IDF, IdfTable
from matching.taxonomy import ESCO_ATTRIBUTION, Taxonomy

CORPUS_SOURCE = "ESCO: etiquetas de habilidades y ocupaciones y descripciones de ocupaciones"


def taxonomy_corpus(taxonomy: Taxonomy) -> list[str]:
    """Skill labels, occupation labels and occupation descriptions, both languages, by id."""
    texts: list[str] = []
    for skill_id in sorted(taxonomy.skills):
        skill = taxonomy.skill(skill_id)
        texts.extend((skill.label_es, skill.label_en))
    for occupation_id in sorted(taxonomy.occupations):
        occupation = taxonomy.occupation(occupation_id)
        texts.extend(
            (
                occupation.label_es,
                occupation.label_en,
                occupation.description_es,
                occupation.description_en,
            )
        )
    return [text for text in texts if text.strip()]


def fit_taxonomy_idf(taxonomy: Taxonomy) -> IdfTable:
    """The IDF table of the taxonomy corpus."""
    return IdfTable.fit(taxonomy_corpus(taxonomy), source=f"{CORPUS_SOURCE}. {ESCO_ATTRIBUTION}")


def packaged_idf_path() -> Path:
    """Where the package reads its lexical IDF table from."""
    return Path(__file__).resolve().parent / PACKAGED_IDF
