"""The command line speaks Spanish to operators; English only in identifiers."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from vincula.cli import build_parser

# Env vars like VINCULA_MIN_OUTCOMES_FOR_MODEL and argparse placeholders are identifiers.
IDENTIFIER = re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b|%\(\w+\)s")
ENGLISH = {"the", "and", "of", "to", "with", "from", "for", "on", "until", "run", "default"}


def _texts(parser: argparse.ArgumentParser, path: str) -> Iterator[tuple[str, str]]:
    if parser.description:
        yield path, parser.description
    for action in parser._actions:
        if action.help:
            yield f"{path} {'/'.join(action.option_strings) or action.dest}", action.help
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                if helps.get(name):
                    yield f"{path} {name}", str(helps[name])
                yield from _texts(child, f"{path} {name}")


def test_help_texts_are_spanish() -> None:
    texts = list(_texts(build_parser(), "vincula"))
    assert len(texts) > 40
    english = [
        (where, text)
        for where, text in texts
        if ENGLISH & set(re.findall(r"[a-z]+", IDENTIFIER.sub("", text).lower()))
    ]
    assert english == []


def test_help_layout_is_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["dlq", "show", "--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("uso: vincula dlq show")
    assert "argumentos:" in shown and "opciones:" in shown
    assert "mostrar esta ayuda y salir" in shown
