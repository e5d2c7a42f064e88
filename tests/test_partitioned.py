"""#22.3: from a threshold of documents on, per-document tables are hive-partitioned datasets that DuckDB, Polars
and pyarrow datasets read as one table, with the same rows, hashes and validity as the single files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pytest

from pipeline.assets.publish import PUBLISHED_TABLES
from pipeline.core.model import document_batch
from pipeline.publish.parquet import PARTITION_COLUMN, partitioned
from pipeline.publish.release import read_published
from pipeline.publish.verify import verify
from schemas import TABLES


@pytest.fixture(scope="module")
def split(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus's staged tables published again with a threshold of one document: partitioned."""
    from pipeline.publish.release import publish

    outputs = tmp_path_factory.mktemp("partitioned")
    publish(outputs, published / ".staging", PUBLISHED_TABLES, partition_documents=1)
    return outputs


def test_per_document_tables_are_hive_partitioned_by_document_batch(split: Path) -> None:
    folder = split / "parquet" / "events"
    parts = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.parquet"))
    assert len(parts) > 1 and all(
        p.startswith(f"{PARTITION_COLUMN}=") and p.endswith("/part-0.parquet") for p in parts
    )
    assert (split / "parquet" / "actors.parquet").is_file()  # not per document: one file
    assert {t for t in TABLES if partitioned(t)} >= {
        "documents",
        "sentences",
        "mentions",
        "events",
        "stances",
    }
    package = json.loads((split / "parquet" / "datapackage.json").read_text())
    paths = {r["name"]: r["path"] for r in package["resources"]}
    assert paths["events"] == [f"events/{p}" for p in parts] and paths["actors"] == "actors.parquet"


def test_duckdb_polars_and_pyarrow_read_a_dataset_as_the_single_file_table(
    published: Path, split: Path
) -> None:
    single = pl.read_parquet(published / "parquet" / "events.parquet").with_columns(
        pl.col(pl.Categorical).cast(pl.String)
    )
    order = list(TABLES["events"].sort_by)
    folder = split / "parquet" / "events"
    with duckdb.connect() as con:
        rows = con.sql(f"SELECT * FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true)").pl()
        in_batch = con.sql(
            f"SELECT count(*) FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true) "
            f"WHERE {PARTITION_COLUMN} = '{document_batch(single['doc_id'][0])}'"
        ).fetchall()[0][0]
    by_polars = pl.read_parquet(folder, hive_partitioning=True)
    by_arrow = pl.from_arrow(ds.dataset(folder, format="parquet", partitioning="hive").to_table())
    expected = single.sort(order)
    for df in (rows, by_polars, by_arrow):
        assert PARTITION_COLUMN in df.columns
        got = df.drop(PARTITION_COLUMN).with_columns(pl.col(pl.Categorical).cast(pl.String)).sort(order)
        assert got.equals(expected.select(got.columns))
    assert 0 < in_batch < single.height


def test_a_partitioned_release_reads_validates_and_hashes_like_a_single_file_one(
    published: Path, split: Path
) -> None:
    for name, df in read_published(split).items():
        assert df.equals(read_published(published, [name])[name]), name
    assert pl.read_parquet(split / "parquet" / "lineage.parquet").equals(
        pl.read_parquet(published / "parquet" / "lineage.parquet")
    )
    verdict = verify(split)
    assert verdict.problems == [] and len(verdict.lines) == len(TABLES)
