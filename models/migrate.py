"""Plain, ordered SQL migrations, each applied once in its own transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

import psycopg
from psycopg.rows import class_row

from models.errors import StorageError

# Any constant works; it only has to be the same in every process.
MIGRATION_LOCK_ID = 7_482_301


class MigrationError(StorageError):
    """A migration file changed after it was applied, or failed to apply."""


@dataclass(frozen=True, slots=True)
class _Applied:
    version: str
    checksum: str


@dataclass(frozen=True)
class Migration:
    """One ``NNNN_name.sql`` file shipped in ``models/migrations``."""

    version: str
    sql: str

    @property
    def checksum(self) -> str:
        """SHA-256 of the file, to detect edits of applied migrations."""
        return hashlib.sha256(self.sql.encode()).hexdigest()


def available_migrations() -> list[Migration]:
    """The shipped migrations in the order they apply."""
    folder = resources.files("models") / "migrations"
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".sql")),
        key=lambda entry: entry.name,
    )
    return [Migration(entry.name.removesuffix(".sql"), entry.read_text("utf-8")) for entry in files]


def migrate(url: str) -> list[str]:
    """Apply the migrations not applied yet; return their versions. Safe to run concurrently."""
    applied_now: list[str] = []
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_ID,))
        try:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version text PRIMARY KEY, checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            with connection.cursor(row_factory=class_row(_Applied)) as cursor:
                applied = cursor.execute("SELECT version, checksum FROM schema_migrations")
                done = {row.version: row.checksum for row in applied}
            for migration in available_migrations():
                if migration.version in done:
                    if done[migration.version] != migration.checksum:
                        raise MigrationError(
                            f"Migration {migration.version} was edited after it was applied; "
                            "add a new migration instead."
                        )
                    continue
                try:
                    with connection.transaction():
                        # A shipped file, not SQL composed from input: it runs as one script.
                        connection.execute(migration.sql.encode())
                        connection.execute(
                            "INSERT INTO schema_migrations (version, checksum) VALUES (%s, %s)",
                            (migration.version, migration.checksum),
                        )
                except psycopg.Error as error:
                    raise MigrationError(
                        f"Migration {migration.version} failed: {error}"
                    ) from error
                applied_now.append(migration.version)
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_ID,))
    return applied_now
