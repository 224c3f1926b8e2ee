"""Erasures: a graduate's open proposals are withdrawn, their cached vectors dropped, then every
row about them is deleted."""

from __future__ import annotations

from collections.abc import Sequence

from schemas.enums import WithdrawalReason
from schemas.graduates import GraduateErased
from schemas.registry import AnyEvent
from streams.effects import FlowStore
from streams.matchmaking import Matchmaking
from streams.processing import Delivery, Handler, Outgoing, PermanentError


def erasure_handler(consumer: str, store: FlowStore, matchmaker: Matchmaking) -> Handler:
    """Handler for the erasures topic, claiming under ``consumer``."""

    async def handle(event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        if not isinstance(event, GraduateErased):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        # Withdrawals first, while the matches are still there to read; on redelivery
        # they are the same events (deterministic ids) and the erasure is applied once.
        withdrawn = await matchmaker.withdraw_for_graduate(
            event.graduate_id, reason=WithdrawalReason.GRADUATE_ERASED, cause=event
        )
        # Their vectors go too, while the profile they were computed from can be read.
        await matchmaker.forget_graduate(event.graduate_id)
        await store.apply_once(consumer=consumer, event=event, topic=delivery.topic)
        return withdrawn

    return handle
