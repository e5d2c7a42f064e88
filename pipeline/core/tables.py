"""Validate a table against its Pandera model and fail loudly with a readable report."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas import TABLES


class TableValidationError(Exception):
    """A table broke its schema. `report` is Markdown naming the column, the check and the failing values."""

    def __init__(self, table: str, failures: pl.DataFrame) -> None:
        self.table = table
        self.failures = failures
        self.report = frame_to_markdown(failures.head(50))
        super().__init__(
            f"Table '{table}' failed schema validation ({failures.height} failures):\n{self.report}"
        )


def frame_to_markdown(df: pl.DataFrame, max_chars: int = 80) -> str:
    """A Markdown table of `df` (long strings shortened), for Dagster metadata and error messages."""
    shown = df.with_columns(_as_text(pl.col(c), t).str.slice(0, max_chars) for c, t in df.schema.items())
    with pl.Config(
        tbl_formatting="MARKDOWN",
        tbl_hide_column_data_types=True,
        tbl_hide_dataframe_shape=True,
        tbl_rows=-1,
        tbl_cols=-1,
        fmt_str_lengths=max_chars,
        tbl_width_chars=10_000,
    ):
        return str(shown)


def _as_text(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.List):
        return column.cast(pl.List(pl.String)).list.join(", ")
    return column.cast(pl.String)


def validate_table(table: str, df: pl.DataFrame) -> pl.DataFrame:
    """Return `df` coerced to the schema of `table`, columns in schema order, rows in the table's sort order."""
    spec = TABLES[table]
    try:
        validated = spec.model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        failures = exc.failure_cases.select(
            [c for c in ("column", "check", "failure_case", "index") if c in exc.failure_cases.columns]
        )
        raise TableValidationError(table, failures) from None
    columns = list(spec.model.to_schema().columns)
    return validated.select(columns).sort(list(spec.sort_by), nulls_last=True, maintain_order=True)


def empty_table(table: str) -> pl.DataFrame:
    """A zero-row frame with the exact columns and types of `table`."""
    schema = TABLES[table].model.to_schema()
    return pl.DataFrame(schema={name: col.dtype.type for name, col in schema.columns.items()})


def rows_to_table(table: str, rows: list[dict]) -> pl.DataFrame:
    """Build and validate `table` from plain dict rows (an empty list gives an empty, typed table)."""
    if not rows:
        return validate_table(table, empty_table(table))
    template = empty_table(table)
    df = pl.DataFrame(rows, schema=template.schema, strict=False)
    return validate_table(table, df)


def project(table: str, df: pl.DataFrame) -> pl.DataFrame:
    """Only the columns of `table`'s schema, in schema order (for frames built by joins)."""
    return df.select(list(TABLES[table].model.to_schema().columns))
