"""Folding and match keys shared by labels and queries."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from matching.text import fold, match_key, stem_token, strip_accents


def test_fold_drops_accents_case_and_punctuation_but_keeps_cpp_and_enye() -> None:
    assert fold("  Programación, ÁGIL!  ") == "programacion agil"
    assert fold("C++ / C#") == "c++ c#"
    assert strip_accents("Año") == "Año"
    assert fold("AÑO") == "año"


def test_fold_keeps_the_enye_and_drops_every_other_accent_and_case() -> None:
    # Spanish: ñ is its own letter (año is "year", ano is "anus"); á, é, í, ó, ú, ü are not.
    assert fold("Año de Diseño") == "año de diseño"
    assert fold("ÁÉÍÓÚ Ü") == "aeiou u"
    assert fold("PEÑA") == "peña" != fold("PENA")
    assert fold("Querétaro") == fold("queretaro") == "queretaro"
    assert fold("n\u0303") == "ñ"  # a decomposed ñ is still an ñ
    assert fold("São Tomé, Ç") == "sao tome c"  # other tildes and cedillas go


def test_fold_folds_compatibility_forms() -> None:
    assert fold("ＰＹＴＨＯＮ") == "python"
    assert fold("CO² ﬁltros") == "co2 filtros"


def test_no_module_folds_text_on_its_own() -> None:
    root = Path(__file__).resolve().parents[3]
    folders = [root / name for name in ("schemas", "matching", "models", "streams", "vincula")]
    folding = sorted(
        str(path.relative_to(root))
        for folder in folders
        for path in folder.rglob("*.py")
        if "unicodedata" in path.read_text(encoding="utf-8")
    )
    assert folding == ["matching/text.py"]


def test_singular_and_plural_share_a_key() -> None:
    pairs = [
        ("red", "redes"),
        ("aplicación", "aplicaciones"),
        ("base de datos", "bases de datos"),
        ("technology", "technologies"),
        ("machine", "machines"),
        ("process", "processes"),
    ]
    for singular, plural in pairs:
        assert match_key(singular) == match_key(plural), (singular, plural)


def test_short_and_alphanumeric_tokens_are_left_alone() -> None:
    assert stem_token("aws") == "aws"
    assert stem_token("s3") == "s3"
    assert stem_token("analysis") == "analysis"
    assert match_key("SQL") != match_key("SQLs s")


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(codec="latin-1"), max_size=40))
def test_match_key_ignores_case(text: str) -> None:
    assert match_key(text.upper()) == match_key(text.lower()) or "ß" in text.lower()
