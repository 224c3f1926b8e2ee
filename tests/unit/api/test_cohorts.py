"""The cohort upload endpoint with fake backends: status codes, report body, OpenAPI."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from models.api_tokens import TokenRole
from schemas.graduates import GraduateCertified
from streams.errors import BrokerUnavailableError
from streams.ingest.contact import Contact
from streams.ingest.service import ContactStore, EventSink
from vincula.api import create_api, security
from vincula.settings import Settings
from vincula.synthetic.cohorts import default_reference_data_dir, write_cohort_jsonl

KEY = "clave-de-prueba-de-32-bytes-0001-api"


def uploading(api: FastAPI, programme: str | None = None) -> FastAPI:
    """Requests come from an operator, or from the programme of issuer ``programme``."""
    role = TokenRole.OPERATOR if programme is None else TokenRole.PROGRAMME
    caller = security.Caller("0123456789ab", role, None, programme)
    api.dependency_overrides[security.get_caller] = lambda: caller
    return api


class Store:
    def __init__(self) -> None:
        self.contacts: dict[str, Contact] = {}
        self.events: list[GraduateCertified] = []
        self.sessions = 0

    def upsert_contacts(self, contacts: Sequence[Contact]) -> None:
        self.contacts.update((c.graduate_id, c) for c in contacts)

    def publish(self, events: Sequence[GraduateCertified]) -> None:
        self.events.extend(events)

    @contextmanager
    def session(self) -> Iterator[tuple[ContactStore, EventSink]]:
        self.sessions += 1
        yield self, self


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    settings = Settings(pseudonym_key=KEY)
    api = uploading(create_api(settings, backends=store.session, max_upload_bytes=200_000))
    with TestClient(api) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, set[int]]:
    path = tmp_path_factory.mktemp("api") / "cohorte.jsonl"
    manifest = write_cohort_jsonl(
        path,
        60,
        bad_fraction=0.1,
        seed=3,
        reference_data_dir=default_reference_data_dir(),
    )
    return path.read_bytes(), set(manifest.bad_lines)


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert isinstance(body["broker"]["ok"], bool)  # whatever listens on the default address
    assert body["database"]["ok"] is None  # the embedded server is not started to answer


def test_upload_reports_bad_rows_and_publishes_good_ones(
    client: TestClient, store: Store, cohort: tuple[bytes, set[int]]
) -> None:
    content, bad = cohort
    response = client.post("/v1/cohorts", files={"file": ("tecnm.jsonl", content)})
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] == 60 - len(bad) == len(store.events)
    assert body["rejected"] == len(bad)
    assert {error["line"] for error in body["errors"]} == bad
    assert all(set(error) == {"line", "field", "reason"} for error in body["errors"])
    assert set(store.contacts) == {event.graduate_id for event in store.events}


def test_dry_run_publishes_nothing(
    client: TestClient, store: Store, cohort: tuple[bytes, set[int]]
) -> None:
    content, bad = cohort
    response = client.post(
        "/v1/cohorts", params={"dry_run": "true"}, files={"file": ("c.jsonl", content)}
    )
    assert response.status_code == 200
    assert response.json()["rejected"] == len(bad)
    assert response.json()["dry_run"] is True
    assert store.events == [] and store.sessions == 0


def test_explicit_format_wins_over_a_name_without_suffix(
    client: TestClient, cohort: tuple[bytes, set[int]]
) -> None:
    content, bad = cohort
    response = client.post(
        "/v1/cohorts", params={"format": "jsonl"}, files={"file": ("cohorte", content)}
    )
    assert response.status_code == 200
    assert response.json()["rejected"] == len(bad)


def test_unknown_format_is_400_in_spanish(client: TestClient) -> None:
    response = client.post("/v1/cohorts", files={"file": ("cohorte.xlsx", b"PK\x03\x04")})
    assert response.status_code == 400
    assert "formato" in response.json()["detail"]


def test_unreadable_file_is_400(client: TestClient) -> None:
    response = client.post("/v1/cohorts", files={"file": ("c.csv", b"\xff\xfe\x00\x01" * 10)})
    assert response.status_code == 400


def test_csv_without_the_columns_is_400(client: TestClient) -> None:
    response = client.post("/v1/cohorts", files={"file": ("c.csv", b"a,b\n1,2\n")})
    assert response.status_code == 400
    assert "columnas" in response.json()["detail"]


def test_invalid_format_parameter_is_422(client: TestClient) -> None:
    response = client.post(
        "/v1/cohorts", params={"format": "xml"}, files={"file": ("c.csv", b"a\n")}
    )
    assert response.status_code == 422


def test_too_large_upload_is_413(client: TestClient, store: Store) -> None:
    line = json.dumps({"curp": "X" * 1000}) + "\n"
    content = (line * 400).encode()  # 400 kB, twice the limit
    response = client.post("/v1/cohorts", files={"file": ("c.jsonl", content)})
    assert response.status_code == 413
    assert "MiB" in response.json()["detail"]
    assert store.sessions == 0


def test_slightly_too_large_upload_is_caught_while_copying(store: Store) -> None:
    settings = Settings(pseudonym_key=KEY)
    api = uploading(create_api(settings, backends=store.session, max_upload_bytes=1000))
    with TestClient(api) as client:
        # Within the multipart allowance, so only the counting copy sees it.
        response = client.post("/v1/cohorts", files={"file": ("c.jsonl", b"{}\n" * 400)})
    assert response.status_code == 413


def test_unavailable_backends_are_503(cohort: tuple[bytes, set[int]]) -> None:
    @contextmanager
    def broken() -> Iterator[tuple[ContactStore, EventSink]]:
        raise BrokerUnavailableError("Kafka no responde")
        yield  # pragma: no cover

    settings = Settings(pseudonym_key=KEY)
    with TestClient(uploading(create_api(settings, backends=broken))) as client:
        response = client.post("/v1/cohorts", files={"file": ("c.jsonl", cohort[0])})
    assert response.status_code == 503
    assert "Kafka" in response.json()["detail"]


def test_openapi_describes_the_upload() -> None:
    settings = Settings(pseudonym_key=KEY)
    schema = create_api(settings, backends=Store().session).openapi()
    operation = schema["paths"]["/v1/cohorts"]["post"]
    assert {"200", "400", "413", "503"} <= set(operation["responses"])
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert "CohortReport" in schema["components"]["schemas"]


def test_same_upload_twice_gives_the_same_events(
    client: TestClient, store: Store, cohort: tuple[bytes, set[int]]
) -> None:
    content, _ = cohort
    client.post("/v1/cohorts", files={"file": ("c.jsonl", content)})
    first = [event.event_id for event in store.events]
    store.events.clear()
    client.post("/v1/cohorts", files={"file": ("c.jsonl", content)})
    assert [event.event_id for event in store.events] == first


def test_factory_for_uvicorn_builds_an_api_without_reaching_any_backend(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vincula.api.app import app_from_environment

    # Nothing listens here: the factory must not connect until a cohort arrives.
    monkeypatch.setenv("VINCULA_KAFKA_BOOTSTRAP", "127.0.0.1:1")
    monkeypatch.setenv("VINCULA_TOPIC_NAMESPACE", "factorytest")
    api = app_from_environment()
    with TestClient(api) as client:
        health = client.get("/health").json()
        assert health["status"] == "ok"
        assert health["broker"]["ok"] is False
        assert api.state.runtime.settings.topic_namespace == "factorytest"


def test_a_programme_loads_only_rows_of_its_own_issuer(
    store: Store, cohort: tuple[bytes, set[int]]
) -> None:
    content, bad = cohort
    rows = [json.loads(line) for line in content.decode().splitlines()]
    issuers = {row["emisor"] for row in rows}
    assert len(issuers) > 1  # the synthetic cohort mixes programmes
    mine = "tecnm_infotec"
    settings = Settings(pseudonym_key=KEY)
    api = uploading(create_api(settings, backends=store.session), programme=mine)
    with TestClient(api) as client:
        report = client.post("/v1/cohorts", files={"file": ("c.jsonl", content)}).json()
    foreign = {line for line, row in enumerate(rows, start=1) if row["emisor"] != mine}
    assert foreign
    refused = {error["line"] for error in report["errors"] if error["field"] == "emisor"}
    assert refused == foreign - bad
    assert {event.issuer.value for event in store.events} == {mine}


def test_an_employer_credential_cannot_upload(store: Store, cohort: tuple[bytes, set[int]]) -> None:
    api = create_api(Settings(pseudonym_key=KEY), backends=store.session)
    caller = security.Caller("0123456789ab", TokenRole.EMPLOYER, "aeroparts-queretaro", None)
    api.dependency_overrides[security.get_caller] = lambda: caller
    with TestClient(api) as client:
        response = client.post("/v1/cohorts", files={"file": ("c.jsonl", cohort[0])})
    assert response.status_code == 403
    assert store.events == []
