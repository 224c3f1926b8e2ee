"""The one builder of ``NotificationRequested``: match e-mails and webhooks, follow-ups, digests.

Every request's event id is derived from its notification id within the
caller's namespace, so the same request built twice (redelivery, a timer
that fires twice, replay) is the same event.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from schemas.enums import NotificationChannel, NotificationKind
from schemas.notifications import NotificationRequested


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
