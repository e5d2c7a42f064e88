"""Events, metrics and stances: per-document extractors run over the corpus with actors resolved."""

import polars as pl

from pipeline.assets.extract import extraction_assets, extraction_stage
from pipeline.core.model import DocumentContext
from pipeline.extract import events, metrics, stances
from pipeline.extract.runner import Rows, as_rows


def _event_rows(ctx: DocumentContext) -> Rows:
    found, participants = events.extract_events(ctx)
    return {"events": as_rows(found), "event_participants": as_rows(participants)}


def _cluster_events(frames: dict[str, pl.DataFrame], documents: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Link mentions of the same real-world event across documents with a shared event_cluster_id (an event
    whose text gives no date is compared by the month its document was published)."""
    found = frames["events"]
    reported = dict(documents.select("doc_id", pl.col("published_date").str.slice(0, 7)).iter_rows())
    when = pl.coalesce("event_date", pl.col("doc_id").replace_strict(reported, default=None))
    clusters = events.cluster_events(
        found.select("event_id", "event_type", when.alias("event_date")).iter_rows(),
        frames["event_participants"].select("event_id", "actor_id").iter_rows(),
    )
    cluster_ids = pl.Series([clusters.get(event_id, event_id) for event_id in found["event_id"]])
    return {**frames, "events": found.with_columns(cluster_ids.alias("event_cluster_id"))}


def _metric_rows(ctx: DocumentContext) -> Rows:
    found, about = metrics.extract_metrics(ctx)
    return {"metrics": as_rows(found), "metric_actors": as_rows(about)}


def _stance_rows(ctx: DocumentContext) -> Rows:
    return {"stances": as_rows(stances.extract_stances(ctx))}


EVENT_STAGE = extraction_stage(
    "event_assets", events.EXTRACTOR, _event_rows, ("events", "event_participants")
)
METRIC_STAGE = extraction_stage("metric_assets", metrics.EXTRACTOR, _metric_rows, ("metrics", "metric_actors"))
STANCE_STAGE = extraction_stage("stance_assets", stances.EXTRACTOR, _stance_rows, ("stances",))
EXTRACTION_STAGES = (EVENT_STAGE, METRIC_STAGE, STANCE_STAGE)

event_assets = extraction_assets(
    EVENT_STAGE,
    events.EXTRACTOR,
    "Concrete actions (who did what to whom, when, where) coded in PLOVER, with participants and clusters.",
    finalize=_cluster_events,
)
metric_assets = extraction_assets(
    METRIC_STAGE,
    metrics.EXTRACTOR,
    "Every quantitative claim, normalised (value, unit, measure, year, status) and tied to its actors.",
)
stance_assets = extraction_assets(
    STANCE_STAGE,
    stances.EXTRACTOR,
    "Positions held by actors or by the author toward actors and topics, with polarity and cue.",
)
