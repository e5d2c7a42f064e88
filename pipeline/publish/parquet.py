"""Parquet files with the data dictionary inside (column descriptions in the Arrow schema metadata).

Staged tables are written whole (`write_table_parquet`). Published tables are streamed from the staged file a
row group at a time (`TableStream` + `ParquetSink`): closed vocabularies become dictionary-encoded columns whose
dictionary is the whole vocabulary (an ENUM), DATE columns stay date32, rows keep the table's sort order (and
say so in the row-group metadata), zstd, row groups of about ROW_GROUP_BYTES. The bytes depend only on the rows.
Large corpora get per-document tables as a hive-partitioned dataset (`<table>/doc_batch=<hex>/part-0.parquet`),
each batch of rows split among the 16 files (so their row groups are about a sixteenth of ROW_GROUP_BYTES).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.core.contract import columns, vocabularies
from pipeline.core.files import write_atomic
from pipeline.core.model import document_batch
from schemas import TABLES

ROW_GROUP_BYTES = 32 * 2**20  # uncompressed bytes per row group: big enough to scan fast, small to stream
MIN_ROW_GROUP_ROWS, MAX_ROW_GROUP_ROWS = 1_024, 1_048_576
PARTITION_COLUMN = (
    "doc_batch"  # hive partition key of per-document tables (pipeline.core.model.document_batch)
)


def _described(table: str, schema: pa.Schema) -> pa.Schema:
    descriptions = {col.name: col.description for col in columns(table)}
    fields = [field.with_metadata({"description": descriptions.get(field.name, "")}) for field in schema]
    metadata = {"table": table, "description": TABLES[table].model.to_schema().description or ""}
    return pa.schema(fields, metadata=metadata)


def to_arrow_with_descriptions(table: str, df: pl.DataFrame) -> pa.Table:
    """Arrow table whose fields carry `description` metadata from the Pandera model."""
    arrow = df.to_arrow()
    return arrow.cast(_described(table, arrow.schema))


def build_table_parquet(table: str, df: pl.DataFrame, path: Path) -> None:
    """Write `df` to `path` in place (zstd, deterministic bytes for identical data); callers make it atomic."""
    pq.write_table(
        to_arrow_with_descriptions(table, df),
        path,
        compression="zstd",
        write_statistics=True,
        store_schema=True,
    )


def write_table_parquet(table: str, df: pl.DataFrame, path: Path) -> None:
    """Write `df` to `path` atomically (zstd, deterministic bytes for identical data)."""
    write_atomic(path, lambda tmp: build_table_parquet(table, df, tmp))


def enum_values(table: str) -> dict[str, pa.Array]:
    """Column -> the values of its closed vocabulary (the dictionary of its published column)."""
    names = vocabularies()
    return {
        col.name: pa.array(col.vocabulary, pa.large_string())
        for col in columns(table)
        if (table, col.name) in names
    }


def published_schema(table: str, staged: pa.Schema) -> pa.Schema:
    """The staged schema with descriptions, closed vocabularies as dictionary<int32, large_string> columns."""
    enums = enum_values(table)
    fields = [
        field.with_type(pa.dictionary(pa.int32(), pa.large_string())) if field.name in enums else field
        for field in staged
    ]
    return _described(table, pa.schema(fields))


class TableStream:
    """One staged table read a row group at a time, converted to its published Arrow schema."""

    def __init__(self, table: str, staged: Path) -> None:
        self.table = table
        self.file = pq.ParquetFile(staged)
        self.schema = published_schema(table, self.file.schema_arrow)
        self.enums = enum_values(table)
        meta = self.file.metadata
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        rows = ROW_GROUP_BYTES * meta.num_rows // size if size else MAX_ROW_GROUP_ROWS
        self.rows_per_group = max(MIN_ROW_GROUP_ROWS, min(MAX_ROW_GROUP_ROWS, rows))

    @property
    def num_rows(self) -> int:
        return self.file.metadata.num_rows

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The staged rows, in order, in batches of exactly rows_per_group rows (the last one may be shorter)."""
        pending: list[pa.RecordBatch] = []
        held = 0
        for batch in self.file.iter_batches(batch_size=self.rows_per_group):
            pending.append(batch)
            held += batch.num_rows
            while held >= self.rows_per_group:
                whole = pa.Table.from_batches(pending).combine_chunks()
                yield whole.slice(0, self.rows_per_group).to_batches()[0]
                rest = whole.slice(self.rows_per_group)
                pending, held = rest.to_batches(), rest.num_rows
        if held:
            yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]

    def published(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """`batch` in the published schema; a value outside its column's vocabulary raises ValueError."""
        arrays = []
        for field in self.schema:
            column = batch.column(field.name)
            if field.name in self.enums:
                values = self.enums[field.name]
                indices = pc.index_in(column, value_set=values)
                if indices.null_count != column.null_count:
                    raise ValueError(f"{self.table}.{field.name} holds a value outside its vocabulary")
                column = pa.DictionaryArray.from_arrays(indices, values)
            arrays.append(column)
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema)


