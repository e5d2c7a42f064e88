"""Joined analytical tables built from the validated base tables (pure polars, no dagster)."""

from __future__ import annotations

import csv
from functools import cache

import polars as pl

from pipeline.knowledge import knowledge_file
from schemas.integrated import QUADS

GOLDSTEIN_FILE = knowledge_file("plover_goldstein.csv")


@cache
def goldstein_weights() -> dict[str, float]:
    """Goldstein-style cooperation (+10) / conflict (-10) weight per PLOVER event type."""
    with GOLDSTEIN_FILE.open(encoding="utf-8") as handle:
        return {row["event_type"]: float(row["goldstein"]) for row in csv.DictReader(handle)}


def year_of(column: str) -> pl.Expr:
    """The year of an ISO date column ("2019-08-09" -> 2019; null when absent)."""
    return pl.col(column).str.slice(0, 4).cast(pl.Int64, strict=False)


REPORTED_DATE = pl.col("published_date").alias("reported_date")  # of documents: when their events were reported


def with_reported_date(events: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """`events` (or any rows with a doc_id) with the date their document was published, as `reported_date`."""
    return events.join(documents.select("doc_id", REPORTED_DATE), on="doc_id", how="left")


def event_year() -> pl.Expr:
    """An event's year: that of its event_date, else that of its reported_date (the text gives no date)."""
    return pl.coalesce(year_of("event_date"), year_of("reported_date"))


def _names(actors: pl.DataFrame) -> dict[str, str]:
    return dict(actors.select("actor_id", "name").iter_rows())


REPORTED_MODALITIES = ("asserted", "planned")  # what happened or was announced; negated and hypothetical
# events stay in the events table and the timeline, with their modality, but are not counted as events


def reported(events: pl.DataFrame) -> pl.DataFrame:
    """The events that happened or were announced (not the negated or hypothetical ones)."""
    return events.filter(pl.col("modality").is_in(REPORTED_MODALITIES))


def event_sides(events: pl.DataFrame, participants: pl.DataFrame) -> pl.DataFrame:
    """Per event: lists of actors on the acting side (source + participant) and the receiving side (target)."""
    acting = (
        participants.filter(pl.col("role") != "target")
        .group_by("event_id")
        .agg(pl.col("actor_id").unique().sort().alias("source_actor_ids"))
    )
    receiving = (
        participants.filter(pl.col("role") == "target")
        .group_by("event_id")
        .agg(pl.col("actor_id").unique().sort().alias("target_actor_ids"))
    )
    empty = pl.lit([], dtype=pl.List(pl.String))
    return (
        events.join(acting, on="event_id", how="left")
        .join(receiving, on="event_id", how="left")
        .with_columns(
            pl.col("source_actor_ids").fill_null(empty),
            pl.col("target_actor_ids").fill_null(empty),
        )
    )


def _event_dyads(sides: pl.DataFrame) -> pl.DataFrame:
    """(event, actor_a, actor_b) for every source-target pair, or co-actor pair when there is no target."""
    rows = []
    for event in sides.iter_rows(named=True):
        sources, targets = event["source_actor_ids"], event["target_actor_ids"]
        pairs = (
            {(s, t) for s in sources for t in targets if s != t}
            if targets
            else {(a, b) for a in sources for b in sources if a < b}
        )
        for a, b in pairs:
            rows.append({"event_id": event["event_id"], "actor_a": min(a, b), "actor_b": max(a, b)})
    schema = {"event_id": pl.String, "actor_a": pl.String, "actor_b": pl.String}
    return pl.DataFrame(rows, schema=schema).unique()


def dyad_years(
    documents: pl.DataFrame,
    actors: pl.DataFrame,
    events: pl.DataFrame,
    participants: pl.DataFrame,
    stances: pl.DataFrame,
) -> pl.DataFrame:
    """One row per unordered actor pair and year with event counts, cooperation score and stances."""
    weights = goldstein_weights()
    events = with_reported_date(reported(events), documents)
    event_pairs = _event_dyads(event_sides(events, participants)).join(
        events.select(
            "event_id",
            "doc_id",
            "quad_class",
            "event_cluster_id",
            event_year().alias("year"),
            pl.when(pl.col("modality") == "asserted")
            .then(pl.col("event_type").replace_strict(weights, default=None, return_dtype=pl.Float64))
            .alias("weight"),
        ),
        on="event_id",
    )
    event_stats = event_pairs.group_by("actor_a", "actor_b", "year").agg(
        pl.len().alias("n_events"),
        *[(pl.col("quad_class") == q).sum().alias(f"n_{q}") for q in QUADS],
        pl.col("weight").mean().alias("cooperation_score"),
        pl.col("event_cluster_id").n_unique().alias("n_event_clusters"),
        pl.col("doc_id").alias("event_docs"),
    )
    stance_stats = _stance_dyads(documents, stances)
    keys = ["actor_a", "actor_b", "year"]
    joined = event_stats.join(stance_stats, on=keys, how="full", coalesce=True, nulls_equal=True)
    names = _names(actors)
    return joined.select(
        *keys[:2],
        pl.col("actor_a").replace_strict(names, default=pl.col("actor_a")).alias("name_a"),
        pl.col("actor_b").replace_strict(names, default=pl.col("actor_b")).alias("name_b"),
        "year",
        *[pl.col(c).fill_null(0) for c in ["n_events", *[f"n_{q}" for q in QUADS]]],
        "cooperation_score",
        pl.col("n_event_clusters").fill_null(0),
        *[pl.col(c).fill_null(0) for c in ["a_supports_b", "a_opposes_b", "b_supports_a", "b_opposes_a"]],
        pl.concat_list(
            pl.col("event_docs").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            pl.col("stance_docs").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        )
        .list.n_unique()
        .alias("n_documents"),
    )


def _stance_dyads(documents: pl.DataFrame, stances: pl.DataFrame) -> pl.DataFrame:
    """Stance counts per holder-target actor pair, in the year the document was published."""
    pairs = stances.filter(
        pl.col("holder_actor_id").is_not_null()
        & pl.col("target_actor_id").is_not_null()
        & (pl.col("holder_actor_id") != pl.col("target_actor_id"))
    ).join(documents.select("doc_id", year_of("published_date").alias("year")), on="doc_id", how="left")
    a_holds = pl.col("holder_actor_id") < pl.col("target_actor_id")
    return (
        pairs.with_columns(
            pl.min_horizontal("holder_actor_id", "target_actor_id").alias("actor_a"),
            pl.max_horizontal("holder_actor_id", "target_actor_id").alias("actor_b"),
        )
        .group_by("actor_a", "actor_b", "year")
        .agg(
            (a_holds & (pl.col("polarity") == "support")).sum().alias("a_supports_b"),
            (a_holds & (pl.col("polarity") == "oppose")).sum().alias("a_opposes_b"),
            (~a_holds & (pl.col("polarity") == "support")).sum().alias("b_supports_a"),
            (~a_holds & (pl.col("polarity") == "oppose")).sum().alias("b_opposes_a"),
            pl.col("doc_id").alias("stance_docs"),
        )
    )


def actor_profiles(
    actors: pl.DataFrame,
    events: pl.DataFrame,
    participants: pl.DataFrame,
    stances: pl.DataFrame,
    metric_actors: pl.DataFrame,
) -> pl.DataFrame:
    """One row per actor: mentions, events by role and quad class, stances held/received, metrics, dates."""
    roles = participants.join(
        reported(events).select("event_id", "quad_class", "event_date"), on="event_id"
    ).with_columns(
        pl.when(pl.col("role") == "target").then(pl.lit("target")).otherwise(pl.lit("source")).alias("side")
    )
    counts = roles.group_by("actor_id").agg(
        *[
            ((pl.col("side") == side) & (pl.col("quad_class") == q)).sum().alias(f"{side}_{q}")
            for side in ("source", "target")
            for q in QUADS
        ],
        pl.col("event_date").min().alias("first_event_date"),
        pl.col("event_date").max().alias("last_event_date"),
    )
    held = stances.group_by(pl.col("holder_actor_id").alias("actor_id")).agg(pl.len().alias("stances_held"))
    received = stances.group_by(pl.col("target_actor_id").alias("actor_id")).agg(
        pl.len().alias("stances_received")
    )
    measured = metric_actors.group_by("actor_id").agg(pl.col("metric_id").n_unique().alias("n_metrics"))
    profile = (
        actors.select("actor_id", "name", "actor_type", "country_code", "n_mentions", "n_documents")
        .join(counts, on="actor_id", how="left")
        .join(held, on="actor_id", how="left")
        .join(received, on="actor_id", how="left")
        .join(measured, on="actor_id", how="left")
    )
    count_columns = [
        c for c in profile.columns if c.startswith(("source_", "target_", "stances_", "n_metrics"))
    ]
    return profile.with_columns(pl.col(c).fill_null(0) for c in count_columns)


def timeline(
    documents: pl.DataFrame, actors: pl.DataFrame, events: pl.DataFrame, participants: pl.DataFrame
) -> pl.DataFrame:
    """Every event with names of its actors, document title and evidence, ordered by date."""
    names = _names(actors)
    to_names = pl.element().replace_strict(names, default=pl.element())
    return (
        event_sides(events, participants)
        .join(documents.select("doc_id", "title", REPORTED_DATE), on="doc_id", how="left")
        .with_columns(
            year_of("event_date").alias("year"),
            pl.col("source_actor_ids").list.eval(to_names).alias("source_names"),
            pl.col("target_actor_ids").list.eval(to_names).alias("target_names"),
        )
        .sort("event_date", "doc_id", "char_start", nulls_last=True)
    )


def claims(
    documents: pl.DataFrame, actors: pl.DataFrame, metrics: pl.DataFrame, metric_actors: pl.DataFrame
) -> pl.DataFrame:
    """Every metric with its actors (ids and names) and its document's title and date."""
    about = (
        metric_actors.join(actors.select("actor_id", "name"), on="actor_id", how="left")
        .sort("actor_id")
        .group_by("metric_id")
        .agg(pl.col("actor_id").alias("actor_ids"), pl.col("name").alias("actor_names"))
    )
    empty = pl.lit([], dtype=pl.List(pl.String))
    return (
        metrics.join(about, on="metric_id", how="left")
        .join(documents.select("doc_id", "title", "published_date"), on="doc_id", how="left")
        .with_columns(pl.col("actor_ids").fill_null(empty), pl.col("actor_names").fill_null(empty))
    )
