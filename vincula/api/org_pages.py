"""What every signed-in organisation page shares: navigation, a fresh CSRF value, notices, errors.

Notices after a redirect travel as a short code in the address (``?aviso=…``),
never as text: a link cannot make a page say what Vincula did not. Errors are
pages too, titled for organisations and with their navigation.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from schemas.enums import MexicanState
from schemas.labels import LABELLED
from vincula.api.pages import PageError, check_csrf, new_csrf, with_csrf_cookie
from vincula.api.security import Caller
from vincula.web.render import render
from vincula.web.session import NAVIGATION

# The enumerations templates name codes of, for the ``nombre`` filter: ``x | nombre(E.Sector)``.
_NAMED: tuple[type[StrEnum], ...] = (*LABELLED, MexicanState)
ENUMERATIONS: Mapping[str, type[Any]] = {
    enumeration.__name__: enumeration for enumeration in _NAMED
}


def signed_in_page(
    request: Request,
    caller: Caller,
    template: str,
    context: Mapping[str, Any],
    *,
    here: str,
    status: int = 200,
) -> HTMLResponse:
    """``template`` with the caller's navigation and a fresh CSRF value in page and cookie."""
    csrf = new_csrf()
    response = render(
        template,
        {
            "navigation": NAVIGATION[caller.role],
            "here": here,
            "signed_in": True,
            "csrf": csrf,
            "E": ENUMERATIONS,
            **context,
        },
        status=status,
    )
    return with_csrf_cookie(response, csrf, request)


def notice_of(notices: Mapping[str, str], code: str | None) -> str:
    """The notice a redirect asked for by ``code``; nothing for an unknown code."""
    return "" if code is None else notices.get(code, "")


# Titles of the error pages organisations see, by status.
ERROR_TITLES: Mapping[int, str] = {
    400: "No pudimos leer lo que envió",
    403: "La página venció",
    404: "No encontramos lo que busca",
    409: "Ya no se puede hacer",
    422: "Revise lo que envió",
}


class OrganisationPageError(PageError):
    """A problem on an organisation's page, shown with its title and the caller's navigation."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        caller: Caller,
        link: tuple[str, str] | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(status, message, link=link)
        self.caller = caller
        self.title = title


async def organisation_page_error(request: Request, error: Exception) -> HTMLResponse:
    """The page of an :class:`OrganisationPageError`."""
    assert isinstance(error, OrganisationPageError)
    context = {
        "title": error.title or ERROR_TITLES.get(error.status, "No se pudo"),
        "message": error.message,
        "link": error.link,
        "width": "angosto",
    }
    return signed_in_page(
        request, error.caller, "error.html", context, here="", status=error.status
    )


def check_form(
    request: Request, caller: Caller, submitted: str, *, message: str, link: tuple[str, str]
) -> None:
    """403 (an organisation's error page) unless the form repeats the cookie's CSRF value."""
    try:
        check_csrf(request, submitted, message=message, link=link)
    except PageError as stale:
        raise OrganisationPageError(403, stale.message, caller=caller, link=link) from None
