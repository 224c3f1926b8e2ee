"""Errors raised by the matching core."""

from __future__ import annotations

from schemas.errors import VinculaError


class MatchingError(VinculaError):
    """Base class for errors of the matching core."""


class InvalidWeightsError(MatchingError):
    """Scoring weights are negative or do not add up to one."""


class IncompatibleModelError(MatchingError):
    """A stored placement model does not fit the features this code computes."""


class AllocationError(MatchingError):
    """The allocation problem could not be solved exactly."""


class VectorDimensionError(MatchingError, ValueError):
    """A vector does not have the width its cache or index stores."""
