"""Webhook endpoints: store an employer's registration or removal."""

from __future__ import annotations

from collections.abc import Sequence

from schemas.employers import WebhookEndpointRegistered, WebhookEndpointRemoved
from schemas.registry import AnyEvent
from streams.effects import FlowStore
from streams.processing import Delivery, Handler, Outgoing, PermanentError


def endpoint_handler(consumer: str, store: FlowStore) -> Handler:
    """Handler for the webhook-endpoints topic, claiming under ``consumer``."""

    async def handle(event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        if not isinstance(event, WebhookEndpointRegistered | WebhookEndpointRemoved):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        await store.apply_once(consumer=consumer, event=event, topic=delivery.topic)
        return []

    return handle
