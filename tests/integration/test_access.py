"""Who may call what: every route of the OpenAPI document × every role × own and others' objects.

The state is seeded through the real state fold into the test's database;
the API runs against it and the real broker. A route added without a row in
``EXPECTED`` fails the test, so access is decided for each new endpoint.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient

from models.contacts import Contact, PostgresContactStore
from models.materialise import apply_event
from schemas.codec import parse_event
from schemas.enums import OutcomeKind
from schemas.matches import MatchProposed
from streams.notify.links import LinkPurpose, LinkSigner
from streams.proposals import match_id
from tests.integration.factories import graduate, months_ago, outcome, vacancy, webhook_endpoint
from tests.integration.helpers import bearer, query
from vincula.api import create_api
from vincula.api.page_auth import session_signer
from vincula.auth.tokens import token_id_of
from vincula.demo.webhooks import WebhookInbox
from vincula.settings import Settings
from vincula.synthetic.cohorts import write_cohort_jsonl
from vincula.web.session import SESSION_COOKIE

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "schemas" / "examples"
EMPLOYER = "aeroparts-queretaro"
VACANCY = "ACL-1"

# Who calls: no credential, the owner, another tenant, and the roles without a tenant.
CALLERS = (
    "anonymous",
    "employer",
    "other-employer",
    "programme",
    "other-programme",
    "ministry",
    "operator",
    "graduate",
)
OK = "ok"
# A graduate's signed link is no organisation credential, and a token is no link.
ORGANISATION_ONLY = {"anonymous": 401, "graduate": 401}
GRADUATE_ONLY = dict.fromkeys(CALLERS, 401) | {"graduate": OK}
# Organisations' pages know a session cookie, never a token or a graduate's link.
PAGE_SIGN_IN: dict[str, int | str] = {"anonymous": 303, "graduate": 303}
EMPLOYER_PAGES = PAGE_SIGN_IN | {"employer": OK, "other-employer": OK}
OWN_VACANCY_PAGES = PAGE_SIGN_IN | {"employer": OK, "other-employer": 404}
# One row per operation of the OpenAPI document; a caller left out expects 403.
EXPECTED: dict[str, dict[str, int | str]] = {
    "GET /health": dict.fromkeys(CALLERS, OK),
    "POST /v1/cohorts": ORGANISATION_ONLY
    | {"programme": OK, "other-programme": OK, "operator": OK},
    "POST /v1/vacancies": ORGANISATION_ONLY | {"employer": OK},
    "POST /v1/vacancies/jsonld": ORGANISATION_ONLY | {"employer": OK, "other-employer": OK},
    "POST /v1/vacancies/{vacancy_id}/close": ORGANISATION_ONLY
    | {"employer": OK, "other-employer": 404},
    "GET /v1/vacancies/{vacancy_id}/shortlist": ORGANISATION_ONLY
    | {"employer": OK, "other-employer": 404},
    "POST /v1/outcomes": ORGANISATION_ONLY
    | {"employer": OK, "other-employer": 404, "programme": OK, "other-programme": 404},
    "GET /v1/reports/placements": ORGANISATION_ONLY | {"ministry": OK},
    "GET /v1/tablero/{tabla}": ORGANISATION_ONLY | {"ministry": OK},
    # The ministry's dashboard and its CSV files: the ministry's session only.
    "GET /tablero": PAGE_SIGN_IN | {"ministry": OK},
    "GET /tablero/{tabla}.csv": PAGE_SIGN_IN | {"ministry": OK},
    # An employer's own endpoint: another employer reaches only its own (here: none).
    # Signing in to the organisations' pages: the form is open to anyone; the start page
    # needs a session (without one, a redirect to the form).
    "GET /entrar": dict.fromkeys(CALLERS, OK),
    "POST /entrar": dict.fromkeys(CALLERS, OK),
    "POST /salir": dict.fromkeys(CALLERS, OK),
    "GET /": dict.fromkeys(CALLERS, 303) | {"operator": OK},
    # The employer's and the programme's pages: a session of that role; without one, a
    # redirect to sign in; another employer's vacancy or match looks unknown.
    "GET /empresa": EMPLOYER_PAGES,
    "GET /empresa/vacantes/nueva": EMPLOYER_PAGES,
    "POST /empresa/vacantes/nueva": EMPLOYER_PAGES,
    "GET /empresa/vacantes/{vacancy_id}": OWN_VACANCY_PAGES,
    "GET /empresa/vacantes/{vacancy_id}/editar": OWN_VACANCY_PAGES,
    "POST /empresa/vacantes/{vacancy_id}/editar": OWN_VACANCY_PAGES,
    "GET /empresa/vacantes/{vacancy_id}/cerrar": OWN_VACANCY_PAGES,
    "POST /empresa/vacantes/{vacancy_id}/cerrar": OWN_VACANCY_PAGES,
    "POST /empresa/vacantes/{vacancy_id}/resultados": OWN_VACANCY_PAGES,
    "GET /programa": PAGE_SIGN_IN | {"programme": OK, "other-programme": OK},
    "POST /programa/cohortes": PAGE_SIGN_IN | {"programme": OK, "other-programme": OK},
    "GET /v1/webhook": ORGANISATION_ONLY | {"employer": OK, "other-employer": 404},
    "PUT /v1/webhook": ORGANISATION_ONLY | {"employer": OK, "other-employer": OK},
    "POST /v1/webhook/rotacion": ORGANISATION_ONLY | {"employer": OK, "other-employer": 404},
    "DELETE /v1/webhook": ORGANISATION_ONLY | {"employer": OK, "other-employer": 404},
    # Graduates' link pages: the signed token in the link is the credential, whoever holds it.
    "GET /coincidencias/{match_id}": dict.fromkeys(CALLERS, OK),
    "POST /coincidencias/{match_id}": dict.fromkeys(CALLERS, OK),
    "GET /seguimientos/{follow_up_id}": dict.fromkeys(CALLERS, OK),
    "POST /seguimientos/{follow_up_id}": dict.fromkeys(CALLERS, OK),
    "GET /v1/perfil": GRADUATE_ONLY,
    "PUT /v1/perfil/consentimientos": GRADUATE_ONLY,
    "POST /v1/perfil/oposicion": GRADUATE_ONLY,
    "PATCH /v1/perfil/contacto": GRADUATE_ONLY,
    "DELETE /v1/perfil": GRADUATE_ONLY,
    # The graduate's profile pages: the signed profile link they carry is the credential; the
    # page that asks for a link is open to anyone and tells nothing.
    "GET /perfil/enlace": dict.fromkeys(CALLERS, OK),
    "POST /perfil/enlace": dict.fromkeys(CALLERS, OK),
    "GET /perfil": dict.fromkeys(CALLERS, OK),
    "GET /perfil/datos": dict.fromkeys(CALLERS, OK),
    "POST /perfil/coincidencias/{match_id}": dict.fromkeys(CALLERS, OK),
    "POST /perfil/consentimientos": dict.fromkeys(CALLERS, OK),
    "POST /perfil/oposicion": dict.fromkeys(CALLERS, OK),
    "POST /perfil/contacto": dict.fromkeys(CALLERS, OK),
    "GET /perfil/borrar": dict.fromkeys(CALLERS, OK),
    "POST /perfil/borrar": dict.fromkeys(CALLERS, OK),
}


def seed(url: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A graduate of tecnm_infotec, EMPLOYER's vacancy, their match and a hire; the ids."""
    person = graduate("acl", at=months_ago(4))
    posted = vacancy(VACANCY, at=months_ago(4))
    proposal = parse_event((EXAMPLES / "MatchProposed" / "v1.json").read_bytes()).model_copy(
        update={
            "match_id": match_id(person.graduate_id, VACANCY),
            "graduate_id": person.graduate_id,
            "vacancy_id": VACANCY,
            "event_time": months_ago(4),
        }
    )
    assert isinstance(proposal, MatchProposed)
    hired = outcome("acl", VACANCY, OutcomeKind.HIRED, at=months_ago(4))
    endpoint = webhook_endpoint(EMPLOYER, at=months_ago(4))

    async def fold() -> None:
        async with await psycopg.AsyncConnection.connect(url) as connection:
            for event in (person, posted, proposal, hired, endpoint):
                await apply_event(connection, event)

    asyncio.run(fold())
    with PostgresContactStore(url) as contacts:
        contacts.upsert_contacts(
            [Contact(person.graduate_id, "Ana Acl", "ana.acl@example.mx", None)]
        )
    [(follow_up,)] = query(url, "SELECT follow_up_id FROM follow_ups WHERE months = 3")
    assert isinstance(follow_up, uuid.UUID)
    return proposal.match_id, follow_up


