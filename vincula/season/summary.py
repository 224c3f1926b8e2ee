"""The table printed at the end of a season: the loop per programme, from the database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from models.reports import SeasonRow

_COLUMNS = (
    ("Programa", 0),
    ("Egresados", 9),
    ("Vinculados", 10),
    ("Correos", 7),
    ("Interés", 7),
    ("Contratos", 9),
    ("Colocación", 10),
    ("3 m", 4),
    ("6 m", 4),
    ("12 m", 4),
    ("Salieron", 8),
)
PROGRAMME_WIDTH = 58


def placement_rate(row: SeasonRow) -> float:
    """Hired over graduates (0 when the programme had none)."""
    return row.hired / row.graduates if row.graduates else 0.0


def _cells(row: SeasonRow) -> list[str]:
    return [
        row.programme[:PROGRAMME_WIDTH],
        str(row.graduates),
        str(row.matched),
        str(row.emails),
        str(row.interested),
        str(row.hired),
        f"{placement_rate(row):.1%}",
        str(row.retained_3m),
        str(row.retained_6m),
        str(row.retained_12m),
        str(row.left),
    ]


def total(rows: Sequence[SeasonRow]) -> SeasonRow:
    """Every programme together."""
    return SeasonRow(
        programme="Total",
        graduates=sum(r.graduates for r in rows),
        matched=sum(r.matched for r in rows),
        matches=sum(r.matches for r in rows),
        emails=sum(r.emails for r in rows),
        interested=sum(r.interested for r in rows),
        hired=sum(r.hired for r in rows),
        retained_3m=sum(r.retained_3m for r in rows),
        retained_6m=sum(r.retained_6m for r in rows),
        retained_12m=sum(r.retained_12m for r in rows),
        left=sum(r.left for r in rows),
    )


def render(rows: Sequence[SeasonRow], out: TextIO) -> None:
    """The summary as an aligned text table, with a total line."""
    table = [_cells(row) for row in rows] + [_cells(total(rows))]
    widths = [
        max(PROGRAMME_WIDTH if i == 0 else width, len(title), *(len(r[i]) for r in table))
        for i, (title, width) in enumerate(_COLUMNS)
    ]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    out.write(line([title for title, _ in _COLUMNS]) + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    for cells in table[:-1]:
        out.write(line(cells) + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    out.write(line(table[-1]) + "\n")
    out.flush()
