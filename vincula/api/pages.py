"""Small Spanish HTML pages for the links in graduates' e-mails: a question, a form, a thanks.

Links never act on GET: the page says what will happen and a button POSTs the
answer with a CSRF token (a random value in a SameSite cookie that the form
repeats), so a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

import hmac
import html
import secrets
from collections.abc import Sequence

from fastapi import Request
from fastapi.responses import HTMLResponse

CSRF_COOKIE = "vincula_csrf"
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;"
    "color:#1b1b1b}button{font-size:1rem;margin:.3rem .5rem .3rem 0;padding:.6rem 1rem;"
    "border-radius:.4rem;border:1px solid #0b5d3b;background:#fff;cursor:pointer}"
    "button.elegida{background:#0b5d3b;color:#fff}"
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
    return HTMLResponse(document, status_code=status, headers={"Cache-Control": "no-store"})


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


class PageError(Exception):
    """A problem shown to a person as a Spanish page (not as JSON)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def page_error(request: Request, error: Exception) -> HTMLResponse:
    """The page of a ``PageError``."""
    assert isinstance(error, PageError)
    title = "No encontramos lo que buscas" if error.status == 404 else "Enlace no válido"
    return page(title, [error.message], status=error.status)


def check_csrf(request: Request, submitted: str) -> None:
    """403 unless the form repeats the cookie's CSRF value."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), submitted.encode()):
        raise PageError(
            403, "La página venció o no vino de Vincula; abre de nuevo el enlace del correo."
        )
