"""The data dictionary, generated from the Pandera schemas (pipeline.core.contract): Markdown for people,
datapackage.json (Frictionless, with types, enums, keys and foreign keys) for tools."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from pipeline.core.contract import Column, columns, primary_key, vocabularies
from pipeline.core.integrity import FOREIGN_KEYS
from schemas import TABLES

_FRICTIONLESS_TYPES = {
    pl.String: "string",
    pl.Int64: "integer",
    pl.Int32: "integer",
    pl.Float64: "number",
    pl.Boolean: "boolean",
    pl.Date: "date",
}


def frictionless_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.List) or dtype is pl.List:
        return "array"
    return _FRICTIONLESS_TYPES.get(dtype if isinstance(dtype, type) else type(dtype), "any")


def _type(table: str, col: Column) -> str:
    """The column's type as the dictionary shows it: an enum with its vocabulary, DATE, or the polars type."""
    if (table, col.name) in vocabularies():
        return f"enum `{vocabularies()[(table, col.name)]}`: " + ", ".join(col.vocabulary or ())
    return "Date (DATE)" if col.dtype is pl.Date else str(col.dtype)


def _keys(table: str) -> list[str]:
    lines = []
    if key := primary_key(table):
        lines.append(f"Primary key: `{', '.join(key)}`.")
    references = [f"`{c}` -> `{p}.{k}`" for child, c, p, k in FOREIGN_KEYS if child == table]
    if references:
        lines.append(f"References: {', '.join(references)}.")
    return lines


def data_dictionary_markdown(row_counts: Mapping[str, int]) -> str:
    """One section per table: description, row count, keys, and every column with type and meaning."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from the Pandera schemas in `schemas/`. Offsets are 0-based `[char_start, char_end)` into "
        "`documents.text`. Dates are ISO strings with their precision as the source gave them (2019, 2019-08, "
        "2019-08-09); each has two DATE columns, `<column>_start` and `<column>_end`, the first and last day of "
        "the period it names, for range queries. Enum columns are DuckDB ENUMs and dictionary-encoded in Parquet.",
        "",
    ]
    for table in TABLES:
        description = TABLES[table].model.to_schema().description or ""
        lines += [f"## {table}", "", description, "", f"Rows in this build: {row_counts.get(table, 0)}", ""]
        lines += [*_keys(table), ""] if _keys(table) else []
        lines += ["| column | type | nullable | description |", "|---|---|---|---|"]
        for col in columns(table):
            text = col.description.replace("|", "/")
            lines.append(
                f"| `{col.name}` | {_type(table, col)} | {'yes' if col.nullable else 'no'} | {text} |"
            )
        lines.append("")
    return "\n".join(lines)


def _field(table: str, col: Column) -> dict[str, object]:
    field: dict[str, object] = {
        "name": col.name,
        "type": frictionless_type(col.dtype),
        "description": col.description,
    }
    constraints: dict[str, object] = {}
    if not col.nullable:
        constraints["required"] = True
    if (table, col.name) in vocabularies():
        constraints["enum"] = list(col.vocabulary or ())
    if constraints:
        field["constraints"] = constraints
    return field


def datapackage(row_counts: Mapping[str, int], paths: Mapping[str, list[str]]) -> dict:
    """A Frictionless Data Package descriptor for the Parquet files (`paths`: table -> its files, relative to
    the descriptor; several for a partitioned table)."""
    resources = []
    for table in TABLES:
        if table not in paths:
            continue
        schema: dict[str, object] = {"fields": [_field(table, col) for col in columns(table)]}
        if key := primary_key(table):
            schema["primaryKey"] = list(key)
        references = [
            {"fields": [c], "reference": {"resource": p, "fields": [k]}}
            for child, c, p, k in FOREIGN_KEYS
            if child == table and p in paths
        ]
        if references:
            schema["foreignKeys"] = references
        files = paths[table]
        resources.append(
            {
                "name": table,
                "path": files[0] if len(files) == 1 else files,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLES[table].model.to_schema().description or "",
                "schema": schema,
                "stats": {"rows": row_counts.get(table, 0)},
            }
        )
    return {
        "name": "geoevents",
        "title": "Actors, events, metrics and stances extracted from a corpus of articles",
        "profile": "data-package",
        "resources": resources,
    }
