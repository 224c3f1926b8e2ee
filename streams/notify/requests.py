"""The one builder of ``NotificationRequested``: match e-mails and webhooks, follow-ups, digests,
and the profile links graduates ask for.

Every request's event id is derived from its notification id within the
caller's namespace, so the same request built twice (redelivery, a timer
that fires twice, replay) is the same event.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from schemas.enums import NotificationChannel, NotificationKind
from schemas.notifications import NotificationRequested
from streams.notify.templates import PROFILE_ACCESS

ACCESS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://vincula.mx/enlaces-de-perfil")
# Asking again within the same window is the same request: one e-mail, not two.
ACCESS_WINDOW = timedelta(minutes=1)


def notification_request(
    namespace: uuid.UUID,
    notification_id: uuid.UUID,
    *,
    event_time: datetime,
    graduate_id: str,
    kind: NotificationKind,
    channel: NotificationChannel,
    template: str,
    params: Mapping[str, str],
    match_id: uuid.UUID | None = None,
) -> NotificationRequested:
    """A request for ``notification_id``, with an event id that depends only on it."""
    return NotificationRequested(
        event_id=uuid.uuid5(namespace, f"requested:{notification_id}"),
        event_time=event_time,
        schema_version=1,
        notification_id=notification_id,
        graduate_id=graduate_id,
        kind=kind,
        channel=channel,
        match_id=match_id,
        template=template,
        params=dict(params),
    )


def access_request(graduate_id: str, *, at: datetime) -> NotificationRequested:
    """A graduate's request, at ``at``, to be e-mailed a link to their own profile.

    The notification id is the graduate and the window ``at`` falls in, and
    the event time is the window's start, so a double submit builds the very
    same event and the worker sends one e-mail.
    """
    window = int(ACCESS_WINDOW.total_seconds())
    start = int(at.timestamp()) // window * window
    notification_id = uuid.uuid5(ACCESS_NAMESPACE, f"access:{graduate_id}:{start}")
    return notification_request(
        ACCESS_NAMESPACE,
        notification_id,
        event_time=datetime.fromtimestamp(start, tz=UTC),
        graduate_id=graduate_id,
        kind=NotificationKind.ACCESS,
        channel=NotificationChannel.EMAIL,
        template=PROFILE_ACCESS,
        params={},
    )
