"""What every server-rendered page shares: the CSRF value of its forms and its error page.

Links never act on GET: a page says what will happen and a button POSTs the
answer with a CSRF token (a random value in a SameSite cookie that the form
repeats), so a mail scanner that follows links changes nothing. The pages
themselves are Jinja2 templates (``vincula.web.render``).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence

from fastapi import Request
from fastapi.responses import HTMLResponse

from vincula.web.render import render

CSRF_COOKIE = "vincula_csrf"
STALE_PAGE = "La página venció o no vino de Vincula; abre de nuevo el enlace del correo."


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


def thanks(title: str, texts: Sequence[str], *, back: str | None = None) -> HTMLResponse:
    """A page that confirms what happened; ``back`` is a profile link's token to return with."""
    return render(
        "gracias.html", {"title": title, "texts": texts, "back": back, "width": "angosto"}
    )


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
    context = {"title": title, "message": error.message, "link": error.link, "width": "angosto"}
    return render("error.html", context, status=error.status)


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
