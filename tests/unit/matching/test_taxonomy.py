"""Taxonomy building from a miniature copy of the ESCO/O*NET layout, cache and real data."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.taxonomy import (
    ESCO_ATTRIBUTION,
    Occupation,
    SkillConcept,
    Taxonomy,
    build_taxonomy,
    default_reference_data_dir,
    load_taxonomy,
)
from matching.taxonomy import cache as cache_module
from matching.taxonomy.build import onet_candidate_names
from matching.taxonomy.cache import from_payload, to_payload
from matching.taxonomy.sources import split_labels

S = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def _csv(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _skill(uri: str, label: str, alts: str = "") -> dict[str, str]:
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
        _csv([_skill(S + "py", "Python", "Python 3 | py")]), encoding="utf-8"
    )
    (es10 / "skills_es.csv").write_text(
        _csv(
            [
                _skill(S + "py", "Python viejo", "pitón"),
                _skill(S + "team", "trabajar en equipo"),
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
    (es12 / "occupations_es.csv").write_text(_csv([occupation]), encoding="utf-8")
    with zipfile.ZipFile(en / "classification-en.zip", "w") as archive:
        archive.writestr(
            "skills_en.csv",
            _csv(
                [
                    _skill(S + "py", "Python (computer programming)", "Python\nPython3"),
                    _skill(S + "team", "work in teams"),
                ]
            ),
        )
        archive.writestr("digitalSkillsCollection_en.csv", _csv([_skill(S + "py", "Python")]))
        english = dict(occupation, preferredLabel="developer", altLabels="coder")
        english["description"] = "They write programs."
        archive.writestr("occupations_en.csv", _csv([english]))
    with zipfile.ZipFile(en / "relations.zip", "w") as archive:
        archive.writestr(
            "occupationSkillRelations.csv",
            _csv(
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
        _csv(
            [
                dict(technology, Example="Python", **{"Hot Technology": "Y"}),
                dict(technology, Example="Apache Kafka", **{"Hot Technology": "Y"}),
                dict(technology, Example="Obscure Tool", **{"Hot Technology": "N"}),
            ],
            delimiter="\t",
        ),
        encoding="utf-8",
    )


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_reference(root)
    return root


def test_build_merges_languages_digital_flag_and_relations(reference: Path) -> None:
    taxonomy = build_taxonomy(reference)
    python = taxonomy.skill(S + "py")
    assert python.label_es == "Python"  # v1.2 wins over v1.0
    assert python.label_en == "Python (computer programming)"
    assert set(python.alt_es) == {"Python 3", "py", "Python viejo", "pitón"}
    assert python.digital
    assert python.onet_names == ("Python",)
    assert python.hot
    assert not taxonomy.skill(S + "team").digital
    dev = taxonomy.occupation(OCC + "dev")
    assert (dev.isco_group, dev.label_en, dev.description_en) == (
        "2512",
        "developer",
        "They write programs.",
    )
    assert dev.alt_es == ("programador", "programadora")
    assert dev.essential_skills == (S + "py",)
    assert dev.optional_skills == (S + "team",)


def test_unmapped_hot_onet_technologies_become_their_own_concepts(
    reference: Path,
) -> None:
    taxonomy = build_taxonomy(reference)
    onet = [s for s in taxonomy.skills.values() if s.source == "onet"]
    assert [(s.id, s.label_en) for s in onet] == [("onet:43232402/apache-kafka", "Apache Kafka")]


def test_cache_is_reused_and_invalidated_by_source_changes(
    reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    first = load_taxonomy(reference, cache_dir=cache_dir)
    assert len(list(cache_dir.glob("taxonomy-*.json"))) == 1

    def refuse(_: Path) -> Taxonomy:
        raise AssertionError("built again although the cache was valid")

    monkeypatch.setattr(cache_module, "build_taxonomy", refuse)
    second = load_taxonomy(reference, cache_dir=cache_dir)
    assert second.skills == first.skills
    assert second.occupations == first.occupations

    monkeypatch.undo()
    digital = reference / "esco/v1.2-es/digitalSkillsCollection_es.csv"
    digital.write_text(_csv([_skill(S + "py", "Pitón")]), encoding="utf-8")
    third = load_taxonomy(reference, cache_dir=cache_dir)
    assert third.skill(S + "py").label_es == "Pitón"
    assert len(list(cache_dir.glob("taxonomy-*.json"))) == 2


labels = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@given(
    st.lists(
        st.tuples(labels, labels, st.lists(labels, max_size=3), st.booleans()),
        max_size=5,
    )
)
def test_payload_round_trip(rows: list[tuple[str, str, list[str], bool]]) -> None:
    skills = [
        SkillConcept(f"{S}{i}", es, en, alt_es=tuple(alt), digital=digital, hot=not digital)
        for i, (es, en, alt, digital) in enumerate(rows)
    ] + [SkillConcept("onet:1/x", "X", "X", source="onet", onet_names=("X",))]
    occupations = [
        Occupation(OCC + "a", "2511", "a", "a", essential_skills=tuple(s.id for s in skills[:2]))
    ]
    taxonomy = Taxonomy(skills, occupations)
    again = from_payload(to_payload(taxonomy))
    assert dict(again.skills) == dict(taxonomy.skills)
    assert dict(again.occupations) == dict(taxonomy.occupations)


def test_split_labels_handles_both_separators_and_duplicates() -> None:
    assert split_labels("a\n b \n\na") == ("a", "b")
    assert split_labels("uno | dos |  tres") == ("uno", "dos", "tres")
    assert split_labels("") == ()


def test_onet_candidates_drop_software_suffix_and_vendor() -> None:
    assert onet_candidate_names("Oracle Java") == ["Oracle Java", "Java"]
    assert onet_candidate_names("Microsoft Azure software") == [
        "Microsoft Azure software",
        "Microsoft Azure",
        "Azure",
    ]
    assert onet_candidate_names("Inventory control system software") == [
        "Inventory control system software",
        "Inventory control system",
    ]


def test_attribution_is_the_exact_esco_sentence() -> None:
    assert ESCO_ATTRIBUTION == (
        "This service uses the ESCO classification of the European Commission."
    )


REAL = default_reference_data_dir()
needs_real_data = pytest.mark.skipif(
    not (REAL / "esco").is_dir(), reason="reference data not available"
)


@needs_real_data
def test_real_taxonomy_is_bilingual_and_loads_fast_from_cache() -> None:
    load_taxonomy(REAL)  # builds the cache the first time
    started = time.perf_counter()
    taxonomy = load_taxonomy(REAL)
    assert time.perf_counter() - started < 3.0
    assert len(taxonomy.skills) > 13_000
    assert len(taxonomy.occupations) > 3_000
    ml = taxonomy.skill(S + "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43")
    assert (ml.label_es, ml.label_en, ml.digital) == (
        "aprendizaje automático",
        "machine learning",
        True,
    )
    python = taxonomy.skill(S + "ccd0a1d9-afda-43d9-b901-96344886e14d")
    assert "Python" in python.onet_names
    assert "onet:43232701/kubernetes" in taxonomy.skills
    data_scientist = taxonomy.occupation(OCC + "258e46f9-0075-4a2e-adae-1ff0477e0f30")
    assert data_scientist.isco_group.startswith("2")
    assert data_scientist.essential_skills
    assert all(skill in taxonomy.skills for skill in data_scientist.essential_skills)
