"""The one Definitions object of the code location: assets (with their checks), sensors and resources."""

from __future__ import annotations

import dagster as dg

from pipeline.assets.analysis import analysis_assets
from pipeline.assets.batches import BATCH_ASSETS, BATCH_JOBS
from pipeline.assets.evaluation import evaluation
from pipeline.assets.extract import actor_assets
from pipeline.assets.ingest import ingest_corpus_asset
from pipeline.assets.integrate import integrated_assets
from pipeline.assets.publish import warehouse
from pipeline.assets.report import evidence_report
from pipeline.resources import OutputsOwner, PipelineConfig, Staging, Workers
from pipeline.sensors import corpus_changed


def resources_for(config: PipelineConfig) -> dict[str, dg.ConfigurableResource]:
    """Every resource the assets use, configured from `config`."""
    return {
        "settings": config,
        "workers": Workers(n_process=config.n_process),
        "outputs_owner": OutputsOwner(outputs_dir=config.outputs_dir),
        "staging": Staging(outputs_dir=config.outputs_dir),
    }


def build_definitions(config: PipelineConfig | None = None, document_batches: bool = False) -> dg.Definitions:
    """Definitions for `config` (default: from environment variables); with `document_batches`, plus the
    document-batch partitions and their jobs for distributed runs (docs/distributed.md)."""
    config = config or PipelineConfig.from_env()
    return dg.Definitions(
        assets=[
            ingest_corpus_asset,
            actor_assets,
            analysis_assets,
            integrated_assets,
            warehouse,
            evaluation,
            evidence_report,
            *(BATCH_ASSETS if document_batches else []),
        ],
        jobs=BATCH_JOBS if document_batches else [],
        sensors=[corpus_changed],
        resources=resources_for(config),
    )


defs = build_definitions()
