"""Charts as SVG drawn on the server by matplotlib: no script, no CDN, readable without colour.

Every bar carries its value as text and every series its own hatch as well as its
colour (Okabe–Ito, safe for colour blindness); hidden counts are not drawn at all, only
labelled «<10». The SVG is inlined in the page with ``role="img"``, a ``<title>`` and a
``<desc>``, and the same numbers stand in a table beside it. Matplotlib and its DejaVu
fonts install with the Python packages, so nothing is fetched at run time.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import StringIO
from typing import Any

import matplotlib
from markupsafe import Markup, escape
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from vincula.web.formats import SUPPRESSED, decimal, entero, porcentaje

# Okabe–Ito colours, with the site's green first; hatches tell series apart in grey too.
COLOURS = ("#0b5d3b", "#e69f00", "#56b4e9", "#cc79a7")
HATCHES = ("", "///", "...", "xx")
_LOCK = threading.Lock()  # rcParams are global: one chart at a time
_ID = re.compile(r'id="([^"]+)"')


@dataclass(frozen=True)
class Series:
    """One set of bars: a label for the legend and one value per category (None: hidden)."""

    label: str
    values: tuple[float | None, ...]


def _label(value: float | None, percent: bool, whole: bool) -> str:
    if value is None:
        return "—" if percent or not whole else SUPPRESSED
    if percent:
        return porcentaje(value)
    return entero(int(value)) if whole else decimal(value)


def _plain(text: str) -> str:
    """Text matplotlib draws as is: a «$» would start mathematical notation."""
    return text.replace("$", r"\$")


def _short(text: str, limit: int = 34) -> str:
    return _plain(text if len(text) <= limit else text[: limit - 1] + "…")


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool = False,
    whole: bool = True,
    horizontal: bool = True,
) -> Markup:
    """Grouped bars, one group per category, as accessible inline SVG."""
    return _cached(
        chart_id, title, description, tuple(categories), tuple(series), percent, whole, horizontal
    )


@lru_cache(maxsize=256)
def _cached(
    chart_id: str,
    title: str,
    description: str,
    categories: tuple[str, ...],
    series: tuple[Series, ...],
    percent: bool,
    whole: bool,
    horizontal: bool,
) -> Markup:
    # The same numbers draw the same chart: a page seen again is not drawn again.
    with (
        _LOCK,
        matplotlib.rc_context(
            {
                "svg.fonttype": "none",  # text stays text: selectable, searchable, crisp
                "svg.hashsalt": "vincula",  # the same chart gives the same SVG
                "font.family": "DejaVu Sans",
                "font.size": 10,
                "hatch.linewidth": 0.8,
            }
        ),
    ):
        svg = _draw(title, categories, series, percent=percent, whole=whole, horizontal=horizontal)
    return _accessible(svg, chart_id, title, description)


def _draw(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool,
    whole: bool,
    horizontal: bool,
) -> str:
    count = max(1, len(categories))
    width = 0.8 / max(1, len(series))
    # A band above the axes holds the title and the legend, so neither covers a bar.
    keys = 0 if len(series) < 2 else (1 if len(series) == 2 else len(series))
    band = 0.36 + 0.22 * keys
    if horizontal:
        size = (6.4, max(1.6, 0.3 * count * len(series) + 0.2 * count + 0.8) + band)
    else:
        size = (max(5.0, 0.5 * count * len(series) + 1.5), 3.2 + band)
    figure = Figure(figsize=size)
    axes = figure.add_subplot()
    top = max([v for s in series for v in s.values if v is not None] + [1.0 if percent else 10.0])
    for index, one in enumerate(series):
        offsets = [i + (index - (len(series) - 1) / 2) * width for i in range(len(categories))]
        drawn = [0.0 if v is None else v for v in one.values]
        style: dict[str, Any] = {
            "color": COLOURS[index % len(COLOURS)],
            "hatch": HATCHES[index % len(HATCHES)],
            "edgecolor": "#1b1b1b",
            "linewidth": 0.6,
            "label": _plain(one.label),
        }
        if horizontal:
            axes.barh(offsets, drawn, height=width * 0.92, **style)
        else:
            axes.bar(offsets, drawn, width=width * 0.92, **style)
        for offset, value in zip(offsets, one.values, strict=True):
            text = _label(value, percent, whole)
            at = (value or 0.0) + top * 0.01
            if horizontal:
                axes.text(at, offset, text, va="center", ha="left", fontsize=9)
            else:
                axes.text(offset, at, text, va="bottom", ha="center", fontsize=9)
    ticks = list(range(len(categories)))
    names = [_short(c) for c in categories]
    if horizontal:
        axes.set_yticks(ticks, names)
        axes.invert_yaxis()
        axes.set_xlim(0, top * 1.18)
        if percent:
            axes.xaxis.set_major_formatter(lambda x, _: f"{x * 100:,.0f} %")
        else:
            axes.xaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")
    else:
        axes.set_xticks(
            ticks, names, rotation=45 if count > 6 else 0, ha="right" if count > 6 else "center"
        )
        axes.set_ylim(0, top * 1.18)
        axes.yaxis.set_major_formatter(lambda x, _: f"{x * 100:,.0f} %" if percent else f"{x:,.0f}")
    axes.spines[["top", "right"]].set_visible(False)
    height = size[1]
    figure.suptitle(
        _plain(title),
        x=0.01,
        y=1 - 0.08 / height,
        ha="left",
        va="top",
        fontsize=11,
        fontweight="bold",
    )
    if keys:
        handles, labels = axes.get_legend_handles_labels()
        figure.legend(
            handles,
            labels,
            loc="upper left",
            bbox_to_anchor=(0.01, 1 - 0.4 / height),
            ncol=2 if keys == 1 else 1,
            fontsize=9,
            frameon=False,
            borderaxespad=0,
            handlelength=2.4,
            handleheight=1.2,
        )
    # Margins from the longest label (DejaVu Sans at 10 pt: about 0.08 in a character),
    # which costs one drawing less than asking matplotlib to measure them.
    longest = max((len(name) for name in names), default=4)
    if horizontal:
        left, bottom = 0.2 + 0.08 * longest, 0.45
    else:
        left = 0.65
        bottom = 0.35 + (0.06 * longest if count > 6 else 0.15)
    width = size[0]
    figure.subplots_adjust(
        left=min(0.6, left / width),
        right=1 - 0.2 / width,
        bottom=min(0.5, bottom / height),
        top=1 - (band + 0.05) / height,
    )
    buffer = StringIO()
    FigureCanvasSVG(figure)
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _accessible(svg: str, chart_id: str, title: str, description: str) -> Markup:
    """The SVG without its XML prologue and size, with ids of its own and its name inside."""
    body = svg[svg.index("<svg") :]
    body = re.sub(r"<metadata>.*?</metadata>", "", body, flags=re.DOTALL)
    body = _ID.sub(lambda m: f'id="{chart_id}-{m.group(1)}"', body)
    body = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{chart_id}-{m.group(1)})", body)
    body = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{chart_id}-{m.group(1)}"', body)
    opening_end = body.index(">")
    opening = re.sub(r'\s(width|height)="[^"]*"', "", body[:opening_end])
    name = (
        f'<title id="{chart_id}-titulo">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    labelled = (
        f'{opening} role="img" aria-labelledby="{chart_id}-titulo {chart_id}-desc"'
        f' class="grafica-svg">{name}'
    )
    # Matplotlib escapes every text it writes; the title and description are escaped above.
    return Markup(labelled + body[opening_end + 1 :])
