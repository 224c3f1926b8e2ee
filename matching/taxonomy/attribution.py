"""Attribution lines the licences of the reference data require us to show."""

from __future__ import annotations

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
ONET_ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. "
    "Department of Labor, Employment and Training Administration (USDOL/ETA), used "
    "under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
)
ATTRIBUTIONS: tuple[str, ...] = (ESCO_ATTRIBUTION, ONET_ATTRIBUTION)
