"""The data dictionary, generated from the Pandera schemas: Markdown for people, datapackage.json for tools."""

from __future__ import annotations

import polars as pl

from schemas import TABLES

_FRICTIONLESS_TYPES = {
    pl.String: "string",
    pl.Int64: "integer",
    pl.Int32: "integer",
    pl.Float64: "number",
    pl.Boolean: "boolean",
}


def frictionless_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.List) or dtype is pl.List:
        return "array"
    return _FRICTIONLESS_TYPES.get(dtype if isinstance(dtype, type) else type(dtype), "any")


def _columns(table: str) -> list[tuple[str, pl.DataType, str, bool]]:
    schema = TABLES[table].model.to_schema()
    return [
        (name, col.dtype.type, col.description or "", col.nullable) for name, col in schema.columns.items()
    ]


def data_dictionary_markdown(row_counts: dict[str, int]) -> str:
    """One section per table: description, row count, and every column with type and meaning."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from the Pandera schemas in `schemas/`. Offsets are 0-based",
        "",
    ]
    lines[-2] += " `[char_start, char_end)` into `documents.text`."
    for table in TABLES:
        description = TABLES[table].model.to_schema().description or ""
        lines += [f"## {table}", "", description, "", f"Rows in this build: {row_counts.get(table, 0)}", ""]
        lines += ["| column | type | nullable | description |", "|---|---|---|---|"]
        for name, dtype, text, nullable in _columns(table):
            lines.append(f"| `{name}` | {dtype} | {'yes' if nullable else 'no'} | {text.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


def datapackage(row_counts: dict[str, int]) -> dict:
    """A Frictionless Data Package descriptor for the Parquet files in the same folder."""
    resources = []
    for table in TABLES:
        fields = []
        for name, dtype, text, nullable in _columns(table):
            field: dict[str, object] = {"name": name, "type": frictionless_type(dtype), "description": text}
            if not nullable:
                field["constraints"] = {"required": True}
            fields.append(field)
        resources.append(
            {
                "name": table,
                "path": f"{table}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLES[table].model.to_schema().description or "",
                "schema": {"fields": fields},
                "stats": {"rows": row_counts.get(table, 0)},
            }
        )
    return {
        "name": "geoevents",
        "title": "Actors, events, metrics and stances extracted from a corpus of articles",
        "profile": "data-package",
        "resources": resources,
    }