class ParquetSink:
    """A Parquet file written a row group at a time (created on the first write or on close)."""

    def __init__(self, path: Path, schema: pa.Schema, sort_by: tuple[str, ...]) -> None:
        self.path, self.schema = path, schema
        self.sorting = pq.SortingColumn.from_ordering(
            schema, [(name, "ascending") for name in sort_by], null_placement="at_end"
        )
        self.writer: pq.ParquetWriter | None = None

    def _open(self) -> pq.ParquetWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = pq.ParquetWriter(
            self.path,
            self.schema,
            compression="zstd",
            write_statistics=True,
            store_schema=True,
            sorting_columns=self.sorting,
        )
        return self.writer

    def write(self, batch: pa.RecordBatch) -> None:
        """Append `batch` as one row group."""
        (self.writer or self._open()).write_batch(batch, row_group_size=max(batch.num_rows, 1))

    def close(self) -> None:
        if self.writer is None:  # no rows: still a valid file with the table's schema
            self._open()
        self.writer.close()  # type: ignore[union-attr]


def partitioned(table: str) -> bool:
    """Whether `table` is per-document (has a doc_id column), so partitioned by document batch in big corpora."""
    return any(col.name == "doc_id" for col in columns(table))


def _document_batches(doc_ids: pa.Array) -> pa.Array:
    """The document batch of every row (hashing each distinct doc_id once)."""
    distinct = pc.unique(doc_ids)
    batches = pa.array([document_batch(doc_id) for doc_id in distinct.to_pylist()], pa.string())
    return pc.take(batches, pc.index_in(doc_ids, value_set=distinct))


def write_stream(
    stream: TableStream, folder: Path, partition: bool, on_batch: Callable[[pa.RecordBatch], None]
) -> list[Path]:
    """Write `stream` into `folder` as `<table>.parquet`, or with `partition` as the hive-partitioned dataset
    `<table>/doc_batch=<hex>/part-0.parquet`; `on_batch` sees every staged batch first. Returns the files."""
    table, sort_by = stream.table, TABLES[stream.table].sort_by
    if not partition:
        sink = ParquetSink(folder / f"{table}.parquet", stream.schema, sort_by)
        for batch in stream.batches():
            on_batch(batch)
            sink.write(stream.published(batch))
        sink.close()
        return [sink.path]
    sinks: dict[str, ParquetSink] = {}
    for batch in stream.batches():
        on_batch(batch)
        published = stream.published(batch)
        keys = _document_batches(batch.column("doc_id"))
        for key in sorted(set(keys.to_pylist())):
            if key not in sinks:
                path = folder / table / f"{PARTITION_COLUMN}={key}" / "part-0.parquet"
                sinks[key] = ParquetSink(path, stream.schema, sort_by)
            sinks[key].write(published.filter(pc.equal(keys, key)))
    if not sinks:  # an empty table is one empty file, so that readers still find its schema
        sinks["0"] = ParquetSink(
            folder / table / f"{PARTITION_COLUMN}=0" / "part-0.parquet", stream.schema, sort_by
        )
    for sink in sinks.values():
        sink.close()
    return sorted(sink.path for sink in sinks.values())
