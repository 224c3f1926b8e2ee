"""A graduate's rights over the real worker, broker and database, and a deletion that outlives
the database itself: drop every table, replay every topic, and the person stays gone; nor do the
vectors computed from their profile stay behind in the embedding cache."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from matching.cache import cache_key
from matching.matcher import Matcher
from models.contacts import Contact, PostgresContactStore
from models.database import drop_database
from models.erasures import PERSONAL_TABLES
from models.profiles import load_candidates
from schemas.graduates import GraduateErased
from streams.flows import CONSUMED_TOPICS
from streams.notify.links import LinkPurpose, LinkSigner
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.topics import Topics
from tests.integration.factories import graduate, months_ago, vacancy
from tests.integration.helpers import bearer, eventually, query
from vincula.api import create_api
from vincula.commands.replay import run_replay
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

TABLES = (*PERSONAL_TABLES, "credentials")


@pytest.fixture
def empty_database(postgres_admin_url: str, template_database: str) -> Iterator[str]:
    """A migrated database with nothing in it: not even the erasures table's rows."""
    name = f"vincula_empty_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"'.encode())
    yield psycopg.conninfo.make_conninfo(postgres_admin_url, dbname=name)
    drop_database(postgres_admin_url, name)


def rows_about(url: str, graduate_id: str) -> dict[str, int]:
    """How many rows each personal table holds about ``graduate_id``."""
    counts = {}
    for table in TABLES:
        [(count,)] = query(
            url, f"SELECT count(*) FROM {table} WHERE graduate_id = %s", (graduate_id,)
        )
        counts[table] = int(str(count))
    return counts


def test_a_graduate_exports_corrects_and_deletes_and_no_rebuild_brings_them_back(
    settings: Settings,
    start_worker: Callable[..., WorkerProcess],
    empty_database: str,
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    topics = Topics(settings.topic_namespace)
    worker = start_worker()
    wait_for_assignment(
        [worker],
        {
            f"{topics.name(s)}:{p}"
            for s in CONSUMED_TOPICS
            for p in range(settings.topic_partitions)
        },
    )
    eva, raul = graduate("eva", at=months_ago(1)), graduate("raul", at=months_ago(1))
    posted = vacancy("ERASE-1", seats=3, at=months_ago(1))
    with PostgresContactStore(url) as contacts:
        contacts.upsert_contacts(
            [
                Contact(eva.graduate_id, "Eva Ruiz", "eva.ruiz@example.mx", "5512345678"),
                Contact(raul.graduate_id, "Raúl Gil", "raul.gil@example.mx", None),
            ]
        )
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=posted.vacancy_id, event=posted)])
        producer.send_all([Outgoing(key=p.graduate_id, event=p) for p in (eva, raul)])
    eventually(lambda: query(url, "SELECT count(*) FROM matches HAVING count(*) = 2"))

    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())
    link = {
        "X-Vincula-Enlace": signer.sign(LinkPurpose.PROFILE, eva.graduate_id, now=datetime.now(UTC))
    }
    employer = bearer(settings, "employer", employer=posted.employer_id)
    with TestClient(create_api(settings)) as client:
        mine = client.get("/v1/perfil", headers=link).json()
        assert mine["contact"]["email"] == "eva.ruiz@example.mx"
        assert [m["vacancy_id"] for m in mine["matches"]] == ["ERASE-1"]
        assert mine["profile"]["issuer"] == eva.issuer.value
        assert "raul.gil" not in str(mine) and raul.graduate_id not in str(mine)

        corrected = client.patch(
            "/v1/perfil/contacto", json={"email": "Eva@Nuevo.MX"}, headers=link
        )
        assert corrected.json()["email"] == "Eva@nuevo.mx"
        refused = client.put(
            "/v1/perfil/consentimientos",
            json={"purpose": "share_with_employers", "granted": False},
            headers=link,
        )
        assert refused.status_code == 202
        eventually(
            lambda: query(
                url,
                "SELECT 1 FROM matches WHERE graduate_id = %s AND status = 'withdrawn'",
                (eva.graduate_id,),
            )
        )
        assert client.delete("/v1/perfil", headers=link).status_code == 202
        eventually(lambda: rows_about(url, eva.graduate_id) == dict.fromkeys(TABLES, 0))
        assert query(url, "SELECT 1 FROM erasures WHERE graduate_id = %s", (eva.graduate_id,))
        assert client.get("/v1/perfil", headers=link).json()["matches"] == []
        shortlist = client.get("/v1/vacancies/ERASE-1/shortlist", headers=employer).json()
        assert len(shortlist) == 1
    assert sum(rows_about(url, raul.graduate_id).values()) > 0
    worker.stop()

    # Rebuild into a database that never saw any of it: every topic from offset 0.
    rebuilt = settings.model_copy(update={"database_url": SecretStr(empty_database)})
    run_replay(rebuilt, progress=False, out=io.StringIO())
    assert rows_about(empty_database, eva.graduate_id) == dict.fromkeys(TABLES, 0)
    assert query(
        empty_database, "SELECT 1 FROM erasures WHERE graduate_id = %s", (eva.graduate_id,)
    )
    assert rows_about(empty_database, raul.graduate_id)["graduates"] == 1
    with TestClient(create_api(rebuilt)) as client:
        assert client.get("/v1/perfil", headers=link).json()["profile"] is None
        ministry = bearer(rebuilt, "ministry")
        assert client.get("/v1/reports/placements", headers=ministry).status_code == 200


