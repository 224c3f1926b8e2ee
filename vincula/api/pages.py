"""Small Spanish HTML pages for the links in graduates' e-mails: a question, a form, a thanks.

Every value a page shows passes through ``html.escape``; the builders below
return already-escaped HTML for ``page``'s ``form`` argument.

Links never act on GET: the page says what will happen and a button POSTs the
answer with a CSRF token (a random value in a SameSite cookie that the form
repeats), so a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

import hmac
import html
import secrets
from collections.abc import Mapping, Sequence

from fastapi import Request
from fastapi.responses import HTMLResponse

CSRF_COOKIE = "vincula_csrf"
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;"
    "color:#1b1b1b}button{font-size:1rem;margin:.3rem .5rem .3rem 0;padding:.6rem 1rem;"
    "border-radius:.4rem;border:1px solid #0b5d3b;background:#fff;cursor:pointer}"
    "button.elegida{background:#0b5d3b;color:#fff}"
    "button.peligro{border-color:#a4262c;color:#a4262c}"
    "h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}"
    "label{display:block;margin:.6rem 0 .2rem}input{font-size:1rem;padding:.4rem;width:100%;"
    "box-sizing:border-box}li{margin:.3rem 0}.aviso{color:#a4262c}"
)


def page(
    title: str, paragraphs: Sequence[str], form: str = "", *, status: int = 200
) -> HTMLResponse:
    """A complete page; ``paragraphs`` are plain text, ``form`` is already-escaped HTML."""
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    document = (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · Vincula</title><style>{_STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}{form}</body></html>"
    )
    # Links carry their token in the address: no cache keeps it, no referrer passes it on.
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    return HTMLResponse(document, status_code=status, headers=headers)


def answer_form(
    action: str, token: str, csrf: str, answers: Sequence[tuple[str, str]], chosen: str | None
) -> str:
    """A POST form with one button per answer; the preselected one stands out."""
    buttons = "".join(
        f'<button type="submit" name="respuesta" value="{html.escape(code, quote=True)}"'
        f"{' class=elegida' if code == chosen else ''}>{html.escape(label)}</button>"
        for code, label in answers
    )
    return (
        f'<form method="post" action="{html.escape(action, quote=True)}">'
        f'<input type="hidden" name="t" value="{html.escape(token, quote=True)}">'
        f'<input type="hidden" name="csrf" value="{html.escape(csrf, quote=True)}">'
        f"{buttons}</form>"
    )


def with_csrf_cookie(response: HTMLResponse, csrf: str, request: Request) -> HTMLResponse:
    """Set the CSRF cookie the form must repeat."""
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def new_csrf() -> str:
    """A fresh CSRF value."""
    return secrets.token_urlsafe(24)


def hidden(name: str, value: str) -> str:
    """A hidden form field."""
    return (
        f'<input type="hidden" name="{html.escape(name, quote=True)}"'
        f' value="{html.escape(value, quote=True)}">'
    )


def button_form(
    action: str,
    fields: Mapping[str, str],
    label: str,
    *,
    method: str = "post",
    inputs: str = "",
    danger: bool = False,
) -> str:
    """A form of hidden ``fields`` (and already-escaped ``inputs``) sent by one button."""
    hidden_fields = "".join(hidden(name, value) for name, value in fields.items())
    css = " class=peligro" if danger else ""
    return (
        f'<form method="{method}" action="{html.escape(action, quote=True)}">'
        f'{hidden_fields}{inputs}<button type="submit"{css}>{html.escape(label)}</button></form>'
    )


def text_input(name: str, label: str, value: str = "", *, kind: str = "text") -> str:
    """A labelled text field, prefilled with ``value``."""
    field = html.escape(name, quote=True)
    shown = html.escape(value, quote=True)
    return (
        f'<label for="{field}">{html.escape(label)}</label>'
        f'<input type="{kind}" id="{field}" name="{field}" value="{shown}">'
    )


def section(title: str, content: str) -> str:
    """A titled part of a page; ``content`` is already-escaped HTML."""
    return f"<h2>{html.escape(title)}</h2>{content}"


def paragraphs(texts: Sequence[str], *, css: str = "") -> str:
    """Plain-text paragraphs as HTML."""
    attribute = f' class="{html.escape(css, quote=True)}"' if css else ""
    return "".join(f"<p{attribute}>{html.escape(text)}</p>" for text in texts)


def bullet_list(items: Sequence[str]) -> str:
    """Items of already-escaped HTML as a list."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def anchor(href: str, label: str) -> str:
    """A link."""
    return f'<p><a href="{html.escape(href, quote=True)}">{html.escape(label)}</a></p>'


class PageError(Exception):
    """A problem shown to a person as a Spanish page (not as JSON), maybe with a way out."""

    def __init__(self, status: int, message: str, *, link: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.link = link


async def page_error(request: Request, error: Exception) -> HTMLResponse:
    """The page of a ``PageError``."""
    assert isinstance(error, PageError)
    title = "No encontramos lo que buscas" if error.status == 404 else "Enlace no válido"
    way_out = "" if error.link is None else anchor(*error.link)
    return page(title, [error.message], way_out, status=error.status)


STALE_PAGE = "La página venció o no vino de Vincula; abre de nuevo el enlace del correo."


def check_csrf(
    request: Request,
    submitted: str,
    *,
    message: str = STALE_PAGE,
    link: tuple[str, str] | None = None,
) -> None:
    """403 unless the form repeats the cookie's CSRF value."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), submitted.encode()):
        raise PageError(403, message, link=link)
