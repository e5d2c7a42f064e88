"""The places table: every place the corpus names, from the offline gazetteer."""

from __future__ import annotations

import pandera.polars as pa

from schemas.base import TableModel

FEATURE_CLASSES = ["country", "admin1", "city", "water", "region", "landmark"]


class Places(TableModel):
    """One row per place the corpus names (mentions.place_id; events.place_id is one of them), with its
    coordinates."""

    place_id: str = pa.Field(
        unique=True,
        description="geonames:<GeoNames id> for countries and cities, geonames-admin1:<ISO2>.<name> for states "
        "and provinces, geonames-town:<ISO2>.<admin1>.<name> for towns under 15,000 people, else a slug of the "
        "curated list (water:red-sea, region:sahel, landmark:red-square).",
    )
    name: str = pa.Field(description="Canonical name (GeoNames' or the curated list's).")
    feature_class: str = pa.Field(
        isin=FEATURE_CLASSES,
        description="country, admin1 (state, province), city, water, region or landmark.",
    )
    country_code: str | None = pa.Field(
        nullable=True,
        str_matches=r"^[A-Z]{3}$",
        description="ISO3 of its country; null for seas and regions.",
    )
    admin1: str | None = pa.Field(nullable=True, description="Its state or province (cities), if known.")
    latitude: float = pa.Field(ge=-90, le=90, description="WGS84 latitude of a representative point.")
    longitude: float = pa.Field(ge=-180, le=180, description="WGS84 longitude of a representative point.")
    population: int | None = pa.Field(nullable=True, ge=0, description="GeoNames population, where known.")
    n_mentions: int = pa.Field(ge=0, description="Mentions naming it across the corpus.")
    n_documents: int = pa.Field(ge=0, description="Documents naming it.")
