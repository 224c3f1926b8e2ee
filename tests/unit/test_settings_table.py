"""The README's settings table names every setting, and only settings that exist."""

from __future__ import annotations

import re

from pydantic import AliasChoices

from vincula.settings import REPOSITORY_ROOT, Settings

# Read by the CLI from the environment before Settings, so logging is set up first.
READ_BEFORE_SETTINGS = {"VINCULA_LOG_FORMAT"}
_VARIABLE = re.compile(r"`((?:VINCULA_)?[A-Z][A-Z0-9_]+)`")


def settings_table(readme: str) -> list[str]:
    """The rows of the table under the README's ``### Settings`` heading."""
    section = readme.split("\n### Settings\n", 1)[1].split("\n#", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def documented(readme: str) -> set[str]:
    """The variables named in the first column of the settings table."""
    return {name for row in settings_table(readme) for name in _VARIABLE.findall(row.split("|")[1])}


def variables() -> set[str]:
    """Every environment variable ``Settings`` reads (each alias counts)."""
    names: set[str] = set()
    for field_name, field in Settings.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.update(str(choice) for choice in alias.choices)
        else:
            names.add(f"VINCULA_{field_name.upper()}")
    return names


def test_the_settings_table_lists_every_setting_and_no_other() -> None:
    readme = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    listed = documented(readme)
    assert variables() - listed == set(), "settings missing from the README's table"
    assert listed - variables() - READ_BEFORE_SETTINGS == set(), "rows naming no setting"


def test_the_check_reads_shorthand_rows_as_their_full_names() -> None:
    readme = (
        "\n### Settings\n\n| variable | default | meaning |\n| --- | --- | --- |\n"
        "| `VINCULA_SMTP_HOST`, `VINCULA_SMTP_PORT` | `127.0.0.1`, `25` | SMTP |\n"
        "| `DATABASE_URL` (or `VINCULA_DATABASE_URL`) | unset | `VINCULA_STATE_DIR` |\n"
        "\n### Next\n| `VINCULA_ELSEWHERE` | | |\n"
    )
    assert documented(readme) == {
        "VINCULA_SMTP_HOST",
        "VINCULA_SMTP_PORT",
        "DATABASE_URL",
        "VINCULA_DATABASE_URL",
    }
