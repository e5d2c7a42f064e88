"""Dagster metadata for table assets: row count, column schema from Pandera, a Markdown preview."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable

import dagster as dg
import polars as pl

from pipeline.core.tables import frame_to_markdown
from pipeline.resources import Staging
from schemas import TABLES


def column_schema(table: str) -> dg.TableSchema:
    schema = TABLES[table].model.to_schema()
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name=name, type=str(col.dtype), description=col.description or "")
            for name, col in schema.columns.items()
        ]
    )


def table_metadata(table: str, df: pl.DataFrame) -> dict[str, object]:
    """Row count, preview and schema for the asset page in the Dagster UI."""
    preview = df.drop([c for c in ("text",) if c in df.columns]).head(10)
    return {
        "dagster/row_count": df.height,
        "dagster/column_schema": column_schema(table),
        "preview": dg.MetadataValue.md(frame_to_markdown(preview, max_chars=60) if df.height else "_empty_"),
    }


def table_spec(
    table: str, group: str, versions: list[str], code_version: str, deps: Iterable[str] = ()
) -> dg.AssetSpec:
    """The spec of a published table's asset, described by its schema."""
    return dg.AssetSpec(
        table,
        description=TABLES[table].model.to_schema().description,
        group_name=group,
        kinds={"polars", "parquet"},
        metadata={"extractor_versions": versions, "dagster/column_schema": column_schema(table)},
        code_version=code_version,
        deps=list(deps),
    )


def data_version(df: pl.DataFrame) -> dg.DataVersion:
    """A fingerprint of the table's content (schema + row hashes): an incremental run that changes nothing
    in a table keeps its data version, so Dagster does not mark its downstream assets as stale."""
    digest = hashlib.sha256(str(df.schema).encode())
    digest.update(df.hash_rows(seed=0).to_numpy().tobytes())
    return dg.DataVersion(digest.hexdigest()[:16])


def staged(
    context: dg.AssetExecutionContext, staging: Staging, name: str, df: pl.DataFrame, **extra: object
) -> dg.MaterializeResult:
    """Stage table `name` (with its lineage from the asset's spec) and describe it: metadata (plus `extra`)
    and data version."""
    staging.write(name, df, context.assets_def.specs_by_key[dg.AssetKey(name)])
    with warnings.catch_warnings():  # `data_version` is marked beta in Dagster 1.13; it is the documented way
        warnings.simplefilter("ignore", dg.BetaWarning)
        return dg.MaterializeResult(
            asset_key=name, metadata={**table_metadata(name, df), **extra}, data_version=data_version(df)
        )
