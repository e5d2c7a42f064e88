"""Build the DuckDB warehouse from validated tables, with COMMENT ON from the schemas, atomically."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import polars as pl

from pipeline.core.files import atomic_path
from schemas import TABLES


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_warehouse(
    path: Path, tables: Mapping[str, pl.DataFrame], views: Mapping[str, str] | None = None
) -> None:
    """Create `path` as a fresh DuckDB file holding `tables` (and `views`), replacing any old file in one rename.

    A reader with the old file open keeps working; a crash at any point leaves the old file untouched.
    """
    with atomic_path(path) as tmp:
        build_warehouse(tmp, tables, views)


def build_warehouse(
    path: Path, tables: Mapping[str, pl.DataFrame], views: Mapping[str, str] | None = None
) -> None:
    """Create a DuckDB file at the new path `path` holding `tables` and `views`, checkpointed and closed."""
    con = duckdb.connect(str(path))
    try:
        con.begin()  # one transaction: one commit instead of one per table and comment
        for name in sorted(tables):
            _create_table(con, name, tables[name])
        for name, sql in (views or {}).items():
            con.execute(f'CREATE VIEW "{name}" AS {sql}')
        con.commit()
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _create_table(con: duckdb.DuckDBPyConnection, name: str, df: pl.DataFrame) -> None:
    con.register("_incoming", df.to_arrow())
    con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
    con.unregister("_incoming")
    schema = TABLES[name].model.to_schema()
    if schema.description:
        con.execute(f'COMMENT ON TABLE "{name}" IS {_quote(schema.description)}')
    for column, spec in schema.columns.items():
        if spec.description:
            con.execute(f'COMMENT ON COLUMN "{name}"."{column}" IS {_quote(spec.description)}')
