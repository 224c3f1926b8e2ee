"""Bilingual skill and occupation taxonomy built from ESCO and O*NET."""

from __future__ import annotations

from matching.taxonomy.attribution import (
    ATTRIBUTIONS,
    ESCO_ATTRIBUTION,
    ONET_ATTRIBUTION,
)
from matching.taxonomy.build import build_taxonomy
from matching.taxonomy.cache import (
    default_cache_dir,
    default_reference_data_dir,
    load_taxonomy,
)
from matching.taxonomy.model import Occupation, SkillConcept, Taxonomy

__all__ = [
    "ATTRIBUTIONS",
    "ESCO_ATTRIBUTION",
    "ONET_ATTRIBUTION",
    "Occupation",
    "SkillConcept",
    "Taxonomy",
    "build_taxonomy",
    "default_cache_dir",
    "default_reference_data_dir",
    "load_taxonomy",
]
