"""API credentials on the real PostgreSQL: issue, authenticate, rotate, revoke, expire, CLI."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg import conninfo
from psycopg.rows import TupleRow

from models.api_tokens import TokenRole, find_token, list_tokens
from models.database import drop_database
from vincula.auth.tokens import (
    LAST_USE_RESOLUTION,
    Scope,
    TokenError,
    authenticate,
    issue_token,
    revoke,
    rotate_token,
)
from vincula.cli import main

pytestmark = pytest.mark.integration

KEY = b"k" * 32
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def token_database(postgres_admin_url: str, template_database: str) -> Iterator[str]:
    name = f"vincula_tokens_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_database}"'.encode())
    yield conninfo.make_conninfo(postgres_admin_url, dbname=name)
    drop_database(postgres_admin_url, name)


@pytest.fixture
def connection(token_database: str) -> Iterator[psycopg.Connection[TupleRow]]:
    with psycopg.connect(token_database, autocommit=True) as opened:
        yield opened


def test_a_token_authenticates_its_scope_and_records_its_last_use(
    connection: psycopg.Connection[TupleRow],
) -> None:
    issued = issue_token(
        connection, key=KEY, scope=Scope(TokenRole.EMPLOYER, employer_id="emp-1"), now=NOW
    )
    assert issued.token.startswith(f"vnc_emp_{issued.stored.token_id}_")
    stored = find_token(connection, token_id=issued.stored.token_id)
    assert stored is not None
    assert issued.token.encode() not in stored.secret_hash
    assert stored.last_used_at is None

    later = NOW + timedelta(hours=1)
    caller = authenticate(connection, key=KEY, token=issued.token, now=later)
    assert caller is not None
    assert (caller.role, caller.employer_id) == (TokenRole.EMPLOYER, "emp-1")
    used = find_token(connection, token_id=issued.stored.token_id)
    assert used is not None and used.last_used_at == later

    # Within the resolution the last use is not rewritten on every request.
    authenticate(connection, key=KEY, token=issued.token, now=later + LAST_USE_RESOLUTION / 2)
    again = find_token(connection, token_id=issued.stored.token_id)
    assert again is not None and again.last_used_at == later


def test_forged_wrongly_keyed_expired_and_revoked_tokens_are_refused(
    connection: psycopg.Connection[TupleRow],
) -> None:
    issued = issue_token(
        connection, key=KEY, scope=Scope(TokenRole.MINISTRY), now=NOW, lifetime=timedelta(days=1)
    )
    forged = issued.token[:-4] + ("0000" if not issued.token.endswith("0000") else "1111")
    assert authenticate(connection, key=KEY, token=forged, now=NOW) is None
    assert authenticate(connection, key=b"x" * 32, token=issued.token, now=NOW) is None
    assert authenticate(connection, key=KEY, token="Bearer nonsense", now=NOW) is None
    assert (
        authenticate(connection, key=KEY, token=issued.token, now=NOW + timedelta(days=2)) is None
    )

    revoke(connection, token_id=issued.stored.token_id, now=NOW + timedelta(minutes=5))
    assert (
        authenticate(connection, key=KEY, token=issued.token, now=NOW + timedelta(minutes=6))
        is None
    )
    with pytest.raises(TokenError):
        revoke(connection, token_id="000000000000", now=NOW)


def test_rotation_keeps_the_scope_and_the_old_token_works_only_for_the_grace(
    connection: psycopg.Connection[TupleRow],
) -> None:
    old = issue_token(
        connection, key=KEY, scope=Scope(TokenRole.PROGRAMME, programme="tecnm_infotec"), now=NOW
    )
    new = rotate_token(
        connection, key=KEY, token_id=old.stored.token_id, now=NOW, grace=timedelta(hours=2)
    )
    assert new.stored.programme == "tecnm_infotec"
    assert new.stored.rotated_from == old.stored.token_id
    within = NOW + timedelta(hours=1)
    after = NOW + timedelta(hours=3)
    assert authenticate(connection, key=KEY, token=old.token, now=within) is not None
    assert authenticate(connection, key=KEY, token=old.token, now=after) is None
    assert authenticate(connection, key=KEY, token=new.token, now=after) is not None


def test_scopes_are_checked_before_anything_is_stored(
    connection: psycopg.Connection[TupleRow],
) -> None:
    with pytest.raises(TokenError):
        Scope(TokenRole.EMPLOYER)
    with pytest.raises(TokenError):
        Scope(TokenRole.MINISTRY, programme="aws")
    with pytest.raises(TokenError, match="emisor"):
        Scope(TokenRole.PROGRAMME, programme="tecnm-ia")
    assert list_tokens(connection) == []


def test_the_cli_shows_a_token_once_and_lists_without_secrets(
    token_database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VINCULA_DATABASE_URL", token_database)
    assert main(["tokens", "create", "--role", "employer", "--employer", "emp-9"]) == 0
    created = capsys.readouterr().out
    token = created.strip().splitlines()[-1]
    assert token.startswith("vnc_emp_")
    token_id = token.split("_")[2]

    assert main(["tokens", "list"]) == 0
    listed = capsys.readouterr().out
    assert token_id in listed and "emp-9" in listed and "vigente" in listed
    assert token.split("_")[3] not in listed

    assert main(["tokens", "revoke", token_id]) == 0
    capsys.readouterr()
    assert main(["tokens", "list"]) == 0
    assert "revocada" in capsys.readouterr().out
    assert main(["tokens", "create", "--role", "employer"]) == 2
    capsys.readouterr()
    assert main(["audit", "--limit", "5"]) == 0
    assert capsys.readouterr().out == "sin entradas\n"
