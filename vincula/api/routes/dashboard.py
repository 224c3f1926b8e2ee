"""The Secretaría de Economía's placement dashboard: ``/tablero``, its CSV files, its JSON.

The page and the CSV files open with the ministry's session; ``/v1/tablero/{tabla}``
serves the same tables to the ministry's bearer token. All three read one
:class:`~vincula.dashboard.tables.Dashboard`, so a table is the same, cell for cell and
suppression included, on the page, in its CSV file and in the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from vincula.api.bodies import CALLER_ERRORS, ORGANISATION_PAGE, UNAVAILABLE, Responses, problem
from vincula.api.deps import ConnectionDep
from vincula.api.org_pages import signed_in_page
from vincula.api.page_auth import MinistryPage
from vincula.api.security import MinistryCaller
from vincula.dashboard import export
from vincula.dashboard.filters import parse_filters
from vincula.dashboard.labels import DIMENSIONS, Dimension
from vincula.dashboard.page import form_options, sections
from vincula.dashboard.service import build_dashboard, options
from vincula.dashboard.tables import EXPOSURE, GAPS, SUPPRESSED_NOTE, Table, TableKey

router = APIRouter(tags=["secretaría"])

HOME = "/tablero"
_HELP_POR = (
    "Dimensión del embudo y de los indicadores (programa, emisor, ruta, credencial, estado, "
    "sector, tipo_vacante, cohorte, sexo, edad); de la exposición (programa, estado, sexo, "
    "edad); de la brecha (habilidad, sector, estado)."
)


@dataclass(frozen=True)
class FilterQuery:
    """The filters as the query string carries them (checked by ``parse_filters``)."""

    programa: Annotated[str | None, Query(max_length=300, description="Programa.")] = None
    emisor: Annotated[
        str | None, Query(max_length=40, description="Emisor: tecnm_infotec, aws, conalep…")
    ] = None
    ruta: Annotated[str | None, Query(max_length=40, description="Ruta: ai, data, cloud…")] = None
    credencial: Annotated[
        str | None,
        Query(max_length=40, description="Credencial más alta: certification, badge…"),
    ] = None
    estado: Annotated[
        str | None, Query(max_length=3, description="Estado de residencia (clave: QUE).")
    ] = None
    sector: Annotated[
        str | None, Query(max_length=40, description="Sector de la vacante: aerospace…")
    ] = None
    tipo_vacante: Annotated[
        str | None, Query(max_length=40, description="job, apprenticeship o internship.")
    ] = None
    cohorte: Annotated[
        str | None,
        Query(max_length=320, description="Cohorte: «programa|aaaa-mm» (mes de certificación)."),
    ] = None
    desde: Annotated[
        str | None,
        Query(max_length=10, description="Certificadas desde (dd/mm/aaaa o aaaa-mm-dd)."),
    ] = None
    hasta: Annotated[
        str | None,
        Query(max_length=10, description="Certificadas hasta, inclusive (dd/mm/aaaa)."),
    ] = None

    def raw(self) -> dict[str, str]:
        """The values given, as text."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


FilterDep = Annotated[FilterQuery, Depends()]
Por = Annotated[str | None, Query(max_length=20, description=_HELP_POR)]


def _now() -> datetime:
    return datetime.now(UTC)


@router.get(
    HOME,
    response_class=HTMLResponse,
    responses=ORGANISATION_PAGE
    | {400: {"description": "Filtros no válidos: la página los señala."}},
)
def dashboard_page(
    request: Request,
    caller: MinistryPage,
    connection: ConnectionDep,
    query: FilterDep,
    por: Por = None,
) -> HTMLResponse:
    """Placements by programme, state and sector, with filters that combine (in Spanish)."""
    filters, errors = parse_filters(query.raw())
    dimension: Dimension = por if por in DIMENSIONS else "programa"
    if por is not None and por not in DIMENSIONS:
        errors["por"] = f"No se puede desglosar por «{por}»."
    as_of = _now()
    context: dict[str, Any] = {
        "title": "Tablero de colocación",
        "width": "ancho",
        "values": query.raw(),
        "por": dimension,
        "errors": errors,
        "options": form_options(options(connection)),
        "filtered": bool(query.raw()),
        "note": SUPPRESSED_NOTE,
        "as_of": as_of,
    }
    if errors:
        return signed_in_page(request, caller, "tablero.html", context, here=HOME, status=400)
    dashboard = build_dashboard(connection, filters, as_of=as_of)
    context |= sections(dashboard, filters, dimension)
    return signed_in_page(request, caller, "tablero.html", context, here=HOME)


