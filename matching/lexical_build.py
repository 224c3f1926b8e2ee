"""Fit the packaged lexical IDF table on ESCO labels and descriptions.

``python -m matching.lexical_build`` rewrites ``matching/data/lexical_idf.json``.
The corpus holds no evaluation labels: every skill's preferred labels and every
occupation's preferred labels and descriptions, Spanish and English, in id order.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from matching.lexical import PACKAGED_IDF, IdfTable
from matching.taxonomy import ESCO_ATTRIBUTION, Taxonomy, default_reference_data_dir, load_taxonomy

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


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Fit the table and write it where the package reads it."""
    parser = argparse.ArgumentParser(
        prog="python -m matching.lexical_build",
        description="Ajusta la tabla IDF léxica con etiquetas y descripciones de ESCO.",
    )
    parser.add_argument("--reference-data", type=Path, default=default_reference_data_dir())
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).resolve().parent / PACKAGED_IDF
    )
    args = parser.parse_args(argv)
    table = fit_taxonomy_idf(load_taxonomy(args.reference_data))
    args.output.write_text(table.to_json() + "\n", encoding="utf-8")
    stream = out or sys.stdout
    stream.write(f"{args.output}: {table.documents} textos, huella {table.fingerprint()}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
