"""``vincula lexical-idf`` is the one command line that refits the lexical IDF table."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

import matching.taxonomy
from matching.lexical import IdfTable, packaged_idf
from matching.lexical_build import packaged_idf_path
from matching.taxonomy.model import Occupation, SkillConcept, Taxonomy
from vincula.commands import matching as commands
from vincula.settings import Settings

TAXONOMY = Taxonomy(
    [SkillConcept("s1", "Análisis de datos", "Data analysis")],
    [Occupation("o1", "2511", "Analista", "Analyst", description_es="Analiza datos.")],
)


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    commands.register(parser.add_subparsers())
    return parser.parse_args(argv)


def test_lexical_idf_writes_the_table_it_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matching.taxonomy, "load_taxonomy", lambda *_a, **_k: TAXONOMY)
    output = tmp_path / "idf.json"
    arguments = _parse("lexical-idf", "--output", str(output))
    out = io.StringIO()
    assert arguments.run(arguments, Settings(), out=out) == 0
    table = IdfTable.from_json(output.read_text(encoding="utf-8"))
    assert table.documents == 5  # two skill labels, two occupation labels, one description
    assert out.getvalue() == f"{output}: 5 textos, huella {table.fingerprint()}\n"


def test_lexical_idf_defaults_to_the_packaged_table() -> None:
    assert _parse("lexical-idf").output is None
    written = IdfTable.from_json(packaged_idf_path().read_text(encoding="utf-8"))
    assert written.fingerprint() == packaged_idf().fingerprint()
