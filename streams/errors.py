"""Errors of the stream layer: the broker, ingestion and deliveries add their own subclasses."""

from __future__ import annotations

from schemas.errors import VinculaError


class StreamsError(VinculaError):
    """Base class for errors of the stream layer."""


class BrokerUnavailableError(StreamsError):
    """No Kafka broker answered, or it did not deliver in time."""
