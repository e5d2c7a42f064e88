"""Corpus-level places table: every place the mentions name, with its gazetteer record and mention counts."""

from __future__ import annotations

from dataclasses import astuple

import polars as pl

from pipeline.core.tables import empty_table
from pipeline.knowledge.gazetteer import PLACE_COLUMNS
from pipeline.knowledge.places import gazetteer


def build_place_table(mentions: pl.DataFrame) -> pl.DataFrame:
    """One row per distinct mentions.place_id: the gazetteer's record plus n_mentions and n_documents."""
    stats = (
        mentions.filter(pl.col("place_id").is_not_null())
        .group_by("place_id")
        .agg(n_mentions=pl.len().cast(pl.Int64), n_documents=pl.col("doc_id").n_unique().cast(pl.Int64))
        .sort("place_id")
    )
    if stats.height == 0:
        return empty_table("places")
    gaz = gazetteer()
    records = [astuple(gaz.place(place_id)) for place_id in stats["place_id"]]  # type: ignore[arg-type]
    schema = empty_table("places").select(PLACE_COLUMNS).schema
    places = pl.DataFrame(records, schema=schema, orient="row")
    return places.join(stats, on="place_id").sort("place_id")
