"""Builds the matcher a worker uses, from settings."""

from __future__ import annotations

import logging

from matching.cache import CachedEncoder, InMemoryVectorCache
from matching.crosswalk import default_crosswalk
from matching.encoder import Encoder, HashingEncoder, SentenceTransformerEncoder
from matching.matcher import Matcher
from matching.normaliser import Normaliser
from matching.taxonomy import load_taxonomy
from vincula.errors import ConfigurationError
from vincula.settings import Settings

log = logging.getLogger(__name__)

VECTOR_CACHE_ITEMS = 200_000


def build_encoder(settings: Settings) -> Encoder:
    """The configured text encoder, behind an in-memory content-hash cache."""
    inner: Encoder
    if settings.matching_encoder == "hashing":
        inner = HashingEncoder()
    else:
        inner = SentenceTransformerEncoder(settings.embedding_model or None)
    log.info("text encoder: %s", inner.name)
    return CachedEncoder(inner, InMemoryVectorCache(VECTOR_CACHE_ITEMS))


def build_matcher(settings: Settings) -> Matcher:
    """A matcher with ESCO normalisation and the credential crosswalk."""
    if not settings.reference_data_dir.is_dir():
        raise ConfigurationError(
            f"Reference data not found at {settings.reference_data_dir}; "
            "set VINCULA_REFERENCE_DATA_DIR to the folder with esco/ and onet/."
        )
    taxonomy = load_taxonomy(settings.reference_data_dir)
    return Matcher(
        build_encoder(settings),
        normaliser=Normaliser(taxonomy),
        crosswalk=default_crosswalk(),
        exposure_cap=settings.exposure_cap,
        shortlist_factor=settings.shortlist_factor,
        min_outcomes=settings.min_outcomes_for_model,
    )
