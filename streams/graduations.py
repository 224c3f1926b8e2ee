"""Graduations and consent changes: store the profile, then match it.

Graduations are handled in batches, so a cohort that arrives together is
allocated jointly (seats and exposure caps shared) instead of one by one.
Reactions are recomputed on redelivery; their ids are deterministic, so
consumers downstream store each once.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas.base import BaseEvent
from schemas.enums import ConsentPurpose, WithdrawalReason
from schemas.graduates import ConsentChanged, GraduateCertified
from schemas.registry import AnyEvent
from streams.effects import FlowStore
from streams.matchmaking import Matchmaking
from streams.processing import BatchHandler, Delivery, Outgoing, PermanentError

# Withdrawing either of these takes the graduate off every shortlist at once.
SHORTLIST_PURPOSES = (ConsentPurpose.MATCHING, ConsentPurpose.SHARE_WITH_EMPLOYERS)


def graduation_handler(consumer: str, store: FlowStore, matchmaker: Matchmaking) -> BatchHandler:
    """Batch handler for the graduations and consents topics, claiming under ``consumer``."""

    async def handle(items: Sequence[tuple[AnyEvent, Delivery]]) -> Sequence[Outgoing]:
        to_match: dict[str, BaseEvent] = {}
        outgoing: list[Outgoing] = []
        for event, delivery in items:
            if not isinstance(event, GraduateCertified | ConsentChanged):
                raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
            await store.apply_once(consumer=consumer, event=event, topic=delivery.topic)
            if isinstance(event, GraduateCertified):
                to_match[event.graduate_id] = event
            elif event.purpose in SHORTLIST_PURPOSES and not event.granted:
                to_match.pop(event.graduate_id, None)
                outgoing += await matchmaker.withdraw_for_graduate(
                    event.graduate_id, reason=WithdrawalReason.CONSENT_WITHDRAWN, cause=event
                )
            elif event.purpose is ConsentPurpose.MATCHING and event.granted:
                to_match[event.graduate_id] = event
        if to_match:
            outgoing += await matchmaker.for_graduates(to_match)
        return outgoing

    return handle
