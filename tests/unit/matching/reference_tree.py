"""A miniature copy of the official ESCO/O*NET download layout, for builder tests."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

S = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def csv_text(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    """Rows as a CSV document with a header, as ESCO and O*NET publish them."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def skill_row(uri: str, label: str, alts: str = "") -> dict[str, str]:
    """One row of an ESCO skills file."""
    return {
        "conceptUri": uri,
        "preferredLabel": label,
        "altLabels": alts,
        "description": "",
    }


def write_reference(root: Path) -> None:
    """A tiny reference directory with the real file names and columns."""
    es12 = root / "esco/v1.2-es"
    es10 = root / "esco/v1.0-es"
    en = root / "esco/v1.1.1-en"
    onet = root / "onet"
    for folder in (es12, es10, en, onet):
        folder.mkdir(parents=True)
    (es12 / "digitalSkillsCollection_es.csv").write_text(
        csv_text([skill_row(S + "py", "Python", "Python 3 | py")]), encoding="utf-8"
    )
    (es10 / "skills_es.csv").write_text(
        csv_text(
            [
                skill_row(S + "py", "Python viejo", "pitón"),
                skill_row(S + "team", "trabajar en equipo"),
            ]
        ),
        encoding="utf-8",
    )
    occupation = {
        "conceptUri": OCC + "dev",
        "iscoGroup": "2512",
        "preferredLabel": "desarrollador/desarrolladora",
        "altLabels": "programador\nprogramadora",
        "description": "Escriben programas.",
    }
    (es12 / "occupations_es.csv").write_text(csv_text([occupation]), encoding="utf-8")
    with zipfile.ZipFile(en / "classification-en.zip", "w") as archive:
        archive.writestr(
            "skills_en.csv",
            csv_text(
                [
                    skill_row(S + "py", "Python (computer programming)", "Python\nPython3"),
                    skill_row(S + "team", "work in teams"),
                ]
            ),
        )
        archive.writestr(
            "digitalSkillsCollection_en.csv", csv_text([skill_row(S + "py", "Python")])
        )
        english = dict(occupation, preferredLabel="developer", altLabels="coder")
        english["description"] = "They write programs."
        archive.writestr("occupations_en.csv", csv_text([english]))
    with zipfile.ZipFile(en / "relations.zip", "w") as archive:
        archive.writestr(
            "occupationSkillRelations.csv",
            csv_text(
                [
                    {
                        "occupationUri": OCC + "dev",
                        "relationType": "essential",
                        "skillType": "k",
                        "skillUri": S + "py",
                    },
                    {
                        "occupationUri": OCC + "dev",
                        "relationType": "optional",
                        "skillType": "s",
                        "skillUri": S + "team",
                    },
                ]
            ),
        )
    technology = {
        "O*NET-SOC Code": "15-1252.00",
        "Title": "Software Developers",
        "Commodity Code": "43232402",
        "Commodity Title": "Development environment software",
        "In Demand": "N",
    }
    (onet / "Technology Skills.txt").write_text(
        csv_text(
            [
                dict(technology, Example="Python", **{"Hot Technology": "Y"}),
                dict(technology, Example="Apache Kafka", **{"Hot Technology": "Y"}),
                dict(technology, Example="Obscure Tool", **{"Hot Technology": "N"}),
            ],
            delimiter="\t",
        ),
        encoding="utf-8",
    )
