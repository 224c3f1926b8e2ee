"""Abuse limits: per address and per credential, strictest for uploads and links, 429 in Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from starlette.requests import Request

from streams.ingest.service import ContactStore, EventSink
from vincula.api import create_api
from vincula.api.limits import credential_key
from vincula.settings import Settings

KEY = "clave-de-prueba-de-32-bytes-0001-api"


@contextmanager
def no_backends() -> Iterator[tuple[ContactStore, EventSink]]:
    raise AssertionError("nothing is stored here")
    yield  # pragma: no cover


def client(general: str = "5/minute", strict: str = "2/minute") -> TestClient:
    settings = Settings(pseudonym_key=KEY, rate_limit=general, rate_limit_strict=strict)
    return TestClient(create_api(settings, backends=no_backends))


def test_the_general_limit_answers_429_with_retry_after() -> None:
    with client() as api:
        statuses = [api.get("/v1/reports/placements").status_code for _ in range(7)]
        assert statuses == [401] * 5 + [429] * 2
        refused = api.get("/v1/reports/placements")
        assert refused.json()["detail"].startswith("demasiadas solicitudes")
        assert 1 <= int(refused.headers["retry-after"]) <= 60


def test_uploads_and_links_have_the_strict_limit_and_health_none() -> None:
    with client() as api:
        uploads = [api.post("/v1/cohorts", files={"file": ("c.csv", b"")}) for _ in range(3)]
        assert [r.status_code for r in uploads] == [401, 401, 429]
        assert all(api.get("/health").status_code == 200 for _ in range(20))
        # The general bucket is separate: it still has room.
        assert api.get("/v1/reports/placements").status_code == 401


def request_with(headers: dict[str, str], query: bytes = b"") -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    return Request({"type": "http", "headers": raw, "query_string": query, "path": "/"})


def test_credentials_are_keyed_by_their_public_id_or_a_hash_of_the_link() -> None:
    token = "vnc_emp_0123456789ab_" + "f" * 48
    assert credential_key(request_with({"Authorization": f"Bearer {token}"})) == "0123456789ab"
    assert credential_key(request_with({"Authorization": "Bearer basura"})) == "malformed"
    by_header = credential_key(request_with({"X-Vincula-Enlace": "profile.abc.1.x"}))
    by_query = credential_key(request_with({}, b"t=profile.abc.1.x"))
    assert by_header == by_query and by_header is not None and "abc" not in by_header
    assert credential_key(request_with({})) is None
