"""The composition root: every long-lived object is built here from ``Settings``.

Lower layers take plain values, URLs and protocols; only this module (and the
commands that call it) knows how settings turn into a matcher, a worker, the
API's backends or the ingestion service.
"""

from __future__ import annotations

import logging

import faust
import psycopg
from psycopg_pool import ConnectionPool

from matching.cache import CachedEncoder, InMemoryVectorCache, TieredVectorCache, VectorCache
from matching.crosswalk import default_crosswalk
from matching.encoder import Encoder, HashingEncoder, SentenceTransformerEncoder
from matching.learning import PlacementModel
from matching.matcher import Matcher
from matching.normaliser import Normaliser
from matching.reference import ReferenceDataError
from matching.taxonomy import load_taxonomy
from models.embedding_cache import PostgresVectorCache
from models.placement_models import load_latest
from streams.worker import build_worker
from vincula.errors import ConfigurationError
from vincula.settings import Settings

log = logging.getLogger(__name__)

VECTOR_CACHE_ITEMS = 200_000


def build_encoder(settings: Settings, database_url: str | None = None) -> Encoder:
    """The configured encoder behind a content-hash cache: memory, then PostgreSQL if given."""
    if settings.matching_encoder == "hashing":
        hashing = HashingEncoder()
        log.info("text encoder: %s", hashing.name)
        return CachedEncoder(hashing, InMemoryVectorCache(VECTOR_CACHE_ITEMS))
    model = SentenceTransformerEncoder(settings.embedding_model or None)
    log.info("text encoder: %s", model.name)
    cache: VectorCache = InMemoryVectorCache(VECTOR_CACHE_ITEMS, dimensions=model.dim)
    if database_url is not None:
        # Cohorts repeat phrases and workers restart: vectors survive both in PostgreSQL.
        pool: ConnectionPool[psycopg.Connection[tuple[object, ...]]] = ConnectionPool(
            database_url, min_size=1, max_size=2, kwargs={"autocommit": True}, open=True
        )
        durable = PostgresVectorCache(pool, model=model.name, dimensions=model.dim)
        cache = TieredVectorCache(cache, durable)
    return CachedEncoder(model, cache)


def latest_placement_model(database_url: str) -> PlacementModel | None:
    """The most recently trained placement model, if one was stored."""
    with psycopg.connect(database_url) as connection:
        stored = load_latest(connection)
    if stored is None:
        return None
    log.info("placement model %s (%d examples)", stored.version, stored.examples)
    return stored.model


def build_matcher(settings: Settings, database_url: str | None = None) -> Matcher:
    """A matcher with ESCO normalisation, the credential crosswalk and the latest model."""
    try:
        taxonomy = load_taxonomy(settings.reference_data_dir)
    except ReferenceDataError as error:
        raise ConfigurationError(
            f"VINCULA_REFERENCE_DATA_DIR={settings.reference_data_dir}: {error}"
        ) from error
    model = latest_placement_model(database_url) if database_url is not None else None
    return Matcher(
        build_encoder(settings, database_url),
        normaliser=Normaliser(taxonomy),
        crosswalk=default_crosswalk(),
        exposure_cap=settings.exposure_cap,
        shortlist_factor=settings.shortlist_factor,
        placement_model=model,
        min_outcomes=settings.min_outcomes_for_model,
    )


def build_worker_app(settings: Settings, database_url: str) -> faust.App:
    """The stream worker with every flow bound, its matcher built from ``settings``."""
    return build_worker(settings, database_url, build_matcher(settings, database_url))
