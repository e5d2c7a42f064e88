"""Events, metrics and stances: one per-document pass over the corpus with actors resolved.

The three extractors run together, document by document, so that each document's parse is loaded once (not once
per table) and its rows are cached in one file: loading a parse costs about as much as extracting its events.
Their tables stay separate assets, each with its own extractor version in its lineage.
"""

import polars as pl

from pipeline.assets.extract import extraction_assets, extraction_stage
from pipeline.core.model import DocumentContext
from pipeline.extract import events, metrics, stances
from pipeline.extract.runner import Rows, as_rows

EXTRACTORS = {  # table -> the extractor that writes it
    "events": events.EXTRACTOR,
    "event_participants": events.EXTRACTOR,
    "metrics": metrics.EXTRACTOR,
    "metric_actors": metrics.EXTRACTOR,
    "stances": stances.EXTRACTOR,
}


def _analysis_rows(ctx: DocumentContext) -> Rows:
    found, participants = events.extract_events(ctx)
    figures, about = metrics.extract_metrics(ctx)
    return {
        "events": as_rows(found),
        "event_participants": as_rows(participants),
        "metrics": as_rows(figures),
        "metric_actors": as_rows(about),
        "stances": as_rows(stances.extract_stances(ctx)),
    }


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


ANALYSIS_STAGE = extraction_stage(
    "analysis_assets", "+".join(sorted(set(EXTRACTORS.values()))), _analysis_rows, tuple(EXTRACTORS)
)
EXTRACTION_STAGES = (ANALYSIS_STAGE,)

analysis_assets = extraction_assets(
    ANALYSIS_STAGE,
    EXTRACTORS,
    "Concrete actions (who did what to whom, when, where) coded in PLOVER, with participants and clusters; every "
    "quantitative claim, normalised (value, unit, measure, year, status) and tied to its actors; positions held "
    "by actors or by the author toward actors and topics, with polarity and cue.",
    finalize=_cluster_events,
)
