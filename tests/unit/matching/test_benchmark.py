"""``vincula bench-matching`` runs on tiny sizes and reports every measurement."""

from __future__ import annotations

import argparse
import io

from vincula.commands import matching as commands
from vincula.settings import Settings


def test_benchmark_reports_each_part() -> None:
    parser = argparse.ArgumentParser()
    commands.register(parser.add_subparsers())
    arguments = parser.parse_args(
        [
            "bench-matching",
            "--candidates=300",
            "--dim=16",
            "--queries=5",
            "--k=3",
            "--graduates=40",
            "--vacancies=6",
            "--edges=5",
            "--matcher-candidates=50",
        ]
    )
    out = io.StringIO()
    code = arguments.run(arguments, Settings(), out=out)
    lines = out.getvalue().splitlines()
    assert code == 0
    assert [line.split(":")[0] for line in lines] == [
        "retrieval",
        "retrieval",
        "allocation",
        "matcher",
    ]
    assert "300 candidates x 16 dims" in lines[0]
    assert "40 graduates x 6 vacancies, 30 edges" in lines[2]
