"""Publish stage: every staged table -> a new release (Parquet files and the DuckDB warehouse, with lineage),
made current by one atomic switch; outputs/parquet/ and outputs/warehouse.duckdb follow it."""

import dagster as dg

from pipeline.checks import check_results, check_specs
from pipeline.core.memory import release_freed_memory
from pipeline.core.tables import frame_to_markdown
from pipeline.publish.release import WAREHOUSE, publish
from pipeline.publish.warehouse import orphan_rows
from pipeline.resources import OutputsOwner, PipelineConfig
from schemas import TABLES

PUBLISHED_TABLES = [name for name in TABLES if name != "lineage"]


@dg.asset(
    deps=PUBLISHED_TABLES,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    code_version="publish/2.0",
    pool="warehouse",
    check_specs=check_specs(["warehouse"]),
)
def warehouse(settings: PipelineConfig, outputs_owner: OutputsOwner) -> dg.MaterializeResult:
    """The published dataset, one release: one Parquet file (or, for large corpora, one partitioned dataset) per
    table with column descriptions in the Arrow schema, and one typed DuckDB database (keys, foreign keys,
    enums, dates, COMMENT ON every table and column) plus the lineage table. The release is written in its own
    folder and made current by one atomic switch, so readers never see a half-written release or a mix."""
    release_freed_memory()
    release = publish(
        settings.outputs_path,
        settings.staging_path,
        PUBLISHED_TABLES,
        partition_documents=settings.partition_documents,
        keep=settings.keep_releases,
    )
    lineage = release.lineage.select("table_name", "row_count", "upstream", "code_version")
    return dg.MaterializeResult(
        # on the files as written, read back by DuckDB (key columns only)
        check_results=check_results(["warehouse"], orphan_rows(release.files)),
        metadata={
            "path": dg.MetadataValue.path(str((settings.outputs_path / WAREHOUSE).absolute())),
            "release": release.folder.name,
            "tables": len(TABLES),  # every staged table plus lineage
            "lineage": dg.MetadataValue.md(frame_to_markdown(lineage)),
        },
    )
