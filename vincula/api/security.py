"""Who is calling, and may they: bearer tokens for organisations, roles checked per operation.

The OpenAPI document declares the ``token`` scheme (HTTP bearer) and, through
these dependencies, which operations require it. A request without a token
gets 401; a token of the wrong role gets 403; another tenant's object is
answered 404, exactly as an object that does not exist, so a response never
tells whether someone else's vacancy or match exists.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from models.api_tokens import TokenRole
from streams.notify.links import LinkError, LinkPurpose, LinkSigner
from vincula.api.deps import RuntimeDep, pooled
from vincula.auth.tokens import authenticate
from vincula.settings import Settings

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="Credencial emitida con `vincula tokens create`: `Authorization: Bearer vnc_…`.",
)
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated holder of a credential and the tenant it is bound to."""

    token_id: str
    role: TokenRole
    employer_id: str | None
    programme: str | None


def unauthorised(detail: str) -> HTTPException:
    """A 401 that tells the client which scheme to use."""
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def get_caller(credentials: BearerDep, runtime: RuntimeDep, request: Request) -> Caller:
    """The caller behind the bearer token; 401 without a valid, unexpired, unrevoked one."""
    if credentials is None:
        # Refused before any backend is reached: no credential, no database round trip.
        raise unauthorised("falta la credencial (Authorization: Bearer vnc_…)")
    with pooled(runtime.pool()) as connection:
        stored = authenticate(
            connection,
            key=runtime.settings.token_hash_key.get_secret_value().encode(),
            token=credentials.credentials,
            now=datetime.now(UTC),
        )
    if stored is None:
        raise unauthorised("la credencial no es válida, venció o fue revocada")
    request.state.actor = (stored.token_id, stored.role.value)
    return Caller(stored.token_id, stored.role, stored.employer_id, stored.programme)


CallerDep = Annotated[Caller, Depends(get_caller)]


def requires(*roles: TokenRole) -> Callable[[Caller], Caller]:
    """A dependency that admits only callers holding one of ``roles`` (403 otherwise)."""

    def check(caller: CallerDep) -> Caller:
        if caller.role not in roles:
            raise HTTPException(status_code=403, detail="su credencial no permite esta operación")
        return caller

    check.__name__ = f"requires_{'_or_'.join(role.value for role in roles)}"
    return check


EmployerCaller = Annotated[Caller, Depends(requires(TokenRole.EMPLOYER))]
# Operators may load a cohort on a programme's behalf (as `vincula ingest cohort` does).
UploaderCaller = Annotated[Caller, Depends(requires(TokenRole.PROGRAMME, TokenRole.OPERATOR))]
ReporterCaller = Annotated[Caller, Depends(requires(TokenRole.EMPLOYER, TokenRole.PROGRAMME))]
MinistryCaller = Annotated[Caller, Depends(requires(TokenRole.MINISTRY))]


def candidate_reference(key: bytes, caller: Caller, graduate_id: str) -> str:
    """An opaque reference to a graduate, different for each employer (never the pseudonym)."""
    material = f"candidate:{caller.employer_id}:{graduate_id}".encode()
    return "c_" + hmac.new(key, material, hashlib.sha256).hexdigest()[:20]


graduate_link = APIKeyHeader(
    name="X-Vincula-Enlace",
    auto_error=False,
    scheme_name="enlace",
    description="Token del enlace firmado que Vincula envió al correo del egresado "
    "(propósito «profile»): así se identifica, sin contraseña.",
)
LinkDep = Annotated[str | None, Depends(graduate_link)]


def link_signer(settings: Settings) -> LinkSigner:
    """The signer of the links in graduates' e-mails, keyed as the workers key them."""
    return LinkSigner(settings.link_signing_key.get_secret_value().encode())


def get_graduate(link: LinkDep, runtime: RuntimeDep, request: Request) -> str:
    """The pseudonym of the graduate whose signed profile link this is; 401 otherwise."""
    if link is None:
        raise unauthorised("falta el enlace firmado (X-Vincula-Enlace)")
    try:
        claims = link_signer(runtime.settings).verify(
            link, purpose=LinkPurpose.PROFILE, now=datetime.now(UTC)
        )
    except LinkError as error:
        raise unauthorised(str(error)) from None
    # The audit log names no person: a graduate acting on their own data is "enlace".
    request.state.actor = ("enlace", "graduate")
    return claims.subject


GraduateDep = Annotated[str, Depends(get_graduate)]
