"""``vincula season`` as a person runs it, joined to the test's broker and database.

A small season runs in a subprocess with ``--stop-after``; its printed
summary must agree with what the database holds afterwards, and the season
must have gone through every public door: JSON-LD and JSON vacancies, signed
and typed credentials, graduates' answers, employers' hires, follow-ups.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from vincula.local.ports import free_port
from vincula.local.stack import worker_environment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

GRADUATES = 60
_TOTAL = re.compile(r"^Total\s+(.*)$", re.MULTILINE)


def _summary_total(output: str) -> list[str]:
    found = _TOTAL.search(output)
    assert found is not None, output
    return found.group(1).split()


def test_a_season_runs_through_the_public_interfaces(settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    environment = os.environ | worker_environment(settings)
    environment |= {
        "VINCULA_STATE_DIR": str(tmp_path / "estado"),
        # The e-mails' links must reach the API this run serves.
        "VINCULA_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vincula",
            "season",
            "--graduates",
            str(GRADUATES),
            "--workers",
            "1",
            "--port",
            str(port),
            "--stop-after",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "en JSON-LD" in output and "Tablero de la Secretaría" in output
    graduates, matched, emails, interested, hired, _rate, r3, r6, r12, left = _summary_total(output)

    url = settings.database_url.get_secret_value() if settings.database_url else ""
    with psycopg.connect(url) as connection:

        def one(query: str) -> int:
            row = connection.execute(query).fetchone()
            assert row is not None
            return int(row[0])

        assert one("SELECT count(*) FROM graduates") == int(graduates) == GRADUATES
        assert one("SELECT count(DISTINCT graduate_id) FROM matches") == int(matched) > 0
        assert int(emails) == one(
            "SELECT count(*) FROM notifications WHERE channel = 'email' AND status = 'delivered'"
        )
        assert int(interested) == one(
            "SELECT count(DISTINCT match_id) FROM outcomes"
            " WHERE outcome = 'applied' AND reported_by = 'graduate'"
        )
        assert int(hired) == one("SELECT count(*) FROM outcomes WHERE outcome = 'hired'") > 0
        assert int(r3) == one("SELECT count(*) FROM outcomes WHERE outcome = 'retained_3m'")
        assert int(r6) == one("SELECT count(*) FROM outcomes WHERE outcome = 'retained_6m'")
        assert int(r12) == one("SELECT count(*) FROM outcomes WHERE outcome = 'retained_12m'")
        assert int(left) == one("SELECT count(*) FROM outcomes WHERE outcome = 'left'")
        # Every hire's follow-ups were scheduled; those due by today were answered.
        assert one("SELECT count(*) FROM follow_ups") == 3 * int(hired)
        assert int(r3) + int(left) > 0
        # Vendors' badges arrive signed and verified by their issuer; programmes' are typed.
        assert one("SELECT count(*) FROM credentials WHERE verified AND verified_by IS NOT NULL")
        assert one("SELECT count(*) FROM credentials WHERE NOT verified")
        # Foreign employers published from their ATS as JSON-LD: their ids carry the employer.
        assert one("SELECT count(*) FROM vacancies WHERE vacancy_id LIKE '%.%'") > 0
        # A hire reported with an earlier date than the graduate's answer still counts.
        assert one(
            "SELECT count(*) FROM matches WHERE status IN ('hired', 'retained_3m',"
            " 'retained_6m', 'retained_12m', 'left')"
        ) == int(hired)
