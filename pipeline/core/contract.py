"""What the Pandera models say about each table, in the terms a database and a file format need: column types,
nullability, closed vocabularies (`isin` checks), keys (`unique` fields and `Config.unique`) and the DATE columns
derived from partial ISO dates. Read from the models, never restated: a new table or column is typed by
adding it to `schemas/`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache

import polars as pl

from schemas import TABLES
from schemas.base import DATE_BOUND


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    nullable: bool
    description: str
    vocabulary: tuple[str, ...] | None  # the allowed values of a closed vocabulary (an `isin` check)
    date_bound: tuple[str, str] | None  # (source column, "start" | "end") of a DATE derived from an ISO date
    unique: bool


@cache
def columns(table: str) -> tuple[Column, ...]:
    """The columns of `table`, in schema order."""
    schema = TABLES[table].model.to_schema()
    return tuple(
        Column(
            name=name,
            dtype=col.dtype.type,
            nullable=col.nullable,
            description=col.description or "",
            vocabulary=next(
                (tuple(c.statistics["allowed_values"]) for c in col.checks if c.name == "isin"), None
            ),
            date_bound=tuple((col.metadata or {}).get(DATE_BOUND, ())) or None,  # type: ignore[arg-type]
            unique=bool(col.unique),
        )
        for name, col in schema.columns.items()
    )


def derived_dates(table: str) -> tuple[Column, ...]:
    """The DATE columns of `table` computed from its ISO date columns."""
    return tuple(c for c in columns(table) if c.date_bound)


@cache
def primary_key(table: str) -> tuple[str, ...]:
    """The first unique non-nullable column (an id), else the table-level unique columns when none of them may
    be null; empty when the table has no key that excludes nulls."""
    cols = {c.name: c for c in columns(table)}
    single = next((c.name for c in cols.values() if c.unique and not c.nullable), None)
    if single:
        return (single,)
    together = tuple(TABLES[table].model.to_schema().unique or ())
    return together if together and not any(cols[name].nullable for name in together) else ()


def unique_keys(table: str) -> list[tuple[str, ...]]:
    """Unique column sets of `table` other than its primary key."""
    key = primary_key(table)
    keys = [(c.name,) for c in columns(table) if c.unique and (c.name,) != key]
    together = tuple(TABLES[table].model.to_schema().unique or ())
    if together and together != key:
        keys.append(together)
    return keys


@cache
def vocabularies() -> dict[tuple[str, str], str]:
    """(table, column) -> name of its closed vocabulary: the column's name, shared by every column of that name
    with the same values (`table_column` where one name has two vocabularies)."""
    names: dict[tuple[str, str], str] = {}
    values_of: dict[str, tuple[str, ...]] = {}
    for table in TABLES:
        for col in columns(table):
            if col.vocabulary is None:
                continue
            name = (
                col.name
                if values_of.get(col.name, col.vocabulary) == col.vocabulary
                else f"{table}_{col.name}"
            )
            values_of.setdefault(name, col.vocabulary)
            names[(table, col.name)] = name
    return names


def vocabulary_values() -> dict[str, tuple[str, ...]]:
    """Vocabulary name -> its values, in schema order."""
    return {
        name: next(c.vocabulary for c in columns(table) if c.name == column)  # type: ignore[misc]
        for (table, column), name in vocabularies().items()
    }


@cache
def schema_fingerprint(table: str) -> str:
    """A hash of everything `table`'s schema checks: a table validated under the same fingerprint needs no
    second validation (the publish step re-validates only staged tables written under another one)."""
    schema = TABLES[table].model.to_schema()
    parts = [
        [name, str(col.dtype), col.nullable, col.unique, [[c.name, c.statistics] for c in col.checks]]
        for name, col in schema.columns.items()
    ]
    text = json.dumps([parts, schema.unique, schema.strict, TABLES[table].sort_by], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
