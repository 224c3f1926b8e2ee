"""Tables as CSV files that open correctly in Excel: UTF-8 with a BOM, comma-separated.

The cells are those of the page, with the same suppression: a hidden count is «<10»,
a rate that cannot be published is «—». Numbers carry no thousands separator so that a
spreadsheet reads them as numbers; rates are percentages with a decimal point. Names
that programmes and employers typed never start a formula.
"""

from __future__ import annotations

import csv
from io import StringIO

from vincula.dashboard.tables import Cell, Column, Table
from vincula.web.formats import SUPPRESSED

BOM = "\ufeff"
NOT_PUBLISHED = "—"


def header(column: Column) -> str:
    """A column's CSV header: its label, with the unit where it is not a count."""
    unit = {"tasa": " (%)", "dias": " (días)"}.get(column.kind, "")
    return column.label + unit


def text(cell: Cell, column: Column) -> str:
    """A cell as the CSV file writes it."""
    if cell.value is None:
        counted = column.kind in ("personas", "plazas")
        return SUPPRESSED if counted and cell.suppressed else NOT_PUBLISHED
    if column.kind in ("personas", "plazas"):
        return str(int(cell.value))
    if column.kind == "tasa":
        return f"{cell.value * 100:.1f}"
    if column.kind == "razon":
        return f"{cell.value:.2f}"
    return f"{cell.value:.1f}"


def safe_label(label: str) -> str:
    """A label a spreadsheet shows as text, never runs as a formula (=, +, -, @)."""
    return f"'{label}" if label[:1] in ("=", "+", "-", "@", "\t", "\r") else label


def to_csv(table: Table) -> bytes:
    """The table as CSV bytes, starting with the UTF-8 byte order mark."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([table.dimension, *(header(c) for c in table.columns)])
    for row in table.rows:
        writer.writerow(
            [
                safe_label(row.label),
                *(text(c, col) for c, col in zip(row.cells, table.columns, strict=True)),
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")