def embedded_texts(url: str, graduate_ids: list[str]) -> dict[str, str]:
    """The text the matcher embeds for each graduate, from their stored profile."""

    async def load() -> dict[str, str]:
        async with await psycopg.AsyncConnection.connect(url) as connection:
            found = await load_candidates(
                connection, graduate_ids=graduate_ids, only_matchable=False
            )
        return {c.graduate_id: Matcher.candidate_text(c) for c in found}

    return asyncio.run(load())


def cached(url: str, keys: Iterable[str]) -> set[str]:
    """Which of the keys have a row in the durable embedding cache."""
    rows = query(
        url, "SELECT content_hash FROM embedding_cache WHERE content_hash = ANY(%s)", (list(keys),)
    )
    return {str(key) for (key,) in rows}


@pytest.mark.model
def test_an_erasure_deletes_the_vectors_of_the_graduates_profile_from_the_durable_cache(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    # The packaged model puts vectors in PostgreSQL; the hashing encoder keeps them in memory.
    configured = settings.model_copy(update={"matching_encoder": "sentence-transformers"})
    assert configured.database_url is not None
    url = configured.database_url.get_secret_value()
    topics = Topics(configured.topic_namespace)
    worker = start_worker("model", configured)
    wait_for_assignment(
        [worker],
        {
            f"{topics.name(s)}:{p}"
            for s in CONSUMED_TOPICS
            for p in range(configured.topic_partitions)
        },
        timeout=240,
    )
    at = months_ago(1)
    # Different profiles, so their texts (and cache keys) differ.
    eva = graduate("eva", at=at, skills=["Python", "SQL", "análisis de datos", "Power BI"])
    raul = graduate("raul", at=at)
    with EventProducer(configured) as producer:
        producer.send_all([Outgoing(key=p.graduate_id, event=p) for p in (eva, raul)])
    eventually(lambda: query(url, "SELECT count(*) FROM graduates HAVING count(*) = 2"))
    # Posted after them, so the worker's candidate replica holds and has encoded both.
    first = vacancy("ERASE-V1", seats=3, at=at, webhook_url=None)
    with EventProducer(configured) as producer:
        producer.send_all([Outgoing(key=first.vacancy_id, event=first)])
    eventually(lambda: query(url, "SELECT count(*) FROM matches HAVING count(*) = 2"), timeout=180)
    [(model,)] = query(url, "SELECT DISTINCT model FROM embedding_cache")
    texts = embedded_texts(url, [eva.graduate_id, raul.graduate_id])
    key = {gid: cache_key(str(model), text) for gid, text in texts.items()}
    assert len(set(key.values())) == 2
    assert cached(url, key.values()) == set(key.values())

    erased = GraduateErased(
        event_id=uuid.uuid4(),
        event_time=datetime.now(UTC),
        schema_version=1,
        graduate_id=eva.graduate_id,
    )
    with EventProducer(configured) as producer:
        producer.send_all([Outgoing(key=erased.graduate_id, event=erased)])
    eventually(lambda: rows_about(url, eva.graduate_id) == dict.fromkeys(TABLES, 0))
    assert cached(url, key.values()) == {key[raul.graduate_id]}

    # A vacancy matched afterwards finds only Raúl, and nothing encodes Eva again.
    second = vacancy("ERASE-V2", seats=3, at=at, webhook_url=None)
    with EventProducer(configured) as producer:
        producer.send_all([Outgoing(key=second.vacancy_id, event=second)])
    assert eventually(
        lambda: query(url, "SELECT graduate_id FROM matches WHERE vacancy_id = 'ERASE-V2'")
    ) == [(raul.graduate_id,)]
    assert cached(url, key.values()) == {key[raul.graduate_id]}
