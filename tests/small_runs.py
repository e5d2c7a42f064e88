"""Helpers for tests that run the whole pipeline on a few short documents (incremental, parallel)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import dagster as dg

from benchmarks.corpus_gen import source_paragraphs
from pipeline.execute import run_pipeline
from pipeline.resources import PipelineConfig
from tests.conftest import CORPUS

EXTRACTION_ASSETS = ("mentions", "events", "metrics", "stances")


@cache
def _paragraphs() -> tuple[str, ...]:
    return tuple(source_paragraphs(CORPUS))


def short_article(index: int, variant: int = 0) -> str:
    """A short article: a title line and two real corpus paragraphs (different ones for another variant)."""
    paragraphs = _paragraphs()
    first = (2 * index + 7 * variant) % len(paragraphs)
    body = [paragraphs[first], paragraphs[(first + 1) % len(paragraphs)]]
    return "\n\n".join([f"Short article {index}", *body]) + "\n"


def write_articles(corpus: Path, indices: range) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for index in indices:
        (corpus / f"article_{index}.txt").write_text(short_article(index), encoding="utf-8")


def run(corpus: Path, outputs: Path, n_process: int = 1) -> dg.ExecuteInProcessResult:
    """Materialize every asset (no gold: the evaluation is empty)."""
    config = PipelineConfig(
        corpus_dir=str(corpus),
        outputs_dir=str(outputs),
        gold_dir=str(outputs / "no-gold"),
        n_process=n_process,
    )
    return run_pipeline(config)


def published_tables(outputs: Path) -> dict[str, bytes]:
    """Bytes of every published Parquet file, by file name."""
    return {path.name: path.read_bytes() for path in sorted((outputs / "parquet").glob("*.parquet"))}


def extracted_counts(result: dg.ExecuteInProcessResult) -> dict[str, int]:
    """Per extraction asset: how many documents were (re-)extracted rather than read from the cache."""
    counts = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        name = materialization.asset_key.path[-1]
        if name in EXTRACTION_ASSETS or name == "documents":
            key = "documents_parsed" if name == "documents" else "documents_extracted"
            counts[name] = materialization.metadata[key].value
    return counts


def data_versions(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    """The Dagster data version recorded for each materialized table that has one."""
    versions = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        version = (materialization.tags or {}).get("dagster/data_version")
        if version:
            versions[materialization.asset_key.path[-1]] = version
    return versions
