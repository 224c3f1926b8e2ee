"""The published tables: counts protected by the small-cell rule, as labelled rows of cells.

Every table of a page comes from one :class:`Dashboard`, which protects the one-row
summary first and fixes its visibility as the total row of every other table, so the
totals a page shows agree everywhere. The funnel, the indicators and the fairness view
of one dimension are views of one protected grid, so the same count is never shown in
one and hidden in another. A rate, a share or a median is shown only when the counts it
is computed from are shown (a rate and a published base would give the hidden count
back); a median needs 10 hires. A table lists the values someone has: a state that does
not appear has nobody, which tells no one's count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Literal

from matching.text import fold
from models.dashboard import OpenVacancy
from schemas.enums import CredentialKind
from vincula.dashboard.indicators import (
    CUBE,
    CUBE_MASKS,
    STAGES,
    Person,
    mask_of,
    median_days_to_hire,
    month_of,
    rate,
)
from vincula.dashboard.labels import (
    DIMENSIONS,
    MEASURES,
    VACANCY_SIDE,
    Dimension,
    month_name,
    ordered,
    state_name,
    value_name,
)
from vincula.dashboard.suppression import TOTAL, Grid, Mask, Protected, protect

ColumnKind = Literal["personas", "plazas", "tasa", "razon", "dias"]
TableKey = Literal[
    "resumen", "embudo", "indicadores", "exposicion", "serie", "credenciales", "brecha"
]
ExposureDimension = Literal["programa", "estado", "sexo", "edad"]
GapDimension = Literal["habilidad", "sector", "estado"]
EXPOSURE: tuple[ExposureDimension, ...] = ("programa", "estado", "sexo", "edad")
GAPS: tuple[GapDimension, ...] = ("habilidad", "sector", "estado")
GAP_NAMES: dict[GapDimension, str] = {
    "habilidad": "Habilidad requerida",
    "sector": "Sector",
    "estado": "Estado de la vacante",
}
SUPPRESSED_NOTE = (
    "«<10»: menos de 10, o cifra protegida para que ninguna cifra menor de 10 pueda "
    "deducirse de las demás ni de los totales. «—»: no se publica porque una de las "
    "cifras de las que se calcula está protegida, o no hay base."
)
TOP_SKILLS = 12


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    key: str
    label: str
    kind: ColumnKind


@dataclass(frozen=True)
class Cell:
    """A published value; None when hidden (``suppressed``) or when there is no base."""

    value: int | float | None
    suppressed: bool = False


@dataclass(frozen=True)
class Row:
    """One value of the dimension (or the total) and its cells, in column order."""

    key: str
    label: str
    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    """A table as pages, CSV files and the JSON API publish it."""

    key: str
    title: str
    dimension: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str = SUPPRESSED_NOTE

    def cell(self, row: str, column: str) -> Cell:
        """The cell of a row (by key) and a column (by key)."""
        index = [c.key for c in self.columns].index(column)
        return next(r for r in self.rows if r.key == row).cells[index]


def count_cell(protected: Protected, row: str, measure: str) -> Cell:
    """A protected count."""
    shown = protected.shown(row, measure)
    return Cell(shown, suppressed=shown is None)


def ratio_cell(numerator: Cell, denominator: Cell) -> Cell:
    """numerator / denominator, shown only when both are."""
    if numerator.suppressed or denominator.suppressed:
        return Cell(None, suppressed=True)
    value = rate(
        None if numerator.value is None else int(numerator.value),
        None if denominator.value is None else int(denominator.value),
    )
    return Cell(value)


def _grid_counts(units: Iterable[tuple[str, Mask]]) -> dict[tuple[str, Mask], int]:
    return dict(Counter(units))


def _dimension_value(person: Person, dimension: Dimension) -> str | None:
    return {
        "programa": person.programme,
        "emisor": person.issuer,
        "ruta": person.track,
        "credencial": person.credential_kind,
        "estado": person.state,
        "sector": person.sector,
        "tipo_vacante": person.vacancy_kind,
        "cohorte": person.cohort,
        "sexo": person.sex,
        "edad": person.age_band,
    }[dimension]


class Dashboard:
    """Every table for one selection of people and open vacancies, on one report date."""

    def __init__(
        self, people: Sequence[Person], vacancies: Sequence[OpenVacancy], *, as_of: datetime
    ) -> None:
        self.people = list(people)
        self.vacancies = list(vacancies)
        self.as_of = as_of
        self._masks = [mask_of(p, as_of) for p in self.people]
        self._cubes: dict[Dimension, Protected] = {}
        # Every grid protected so far, with its result: what tests hand to an oracle.
        self.protected: dict[str, tuple[Grid, Protected]] = {}

    def _protect(self, name: str, grid: Grid) -> Protected:
        result = protect(grid)
        self.protected[name] = (grid, result)
        return result

    # Protected grids.

    @cached_property
    def summary(self) -> Protected:
        """The one-row summary of every measure: its visibility fixes every total row."""
        counts = _grid_counts((TOTAL, mask) for mask in self._masks)
        return self._protect("resumen", Grid((TOTAL,), CUBE, CUBE_MASKS, counts, with_total=False))

    def cube(self, dimension: Dimension) -> Protected:
        """Every measure by one dimension, with the summary as its total row."""
        if dimension not in self._cubes:
            measures, masks = CUBE, CUBE_MASKS
            if dimension in VACANCY_SIDE:
                measures = CUBE[1:]
                masks = tuple(
                    m - {"graduates"} for m in CUBE_MASKS if m - {"graduates"}
                )  # the unmatched have no vacancy: not in these rows
            units = [
                (value, mask & frozenset(measures))
                for person, mask in zip(self.people, self._masks, strict=True)
                if (value := _dimension_value(person, dimension)) is not None
            ]
            rows = ordered(dimension, {value for value, _ in units})
            fixed = {m: self.summary.visible(TOTAL, m) for m in measures}
            grid = Grid(rows, measures, masks, _grid_counts(units), fixed_total=fixed)
            self._cubes[dimension] = self._protect(f"cubo-{dimension}", grid)
        return self._cubes[dimension]

    @cached_property
    def series_grid(self) -> Protected:
        """First proposals and hires by calendar month, totals fixed by the summary."""
        units = [
            (month_of(p.first_proposed_at), frozenset({"matched"}))
            for p in self.people
            if p.first_proposed_at is not None
        ]
        units += [
            (month_of(p.hired_at), frozenset({"hired"}))
            for p in self.people
            if p.hired_at is not None
        ]
        months = _month_range({month for month, _ in units})
        fixed = {m: self.summary.visible(TOTAL, m) for m in ("matched", "hired")}
        masks = (frozenset({"matched"}), frozenset({"hired"}))
        grid = Grid(months, ("matched", "hired"), masks, _grid_counts(units), fixed_total=fixed)
        return self._protect("serie", grid)

    @cached_property
    def credentials_grid(self) -> Protected:
        """Graduates holding each kind of credential, verified by its issuer or not."""
        units = []
        for person in self.people:
            for kind in {c.kind for c in person.credentials}:
                verified = any(c.verified for c in person.credentials if c.kind == kind)
                units.append(
                    (kind, frozenset({"holders", "verified" if verified else "unverified"}))
                )
        masks = (frozenset({"holders", "verified"}), frozenset({"holders", "unverified"}))
        rows = tuple(k.value for k in CredentialKind)
        grid = Grid(
            rows,
            ("holders", "verified", "unverified"),
            masks,
            _grid_counts(units),
            with_total=False,
        )
        return self._protect("credenciales", grid)

    def _seat_units(self, key: Callable[[OpenVacancy], str]) -> list[tuple[str, Mask]]:
        units: list[tuple[str, Mask]] = []
        for vacancy in self.vacancies:
            unfilled = vacancy.seats - vacancy.seats_filled
            units += [(key(vacancy), frozenset({"seats", "unfilled"}))] * unfilled
            units += [(key(vacancy), frozenset({"seats"}))] * vacancy.seats_filled
        return units

    @cached_property
    def gap_summary(self) -> Protected:
        """Seats of open vacancies, and how many are unfilled, in all."""
        masks = (frozenset({"seats"}), frozenset({"seats", "unfilled"}))
        counts = _grid_counts(self._seat_units(lambda _: TOTAL))
        grid = Grid((TOTAL,), ("seats", "unfilled"), masks, counts, with_total=False)
        return self._protect("brecha", grid)

    def gap_grid(self, dimension: GapDimension) -> Protected:
        """Seats by sector or state of the vacancy; or demand and supply of each skill."""
        if dimension == "habilidad":
            return self._skills_grid
        key: Callable[[OpenVacancy], str] = (
            (lambda v: v.sector) if dimension == "sector" else (lambda v: v.state)
        )
        units = self._seat_units(key)
        named: Dimension = "sector" if dimension == "sector" else "estado"
        rows = ordered(named, {row for row, _ in units})
        masks = (frozenset({"seats"}), frozenset({"seats", "unfilled"}))
        fixed = {m: self.gap_summary.visible(TOTAL, m) for m in ("seats", "unfilled")}
        grid = Grid(rows, ("seats", "unfilled"), masks, _grid_counts(units), fixed_total=fixed)
        return self._protect(f"brecha-{dimension}", grid)

    @cached_property
    def skill_names(self) -> dict[str, str]:
        """Each required skill's folded key and the spelling vacancies use most."""
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for vacancy in self.vacancies:
            for skill in vacancy.required_skills:
                spellings[fold(skill)][skill] += 1
        return {key: names.most_common(1)[0][0] for key, names in spellings.items()}

    @cached_property
    def _skills_grid(self) -> Protected:
        demand: Counter[str] = Counter()
        for vacancy in self.vacancies:
            for key in {fold(s) for s in vacancy.required_skills}:
                demand[key] += vacancy.seats - vacancy.seats_filled
        top = sorted(
            (k for k, v in demand.items() if v > 0), key=lambda k: (-demand[k], self.skill_names[k])
        )[:TOP_SKILLS]
        chosen = set(top)
        counts: dict[tuple[str, Mask], int] = {(k, frozenset({"demand"})): demand[k] for k in top}
        for person in self.people:
            for key in {fold(s) for s in person.skills} & chosen:
                cell = (key, frozenset({"supply"}))
                counts[cell] = counts.get(cell, 0) + 1
        masks = (frozenset({"demand"}), frozenset({"supply"}))
        grid = Grid(tuple(top), ("demand", "supply"), masks, counts, with_total=False)
        return self._protect("brecha-habilidad", grid)

    # Tables.

    def table(self, key: TableKey, por: str | None = None) -> Table:
        """One published table; ``por`` names its dimension where it has one."""
        if key == "resumen":
            return self.summary_table()
        if key in ("embudo", "indicadores"):
            dimension: Dimension = por if por in DIMENSIONS else "programa"
            return self.funnel(dimension) if key == "embudo" else self.indicators(dimension)
        if key == "exposicion":
            chosen: ExposureDimension = por if por in EXPOSURE else "programa"
            return self.exposure(chosen)
        if key == "serie":
            return self.series()
        if key == "credenciales":
            return self.credentials()
        gap: GapDimension = por if por in GAPS else "habilidad"
        return self.gap(gap)

    def _rows(self, dimension: Dimension | None) -> list[tuple[str, str, bool]]:
        protected = self.summary if dimension is None else self.cube(dimension)
        if dimension is None:
            return [(TOTAL, "Total", True)]
        body = [(row, value_name(dimension, row), False) for row in protected.rows if row != TOTAL]
        return [*body, (TOTAL, "Total", True)]

    def _protected(self, dimension: Dimension | None) -> Protected:
        return self.summary if dimension is None else self.cube(dimension)

    def _median(self, dimension: Dimension | None, row: str, hired: Cell) -> Cell:
        if hired.suppressed:
            return Cell(None, suppressed=True)
        group = [
            p
            for p in self.people
            if row == TOTAL or (dimension is not None and _dimension_value(p, dimension) == row)
        ]
        return Cell(median_days_to_hire(group))

    def summary_table(self) -> Table:
        """The country's headline figures, with the filters applied."""
        columns = (
            Column("graduates", MEASURES["graduates"], "personas"),
            Column("matched", MEASURES["matched"], "personas"),
            Column("hired", MEASURES["hired"], "personas"),
            *_RATE_COLUMNS,
            Column("median_days", "Mediana de días de la certificación a la contratación", "dias"),
        )
        cells = self._indicator_cells(None, TOTAL)
        row_cells = (
            count_cell(self.summary, TOTAL, "graduates"),
            cells["matched"],
            cells["hired"],
            *(cells[c.key] for c in _RATE_COLUMNS),
            cells["median_days"],
        )
        return Table(
            "resumen", "Resumen", "Ámbito", columns, (Row(TOTAL, "Total", row_cells, total=True),)
        )

    def _indicator_cells(self, dimension: Dimension | None, row: str) -> dict[str, Cell]:
        protected = self._protected(dimension)
        cells = {m: count_cell(protected, row, m) for m in protected.measures}
        cells["placement_rate"] = ratio_cell(cells["hired"], cells["matched"])
        cells["employment_6m"] = ratio_cell(cells["employed_6m"], cells["eligible_6m"])
        cells["employment_12m"] = ratio_cell(cells["employed_12m"], cells["eligible_12m"])
        cells["same_employer_rate"] = ratio_cell(cells["same_employer"], cells["eligible_12m"])
        cells["median_days"] = self._median(dimension, row, cells["hired"])
        return cells

    def funnel(self, dimension: Dimension) -> Table:
        """Matched → interested → … → still employed at 12 months, by ``dimension``."""
        protected = self.cube(dimension)
        measures = [m for m in ("graduates", *STAGES) if m in protected.measures]
        columns = tuple(Column(m, MEASURES[m], "personas") for m in measures)
        rows = tuple(
            Row(row, label, tuple(count_cell(protected, row, m) for m in measures), total)
            for row, label, total in self._rows(dimension)
        )
        return Table(
            f"embudo-{dimension}",
            f"Embudo de colocación por {DIMENSIONS[dimension].lower()}",
            DIMENSIONS[dimension],
            columns,
            rows,
        )

    def indicators(self, dimension: Dimension) -> Table:
        """Placement, employment at 6 and 12 months, same employer, time to hire."""
        columns = (
            Column("matched", MEASURES["matched"], "personas"),
            Column("hired", MEASURES["hired"], "personas"),
            _RATE_COLUMNS[0],
            Column("eligible_6m", MEASURES["eligible_6m"], "personas"),
            Column("employed_6m", MEASURES["employed_6m"], "personas"),
            _RATE_COLUMNS[1],
            Column("eligible_12m", MEASURES["eligible_12m"], "personas"),
            Column("employed_12m", MEASURES["employed_12m"], "personas"),
            _RATE_COLUMNS[2],
            Column("same_employer", MEASURES["same_employer"], "personas"),
            _RATE_COLUMNS[3],
            Column("median_days", "Mediana de días a la contratación", "dias"),
        )
        rows = []
        for row, label, total in self._rows(dimension):
            cells = self._indicator_cells(dimension, row)
            rows.append(Row(row, label, tuple(cells[c.key] for c in columns), total))
        return Table(
            f"indicadores-{dimension}",
            f"Indicadores por {DIMENSIONS[dimension].lower()}",
            DIMENSIONS[dimension],
            columns,
            tuple(rows),
        )

    def exposure(self, dimension: ExposureDimension) -> Table:
        """Who receives proposals and who is hired, against their share of graduates."""
        protected = self.cube(dimension)
        columns = (
            Column("graduates", MEASURES["graduates"], "personas"),
            Column("share_graduates", "% de las egresadas", "tasa"),
            Column("matched", "Con propuesta", "personas"),
            Column("share_matched", "% de las propuestas", "tasa"),
            Column("hired", MEASURES["hired"], "personas"),
            Column("share_hired", "% de las contrataciones", "tasa"),
            Column("proposal_rate", "Tasa de propuesta", "tasa"),
            Column("hire_rate", "Tasa de contratación", "tasa"),
            Column("representation", "Contrataciones frente a egresadas (1 = parejo)", "razon"),
        )
        totals = {m: count_cell(protected, TOTAL, m) for m in ("graduates", "matched", "hired")}
        rows = []
        for row, label, total in self._rows(dimension):
            counts = {m: count_cell(protected, row, m) for m in ("graduates", "matched", "hired")}
            shares = {m: ratio_cell(counts[m], totals[m]) for m in counts}
            cells = (
                counts["graduates"],
                shares["graduates"],
                counts["matched"],
                shares["matched"],
                counts["hired"],
                shares["hired"],
                ratio_cell(counts["matched"], counts["graduates"]),
                ratio_cell(counts["hired"], counts["graduates"]),
                _quotient(shares["hired"], shares["graduates"]),
            )
            rows.append(Row(row, label, cells, total))
        return Table(
            f"exposicion-{dimension}",
            f"Exposición y equidad por {DIMENSIONS[dimension].lower()}",
            DIMENSIONS[dimension],
            columns,
            tuple(rows),
        )

    def series(self) -> Table:
        """Graduates first matched and hired in each calendar month."""
        protected = self.series_grid
        columns = (
            Column("matched", MEASURES["proposals"], "personas"),
            Column("hired", MEASURES["hires"], "personas"),
        )
        rows = [
            Row(
                month,
                month_name(month),
                tuple(count_cell(protected, month, c.key) for c in columns),
            )
            for month in protected.rows
            if month != TOTAL
        ]
        rows.append(
            Row(
                TOTAL,
                "Total",
                tuple(count_cell(protected, TOTAL, c.key) for c in columns),
                total=True,
            )
        )
        return Table("serie", "Vinculaciones y contrataciones por mes", "Mes", columns, tuple(rows))

    def credentials(self) -> Table:
        """Graduates holding each kind of credential, and whether its issuer verified it."""
        protected = self.credentials_grid
        columns = (
            Column("holders", MEASURES["holders"], "personas"),
            Column("verified", MEASURES["verified"], "personas"),
            Column("unverified", MEASURES["unverified"], "personas"),
            Column("verified_rate", "% verificada", "tasa"),
        )
        rows = []
        for kind in protected.rows:
            counts = [count_cell(protected, kind, m) for m in ("holders", "verified", "unverified")]
            rows.append(
                Row(
                    kind,
                    value_name("credencial", kind),
                    (*counts, ratio_cell(counts[1], counts[0])),
                )
            )
        return Table(
            "credenciales",
            "Credenciales obtenidas por tipo",
            "Tipo de credencial",
            columns,
            tuple(rows),
            note=SUPPRESSED_NOTE + " Quien tiene dos tipos de credencial cuenta en ambos.",
        )

    def gap(self, dimension: GapDimension) -> Table:
        """Open and unfilled seats by missing skill, sector or state (what training should add)."""
        protected = self.gap_grid(dimension)
        if dimension == "habilidad":
            columns = (
                Column("demand", MEASURES["demand"], "plazas"),
                Column("supply", MEASURES["supply"], "personas"),
                Column("coverage", "Egresadas por plaza", "razon"),
            )
            rows = []
            for key in protected.rows:
                demand = count_cell(protected, key, "demand")
                supply = count_cell(protected, key, "supply")
                rows.append(
                    Row(key, self.skill_names[key], (demand, supply, ratio_cell(supply, demand)))
                )
            note = (
                SUPPRESSED_NOTE + f" Las {TOP_SKILLS} habilidades que piden más plazas sin "
                "cubrir; una plaza que pide varias cuenta en cada una."
            )
            return Table(
                "brecha-habilidad",
                "Brecha de talento por habilidad",
                GAP_NAMES[dimension],
                columns,
                tuple(rows),
                note=note,
            )
        columns = (
            Column("seats", MEASURES["seats"], "plazas"),
            Column("unfilled", MEASURES["unfilled"], "plazas"),
            Column("unfilled_rate", "% sin cubrir", "tasa"),
        )
        named: Dimension = "sector" if dimension == "sector" else "estado"
        rows = []
        for key in protected.rows:
            seats = count_cell(protected, key, "seats")
            unfilled = count_cell(protected, key, "unfilled")
            label = (
                "Total"
                if key == TOTAL
                else (state_name(key) if named == "estado" else value_name(named, key))
            )
            rows.append(
                Row(key, label, (seats, unfilled, ratio_cell(unfilled, seats)), total=key == TOTAL)
            )
        return Table(
            f"brecha-{dimension}",
            f"Plazas abiertas y sin cubrir por {GAP_NAMES[dimension].lower()}",
            GAP_NAMES[dimension],
            columns,
            tuple(rows),
        )


_RATE_COLUMNS = (
    Column("placement_rate", "Tasa de colocación", "tasa"),
    Column("employment_6m", "Empleo a los 6 meses", "tasa"),
    Column("employment_12m", "Empleo a los 12 meses", "tasa"),
    Column("same_employer_rate", "Retención con la misma empresa", "tasa"),
)


def _quotient(numerator: Cell, denominator: Cell) -> Cell:
    if numerator.suppressed or denominator.suppressed:
        return Cell(None, suppressed=True)
    if numerator.value is None or not denominator.value:
        return Cell(None)
    return Cell(numerator.value / denominator.value)


def _month_range(months: set[str]) -> tuple[str, ...]:
    """Every month from the first to the last of ``months``, so a chart has no gaps."""
    if not months:
        return ()
    first, last = min(months), max(months)
    year, month = (int(part) for part in first.split("-"))
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(found)
