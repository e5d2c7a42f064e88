"""The DuckDB warehouse, typed from the contract: an ENUM per closed vocabulary, NOT NULL where the schema says
non-nullable, a PRIMARY KEY on every id (UNIQUE on other unique columns), FOREIGN KEYs from
pipeline.core.integrity.FOREIGN_KEYS, DATE columns, COMMENT ON every table and column, and the views.

Tables are filled by DuckDB itself from the release's Parquet files (`INSERT ... SELECT FROM read_parquet`), so
the rows stream through DuckDB's buffer manager (DUCKDB_MEMORY_LIMIT, spilling to disk) and never through
Python. Each table is its own transaction, checkpointed, so DuckDB writes its rows to the file instead of holding
every table until one final commit (at 50,000 articles: build peak +273 MB instead of +585 MB, and faster); the
file is built inside a pending release folder that a failure discards, so a half-built warehouse is never
published. A duplicate key or an orphan row fails the build with a one-line WarehouseError.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import duckdb
import polars as pl

from pipeline.core.contract import Column, columns, primary_key, unique_keys, vocabularies, vocabulary_values
from pipeline.core.integrity import FOREIGN_KEYS
from schemas import TABLES

DUCKDB_MEMORY_LIMIT = "1GB"  # DuckDB's own memory while loading and indexing; beyond it, it spills to disk
_TYPES = {pl.String: "VARCHAR", pl.Int64: "BIGINT", pl.Int32: "INTEGER", pl.Float64: "DOUBLE",
          pl.Boolean: "BOOLEAN", pl.Date: "DATE"}  # fmt: skip


class WarehouseError(Exception):
    """The tables break a key or a reference: nothing is published."""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _names(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def sql_type(table: str, col: Column) -> str:
    """The DuckDB type of a column: its vocabulary's ENUM, or the type of its polars dtype."""
    enum = vocabularies().get((table, col.name))
    if enum:
        return f'"{enum}"'
    if col.dtype is pl.List or isinstance(col.dtype, pl.List):
        return "VARCHAR[]"
    return _TYPES[col.dtype if isinstance(col.dtype, type) else type(col.dtype)]


def create_table_sql(table: str, present: set[str]) -> str:
    """CREATE TABLE with the table's types, NOT NULL, keys and the foreign keys to `present` tables."""
    lines = [
        f'"{col.name}" {sql_type(table, col)}{"" if col.nullable else " NOT NULL"}' for col in columns(table)
    ]
    if key := primary_key(table):
        lines.append(f"PRIMARY KEY ({_names(key)})")
    lines += [f"UNIQUE ({_names(key)})" for key in unique_keys(table)]
    lines += [
        f'FOREIGN KEY ("{column}") REFERENCES "{parent}" ("{parent_key}")'
        for child, column, parent, parent_key in FOREIGN_KEYS
        if child == table and parent in present and parent != table
    ]
    return f'CREATE TABLE "{table}" (\n  ' + ",\n  ".join(lines) + "\n)"


def creation_order(tables: Sequence[str]) -> list[str]:
    """`tables` with every referenced table before the tables referencing it (then in registry order)."""
    parents = {t: {p for c, _, p, _ in FOREIGN_KEYS if c == t and p in tables and p != t} for t in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        if not ready:
            raise ValueError(f"foreign keys form a cycle among {sorted(set(tables) - set(ordered))}")
        ordered.append(ready[0])
    return ordered


def build_warehouse(
    path: Path, files: Mapping[str, Sequence[Path]], views: Mapping[str, str] | None = None
) -> None:
    """Create a DuckDB file at the new path `path` holding every table of `files` (table -> its Parquet files)
    and `views`, checkpointed and closed."""
    tables = [t for t in TABLES if t in files]
    con = duckdb.connect(str(path), config={"memory_limit": DUCKDB_MEMORY_LIMIT})
    try:
        con.execute(f"SET temp_directory = {_quote(str(path.parent / '.duckdb_tmp'))}")
        used = {name for (table, _), name in vocabularies().items() if table in files}
        with _transaction(con):
            for name, values in vocabulary_values().items():
                if name in used:
                    con.execute(f'CREATE TYPE "{name}" AS ENUM ({", ".join(_quote(v) for v in values)})')
        for table in creation_order(tables):
            with _transaction(con):
                con.execute(create_table_sql(table, set(tables)))
                _fill(con, table, files[table])
                _comment(con, table)
        with _transaction(con):
            for name, sql in (views or {}).items():
                con.execute(f'CREATE VIEW "{name}" AS {sql}')
    finally:
        con.close()


@contextlib.contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction, committed and checkpointed when the block succeeds (DuckDB may then evict its rows)."""
    con.begin()
    yield
    con.commit()
    con.execute("CHECKPOINT")


def _fill(con: duckdb.DuckDBPyConnection, table: str, files: Sequence[Path]) -> None:
    sources = "[" + ", ".join(_quote(str(f)) for f in files) + "]"
    names = _names([col.name for col in columns(table)])
    try:
        con.execute(
            f'INSERT INTO "{table}" ({names}) SELECT {names} FROM read_parquet({sources}, hive_partitioning = false)'
        )
    except duckdb.ConstraintException as exc:
        message = str(exc).splitlines()[0].removeprefix("Constraint Error: ")
        raise WarehouseError(
            f"table {table} breaks a key or a reference, nothing published: {message}"
        ) from None


def _comment(con: duckdb.DuckDBPyConnection, table: str) -> None:
    description = TABLES[table].model.to_schema().description
    if description:
        con.execute(f'COMMENT ON TABLE "{table}" IS {_quote(description)}')
    for col in columns(table):
        if col.description:
            con.execute(f'COMMENT ON COLUMN "{table}"."{col.name}" IS {_quote(col.description)}')


def orphan_rows(files: Mapping[str, Sequence[Path]], limit: int = 1_000) -> dict[str, pl.DataFrame]:
    """For every foreign key among `files`' tables, up to `limit` child rows (key columns) whose reference does
    not resolve, read by DuckDB from the Parquet files (only the key columns, whatever the corpus size)."""
    found = {}
    con = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY_LIMIT})
    try:
        for child, column, parent, key in FOREIGN_KEYS:
            if child not in files or parent not in files:
                continue
            shown = _names(dict.fromkeys([*primary_key(child), column]))
            bad = con.sql(
                f'SELECT {shown} FROM {_scan(files[child])} c WHERE c."{column}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM {_scan(files[parent])} p WHERE p."{key}" = c."{column}") LIMIT {limit}'
            ).pl()
            if bad.height:
                found[f"{child}.{column} -> {parent}.{key}"] = bad
    finally:
        con.close()
    return found


def _scan(files: Sequence[Path]) -> str:
    return "read_parquet([" + ", ".join(_quote(str(f)) for f in files) + "], hive_partitioning = false)"
