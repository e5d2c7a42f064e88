"""Cross-table asset checks: referential integrity and span integrity, blocking publication on failure."""

import dagster as dg
import polars as pl

from pipeline.integrity import evidence_mismatches, orphans, reference_violations, span_mismatches
from pipeline.resources import PipelineConfig
from pipeline.validate import frame_to_markdown
from schemas import TABLES

SPAN_TEXT = "span_matches_text"
REFERENCES = "references_resolve"


def _result(failures: dict[str, pl.DataFrame]) -> dg.AssetCheckResult:
    bad = {name: df for name, df in failures.items() if df.height}
    return dg.AssetCheckResult(
        passed=not bad,
        metadata={
            "failures": sum(df.height for df in bad.values()),
            **{name: dg.MetadataValue.md(frame_to_markdown(df.head(20))) for name, df in bad.items()},
        },
    )


@dg.asset_check(
    asset="sentences", name=SPAN_TEXT, additional_ins={"documents": dg.AssetIn("documents")}, blocking=True
)
def sentences_match_text(sentences: pl.DataFrame, documents: pl.DataFrame) -> dg.AssetCheckResult:
    """Every sentence belongs to a document and is exactly documents.text[char_start:char_end]."""
    return _result(
        {
            "orphan_doc_ids": orphans(sentences, "doc_id", documents, "doc_id"),
            "span_mismatches": span_mismatches(sentences, documents, "text"),
        }
    )


@dg.asset_check(
    asset="mentions",
    name=SPAN_TEXT,
    additional_ins={"documents": dg.AssetIn("documents"), "actors": dg.AssetIn("actors")},
    blocking=True,
)
def mentions_match_text(
    mentions: pl.DataFrame, documents: pl.DataFrame, actors: pl.DataFrame
) -> dg.AssetCheckResult:
    """Every mention is exactly its span of the document text and names an actor in `actors`."""
    return _result(
        {
            "span_mismatches": span_mismatches(mentions, documents, "text"),
            "unknown_actor_ids": orphans(mentions, "actor_id", actors, "actor_id"),
        }
    )


def _evidence_check(table: str, actor_columns: tuple[str, ...] = ()) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table,
        name=REFERENCES,
        additional_ins={"sentences": dg.AssetIn("sentences"), "actors": dg.AssetIn("actors")},
        blocking=True,
        description=f"Every {table} row lies inside its sentence, quotes it as evidence, and its actors exist.",
    )
    def _check(rows: pl.DataFrame, sentences: pl.DataFrame, actors: pl.DataFrame) -> dg.AssetCheckResult:
        df = rows
        failures = {"evidence_mismatches": evidence_mismatches(df, sentences)}
        for column in actor_columns:
            failures[f"unknown_{column}"] = orphans(df, column, actors, "actor_id")
        return _result(failures)

    return _check


def _link_check(table: str, parent: str, key: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table,
        name=REFERENCES,
        additional_ins={"parents": dg.AssetIn(parent), "actors": dg.AssetIn("actors")},
        blocking=True,
        description=f"Every {table}.{key} exists in {parent} and every actor_id in actors.",
    )
    def _check(links: pl.DataFrame, parents: pl.DataFrame, actors: pl.DataFrame) -> dg.AssetCheckResult:
        return _result(
            {
                f"unknown_{key}": orphans(links, key, parents, key),
                "unknown_actor_id": orphans(links, "actor_id", actors, "actor_id"),
            }
        )

    return _check


@dg.asset_check(asset="warehouse", name="referential_integrity")
def published_references_resolve(settings: PipelineConfig) -> dg.AssetCheckResult:
    """Every actor_id, event_id, metric_id, doc_id and sentence_id in the published Parquet files resolves."""
    folder = settings.outputs_path / "parquet"
    tables = {name: pl.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    return _result(reference_violations(tables))


CHECKS = [
    published_references_resolve,
    sentences_match_text,
    mentions_match_text,
    _evidence_check("events"),
    _evidence_check("metrics"),
    _evidence_check("stances", ("holder_actor_id", "target_actor_id")),
    _link_check("event_participants", "events", "event_id"),
    _link_check("metric_actors", "metrics", "metric_id"),
]
