"""The root of every error Vincula raises on purpose.

Each package adds its own subclasses; callers catch ``VinculaError`` at the
edges (CLI, worker, API) and show ``str(error)``, which is written for the
person who has to act on it.
"""

from __future__ import annotations


class VinculaError(Exception):
    """Base class for errors that carry an actionable message."""


class ConfigurationError(VinculaError):
    """Settings are missing, malformed or unsafe for the environment."""


class MissingToolError(VinculaError):
    """A program Vincula needs (Java, Maven) is not installed."""


class ServiceUnavailableError(VinculaError):
    """Kafka or PostgreSQL cannot be reached or failed to start."""
