"""Signing in to the organisations' pages with a credential, and out again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from models.api_tokens import TokenRole
from vincula.api.bodies import html_page
from vincula.api.deps import RuntimeDep, pooled
from vincula.api.page_auth import PageCallerDep, session_signer
from vincula.api.pages import CSRF_COOKIE, check_csrf, new_csrf, with_csrf_cookie
from vincula.auth.tokens import authenticate
from vincula.web.render import render
from vincula.web.session import HOME, NAVIGATION, SESSION_COOKIE, SESSION_LIFETIME, safe_next

router = APIRouter(tags=["páginas"])

SIGN_IN_AGAIN = "La página venció; vuelva a intentarlo."


def sign_in_page(
    request: Request, *, next_path: str, error: str = "", status: int = 200
) -> HTMLResponse:
    """The sign-in form, with a fresh CSRF value."""
    csrf = new_csrf()
    response = render(
        "entrar.html",
        {
            "title": "Entrar a Vincula",
            "csrf": csrf,
            "next_path": next_path,
            "error": error,
            "width": "angosto",
        },
        status=status,
    )
    return with_csrf_cookie(response, csrf, request)


@router.get(
    "/entrar", response_class=HTMLResponse, responses=html_page(429, "Demasiados intentos.")
)
def show_sign_in(request: Request, siguiente: str = "") -> HTMLResponse:
    """The sign-in form for employers, programmes and the ministry."""
    return sign_in_page(request, next_path=safe_next(siguiente, ""))


@router.post(
    "/entrar",
    response_class=HTMLResponse,
    status_code=303,
    responses=html_page(401, "Credencial no válida.") | html_page(403, "Formulario vencido."),
)
def sign_in(
    request: Request,
    runtime: RuntimeDep,
    token: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)],
    siguiente: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Open a session for a valid credential and go where the person was going."""
    check_csrf(request, csrf, message=SIGN_IN_AGAIN, link=("/entrar", "Entrar"))
    now = datetime.now(UTC)
    with pooled(runtime.pool()) as connection:
        stored = authenticate(
            connection,
            key=runtime.settings.token_hash_key.get_secret_value().encode(),
            token=token.strip(),
            now=now,
        )
    if stored is None:
        return sign_in_page(
            request,
            next_path=safe_next(siguiente, ""),
            error="La credencial no es válida, venció o fue revocada.",
            status=401,
        )
    request.state.actor = (stored.token_id, stored.role.value)
    target = safe_next(siguiente, HOME[stored.role])
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_signer(runtime.settings).issue(stored.token_id, now=now),
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/salir", status_code=303, responses=html_page(403, "Formulario vencido."))
def sign_out(request: Request, csrf: Annotated[str, Form(max_length=100)]) -> Response:
    """Close the session."""
    check_csrf(request, csrf, message=SIGN_IN_AGAIN, link=("/entrar", "Entrar"))
    response = RedirectResponse("/entrar", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get(
    "/",
    response_class=HTMLResponse,
    responses={303: {"description": "A /entrar sin sesión; a la página de su rol con ella."}},
)
def home(request: Request, caller: PageCallerDep) -> Response:
    """Each role's start page; operators work with the command line and the API."""
    if caller.role is not TokenRole.OPERATOR:
        return RedirectResponse(HOME[caller.role], status_code=303)
    csrf = new_csrf()
    page = render(
        "error.html",
        {
            "title": "Operación de Vincula",
            "message": "Las credenciales de operación se usan con la línea de comandos "
            "(vincula tokens, dlq, replay) y con la API.",
            "link": None,
            "signed_in": True,
            "csrf": csrf,
            "navigation": NAVIGATION[caller.role],
        },
    )
    return with_csrf_cookie(page, csrf, request)
