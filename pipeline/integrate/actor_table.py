"""Corpus-level actors table: one row per canonical actor, aggregated from per-document results."""

from __future__ import annotations

import polars as pl


def build_actor_table(actor_records: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Merge per-document actor records (first record per id wins, in (actor_id, name) order) with mention
    statistics: the distinct surface forms, the number of mentions and of documents."""
    records = (
        actor_records.select("actor_id", "name", "actor_type", "country_code")
        .sort("actor_id", "name", maintain_order=True)
        .unique("actor_id", keep="first", maintain_order=True)
    )
    stats = mentions.group_by("actor_id").agg(
        aliases=pl.col("text").unique().sort(),
        n_mentions=pl.len().cast(pl.Int64),
        n_documents=pl.col("doc_id").n_unique().cast(pl.Int64),
    )
    return (
        records.join(stats, on="actor_id", how="left")
        .with_columns(
            pl.col("aliases").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            pl.col("n_mentions", "n_documents").fill_null(0),
        )
        .sort("actor_id")
    )
