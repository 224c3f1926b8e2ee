"""Who is looking at an organisation's page: the session cookie, checked against the credential.

A page without a valid session redirects to ``/entrar`` (and back after
signing in); a session of the wrong role gets a Spanish 403 page. The
OpenAPI document declares the cookie as the ``sesion`` scheme.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from fastapi.security import APIKeyCookie

from models.api_tokens import TokenRole, find_token
from vincula.api.deps import RuntimeDep, pooled
from vincula.api.org_pages import OrganisationPageError
from vincula.api.security import Caller
from vincula.settings import Settings
from vincula.web.session import SESSION_COOKIE, SessionSigner

session_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="sesion",
    description="Sesión de las páginas, abierta en `/entrar` con una credencial `vnc_…`.",
)
SessionDep = Annotated[str | None, Depends(session_cookie)]


class SignInRequired(Exception):
    """The page needs a session; the person is sent to sign in, then back to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


async def sign_in_redirect(request: Request, error: Exception) -> RedirectResponse:
    """303 to the sign-in page, remembering where the person was going."""
    assert isinstance(error, SignInRequired)
    return RedirectResponse(f"/entrar?siguiente={quote(error.next_path)}", status_code=303)


def session_signer(settings: Settings) -> SessionSigner:
    """The signer of session cookies, keyed by the token hash key."""
    return SessionSigner(settings.token_hash_key.get_secret_value().encode())


def get_page_caller(session: SessionDep, runtime: RuntimeDep, request: Request) -> Caller:
    """The credential behind the session cookie; a redirect to sign in without a usable one."""
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    now = datetime.now(UTC)
    token_id = (
        None if session is None else session_signer(runtime.settings).verify(session, now=now)
    )
    if token_id is None:
        raise SignInRequired(wanted)
    with pooled(runtime.pool()) as connection:
        stored = find_token(connection, token_id=token_id)
    if stored is None or not stored.usable_at(now):
        raise SignInRequired(wanted)
    request.state.actor = (stored.token_id, stored.role.value)
    return Caller(stored.token_id, stored.role, stored.employer_id, stored.programme)


PageCallerDep = Annotated[Caller, Depends(get_page_caller)]


def page_requires(*roles: TokenRole) -> Callable[[Caller], Caller]:
    """A dependency that admits only sessions of ``roles`` (a Spanish 403 page otherwise)."""

    def check(caller: PageCallerDep) -> Caller:
        if caller.role not in roles:
            raise OrganisationPageError(
                403,
                "Su credencial no permite abrir esta página.",
                caller=caller,
                link=("/", "Inicio"),
                title="Página de otro tipo de usuario",
            )
        return caller

    return check


MinistryPage = Annotated[Caller, Depends(page_requires(TokenRole.MINISTRY))]
EmployerPage = Annotated[Caller, Depends(page_requires(TokenRole.EMPLOYER))]
ProgrammePage = Annotated[Caller, Depends(page_requires(TokenRole.PROGRAMME))]