def headers_of(settings: Settings) -> dict[str, dict[str, str]]:
    """The Authorization header of each caller (none for the anonymous one)."""
    return {
        "anonymous": {},
        "employer": bearer(settings, "employer", employer=EMPLOYER),
        "other-employer": bearer(settings, "employer", employer="otra-empresa"),
        "programme": bearer(settings, "programme", programme="tecnm_infotec"),
        "other-programme": bearer(settings, "programme", programme="aws"),
        "ministry": bearer(settings, "ministry"),
        "operator": bearer(settings, "operator"),
        "graduate": {"X-Vincula-Enlace": profile_link(settings, graduate("acl").graduate_id)},
    }


def sessions_of(headers: dict[str, dict[str, str]], settings: Settings) -> dict[str, str]:
    """The page session cookie of each organisation caller, for the token it holds."""
    signer = session_signer(settings)
    sessions = {}
    for caller, header in headers.items():
        token = header.get("Authorization", "").removeprefix("Bearer ")
        token_id = token_id_of(token) if token else None
        if token_id is not None:
            sessions[caller] = signer.issue(token_id, now=datetime.now(UTC))
    return sessions


def profile_link(settings: Settings, graduate_id: str) -> str:
    """The token of a signed link to a graduate's own profile."""
    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())
    return signer.sign(LinkPurpose.PROFILE, graduate_id, now=datetime.now(UTC))


