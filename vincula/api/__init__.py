"""Vincula's HTTP API (FastAPI): cohort uploads from training programmes."""

from vincula.api.app import create_api

__all__ = ["create_api"]
