"""Cross-table rules every published dataset must satisfy (pure polars; used by asset checks and tests)."""

from __future__ import annotations

import polars as pl


def orphans(child: pl.DataFrame, column: str, parent: pl.DataFrame, parent_column: str) -> pl.DataFrame:
    """Rows of `child` whose non-null `column` value does not exist in `parent[parent_column]`."""
    keys = parent.select(pl.col(parent_column).alias(column)).unique()
    return child.filter(pl.col(column).is_not_null()).join(keys, on=column, how="anti")


def span_mismatches(spans: pl.DataFrame, documents: pl.DataFrame, text_column: str) -> pl.DataFrame:
    """Rows whose `documents.text[char_start:char_end]` differs from their `text_column` (or overruns)."""
    joined = spans.join(
        documents.select("doc_id", pl.col("text").alias("_doc_text")), on="doc_id", how="left"
    )
    sliced = pl.col("_doc_text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
    return joined.filter(
        pl.col("_doc_text").is_null()
        | (pl.col("char_end") < pl.col("char_start"))
        | (sliced != pl.col(text_column))
    ).drop("_doc_text")


def evidence_mismatches(rows: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Extracted rows whose span lies outside their sentence or whose evidence is not that sentence's text."""
    joined = rows.join(
        sentences.select("sentence_id", pl.col("char_start").alias("_s0"), pl.col("char_end").alias("_s1"),
                         pl.col("text").alias("_stext")),
        on="sentence_id",
        how="left",
    )  # fmt: skip
    return joined.filter(
        pl.col("_stext").is_null()
        | (pl.col("char_start") < pl.col("_s0"))
        | (pl.col("char_end") > pl.col("_s1"))
        | (pl.col("evidence") != pl.col("_stext"))
    ).drop("_s0", "_s1", "_stext")


FOREIGN_KEYS: list[tuple[str, str, str, str]] = [
    (child, column, parent, key)
    for child, columns in {
        "sentences": [("doc_id", "documents", "doc_id")],
        "mentions": [("doc_id", "documents", "doc_id"), ("sentence_id", "sentences", "sentence_id"),
                     ("actor_id", "actors", "actor_id"), ("place_id", "places", "place_id")],
        "events": [("doc_id", "documents", "doc_id"), ("sentence_id", "sentences", "sentence_id"),
                   ("place_id", "places", "place_id")],
        "event_participants": [("event_id", "events", "event_id"), ("actor_id", "actors", "actor_id")],
        "metrics": [("doc_id", "documents", "doc_id"), ("sentence_id", "sentences", "sentence_id")],
        "metric_actors": [("metric_id", "metrics", "metric_id"), ("actor_id", "actors", "actor_id")],
        "stances": [("doc_id", "documents", "doc_id"), ("sentence_id", "sentences", "sentence_id"),
                    ("holder_actor_id", "actors", "actor_id"), ("target_actor_id", "actors", "actor_id")],
        "dyad_years": [("actor_a", "actors", "actor_id"), ("actor_b", "actors", "actor_id")],
        "actor_profiles": [("actor_id", "actors", "actor_id")],
        "timeline": [("event_id", "events", "event_id"), ("doc_id", "documents", "doc_id")],
        "claims": [("metric_id", "metrics", "metric_id"), ("doc_id", "documents", "doc_id")],
    }.items()
    for column, parent, key in columns
]  # fmt: skip


def reference_violations(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Orphan rows for every foreign key among `tables` (keys whose tables are absent are skipped)."""
    found = {}
    for child, column, parent, key in FOREIGN_KEYS:
        if child in tables and parent in tables:
            bad = orphans(tables[child], column, tables[parent], key)
            if bad.height:
                found[f"{child}.{column} -> {parent}.{key}"] = bad
    return found
