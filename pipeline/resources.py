"""Configuration (corpus, outputs, gold folders, limits) and the staging IO manager.

Every setting has a default and an environment variable, so a user points the pipeline at another corpus
without editing code: GEOEVENTS_CORPUS_DIR, GEOEVENTS_OUTPUTS_DIR, GEOEVENTS_GOLD_DIR,
GEOEVENTS_MAX_DOCUMENT_MB, GEOEVENTS_N_PROCESS.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline.publish.parquet import write_table_parquet


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


class PipelineConfig(dg.ConfigurableResource):
    """Where the corpus is read from and the outputs are written to."""

    corpus_dir: str = "corpus"
    outputs_dir: str = "outputs"
    gold_dir: str = "eval/gold"
    max_document_mb: float = 20.0
    n_process: int = 0  # worker processes for parsing and extraction; 0 = automatic (one per core, large corpora)

    @classmethod
    def from_env(cls, **overrides: object) -> PipelineConfig:
        """Defaults, overridden by GEOEVENTS_* environment variables, overridden by `overrides`."""
        settings: dict[str, object] = {
            "corpus_dir": _env("GEOEVENTS_CORPUS_DIR", "corpus"),
            "outputs_dir": _env("GEOEVENTS_OUTPUTS_DIR", "outputs"),
            "gold_dir": _env("GEOEVENTS_GOLD_DIR", "eval/gold"),
            "max_document_mb": float(_env("GEOEVENTS_MAX_DOCUMENT_MB", "20")),
            "n_process": int(_env("GEOEVENTS_N_PROCESS", "0")),
        }
        return cls(**{**settings, **overrides})

    @property
    def corpus_path(self) -> Path:
        return Path(self.corpus_dir)

    @property
    def outputs_path(self) -> Path:
        return Path(self.outputs_dir)

    @property
    def cache_path(self) -> Path:
        return self.outputs_path / ".cache"

    @property
    def staging_path(self) -> Path:
        return self.outputs_path / ".staging"

    @property
    def max_document_bytes(self) -> int:
        return int(self.max_document_mb * 1024 * 1024)


class StagingIOManager(dg.ConfigurableIOManager):
    """Stores each table asset's validated DataFrame as `<outputs>/.staging/<table>.parquet` (atomic), plus a
    sidecar with its lineage (upstream assets, code version, extractor versions). The publish asset turns the
    staged tables into the published Parquet files and the DuckDB warehouse in one step."""

    outputs_dir: str = "outputs"

    def _path(self, name: str) -> Path:
        return Path(self.outputs_dir) / ".staging" / f"{name}.parquet"

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame) -> None:
        if obj is None:
            return
        name = context.asset_key.path[-1]
        write_table_parquet(name, obj, self._path(name))
        spec = context.asset_spec
        sidecar = {
            "upstream": sorted(dep.asset_key.path[-1] for dep in spec.deps),
            "code_version": spec.code_version or "unversioned",
            "extractor_versions": list(spec.metadata.get("extractor_versions", [])),
        }
        self._path(name).with_suffix(".json").write_text(
            json.dumps(sidecar, sort_keys=True), encoding="utf-8"
        )

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        return pl.read_parquet(self._path(context.asset_key.path[-1]))
