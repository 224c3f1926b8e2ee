"""The root of every error Vincula raises on purpose, and the errors of event contracts.

``schemas`` is the ground floor, so the root lives here; every other package
adds its own subclasses in its own ``errors`` module. Callers catch
``VinculaError`` at the edges (CLI, worker, API) and show ``str(error)``,
which is written for the person who has to act on it.
"""

from __future__ import annotations


class VinculaError(Exception):
    """Base class for errors that carry an actionable message."""


class SchemaError(VinculaError, ValueError):
    """An event could not be parsed, validated or serialised."""
