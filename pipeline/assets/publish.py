"""Publish stage: every staged table -> outputs/parquet/*.parquet and outputs/warehouse.duckdb, with lineage."""

import dagster as dg
import polars as pl

from pipeline.checks import check_results, check_specs
from pipeline.publish.release import WAREHOUSE, load_staged, publish
from pipeline.resources import PipelineConfig
from pipeline.validate import frame_to_markdown
from schemas import TABLES

PUBLISHED_TABLES = [name for name in TABLES if name != "lineage"]


@dg.asset(
    deps=PUBLISHED_TABLES,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    code_version="publish/1.0",
    pool="warehouse",
    check_specs=check_specs(["warehouse"]),
)
def warehouse(settings: PipelineConfig) -> dg.MaterializeResult:
    """The published dataset: one Parquet file per table (column descriptions in the Arrow schema) and one
    DuckDB database with COMMENT ON for every table and column, plus the lineage table. Files are replaced
    atomically, so readers never see a half-written output."""
    tables, sidecars = load_staged(settings.staging_path, PUBLISHED_TABLES)
    published = publish(settings.outputs_path, tables, sidecars)
    lineage = published["lineage"].select("table_name", "row_count", "upstream", "code_version")
    written = {name: pl.read_parquet(settings.outputs_path / "parquet" / f"{name}.parquet") for name in TABLES}
    return dg.MaterializeResult(
        check_results=check_results(["warehouse"], written),  # on the files as written, read back
        metadata={
            "path": dg.MetadataValue.path(str((settings.outputs_path / WAREHOUSE).resolve())),
            "tables": len(published),
            "lineage": dg.MetadataValue.md(frame_to_markdown(lineage)),
        }
    )
