"""The event sink of cohort ingestion: certification events to the graduations topic."""

from __future__ import annotations

from collections.abc import Sequence

from schemas.graduates import GraduateCertified
from streams.processing import Outgoing
from streams.producer import EventProducer


class ProducerEventSink:
    """``EventSink`` over ``EventProducer``; keys are graduate ids, so per-graduate order holds."""

    def __init__(self, producer: EventProducer) -> None:
        self._producer = producer

    def publish(self, events: Sequence[GraduateCertified]) -> None:
        """Send the events and wait for the broker's acknowledgement of all of them."""
        self._producer.send_all(Outgoing(key=event.graduate_id, event=event) for event in events)
