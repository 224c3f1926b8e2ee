"""Jinja2 templates with Mexico's formats as filters, rendered into safe HTML responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from vincula.web import formats

environment = Environment(
    loader=PackageLoader("vincula.web", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters.update(
    fecha=formats.fecha,
    fecha_hora=formats.fecha_hora,
    entero=formats.entero,
    decimal=formats.decimal,
    porcentaje=formats.porcentaje,
    pesos=formats.pesos,
    nombre=formats.nombre,
    lugar=formats.lugar,
)
# Pages carry session cookies and sometimes a link's token: no cache keeps them, no referrer
# passes an address on, and only this application's own scripts, styles and images run.
SECURITY_HEADERS: Mapping[str, str] = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


def render(template: str, context: Mapping[str, Any], *, status: int = 200) -> HTMLResponse:
    """The page ``template`` rendered with ``context``."""
    defaults: dict[str, Any] = {
        "navigation": (),
        "here": "",
        "signed_in": False,
        "csrf": "",
        "notice": "",
    }
    html = environment.get_template(template).render({**defaults, **context})
    return HTMLResponse(html, status_code=status, headers=dict(SECURITY_HEADERS))
