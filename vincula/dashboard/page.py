"""What the ``/tablero`` template shows: the filter form, and each table with its chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from schemas.enums import CredentialKind, Issuer, MexicanState, Sector, Track, VacancyKind
from schemas.labels import spanish
from vincula.dashboard.charts import Series, bar_chart
from vincula.dashboard.filters import Filters
from vincula.dashboard.labels import DIMENSIONS, Dimension, short_month
from vincula.dashboard.service import Options
from vincula.dashboard.tables import EXPOSURE, GAPS, Dashboard, Table


@dataclass(frozen=True)
class Section:
    """A table of the page, its chart and the address of its CSV file."""

    table: Table
    chart: Markup
    csv: str


def _values(table: Table, column: str, *, body_only: bool = True) -> tuple[float | None, ...]:
    index = [c.key for c in table.columns].index(column)
    rows = [r for r in table.rows if not (body_only and r.total)]
    return tuple(_number(r.cells[index].value) for r in rows)


def _number(value: int | float | None) -> float | None:
    return None if value is None else float(value)


def _labels(table: Table) -> list[str]:
    return [r.label for r in table.rows if not r.total]


def csv_link(key: str, filters: Filters, por: str | None = None) -> str:
    """The address of a table's CSV file, with the page's filters."""
    query = filters.query() | ({"por": por} if por else {})
    return f"/tablero/{key}.csv" + (f"?{urlencode(query)}" if query else "")


def _section(
    table: Table,
    key: str,
    filters: Filters,
    por: str | None,
    columns: tuple[str, ...],
    *,
    percent: bool = False,
    horizontal: bool = True,
    description: str,
    categories: list[str] | None = None,
) -> Section:
    labels = {c.key: c.label for c in table.columns}
    series = [Series(labels[c], _values(table, c)) for c in columns]
    chart = bar_chart(
        f"grafica-{table.key}",
        table.title,
        description,
        _labels(table) if categories is None else categories,
        series,
        percent=percent,
        horizontal=horizontal,
    )
    return Section(table, chart, csv_link(key, filters, por))


def funnel_section(dashboard: Dashboard, filters: Filters, por: Dimension) -> Section:
    """The funnel by ``por``, charted for the whole selection."""
    table = dashboard.funnel(por)
    total = next(r for r in table.rows if r.total)
    steps = list(table.columns)
    chart = bar_chart(
        "grafica-embudo",
        "Embudo de colocación: todas las personas seleccionadas",
        "Personas en cada paso, de la vinculación a seguir empleadas a los 12 meses. "
        "Las cifras menores de 10 se muestran como «<10» y no se dibujan.",
        [c.label for c in steps],
        [
            Series(
                "Personas", tuple(None if c.value is None else float(c.value) for c in total.cells)
            )
        ],
    )
    return Section(table, chart, csv_link("embudo", filters, por))


def sections(dashboard: Dashboard, filters: Filters, por: Dimension) -> dict[str, Any]:
    """Every section of the page, keyed as the template reads them."""
    indicators = dashboard.indicators(por)
    series = dashboard.series()
    months = [short_month(r.key) for r in series.rows if not r.total]
    return {
        "resumen": dashboard.summary_table(),
        "resumen_csv": csv_link("resumen", filters),
        "embudo": funnel_section(dashboard, filters, por),
        "indicadores": _section(
            indicators,
            "indicadores",
            filters,
            por,
            ("placement_rate", "employment_6m"),
            percent=True,
            description="Tasa de colocación y empleo a los 6 meses en cada grupo; "
            "una tasa no se publica si alguna de sus cifras es menor de 10.",
        ),
        "serie": _section(
            series,
            "serie",
            filters,
            None,
            ("matched", "hired"),
            horizontal=False,
            description="Personas vinculadas por primera vez y contratadas en cada mes.",
            categories=months,
        ),
        "credenciales": _section(
            dashboard.credentials(),
            "credenciales",
            filters,
            None,
            ("holders", "verified"),
            description="Personas con cada tipo de credencial y cuántas verificó el emisor.",
        ),
        "brechas": [
            _section(
                dashboard.gap(gap),
                "brecha",
                filters,
                gap,
                ("demand", "supply") if gap == "habilidad" else ("seats", "unfilled"),
                description="Plazas sin cubrir y egresadas que tienen la habilidad."
                if gap == "habilidad"
                else "Plazas de vacantes abiertas y cuántas siguen sin cubrir.",
            )
            for gap in GAPS
        ],
        "exposicion": [
            _section(
                dashboard.exposure(group),
                "exposicion",
                filters,
                group,
                ("share_graduates", "share_matched", "share_hired"),
                percent=True,
                description="Parte de las egresadas, de las propuestas y de las contrataciones "
                "que corresponde a cada grupo; si un grupo recibe menos propuestas o "
                "contrataciones que su parte de egresadas, la barra es más corta.",
            )
            for group in EXPOSURE
        ],
    }


def form_options(options: Options) -> dict[str, list[tuple[str, str]]]:
    """The choices of each select of the filter form, in Spanish."""
    states = sorted(MexicanState, key=lambda s: s.spanish_name)
    return {
        "programa": [(p, p) for p in options.programmes],
        "emisor": [(i.value, spanish(i)) for i in Issuer],
        "ruta": [(t.value, spanish(t)) for t in Track],
        "credencial": [(k.value, spanish(k)) for k in CredentialKind],
        "estado": [(s.value, s.spanish_name) for s in states],
        "sector": [(s.value, spanish(s)) for s in Sector],
        "tipo_vacante": [(k.value, spanish(k)) for k in VacancyKind],
        "cohorte": list(options.cohorts),
        "por": [(key, label) for key, label in DIMENSIONS.items()],
    }
