"""The record of dead letters already re-published, so ``dlq republish`` never sends twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from psycopg.rows import class_row

from models.session import ConnectionOwner


@dataclass(frozen=True, slots=True)
class _Republished:
    dlq_partition: int
    dlq_offset: int


class PostgresRepublishLog(ConnectionOwner):
    """``RepublishLog`` on the ``dead_letter_republished`` table."""

    @contextmanager
    def claim(
        self, *, dlq_topic: str, partition: int, offset: int, source_topic: str
    ) -> Iterator[bool]:
        """True when this dead letter was never re-published; the claim commits on success.

        Sending happens inside the block, so a failed send rolls the claim back
        and a later run tries again.
        """
        with self._connection.transaction():
            cursor = self._connection.execute(
                "INSERT INTO dead_letter_republished"
                " (dlq_topic, dlq_partition, dlq_offset, source_topic)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (dlq_topic, partition, offset, source_topic),
            )
            yield cursor.rowcount == 1

    def republished(self, *, dlq_topic: str) -> set[tuple[int, int]]:
        """(partition, offset) of the dead letters of ``dlq_topic`` already re-published."""
        with self._connection.cursor(row_factory=class_row(_Republished)) as cursor:
            rows = cursor.execute(
                "SELECT dlq_partition, dlq_offset FROM dead_letter_republished"
                " WHERE dlq_topic = %s",
                (dlq_topic,),
            ).fetchall()
        self._connection.commit()
        return {(row.dlq_partition, row.dlq_offset) for row in rows}
