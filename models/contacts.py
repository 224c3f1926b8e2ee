"""Contact details of graduates: written by the ingestion edge, read by the notification sender.

They never travel through a topic, so a replay neither needs nor touches
them. A graduate who asked to be erased is not stored again when an old
file is loaded once more: the deletion wins over a re-upload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from models.errors import DatabaseUnavailableError
from models.session import ConnectionOwner


@dataclass(frozen=True, slots=True)
class Contact:
    """How to reach one graduate; ``phone`` is 10 digits without country code."""

    graduate_id: str
    full_name: str
    email: str
    phone: str | None


_UPSERT = """
INSERT INTO contacts (graduate_id, full_name, email, phone, updated_at)
SELECT %(graduate_id)s, %(full_name)s, %(email)s, %(phone)s, now()
WHERE NOT EXISTS (SELECT 1 FROM erasures WHERE graduate_id = %(graduate_id)s)
ON CONFLICT (graduate_id) DO UPDATE
   SET full_name = EXCLUDED.full_name,
       email = EXCLUDED.email,
       phone = EXCLUDED.phone,
       updated_at = EXCLUDED.updated_at
 WHERE (contacts.full_name, contacts.email, contacts.phone)
       IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.email, EXCLUDED.phone)
"""


# More graduates at one address than this is no person's own mailbox: nobody gets a link.
MAX_GRADUATES_PER_ADDRESS = 5

_AT_ADDRESS = """
SELECT c.graduate_id FROM contacts c
 WHERE lower(c.email) = lower(%s)
   AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.graduate_id = c.graduate_id)
 ORDER BY c.graduate_id
 LIMIT %s
"""


def graduates_at_address(connection: psycopg.Connection[Any], *, email: str) -> list[str]:
    """Pseudonyms of the graduates whose stored e-mail is ``email``, ignoring case.

    Whatever is sent goes to the stored address, never to the one typed, so
    a lookup that ignores case hands nothing to whoever typed it.
    """
    rows = connection.execute(_AT_ADDRESS, (email, MAX_GRADUATES_PER_ADDRESS + 1)).fetchall()
    found = [str(row[0]) for row in rows]
    return found if len(found) <= MAX_GRADUATES_PER_ADDRESS else []


class PostgresContactStore(ConnectionOwner):
    """``ContactStore`` on the ``contacts`` table; one connection, one transaction per batch."""

    unavailable_message = "PostgreSQL no respondió al guardar contactos"

    def upsert_contacts(self, contacts: Sequence[Contact]) -> None:
        """Insert or update ``contacts`` and commit."""
        if not contacts:
            return
        rows = [
            {
                "graduate_id": contact.graduate_id,
                "full_name": contact.full_name,
                "email": contact.email,
                "phone": contact.phone,
            }
            for contact in contacts
        ]
        try:
            with self._connection.transaction(), self._connection.cursor() as cursor:
                cursor.executemany(_UPSERT, rows)
        except psycopg.OperationalError as error:
            raise DatabaseUnavailableError(
                f"PostgreSQL falló al guardar contactos: {error}"
            ) from error
