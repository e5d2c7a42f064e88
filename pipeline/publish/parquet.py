"""Parquet files with the data dictionary inside: column descriptions in the Arrow schema metadata."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core.files import write_atomic
from schemas import TABLES


def to_arrow_with_descriptions(table: str, df: pl.DataFrame) -> pa.Table:
    """Arrow table whose fields carry `description` metadata from the Pandera model."""
    schema = TABLES[table].model.to_schema()
    arrow = df.to_arrow()
    fields = [
        field.with_metadata({"description": (schema.columns[field.name].description or "")})
        for field in arrow.schema
    ]
    metadata = {"table": table, "description": schema.description or ""}
    return arrow.cast(pa.schema(fields, metadata=metadata))


def build_table_parquet(table: str, df: pl.DataFrame, path: Path) -> None:
    """Write `df` to `path` in place (zstd, deterministic bytes for identical data); callers make it atomic."""
    arrow = to_arrow_with_descriptions(table, df)
    pq.write_table(arrow, path, compression="zstd", write_statistics=True, store_schema=True)


def write_table_parquet(table: str, df: pl.DataFrame, path: Path) -> None:
    """Write `df` to `path` atomically (zstd, deterministic bytes for identical data)."""
    write_atomic(path, lambda tmp: build_table_parquet(table, df, tmp))