def _table(
    connection: ConnectionDep, query: FilterQuery, tabla: TableKey, por: str | None
) -> tuple[Table, datetime]:
    filters, errors = parse_filters(query.raw())
    allowed = BREAKDOWNS.get(tabla, ())
    if por is not None and por not in allowed:
        errors["por"] = (
            f"«{tabla}» se desglosa por {', '.join(allowed)}"
            if allowed
            else f"«{tabla}» no se desglosa"
        )
    if errors:
        raise HTTPException(400, detail=" ".join(f"{k}: {v}" for k, v in errors.items()))
    as_of = _now()
    return build_dashboard(connection, filters, as_of=as_of).table(tabla, por), as_of


# What each table may be broken down by (``por``); the others have one shape.
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "embudo": tuple(DIMENSIONS),
    "indicadores": tuple(DIMENSIONS),
    "exposicion": EXPOSURE,
    "brecha": GAPS,
}
CSV_RESPONSE: Responses = {
    200: {
        "description": "La tabla en CSV (UTF-8 con BOM, separada por comas), con la misma "
        "supresión que la página: «<10» donde hay menos de 10 o una cifra protegida.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/tablero/{tabla}.csv",
    response_class=Response,
    responses=CSV_RESPONSE
    | ORGANISATION_PAGE
    | problem(400, "Filtros no válidos: el detalle dice cuáles y por qué."),
)
def dashboard_csv(
    caller: MinistryPage,
    connection: ConnectionDep,
    tabla: TableKey,
    query: FilterDep,
    por: Por = None,
) -> Response:
    """One table of the dashboard as a CSV file for Excel, with the page's filters."""
    table, as_of = _table(connection, query, tabla, por)
    name = f"vincula-{table.key}-{as_of:%Y%m%d}.csv"
    return Response(
        export.to_csv(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


class Columna(BaseModel):
    """One column of a table."""

    clave: str = Field(description="Clave estable de la columna (p. ej. «hired»).")
    etiqueta: str = Field(description="Encabezado en español.")
    tipo: Literal["personas", "plazas", "tasa", "razon", "dias"] = Field(
        description="personas o plazas: conteos; tasa: fracción entre 0 y 1; razón; días."
    )


class Celda(BaseModel):
    """One cell: its value, or null where it is suppressed or has no base."""

    columna: str = Field(description="Clave de la columna.")
    valor: int | float | None = Field(description="Valor; null si está suprimida o sin base.")
    suprimida: bool = Field(
        description="Verdadero si se oculta por tener menos de 10, o para que no se deduzca "
        "otra cifra menor de 10 (o si se calcula de una cifra oculta)."
    )


class Fila(BaseModel):
    """One value of the table's dimension, or the total."""

    clave: str = Field(description="Clave del valor (código de estado, sector, aaaa-mm…).")
    etiqueta: str = Field(description="Nombre en español.")
    total: bool = Field(description="Verdadero en la fila de totales.")
    celdas: list[Celda]


class Tabla(BaseModel):
    """A table of the dashboard, as the page shows it."""

    clave: str = Field(description="Tabla y dimensión, p. ej. «embudo-estado».")
    titulo: str
    dimension: str = Field(description="Encabezado de la primera columna.")
    columnas: list[Columna]
    filas: list[Fila]
    nota: str = Field(description="Cómo leer «<10» y «—».")
    fecha_corte: datetime = Field(
        description="Fecha del informe: el seguimiento cuenta hasta aquí."
    )

    @classmethod
    def of(cls, table: Table, as_of: datetime) -> Tabla:
        """The response body of a table."""
        return cls(
            clave=table.key,
            titulo=table.title,
            dimension=table.dimension,
            columnas=[Columna(clave=c.key, etiqueta=c.label, tipo=c.kind) for c in table.columns],
            filas=[
                Fila(
                    clave=row.key,
                    etiqueta=row.label,
                    total=row.total,
                    celdas=[
                        Celda(columna=c.key, valor=cell.value, suprimida=cell.suppressed)
                        for c, cell in zip(table.columns, row.cells, strict=True)
                    ],
                )
                for row in table.rows
            ],
            nota=table.note,
            fecha_corte=as_of,
        )


@router.get(
    "/v1/tablero/{tabla}",
    responses=CALLER_ERRORS
    | UNAVAILABLE
    | problem(400, "Filtros no válidos: el detalle dice cuáles y por qué."),
)
def dashboard_json(
    caller: MinistryCaller,
    connection: ConnectionDep,
    tabla: TableKey,
    query: FilterDep,
    por: Por = None,
) -> Tabla:
    """One table of the ministry's dashboard: resumen, embudo, indicadores, exposicion, serie,
    credenciales or brecha, with the page's filters and its small-cell suppression."""
    return Tabla.of(*_table(connection, query, tabla, por))
