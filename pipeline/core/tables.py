"""Validate a table against its Pandera model and fail loudly with a readable report."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from pipeline.core.contract import derived_dates
from schemas import TABLES

FAILURE_COLUMNS = ("column", "check", "failure_case", "index")


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


def date_bound(source: str, bound: str) -> pl.Expr:
    """The first (bound="start") or last ("end") day of the period a partial ISO date names: 2019 ->
    2019-01-01 / 2019-12-31, 2019-08 -> 2019-08-01 / 2019-08-31, 2019-08-09 -> itself; null for null or no
    real day (2019-02-30)."""
    iso = pl.col(source)
    start = pl.concat_str([iso, pl.lit("-01-01")]).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    if bound == "start":
        return start
    length = iso.str.len_chars()
    year_end = start.dt.offset_by("1y").dt.offset_by("-1d")
    return pl.when(length == 4).then(year_end).when(length == 7).then(start.dt.month_end()).otherwise(start)


def with_derived_dates(table: str, df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`df` with the DATE columns its schema derives from ISO date columns (computed when absent), and the
    failures: an ISO date that names no real day, or a given DATE column that disagrees with its source."""
    failures = []
    for col in derived_dates(table):
        source, bound = col.date_bound  # type: ignore[misc]
        if source not in df.columns:
            continue  # the schema check reports the missing source column
        expected = date_bound(source, bound)
        if col.name in df.columns:
            bad = pl.col(col.name).cast(pl.Date, strict=False).ne_missing(expected)
        else:
            bad = pl.col(source).is_not_null() & expected.is_null()
            df = df.with_columns(expected.alias(col.name))
        failures.append(
            df.with_row_index("index")
            .filter(bad)
            .select(
                pl.lit(col.name).alias("column"),
                pl.lit(f"{bound} of {source}").alias("check"),
                pl.col(source).cast(pl.String).alias("failure_case"),
                pl.col("index").cast(pl.Int64),
            )
        )
    return df, pl.concat(failures) if failures else pl.DataFrame()


def validate_table(table: str, df: pl.DataFrame) -> pl.DataFrame:
    """Return `df` coerced to the schema of `table` (derived DATE columns computed), columns in schema order,
    rows in the table's sort order."""
    spec = TABLES[table]
    df, failures = with_derived_dates(table, df)
    try:
        validated = spec.model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        found = exc.failure_cases.select([c for c in FAILURE_COLUMNS if c in exc.failure_cases.columns])
        failures = pl.concat([found, failures], how="diagonal_relaxed") if failures.height else found
    if failures.height:
        raise TableValidationError(table, failures)
    columns = list(spec.model.to_schema().columns)
    return in_order(validated.select(columns), list(spec.sort_by))


def in_order(df: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """`df` sorted by `by` (nulls last, ties kept in their order) in one chunk per column, as a sort makes it
    (joins on a frame of many chunks copy far more), but not copied when it is already so: a sort copies the
    whole table, and extracted rows mostly come in order."""
    order = df.select(pl.arg_sort_by(by, nulls_last=True, maintain_order=True)).to_series()
    if order.equals(pl.int_range(df.height, dtype=order.dtype, eager=True)):
        return df if max(df.n_chunks("all"), default=1) == 1 else df.rechunk()
    return df[order]


def empty_table(table: str) -> pl.DataFrame:
    """A zero-row frame with the exact columns and types of `table`."""
    schema = TABLES[table].model.to_schema()
    return pl.DataFrame(schema={name: col.dtype.type for name, col in schema.columns.items()})


def rows_to_table(table: str, rows: list[dict]) -> pl.DataFrame:
    """Build and validate `table` from plain dict rows (an empty list gives an empty, typed table)."""
    if not rows:
        return validate_table(table, empty_table(table))
    template = empty_table(table).select(stored_columns(table))
    df = pl.DataFrame(rows, schema=template.schema, strict=False)
    return validate_table(table, df)


def stored_columns(table: str) -> list[str]:
    """The columns of `table` a producer supplies: every column but the derived DATE columns."""
    derived = {col.name for col in derived_dates(table)}
    return [name for name in TABLES[table].model.to_schema().columns if name not in derived]


def project(table: str, df: pl.DataFrame) -> pl.DataFrame:
    """Only the columns of `table`'s schema a producer supplies, in schema order (for frames built by joins);
    validate_table adds the derived ones."""
    return df.select(stored_columns(table))
