"""Taxonomy building from a miniature snapshot, its cache, and the packaged snapshot."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.reference_build import build_snapshot, split_labels
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
from tests.unit.matching.reference_tree import OCC, S, csv_text, skill_row, write_reference


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A tiny tree of official downloads."""
    root = tmp_path / "data"
    write_reference(root)
    return root


@pytest.fixture
def reference(source: Path, tmp_path: Path) -> Path:
    """The snapshot built from ``source``."""
    build_snapshot(source, tmp_path / "snapshot")
    return tmp_path / "snapshot"


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
    source: Path, reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
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
    digital = source / "esco/v1.2-es/digitalSkillsCollection_es.csv"
    digital.write_text(csv_text([skill_row(S + "py", "Pitón")]), encoding="utf-8")
    build_snapshot(source, reference)
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
