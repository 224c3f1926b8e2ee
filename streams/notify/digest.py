"""The daily digest: one e-mail per graduate and day listing what the cap held back.

Digests are ordinary ``NotificationRequested`` events (kind ``digest``) on
the notifications topic, so they pass the same consent check and leave the
same records. Their ids come from the graduate, the day and the listed
items, and their event time is the start of the next day in Mexico City,
so a timer that fires twice, or a replay, produces the very same event.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from schemas.enums import NotificationChannel, NotificationKind
from schemas.notifications import NotificationRequested
from streams.notify.policy import day_window, local_day
from streams.notify.requests import notification_request
from streams.notify.templates import DIGEST

NOTIFY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://vincula.mx/notificaciones")

# 2,000 characters per parameter value hold 54 ids of 37 characters; the
# rest of a very busy day waits for the next digest.
MAX_DIGEST_ITEMS = 50


@dataclass(frozen=True)
class DeferredItem:
    """A deferred notification waiting for a digest."""

    graduate_id: str
    notification_id: uuid.UUID
    requested_at: datetime


def digest_notification_id(graduate_id: str, day: date, items: Sequence[uuid.UUID]) -> uuid.UUID:
    """Deterministic id of the digest of ``items`` for one graduate and day."""
    listed = ",".join(sorted(str(item) for item in items))
    return uuid.uuid5(NOTIFY_NAMESPACE, f"digest:{graduate_id}:{day.isoformat()}:{listed}")


def digest_items(params: dict[str, str]) -> list[uuid.UUID]:
    """The notification ids a digest request lists."""
    return [uuid.UUID(part) for part in params.get("items", "").split(",") if part]


def digest_day(params: dict[str, str]) -> date:
    """The day a digest request covers."""
    return date.fromisoformat(params["day"])


def digest_requests(deferred: Iterable[DeferredItem]) -> list[NotificationRequested]:
    """One digest request per graduate and local day, ordered by graduate then day."""
    groups: dict[tuple[str, date], list[uuid.UUID]] = {}
    for item in sorted(deferred, key=lambda d: (d.graduate_id, d.requested_at, d.notification_id)):
        groups.setdefault((item.graduate_id, local_day(item.requested_at)), []).append(
            item.notification_id
        )
    requests: list[NotificationRequested] = []
    for (graduate_id, day), ids in sorted(groups.items()):
        listed = sorted(ids, key=str)[:MAX_DIGEST_ITEMS]
        identifier = digest_notification_id(graduate_id, day, listed)
        _, next_day_start = day_window(day)
        requests.append(
            notification_request(
                NOTIFY_NAMESPACE,
                identifier,
                event_time=next_day_start,
                graduate_id=graduate_id,
                kind=NotificationKind.DIGEST,
                channel=NotificationChannel.EMAIL,
                template=DIGEST,
                params={
                    "day": day.isoformat(),
                    "count": str(len(listed)),
                    "items": ",".join(str(item) for item in listed),
                },
            )
        )
    return requests


def digest_cutoff(now: datetime) -> datetime:
    """Deferred notifications before this moment (today's start in Mexico City) are due."""
    start, _ = day_window(local_day(now))
    return start
