"""Cross-table asset checks: span integrity and referential integrity.

Each check runs inside the asset that builds its table (declared in the asset's `check_specs`), on the frames
that step already holds: no extra Dagster step and no re-reading of staged tables. The checks on extracted
tables are blocking: a failure fails the step, so nothing downstream runs and nothing is published.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import dagster as dg
import polars as pl

from pipeline.core.integrity import evidence_mismatches, orphans, span_mismatches
from pipeline.core.tables import frame_to_markdown

SPAN_TEXT = "span_matches_text"
REFERENCES = "references_resolve"
Tables = Mapping[str, pl.DataFrame]


@dataclass(frozen=True)
class TableCheck:
    """A named rule on one table, computed from the tables of its step: failing rows by kind of failure."""

    table: str
    name: str
    description: str
    failures: Callable[[Tables], dict[str, pl.DataFrame]]
    blocking: bool = True

    @property
    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(
            self.name, asset=self.table, description=self.description, blocking=self.blocking
        )

    def result(self, tables: Tables) -> dg.AssetCheckResult:
        bad = {kind: df for kind, df in self.failures(tables).items() if df.height}
        return dg.AssetCheckResult(
            asset_key=self.table,
            check_name=self.name,
            passed=not bad,
            metadata={
                "failures": sum(df.height for df in bad.values()),
                **{kind: dg.MetadataValue.md(frame_to_markdown(df.head(20))) for kind, df in bad.items()},
            },
        )


def _evidence(table: str, actor_columns: tuple[str, ...] = ()) -> TableCheck:
    def failures(t: Tables) -> dict[str, pl.DataFrame]:
        found = {"evidence_mismatches": evidence_mismatches(t[table], t["sentences"])}
        for column in actor_columns:
            found[f"unknown_{column}"] = orphans(t[table], column, t["actors"], "actor_id")
        return found

    description = f"Every {table} row lies inside its sentence, quotes it as evidence, and its actors exist."
    return TableCheck(table, REFERENCES, description, failures)


def _link(table: str, parent: str, key: str) -> TableCheck:
    def failures(t: Tables) -> dict[str, pl.DataFrame]:
        return {
            f"unknown_{key}": orphans(t[table], key, t[parent], key),
            "unknown_actor_id": orphans(t[table], "actor_id", t["actors"], "actor_id"),
        }

    description = f"Every {table}.{key} exists in {parent} and every actor_id in actors."
    return TableCheck(table, REFERENCES, description, failures)


CHECKS = [
    TableCheck(
        "sentences",
        SPAN_TEXT,
        "Every sentence belongs to a document and is exactly documents.text[char_start:char_end].",
        lambda t: {
            "orphan_doc_ids": orphans(t["sentences"], "doc_id", t["documents"], "doc_id"),
            "span_mismatches": span_mismatches(t["sentences"], t["documents"], "text"),
        },
    ),
    TableCheck(
        "mentions",
        SPAN_TEXT,
        "Every mention is exactly its span of the document text and names an actor in `actors`, a place in "
        "`places`, or both.",
        lambda t: {
            "span_mismatches": span_mismatches(t["mentions"], t["documents"], "text"),
            "unknown_actor_ids": orphans(t["mentions"], "actor_id", t["actors"], "actor_id"),
            "unknown_place_ids": orphans(t["mentions"], "place_id", t["places"], "place_id"),
            "naming_nothing": t["mentions"].filter(
                pl.col("actor_id").is_null() & pl.col("place_id").is_null()
            ),
        },
    ),
    _evidence("events"),
    _evidence("metrics"),
    _evidence("stances", ("holder_actor_id", "target_actor_id")),
    _link("event_participants", "events", "event_id"),
    _link("metric_actors", "metrics", "metric_id"),
    TableCheck(
        "warehouse",
        "referential_integrity",
        "Every actor_id, event_id, metric_id, doc_id and sentence_id in the published Parquet files resolves "
        "(given the orphan rows found per foreign key, read back from the files as written).",
        dict,
        blocking=False,
    ),
]


def check_specs(assets: Iterable[str]) -> list[dg.AssetCheckSpec]:
    """The specs of the checks on `assets` (for an asset decorator's `check_specs`)."""
    wanted = set(assets)
    return [check.spec for check in CHECKS if check.table in wanted]


def check_results(assets: Iterable[str], tables: Tables) -> list[dg.AssetCheckResult]:
    """The results of the checks on `assets`, computed from `tables` (every table the checks read)."""
    wanted = set(assets)
    return [check.result(tables) for check in CHECKS if check.table in wanted]
