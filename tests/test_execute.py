"""A headless run goes through Dagster's public `execute_in_process` and holds no table of the run in memory."""

from pathlib import Path

import polars as pl

from tests.small_runs import run, write_articles


def test_a_run_keeps_no_table_in_memory(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(3))
    result = run(corpus, tmp_path / "outputs")
    assert result.success
    materialized = {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}
    assert {"documents", "events", "stances", "dyad_years", "warehouse"} <= materialized
    # private attribute on purpose: every value the run captured; tables live in the staging folder, not here
    captured = result._output_capture or {}
    assert not [value for value in captured.values() if isinstance(value, pl.DataFrame)]
    assert (tmp_path / "outputs" / ".staging" / "events.parquet").exists()
