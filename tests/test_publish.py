"""Atomic, deterministic publishing of Parquet files and the DuckDB warehouse."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from pipeline.core.files import write_atomic
from pipeline.core.tables import TableValidationError, rows_to_table
from pipeline.publish import lineage
from pipeline.publish.parquet import write_table_parquet
from pipeline.publish.release import PublishLockedError, publish_lock
from pipeline.publish.warehouse import write_warehouse

ROWS = [{"source_path": "a.txt", "reason": "empty_file", "detail": "file is empty"}]


def _table() -> pl.DataFrame:
    return rows_to_table("rejected_files", ROWS)


def test_parquet_carries_column_descriptions_and_is_byte_identical(tmp_path: Path) -> None:
    write_table_parquet("rejected_files", _table(), tmp_path / "a.parquet")
    write_table_parquet("rejected_files", _table(), tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    field = pq.read_schema(tmp_path / "a.parquet").field("reason")
    assert field.metadata[b"description"] == b"Machine-readable reason code."


def test_failed_write_leaves_previous_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "t.parquet"
    write_table_parquet("rejected_files", _table(), target)
    before = target.read_bytes()

    def crash(tmp: Path) -> None:
        tmp.write_bytes(b"half written")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, crash)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_warehouse_failure_mid_publish_keeps_old_database(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    write_warehouse(db, {"rejected_files": _table()})
    with pytest.raises(KeyError):
        write_warehouse(db, {"rejected_files": _table().clear(), "not_a_table": _table()})
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT count(*) FROM rejected_files").fetchall() == [(1,)]
    comment = con.sql("SELECT comment FROM duckdb_columns() WHERE column_name = 'reason'").fetchall()[0]
    assert comment == ("Machine-readable reason code.",)
    con.close()


def test_reader_holding_old_warehouse_is_not_disturbed(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    write_warehouse(db, {"rejected_files": _table()})
    reader = duckdb.connect(str(db), read_only=True)
    write_warehouse(db, {"rejected_files": _table().clear()})
    assert reader.sql("SELECT count(*) FROM rejected_files").fetchall() == [(1,)]
    reader.close()
    fresh = duckdb.connect(str(db), read_only=True)
    assert fresh.sql("SELECT count(*) FROM rejected_files").fetchall() == [(0,)]
    fresh.close()


def test_schema_violation_names_column_check_and_value() -> None:
    with pytest.raises(TableValidationError) as info:
        rows_to_table("rejected_files", [{**ROWS[0], "reason": "gremlins"}])
    assert "reason" in info.value.report and "isin" in info.value.report and "gremlins" in info.value.report


def test_second_publisher_fails_clearly_when_not_waiting(tmp_path: Path) -> None:
    with publish_lock(tmp_path), pytest.raises(PublishLockedError, match="another run"), publish_lock(tmp_path, wait=False):
        pass


def test_content_hash_of_a_table_is_the_hash_of_its_whole_ndjson_whatever_the_slice_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    df = pl.DataFrame({"id": [f"x{i}" for i in range(10)], "n": list(range(10)), "tags": [["a"]] * 10})
    whole = hashlib.sha256(df.write_ndjson().encode("utf-8")).hexdigest()
    for rows in (1, 3, 10, 50):
        monkeypatch.setattr(lineage, "HASH_SLICE_ROWS", rows)
        assert lineage.content_hash(df) == whole
    assert lineage.content_hash(df.head(0)) == hashlib.sha256(b"").hexdigest()
