"""The reference snapshot: reproducible builds, checked reads, the packaged copy."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest

from matching import reference
from matching.reference import ReferenceDataError, open_snapshot
from matching.reference_build import SOURCES, build_snapshot
from matching.taxonomy import ATTRIBUTIONS, default_reference_data_dir
from tests.unit.matching.reference_tree import OCC, S, write_reference
from vincula.commands import reference as reference_command
from vincula.settings import Settings

PACKAGED = default_reference_data_dir()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A tiny tree of official downloads (zip archives and CSVs)."""
    root = tmp_path / "downloads"
    write_reference(root)
    return root


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_rebuilding_from_the_same_downloads_gives_byte_identical_files(
    source: Path, tmp_path: Path
) -> None:
    build_snapshot(source, tmp_path / "one")
    build_snapshot(source, tmp_path / "two")
    first = _files(tmp_path / "one")
    assert first == _files(tmp_path / "two")
    assert set(first) == {*reference.SNAPSHOT_FILES, reference.MANIFEST, "ATTRIBUTION.md"}
    for name in reference.SNAPSHOT_FILES:
        # Bytes 4-7 of a gzip header are its mtime: zero, or rebuilds would differ.
        assert first[name][4:8] == b"\0\0\0\0", name


def test_manifest_records_versions_hashes_and_row_counts(source: Path, tmp_path: Path) -> None:
    manifest = build_snapshot(source, tmp_path / "snapshot")
    on_disk = json.loads((tmp_path / "snapshot" / reference.MANIFEST).read_text("utf-8"))
    assert on_disk == manifest
    assert manifest["sources"] == {"esco": ["v1.2-es", "v1.0-es", "v1.1.1-en"], "onet": "29.3"}
    assert manifest["attribution"] == list(ATTRIBUTIONS)
    for name, entry in manifest["files"].items():
        data = (tmp_path / "snapshot" / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["rows"] == len(gzip.decompress(data).splitlines())
        official = (source / SOURCES[name].path).read_bytes()
        assert entry["source_sha256"] == hashlib.sha256(official).hexdigest()
    counts = {name: entry["rows"] for name, entry in manifest["files"].items()}
    assert counts[reference.SKILLS_ES] == 2
    assert counts[reference.OCCUPATION_SKILLS] == 2  # the skills row, then one occupation


def test_snapshot_keeps_only_the_rows_and_columns_the_code_reads(
    source: Path, tmp_path: Path
) -> None:
    build_snapshot(source, tmp_path / "snapshot")
    snapshot = open_snapshot(tmp_path / "snapshot")
    technologies = snapshot.technologies()
    assert [t.name for t in technologies] == ["Apache Kafka", "Python"]  # not "Obscure Tool"
    assert all(t.hot and not t.in_demand for t in technologies)
    relations = snapshot.occupation_skills()
    assert [(r.occupation_uri, r.skill_uri, r.essential) for r in relations] == [
        (OCC + "dev", S + "py", True),
        (OCC + "dev", S + "team", False),
    ]
    (occupation,) = snapshot.labels(reference.OCCUPATIONS_ES)
    assert (occupation.isco_group, occupation.alternatives) == (
        "2512",
        ("programador", "programadora"),
    )
    raw = gzip.decompress((tmp_path / "snapshot" / reference.SKILLS_ES).read_bytes())
    assert [set(json.loads(line)) for line in raw.splitlines()] == [
        {"uri", "preferred", "alternatives"},
        {"uri", "preferred"},
    ]


def test_rows_are_sorted_whatever_the_order_of_the_downloads(source: Path, tmp_path: Path) -> None:
    build_snapshot(source, tmp_path / "forward")
    path = source / "esco/v1.0-es/skills_es.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(header + "".join(reversed(rows)), encoding="utf-8")
    build_snapshot(source, tmp_path / "reversed")
    name = reference.SKILLS_ES
    forward = (tmp_path / "forward" / name).read_bytes()
    assert forward == (tmp_path / "reversed" / name).read_bytes()


def test_missing_downloads_are_named(source: Path, tmp_path: Path) -> None:
    (source / "onet/Technology Skills.txt").unlink()
    with pytest.raises(ReferenceDataError, match=r"onet/Technology Skills\.txt"):
        build_snapshot(source, tmp_path / "snapshot")


def test_a_file_that_does_not_match_its_manifest_is_refused(source: Path, tmp_path: Path) -> None:
    build_snapshot(source, tmp_path / "snapshot")
    tampered = tmp_path / "snapshot" / reference.SKILLS_EN
    tampered.write_bytes(gzip.compress(b'{"uri":"x","preferred":"y"}\n', mtime=0))
    snapshot = open_snapshot(tmp_path / "snapshot")
    with pytest.raises(ReferenceDataError, match="SHA-256"):
        snapshot.labels(reference.SKILLS_EN)


def test_a_folder_without_manifest_is_no_snapshot(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="vincula reference build"):
        open_snapshot(tmp_path)


def test_reference_build_command_writes_the_snapshot(source: Path, tmp_path: Path) -> None:
    parser = argparse.ArgumentParser(prog="vincula")
    reference_command.register(parser.add_subparsers(dest="command", required=True))
    output = tmp_path / "out"
    arguments = parser.parse_args(
        ["reference", "build", "--source", str(source), "--output", str(output)]
    )
    printed = io.StringIO()
    assert reference_command.build_command(arguments, Settings(), out=printed) == 0
    assert (output / reference.MANIFEST).is_file()
    assert f"{reference.SKILLS_ES}: 2 filas" in printed.getvalue()
    defaults = parser.parse_args(["reference", "build", "--source", str(source)])
    assert defaults.output == PACKAGED


def test_packaged_snapshot_matches_its_manifest_and_keeps_the_attributions() -> None:
    snapshot = open_snapshot()
    assert snapshot.directory == PACKAGED
    manifest = snapshot.manifest
    assert manifest["snapshot_version"] and manifest["sources"]["onet"] == "29.3"
    assert set(manifest["files"]) == set(reference.SNAPSHOT_FILES)
    for name in reference.SNAPSHOT_FILES:
        assert len(snapshot.rows(name)) == manifest["files"][name]["rows"], name
    assert manifest["files"][reference.SKILLS_ES]["rows"] == 13_485
    notice = (PACKAGED / reference.ATTRIBUTION_FILE).read_text(encoding="utf-8")
    for line in ATTRIBUTIONS:
        assert line in notice
    assert "CC BY 4.0" in notice
    size = sum(path.stat().st_size for path in PACKAGED.iterdir())
    assert size < 5_000_000


def test_settings_default_to_the_packaged_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VINCULA_REFERENCE_DATA_DIR", raising=False)
    assert Settings().reference_data_dir == PACKAGED
    monkeypatch.setenv("VINCULA_REFERENCE_DATA_DIR", "/srv/otra-instantanea")
    assert Settings().reference_data_dir == Path("/srv/otra-instantanea")


def test_workers_refuse_a_reference_folder_that_is_no_snapshot(tmp_path: Path) -> None:
    from vincula.bootstrap import build_matcher
    from vincula.errors import ConfigurationError

    (tmp_path / "esco").mkdir()  # the old layout of official downloads is not a snapshot
    settings = Settings(reference_data_dir=tmp_path, matching_encoder="hashing")
    with pytest.raises(ConfigurationError, match=r"VINCULA_REFERENCE_DATA_DIR=.*manifest"):
        build_matcher(settings)
