"""What to do with a notification at send time: send it, defer it to the digest, or refuse it.

The daily cap counts e-mails to one graduate per calendar day in Mexico
City, by event time, so replaying the log gives the same days. Only
e-mails count: webhooks go to employers, and the in-app feed interrupts
nobody. A digest is never capped (it is how the overflow arrives, at most
one a day), so a graduate receives at most ``cap`` individual e-mails plus
one digest per day.

A link to their own profile that a graduate asks for (kind ``access``) is
neither capped nor deferred, and needs no consent to notifications: it is
the answer to their own request, and the way they exercise their rights,
including changing that very consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from schemas.enums import DeliveryStatus, NotificationChannel, NotificationKind

MEXICO_CITY = ZoneInfo("America/Mexico_City")

NO_CONSENT = "sin consentimiento"
NO_ADDRESS = "sin dirección de entrega"
MATCH_WITHDRAWN = "la coincidencia fue retirada"
OVER_CAP = "tope diario alcanzado; irá en el resumen"


def local_day(moment: datetime) -> date:
    """The calendar day in Mexico City at ``moment`` (an aware datetime)."""
    if moment.tzinfo is None:
        raise ValueError("se requiere una fecha con zona horaria")
    return moment.astimezone(MEXICO_CITY).date()


def day_window(day: date) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of ``day`` in Mexico City, as aware datetimes."""
    start = datetime.combine(day, time.min, tzinfo=MEXICO_CITY)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=MEXICO_CITY)
    return start, end


_UNCAPPED = frozenset({NotificationKind.DIGEST, NotificationKind.ACCESS})


def counts_towards_cap(kind: NotificationKind, channel: NotificationChannel) -> bool:
    """True for the messages the daily cap limits: individual e-mails to a graduate."""
    return channel is NotificationChannel.EMAIL and kind not in _UNCAPPED


def needs_consent(kind: NotificationKind) -> bool:
    """False only for the profile link a graduate asked for themselves."""
    return kind is not NotificationKind.ACCESS


class Verdict(StrEnum):
    """What the sender does with a notification."""

    SEND = "send"
    DEFER = "defer"
    REFUSE = "refuse"


@dataclass(frozen=True)
class SendContext:
    """What is true at send time, read from the database by the handler."""

    kind: NotificationKind
    channel: NotificationChannel
    consented: bool
    has_address: bool
    match_withdrawn: bool
    sent_today: int
    cap: int


@dataclass(frozen=True)
class Decision:
    """A verdict, and for anything but SEND the final status and its detail."""

    verdict: Verdict
    status: DeliveryStatus | None = None
    detail: str = ""


def decide(context: SendContext) -> Decision:
    """Apply consent, address, withdrawal and the daily cap, in that order."""
    # Consent first: a withdrawn consent must not even leave a deferred
    # notification behind to be sent later in a digest.
    if needs_consent(context.kind) and not context.consented:
        return Decision(Verdict.REFUSE, DeliveryStatus.FAILED, NO_CONSENT)
    if context.match_withdrawn:
        return Decision(Verdict.REFUSE, DeliveryStatus.FAILED, MATCH_WITHDRAWN)
    if not context.has_address:
        return Decision(Verdict.REFUSE, DeliveryStatus.FAILED, NO_ADDRESS)
    if counts_towards_cap(context.kind, context.channel) and context.sent_today >= context.cap:
        return Decision(Verdict.DEFER, DeliveryStatus.DEFERRED, OVER_CAP)
    return Decision(Verdict.SEND)
