"""Notifications: e-mail graduates and post signed webhooks to employers, once each.

For each ``NotificationRequested`` the handler (1) claims and stores it in
one transaction; (2) if a final status is already stored, publishes that
status again and sends nothing; (3) reads consent, contact, the daily count
and the match at send time and decides; (4) sends with retries, outside any
transaction; (5) stores the final status and returns the
``NotificationDelivered`` event.

Crash window. A crash after (4) and before (5) commits leaves the
notification without a final status, so the redelivered event sends it
again: the choice is at-least-once, because a lost job offer costs a
graduate more than a repeated e-mail. Both channels carry the notification
id as an idempotency key (the e-mail's Message-ID, the webhook's
``webhook-id``) so the copy can be recognised. Any redelivery after
(5) sends nothing.

Withdrawn consent is a ``failed`` delivery with 0 attempts and the detail
"sin consentimiento": a distinct status would change the event contract,
and 0 attempts already tells a refusal from a technical failure.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from models.notification_queries import undigested_deferred
from models.pool import Database
from schemas.enums import (
    ConsentPurpose,
    DeliveryStatus,
    MatchStatus,
    NotificationChannel,
    NotificationKind,
)
from schemas.notifications import NotificationDelivered, NotificationRequested
from schemas.registry import AnyEvent
from streams import metrics
from streams.config import DeliveryConfig
from streams.notification_store import NotificationReads, NotificationStore
from streams.notify.digest import (
    NOTIFY_NAMESPACE,
    DeferredItem,
    digest_cutoff,
    digest_day,
    digest_items,
    digest_requests,
)
from streams.notify.endpoints import EndpointPolicy
from streams.notify.errors import TemplateError
from streams.notify.links import Links, LinkSigner
from streams.notify.mail import EmailSender, SmtpEmailSender, build_message
from streams.notify.payloads import encode_payload, webhook_payload
from streams.notify.policy import (
    SendContext,
    Verdict,
    day_window,
    decide,
    local_day,
    needs_consent,
)
from streams.notify.retry import Attempt, DeliveryResult, RetryPolicy, Sleep, deliver_with_retries
from streams.notify.signing import EndpointSecrets
from streams.notify.templates import DigestEntry, RenderedEmail, render_digest, render_email
from streams.notify.webhook import HttpWebhookSender, WebhookSender
from streams.processing import Delivery, Outgoing, PermanentError

log = logging.getLogger(__name__)

FINAL_STATUSES = frozenset(status.value for status in DeliveryStatus)
NOTHING_TO_DIGEST = "sin avisos vigentes para el resumen"


@dataclass(frozen=True)
class NotifyConfig:
    """The settings the handler needs, gathered once."""

    cap: int
    retry: RetryPolicy
    mail_from: str
    base_url: str
    link_key: bytes
    webhook_secrets: EndpointSecrets

    @classmethod
    def from_settings(cls, settings: DeliveryConfig) -> NotifyConfig:
        """The handler's configuration from the worker's settings."""
        return cls(
            cap=settings.max_notifications_per_day,
            retry=RetryPolicy(
                attempts=settings.delivery_attempts,
                base_seconds=settings.delivery_backoff_seconds,
                max_seconds=max(60.0, settings.delivery_backoff_seconds),
            ),
            mail_from=settings.mail_from,
            base_url=settings.public_base_url,
            link_key=settings.link_signing_key.get_secret_value().encode(),
            webhook_secrets=EndpointSecrets(
                settings.webhook_signing_key.get_secret_value().encode()
            ),
        )

    def links(self, now: datetime, graduate_id: str) -> Links:
        """Signed links for an e-mail to ``graduate_id`` rendered at ``now``."""
        return Links(self.base_url, LinkSigner(self.link_key), now, graduate_id)


@dataclass(frozen=True)
class Plan:
    """What was read at send time and the one attempt to repeat, if the decision is to send."""

    context: SendContext
    attempt: Attempt | None


def delivered_event(event: NotificationRequested, result: DeliveryResult) -> NotificationDelivered:
    """The final-status event of ``event``: one per notification, at the request's event time.

    Its id depends only on the notification, so publishing it again after
    a redelivery is deduplicated downstream; its time is the request's, so
    the fold gives the same state on replay.
    """
    return NotificationDelivered(
        event_id=uuid.uuid5(NOTIFY_NAMESPACE, f"delivered:{event.notification_id}"),
        event_time=event.event_time,
        schema_version=1,
        notification_id=event.notification_id,
        graduate_id=event.graduate_id,
        channel=event.channel,
        status=result.status,
        attempts=result.attempts,
        detail=result.detail,
    )


def _purpose(channel: NotificationChannel) -> ConsentPurpose:
    # An employer's webhook shares the profile; everything else tells the graduate.
    if channel is NotificationChannel.WEBHOOK:
        return ConsentPurpose.SHARE_WITH_EMPLOYERS
    return ConsentPurpose.NOTIFICATIONS


def _failed(detail: str) -> DeliveryResult:
    return DeliveryResult(DeliveryStatus.FAILED, 0, detail[:300])


class Notifier:
    """Delivers notification requests through the e-mail and webhook senders."""

    def __init__(
        self,
        store: NotificationStore,
        *,
        consumer: str,
        email: EmailSender,
        webhook: WebhookSender,
        config: NotifyConfig,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        # Links in an e-mail expire counted from when it is written, not from the request.
        self._clock = clock
        self._consumer = consumer
        self._email = email
        self._webhook = webhook
        self._config = config
        self._sleep = sleep

    async def handle(self, event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        """Deliver one request (or republish its stored final status)."""
        if not isinstance(event, NotificationRequested):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        stored = await self._store.store_request(
            event, consumer=self._consumer, topic=delivery.topic
        )
        if stored is None:
            # apply_event skips the events of erased graduates: nothing to send.
            log.info("notificación %s omitida: titular eliminado", event.notification_id)
            return []
        if stored.status in FINAL_STATUSES:
            previous = DeliveryResult(DeliveryStatus(stored.status), stored.attempts, stored.detail)
            return [Outgoing(key=event.graduate_id, event=delivered_event(event, previous))]
        result = await self._deliver(event)
        delivered = delivered_event(event, result)
        await self._store.store_delivery(delivered)
        metrics.NOTIFICATIONS.labels(channel=event.channel.value, status=result.status.value).inc()
        return [Outgoing(key=event.graduate_id, event=delivered)]

    async def _deliver(self, event: NotificationRequested) -> DeliveryResult:
        try:
            async with self._store.reading() as reads:
                plan = await self._plan(reads, event)
        except TemplateError as error:
            return _failed(str(error))
        decision = decide(plan.context)
        if decision.verdict is not Verdict.SEND or plan.attempt is None:
            status = decision.status or DeliveryStatus.FAILED
            return DeliveryResult(status, 0, decision.detail)
        return await deliver_with_retries(plan.attempt, self._config.retry, sleep=self._sleep)

    async def _plan(self, reads: NotificationReads, event: NotificationRequested) -> Plan:
        graduate_id = event.graduate_id
        consented = await reads.consent_granted(graduate_id, _purpose(event.channel))
        withdrawn = False
        if event.match_id is not None:
            withdrawn = await reads.match_status(event.match_id) == MatchStatus.WITHDRAWN
        start, end = day_window(local_day(event.event_time))
        sent_today = await reads.capped_emails_delivered(graduate_id, start, end)
        attempt: Attempt | None = None
        if (consented or not needs_consent(event.kind)) and not withdrawn:
            attempt = await self._attempt(reads, event)
        context = SendContext(
            kind=event.kind,
            channel=event.channel,
            consented=consented,
            has_address=attempt is not None,
            match_withdrawn=withdrawn,
            sent_today=sent_today,
            cap=self._config.cap,
        )
        return Plan(context=context, attempt=attempt)

    async def _attempt(
        self, reads: NotificationReads, event: NotificationRequested
    ) -> Attempt | None:
        """The send to repeat on transient failures; None when there is nowhere to send."""
        if event.channel is NotificationChannel.IN_APP:
            # The in-app feed reads the notifications table itself.
            return _nothing_to_send
        if event.channel is NotificationChannel.WEBHOOK:
            return await self._webhook_attempt(reads, event)
        recipient = await reads.recipient_of(event.graduate_id)
        if recipient is None or not recipient.email:
            return None
        rendered = await self._render(reads, event, recipient.full_name)
        try:
            message = build_message(
                rendered,
                sender=self._config.mail_from,
                recipient=recipient.email,
                recipient_name=recipient.full_name,
                message_key=str(event.notification_id),
            )
        except ValueError as error:
            # A stored address or name that cannot form a header will not improve by retrying.
            raise TemplateError("dirección de correo no válida") from error

        async def send_email() -> None:
            await self._email.send(message)

        return send_email

    async def _webhook_attempt(
        self, reads: NotificationReads, event: NotificationRequested
    ) -> Attempt | None:
        endpoint = await reads.webhook_endpoint(event.params.get("employer_id", ""))
        if endpoint is None:
            return None
        body = encode_payload(
            webhook_payload(event.template, event.params, notification_id=event.notification_id)
        )
        url = endpoint.url

        async def post() -> None:
            # Secrets are chosen per attempt: a rotation's grace may end between retries.
            secrets = self._config.webhook_secrets.signing(
                endpoint.employer_id,
                endpoint.secret_version,
                previous_valid_until=endpoint.previous_secret_valid_until,
                now=self._clock(),
            )
            await self._webhook.post(
                url, body, delivery_id=str(event.notification_id), secrets=secrets
            )

        return post

    async def _render(
        self, reads: NotificationReads, event: NotificationRequested, name: str
    ) -> RenderedEmail:
        links = self._config.links(self._clock(), event.graduate_id)
        if event.kind is not NotificationKind.DIGEST:
            return render_email(event.template, event.params, recipient_name=name, links=links)
        try:
            listed = digest_items(event.params)
            day = digest_day(event.params)
        except (KeyError, ValueError) as error:
            raise TemplateError("resumen mal formado") from error
        entries: list[DigestEntry] = []
        for item in await reads.notifications_by_id(listed):
            if (
                item.status != DeliveryStatus.DEFERRED.value
                or item.graduate_id != event.graduate_id
            ):
                continue
            if item.match_id is not None and (
                await reads.match_status(item.match_id) == MatchStatus.WITHDRAWN
            ):
                continue
            entries.append(DigestEntry(template=item.template, params=item.params))
        if not entries:
            raise TemplateError(NOTHING_TO_DIGEST)
        return render_digest(entries, day=day, recipient_name=name, links=links)


async def _nothing_to_send() -> None:
    return None


async def due_digests(database: Database, *, now: datetime) -> list[Outgoing]:
    """Digest requests for every graduate with deferred notifications from before today."""
    async with database.connection() as connection:
        deferred = await undigested_deferred(connection, before=digest_cutoff(now))
    items = [
        DeferredItem(item.graduate_id, item.notification_id, item.requested_at) for item in deferred
    ]
    return [Outgoing(key=request.graduate_id, event=request) for request in digest_requests(items)]


def senders_from_settings(settings: DeliveryConfig) -> tuple[SmtpEmailSender, HttpWebhookSender]:
    """The SMTP and webhook senders the settings describe."""
    password = settings.smtp_password
    email = SmtpEmailSender(
        host=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=None if password is None else password.get_secret_value(),
        starttls=settings.smtp_starttls,
        timeout_seconds=settings.smtp_timeout_seconds,
    )
    webhook = HttpWebhookSender(
        timeout_seconds=settings.webhook_timeout_seconds,
        policy=EndpointPolicy.from_settings(settings),
    )
    return email, webhook
