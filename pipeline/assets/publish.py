"""Publish stage: every staged table -> outputs/parquet/*.parquet and outputs/warehouse.duckdb, with lineage."""

import dagster as dg
import polars as pl

from pipeline.checks import check_results, check_specs
from pipeline.core.integrity import KEY_COLUMNS
from pipeline.core.tables import frame_to_markdown
from pipeline.publish.release import WAREHOUSE, load_staged, publish
from pipeline.resources import OutputsOwner, PipelineConfig
from schemas import TABLES

PUBLISHED_TABLES = [name for name in TABLES if name != "lineage"]


def _publish_staged(settings: PipelineConfig) -> pl.DataFrame:
    """Publish every staged table; returns the lineage table (the tables themselves are let go)."""
    tables, sidecars = load_staged(settings.staging_path, PUBLISHED_TABLES)
    return publish(settings.outputs_path, tables, sidecars)["lineage"]


@dg.asset(
    deps=PUBLISHED_TABLES,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    code_version="publish/1.0",
    pool="warehouse",
    check_specs=check_specs(["warehouse"]),
)
def warehouse(settings: PipelineConfig, outputs_owner: OutputsOwner) -> dg.MaterializeResult:
    """The published dataset: one Parquet file per table (column descriptions in the Arrow schema) and one
    DuckDB database with COMMENT ON for every table and column, plus the lineage table. Files are replaced
    atomically, so readers never see a half-written output."""
    lineage = _publish_staged(settings).select("table_name", "row_count", "upstream", "code_version")
    parquet = settings.outputs_path / "parquet"
    # the check reads the files as written, only the key columns it joins on (not every text column)
    written = {
        name: pl.read_parquet(parquet / f"{name}.parquet", columns=columns) for name, columns in KEY_COLUMNS.items()
    }
    return dg.MaterializeResult(
        check_results=check_results(["warehouse"], written),  # on the files as written, read back
        metadata={
            "path": dg.MetadataValue.path(str((settings.outputs_path / WAREHOUSE).resolve())),
            "tables": len(TABLES),  # every staged table plus lineage
            "lineage": dg.MetadataValue.md(frame_to_markdown(lineage)),
        }
    )
