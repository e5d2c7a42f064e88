"""Publishing: deterministic Parquet, streamed lineage hashes, the typed warehouse built from Parquet files,
and releases that leave the current one alone when they fail."""

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
from pipeline.publish.parquet import TableStream, write_table_parquet
from pipeline.publish.release import PublishLockedError, publish, publish_lock, read_published
from pipeline.publish.warehouse import WarehouseError, build_warehouse

ROWS = [{"source_path": "a.txt", "reason": "empty_file", "detail": "file is empty"}]


def _table(rows: list[dict] = ROWS) -> pl.DataFrame:
    return rows_to_table("rejected_files", rows)


def _stage(staging: Path, rows: list[dict]) -> Path:
    write_table_parquet("rejected_files", _table(rows), staging / "rejected_files.parquet")
    return staging


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


def test_a_release_that_fails_leaves_the_current_one_and_no_pending_folder(tmp_path: Path) -> None:
    outputs = tmp_path / "out"
    publish(outputs, _stage(tmp_path / "s1", ROWS), ["rejected_files"], views={})
    before = (outputs / "parquet" / "rejected_files.parquet").read_bytes()
    bad = [*ROWS, {"source_path": "b.txt", "reason": "gremlins", "detail": "?"}]
    staging = tmp_path / "s2"
    staging.mkdir()
    pl.DataFrame(bad).write_parquet(staging / "rejected_files.parquet")  # staged by hand, breaking the schema
    with pytest.raises(TableValidationError, match="gremlins"):
        publish(outputs, staging, ["rejected_files"], views={})
    assert (outputs / "parquet" / "rejected_files.parquet").read_bytes() == before
    assert [p.name for p in (outputs / "releases").iterdir()] == [(outputs / "current").readlink().name]


def test_duplicate_key_fails_the_warehouse_build(tmp_path: Path) -> None:
    for name in ("a", "b"):  # the same key in two files: no single batch shows the duplicate
        write_table_parquet("rejected_files", _table(), tmp_path / f"{name}.parquet")
    files = {"rejected_files": [tmp_path / "a.parquet", tmp_path / "b.parquet"]}
    with pytest.raises(WarehouseError, match="table rejected_files breaks a key or a reference"):
        build_warehouse(tmp_path / "w.duckdb", files)


def test_reader_holding_the_old_warehouse_is_not_disturbed(tmp_path: Path) -> None:
    outputs = tmp_path / "out"
    publish(outputs, _stage(tmp_path / "s1", ROWS), ["rejected_files"], views={})
    reader = duckdb.connect(str(outputs / "warehouse.duckdb"), read_only=True)
    publish(outputs, _stage(tmp_path / "s2", []), ["rejected_files"], views={})
    assert reader.sql("SELECT count(*) FROM rejected_files").fetchall() == [(1,)]
    reader.close()
    fresh = duckdb.connect(str(outputs / "warehouse.duckdb"), read_only=True)
    assert fresh.sql("SELECT count(*) FROM rejected_files").fetchall() == [(0,)]
    comment = fresh.sql("SELECT comment FROM duckdb_columns() WHERE column_name = 'reason'").fetchall()[0]
    assert comment == ("Machine-readable reason code.",)
    fresh.close()
    assert read_published(outputs, ["rejected_files"])["rejected_files"].height == 0


def test_schema_violation_names_column_check_and_value() -> None:
    with pytest.raises(TableValidationError) as info:
        rows_to_table("rejected_files", [{**ROWS[0], "reason": "gremlins"}])
    assert "reason" in info.value.report and "isin" in info.value.report and "gremlins" in info.value.report


def test_second_publisher_fails_clearly_when_not_waiting(tmp_path: Path) -> None:
    with (
        publish_lock(tmp_path),
        pytest.raises(PublishLockedError, match="another run"),
        publish_lock(tmp_path, wait=False),
    ):
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


def test_streamed_batches_give_the_whole_table_hash_and_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [{"source_path": f"{i:03d}.txt", "reason": "empty_file", "detail": "x" * i} for i in range(3000)]
    table = _table(rows)
    write_table_parquet("rejected_files", table, tmp_path / "t.parquet")
    monkeypatch.setattr("pipeline.publish.parquet.MIN_ROW_GROUP_ROWS", 1)
    monkeypatch.setattr("pipeline.publish.parquet.ROW_GROUP_BYTES", 10_000)  # many small batches
    stream = TableStream("rejected_files", tmp_path / "t.parquet")
    found = lineage.ContentHash()
    sizes = []
    for batch in stream.batches():
        found.update(pl.from_arrow(batch))  # type: ignore[arg-type]
        sizes.append(batch.num_rows)
    assert len(sizes) > 5 and len(set(sizes[:-1])) == 1  # equal batches, a shorter last one
    assert found.rows == 3000 and found.hexdigest() == lineage.content_hash(table)
