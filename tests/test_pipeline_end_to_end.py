"""The real code location: loads, materializes every asset on the corpus, and is deterministic."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipeline.cli import main
from pipeline.definitions import build_definitions, defs
from pipeline.execute import run_pipeline
from pipeline.resources import PipelineConfig
from schemas import TABLES
from tests.conftest import CORPUS


def test_definitions_load_with_every_table_asset() -> None:
    keys = {key.path[-1] for key in defs.resolve_all_asset_keys()}
    assert set(TABLES) - {"lineage"} <= keys
    assert {"warehouse", "evaluation"} <= keys
    assert defs.resolve_implicit_global_asset_job_def() is not None


def test_materialize_with_dagster_api(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sorted(CORPUS.glob("003_*"))[0], corpus)
    definitions = build_definitions(PipelineConfig(corpus_dir=str(corpus), outputs_dir=str(tmp_path / "out")))
    result = dg.materialize(
        definitions.assets, resources=definitions.resources, selection=dg.AssetSelection.all()
    )  # type: ignore[arg-type]
    assert result.success
    assert (tmp_path / "out" / "warehouse.duckdb").exists()


def test_every_table_published_in_parquet_and_duckdb(published: Path) -> None:
    con = duckdb.connect(str(published / "warehouse.duckdb"), read_only=True)
    try:
        for name in TABLES:
            parquet = pl.read_parquet(published / "parquet" / f"{name}.parquet")
            count = con.sql(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
            assert count == parquet.height, name
        assert con.sql("SELECT count(*) FROM documents").fetchall() == [(5,)]
        assert con.sql("SELECT count(*) FROM sentences").fetchall()[0][0] > 300
        undocumented = con.sql(
            "SELECT count(*) FROM duckdb_columns() c JOIN duckdb_tables() USING (table_name) WHERE c.comment IS NULL"
        )
        assert undocumented.fetchall() == [(0,)]
    finally:
        con.close()


def test_offsets_are_exact(published: Path) -> None:
    docs = dict(pl.read_parquet(published / "parquet" / "documents.parquet").select("doc_id", "text").iter_rows())
    for table, column in [("sentences", "text"), ("mentions", "text"), ("metrics", "surface"), ("events", "trigger")]:
        for row in pl.read_parquet(published / "parquet" / f"{table}.parquet").iter_rows(named=True):
            assert docs[row["doc_id"]][row["char_start"] : row["char_end"]] == row[column], (table, row)


def test_lineage_describes_every_table(published: Path) -> None:
    lineage = pl.read_parquet(published / "parquet" / "lineage.parquet")
    assert set(lineage["table_name"]) == set(TABLES) - {"lineage"}
    events = lineage.filter(pl.col("table_name") == "events").row(0, named=True)
    assert {"documents", "sentences", "actors", "mentions"} <= set(events["upstream"])
    assert len(set(lineage["corpus_sha256"])) == 1


def test_evaluation_asset_scores_corpus_gold(published: Path) -> None:
    report = (published / "evaluation.json").read_text()
    assert "000_9598c3096e26880a.txt" in report and "002_a376939b69a5f02b.txt" in report


def test_rerun_gives_byte_identical_parquet(published: Path, tmp_path: Path) -> None:
    run_pipeline(PipelineConfig(corpus_dir=str(CORPUS), outputs_dir=str(tmp_path)))
    for name in TABLES:
        first = (published / "parquet" / f"{name}.parquet").read_bytes()
        assert first == (tmp_path / "parquet" / f"{name}.parquet").read_bytes(), name


def test_cli_reports_missing_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--corpus", str(tmp_path / "nope"), "--outputs", str(tmp_path / "out")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_workspace_loads_like_dagster_dev() -> None:
    """`dagster dev` in the repo root loads workspace.yaml; the same loader validates the code location."""
    import subprocess
    import sys

    dagster = Path(sys.executable).with_name("dagster")
    result = subprocess.run(
        [str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "All code locations passed validation" in result.stderr + result.stdout