def requests_of(
    settings: Settings, match: uuid.UUID, follow_up: uuid.UUID, tmp_path: Path, hook: str
) -> dict[str, Callable[[TestClient, dict[str, str]], httpx.Response]]:
    """One request per operation, aimed at EMPLOYER's objects."""
    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())
    now = datetime.now(UTC)
    match_token = signer.sign(LinkPurpose.MATCH_ANSWER, str(match), now=now)
    follow_up_token = signer.sign(LinkPurpose.FOLLOW_UP_ANSWER, str(follow_up), now=now)
    profile_token = profile_link(settings, graduate("acl").graduate_id)
    body = vacancy(VACANCY).model_dump(
        mode="json", exclude={"event_id", "event_time", "schema_version", "event_type"}
    )
    hire = {"match_id": str(match), "outcome": "interviewed", "occurred_at": now.isoformat()}
    # The same vacancy as JSON-LD: each employer's credential publishes it as its own vacancy.
    job_posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "identifier": VACANCY,
        "title": body["title"],
        "description": "<p>Tableros de calidad.</p>",
        "hiringOrganization": {"@type": "Organization", "name": body["employer_name"]},
        "jobLocation": {
            "@type": "Place",
            "address": {"addressRegion": body["state"], "addressLocality": body["city"]},
        },
        "validThrough": (now + timedelta(days=60)).date().isoformat(),
    }
    written = write_cohort_jsonl(
        tmp_path / "c.jsonl", 5, seed=1, reference_data_dir=settings.reference_data_dir
    )
    cohort = written.path.read_bytes()

    def answer(page: str, token: str, choice: str) -> Callable[..., httpx.Response]:
        def send(client: TestClient, headers: dict[str, str]) -> httpx.Response:
            shown = client.get(page, params={"t": token}, headers=headers)
            csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
            assert csrf is not None, shown.text
            data = {"t": token, "csrf": csrf.group(1), "respuesta": choice}
            return client.post(page, data=data, headers=headers)

        return send

    def profile_form(
        path: str, fields: dict[str, str], shown_at: str = "/perfil"
    ) -> Callable[..., httpx.Response]:
        def send(client: TestClient, headers: dict[str, str]) -> httpx.Response:
            shown = client.get(shown_at, params={"t": profile_token}, headers=headers)
            csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
            assert csrf is not None, shown.text
            data = {"t": profile_token, "csrf": csrf.group(1), **fields}
            return client.post(path, data=data, headers=headers)

        return send

    def sign_in(client: TestClient, headers: dict[str, str]) -> httpx.Response:
        shown = client.get("/entrar", headers=headers)
        csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
        assert csrf is not None, shown.text
        data = {"token": bearer(settings, "ministry")["Authorization"][7:], "csrf": csrf.group(1)}
        return client.post("/entrar", data=data, headers=headers, follow_redirects=False)

    def sign_out(client: TestClient, headers: dict[str, str]) -> httpx.Response:
        shown = client.get("/entrar", headers=headers)
        csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
        assert csrf is not None, shown.text
        data = {"csrf": csrf.group(1)}
        return client.post("/salir", data=data, headers=headers, follow_redirects=False)

    def page_form(
        shown_at: str,
        path: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> Callable[..., httpx.Response]:
        """Open an organisation's page and send a form with its CSRF value (none without one)."""

        def send(client: TestClient, headers: dict[str, str]) -> httpx.Response:
            shown = client.get(shown_at, headers=headers, follow_redirects=False)
            csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
            data = {"csrf": csrf.group(1) if csrf else "", **fields}
            return client.post(
                path, data=data, files=files, headers=headers, follow_redirects=False
            )

        return send

    # The vacancy form as an employer fills it: the seeded vacancy under a new id.
    new_vacancy = {
        "vacancy_id": "ACL-2",
        "employer_name": "Aeropartes del Bajío",
        "kind": "job",
        "title": "Analista de datos",
        "description": "Tableros de calidad.",
        "language": "es",
        "sector": "aerospace",
        "state": "QUE",
        "city": "Colón",
        "modality": "hybrid",
        "seats": "2",
        "closes_on": (now + timedelta(days=60)).strftime("%d/%m/%Y"),
    }

    def link_request(client: TestClient, headers: dict[str, str]) -> httpx.Response:
        shown = client.get("/perfil/enlace", headers=headers)
        csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
        assert csrf is not None, shown.text
        data = {"correo": "ana.acl@example.mx", "csrf": csrf.group(1)}
        return client.post("/perfil/enlace", data=data, headers=headers)

    return {
        "GET /health": lambda c, h: c.get("/health", headers=h),
        "POST /v1/cohorts": lambda c, h: c.post(
            "/v1/cohorts",
            files={"file": ("c.jsonl", cohort)},
            params={"dry_run": "true"},
            headers=h,
        ),
        "POST /v1/vacancies": lambda c, h: c.post("/v1/vacancies", json=body, headers=h),
        "POST /v1/vacancies/jsonld": lambda c, h: c.post(
            "/v1/vacancies/jsonld", json=job_posting, headers=h
        ),
        "POST /v1/vacancies/{vacancy_id}/close": lambda c, h: c.post(
            f"/v1/vacancies/{VACANCY}/close", json={"reason": "cancelled"}, headers=h
        ),
        "GET /v1/vacancies/{vacancy_id}/shortlist": lambda c, h: c.get(
            f"/v1/vacancies/{VACANCY}/shortlist", headers=h
        ),
        "POST /v1/outcomes": lambda c, h: c.post("/v1/outcomes", json=hire, headers=h),
        "GET /v1/reports/placements": lambda c, h: c.get("/v1/reports/placements", headers=h),
        "GET /v1/tablero/{tabla}": lambda c, h: c.get(
            "/v1/tablero/embudo", params={"por": "estado"}, headers=h
        ),
        "GET /tablero": lambda c, h: c.get("/tablero", headers=h, follow_redirects=False),
        "GET /tablero/{tabla}.csv": lambda c, h: c.get(
            "/tablero/exposicion.csv", params={"por": "sexo"}, headers=h, follow_redirects=False
        ),
        "GET /entrar": lambda c, h: c.get("/entrar", headers=h),
        "POST /entrar": sign_in,
        "POST /salir": sign_out,
        "GET /": lambda c, h: c.get("/", headers=h, follow_redirects=False),
        "GET /empresa": lambda c, h: c.get("/empresa", headers=h, follow_redirects=False),
        "GET /empresa/vacantes/nueva": lambda c, h: c.get(
            "/empresa/vacantes/nueva", headers=h, follow_redirects=False
        ),
        "POST /empresa/vacantes/nueva": page_form(
            "/empresa/vacantes/nueva", "/empresa/vacantes/nueva", new_vacancy
        ),
        "GET /empresa/vacantes/{vacancy_id}": lambda c, h: c.get(
            f"/empresa/vacantes/{VACANCY}", headers=h, follow_redirects=False
        ),
        "GET /empresa/vacantes/{vacancy_id}/editar": lambda c, h: c.get(
            f"/empresa/vacantes/{VACANCY}/editar", headers=h, follow_redirects=False
        ),
        "POST /empresa/vacantes/{vacancy_id}/editar": page_form(
            "/empresa", f"/empresa/vacantes/{VACANCY}/editar", new_vacancy
        ),
        "GET /empresa/vacantes/{vacancy_id}/cerrar": lambda c, h: c.get(
            f"/empresa/vacantes/{VACANCY}/cerrar", headers=h, follow_redirects=False
        ),
        "POST /empresa/vacantes/{vacancy_id}/cerrar": page_form(
            "/empresa", f"/empresa/vacantes/{VACANCY}/cerrar", {"reason": "cancelled"}
        ),
        "POST /empresa/vacantes/{vacancy_id}/resultados": page_form(
            "/empresa",
            f"/empresa/vacantes/{VACANCY}/resultados",
            {"match_id": str(match), "resultado": "interviewed"},
        ),
        "GET /programa": lambda c, h: c.get("/programa", headers=h, follow_redirects=False),
        "POST /programa/cohortes": page_form(
            "/programa",
            "/programa/cohortes",
            {"solo_validar": "true"},
            files={"archivo": ("c.jsonl", cohort)},
        ),
        "GET /v1/webhook": lambda c, h: c.get("/v1/webhook", headers=h),
        "PUT /v1/webhook": lambda c, h: c.put("/v1/webhook", json={"url": hook}, headers=h),
        "POST /v1/webhook/rotacion": lambda c, h: c.post("/v1/webhook/rotacion", headers=h),
        "DELETE /v1/webhook": lambda c, h: c.delete("/v1/webhook", headers=h),
        "GET /coincidencias/{match_id}": lambda c, h: c.get(
            f"/coincidencias/{match}", params={"t": match_token}, headers=h
        ),
        "POST /coincidencias/{match_id}": answer(
            f"/coincidencias/{match}", match_token, "me-interesa"
        ),
        "GET /seguimientos/{follow_up_id}": lambda c, h: c.get(
            f"/seguimientos/{follow_up}", params={"t": follow_up_token}, headers=h
        ),
        "POST /seguimientos/{follow_up_id}": answer(
            f"/seguimientos/{follow_up}", follow_up_token, "sigo-trabajando-ahi"
        ),
        "GET /v1/perfil": lambda c, h: c.get("/v1/perfil", headers=h),
        "PUT /v1/perfil/consentimientos": lambda c, h: c.put(
            "/v1/perfil/consentimientos",
            json={"purpose": "notifications", "granted": True},
            headers=h,
        ),
        "POST /v1/perfil/oposicion": lambda c, h: c.post("/v1/perfil/oposicion", headers=h),
        "PATCH /v1/perfil/contacto": lambda c, h: c.patch(
            "/v1/perfil/contacto", json={"phone": "55 1234 5678"}, headers=h
        ),
        "DELETE /v1/perfil": lambda c, h: c.delete("/v1/perfil", headers=h),
        "GET /perfil/enlace": lambda c, h: c.get("/perfil/enlace", headers=h),
        "POST /perfil/enlace": link_request,
        "GET /perfil": lambda c, h: c.get("/perfil", params={"t": profile_token}, headers=h),
        "GET /perfil/datos": lambda c, h: c.get(
            "/perfil/datos", params={"t": profile_token}, headers=h
        ),
        "POST /perfil/coincidencias/{match_id}": profile_form(
            f"/perfil/coincidencias/{match}", {"respuesta": "me-interesa"}
        ),
        "POST /perfil/consentimientos": profile_form(
            "/perfil/consentimientos", {"purpose": "notifications", "granted": "true"}
        ),
        "POST /perfil/oposicion": profile_form("/perfil/oposicion", {}),
        "POST /perfil/contacto": profile_form("/perfil/contacto", {"phone": "55 1234 5678"}),
        "GET /perfil/borrar": lambda c, h: c.get(
            "/perfil/borrar", params={"t": profile_token}, headers=h
        ),
        "POST /perfil/borrar": profile_form("/perfil/borrar", {}, shown_at="/perfil/borrar"),
    }


# Only the graduate's own export and correction may show their contact: through the API to the
# holder of the header, and on the profile page and its download to whoever holds their link.
OWN_DATA = {("GET /v1/perfil", "graduate"), ("PATCH /v1/perfil/contacto", "graduate")} | {
    (operation, caller) for operation in ("GET /perfil", "GET /perfil/datos") for caller in CALLERS
}
CURP = re.compile(r"[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[0-9A-Z]\d")


def assert_no_personal_data(bodies: dict[tuple[str, str], str], pseudonym: str) -> None:
    """No e-mail, phone or CURP in any response but the graduate's own; no pseudonym at all."""
    leaks = {}
    for (operation, caller), text in bodies.items():
        if (operation, caller) in OWN_DATA:
            continue
        found = [
            marker for marker in ("ana.acl@example.mx", "5512345678", pseudonym) if marker in text
        ]
        if CURP.search(text):
            found.append("CURP")
        if found:
            leaks[f"{operation} as {caller}"] = found
    assert leaks == {}
    assert "ana.acl@example.mx" in bodies["GET /v1/perfil", "graduate"]


def assert_audited(url: str, requests: int, pseudonym: str) -> None:
    """Every request left an entry naming a credential id, a link or nobody; no personal data."""
    rows = query(url, "SELECT actor, role, action, object, status FROM audit_log")
    actions = {str(row[2]) for row in rows}
    assert len(rows) >= requests - len(CALLERS)  # /health is not audited
    assert "GET /v1/vacancies/{vacancy_id}/shortlist" in actions
    actors = {str(row[0]) for row in rows}
    assert {"anónimo", "enlace"} <= actors
    assert all(re.fullmatch(r"[0-9a-f]{12}|anónimo|enlace", actor) for actor in actors)
    text = str(rows)
    for marker in ("ana.acl@example.mx", "5512345678", pseudonym):
        assert marker not in text
    assert f"vacancy_id={VACANCY}" in text


@pytest.fixture
def stack() -> Iterator[ExitStack]:
    with ExitStack() as resources:
        yield resources


def operations(document: dict[str, Any]) -> set[str]:
    """``METHOD /path`` of every operation in an OpenAPI document."""
    return {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
    }


def test_every_route_and_role_gets_exactly_the_access_decided_for_it(
    settings: Settings, tmp_path: Path, stack: ExitStack
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    match, follow_up = seed(url)
    # The employers' endpoint answers the registration handshake (allow-listed on loopback).
    inbox = stack.enter_context(WebhookInbox.running())
    app = create_api(settings.model_copy(update={"webhook_allowed_endpoints": [inbox.address]}))
    assert operations(app.openapi()) == set(EXPECTED), "a route has no row in EXPECTED"
    requests = requests_of(settings, match, follow_up, tmp_path, inbox.url_for(EMPLOYER))
    assert set(requests) == set(EXPECTED)
    headers = headers_of(settings)
    sessions = sessions_of(headers, settings)
    seen: dict[tuple[str, str], int] = {}
    bodies: dict[tuple[str, str], str] = {}
    with TestClient(app) as client:
        for operation, send in requests.items():
            for caller in CALLERS:
                # Pages know an organisation by its session cookie, the API by its token.
                client.cookies.delete(SESSION_COOKIE)
                if caller in sessions:
                    client.cookies.set(SESSION_COOKIE, sessions[caller])
                response = send(client, headers[caller])
                seen[operation, caller] = response.status_code
                bodies[operation, caller] = response.text
    wrong = {}
    for (operation, caller), status in seen.items():
        expected = EXPECTED[operation].get(caller, 403)
        allowed = status < 400 if expected == OK else status == expected
        if not allowed:
            wrong[f"{operation} as {caller}"] = f"{status}, expected {expected}"
    assert wrong == {}
    assert_no_personal_data(bodies, graduate("acl").graduate_id)
    assert_audited(url, len(seen), graduate("acl").graduate_id)
    # Every secured operation is declared as such in the contract integrators read.
    for path, item in app.openapi()["paths"].items():
        for method, spec in item.items():
            # Without credentials: 401 from the API, a redirect to sign in from a page.
            secured = EXPECTED[f"{method.upper()} {path}"]["anonymous"] in (401, 303)
            assert bool(spec.get("security")) == secured, f"{method} {path}"


def test_another_matchs_link_opens_nothing(settings: Settings) -> None:
    assert settings.database_url is not None
    match, _ = seed(settings.database_url.get_secret_value())
    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())
    stranger = signer.sign(LinkPurpose.MATCH_ANSWER, str(uuid.uuid4()), now=datetime.now(UTC))
    with TestClient(create_api(settings)) as client:
        assert client.get(f"/coincidencias/{match}", params={"t": stranger}).status_code == 403
        assert client.get(f"/coincidencias/{match}").status_code == 422
