"""Errors of the roof: settings, local tools and services the CLI starts."""

from __future__ import annotations

from models.errors import DatabaseUnavailableError
from schemas.errors import VinculaError
from streams.errors import BrokerUnavailableError

__all__ = [
    "UNAVAILABLE",
    "ConfigurationError",
    "MissingToolError",
    "ServiceUnavailableError",
    "VinculaError",
]


class ConfigurationError(VinculaError):
    """Settings are missing, malformed or unsafe for the environment."""


class MissingToolError(VinculaError):
    """A program Vincula needs (Java, Maven) is not installed."""


class ServiceUnavailableError(VinculaError):
    """A local Kafka broker or embedded PostgreSQL failed to start or answer."""


# Every "a service did not answer" error, whichever layer raised it: the API answers 503.
UNAVAILABLE: tuple[type[VinculaError], ...] = (
    ServiceUnavailableError,
    DatabaseUnavailableError,
    BrokerUnavailableError,
)
