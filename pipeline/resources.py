"""Configuration (corpus, outputs, gold folders, limits), the resources whose life Dagster owns (the worker
pool, the run's ownership of the outputs folder) and the staging folder.

Every setting has a default and an environment variable, so a user points the pipeline at another corpus
without editing code: GEOEVENTS_CORPUS_DIR, GEOEVENTS_OUTPUTS_DIR, GEOEVENTS_GOLD_DIR,
GEOEVENTS_MAX_DOCUMENT_MB, GEOEVENTS_N_PROCESS, GEOEVENTS_PARTITION_DOCUMENTS, GEOEVENTS_KEEP_RELEASES (an
empty variable means the default). A value that is not usable fails with SettingsError, one line naming
the variable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import polars as pl
from pydantic import Field, PrivateAttr, ValidationError

from pipeline.core.contract import schema_fingerprint
from pipeline.core.locks import PID_TAG, Owner, RunStatus, claim_outputs, process_tags, run_process_id
from pipeline.core.workers import WorkerPool
from pipeline.nlp.parse import load_nlp
from pipeline.publish.parquet import write_table_parquet
from pipeline.publish.release import PARTITION_DOCUMENTS
from pipeline.publish.releases import KEEP_RELEASES

ENVIRONMENT = {  # PipelineConfig field -> the environment variable that sets it
    "corpus_dir": "GEOEVENTS_CORPUS_DIR",
    "outputs_dir": "GEOEVENTS_OUTPUTS_DIR",
    "gold_dir": "GEOEVENTS_GOLD_DIR",
    "max_document_mb": "GEOEVENTS_MAX_DOCUMENT_MB",
    "n_process": "GEOEVENTS_N_PROCESS",
    "partition_documents": "GEOEVENTS_PARTITION_DOCUMENTS",
    "keep_releases": "GEOEVENTS_KEEP_RELEASES",
}


class SettingsError(ValueError):
    """A setting that cannot be used; the message (one line) names it and says what it must be."""


class PipelineConfig(dg.ConfigurableResource):
    """Where the corpus is read from and the outputs are written to."""

    corpus_dir: str = Field(default="corpus", min_length=1)
    outputs_dir: str = Field(default="outputs", min_length=1)
    gold_dir: str = Field(default="eval/gold", min_length=1)
    max_document_mb: float = Field(default=20.0, gt=0, allow_inf_nan=False)
    n_process: int = Field(default=0, ge=0)  # worker processes; 0 = automatic (one per core, large corpora)
    partition_documents: int = Field(default=PARTITION_DOCUMENTS, ge=0)  # from this many documents on,
    # per-document Parquet is published as partitioned datasets; 0 = never
    keep_releases: int = Field(default=KEEP_RELEASES, ge=1)  # complete releases kept in <outputs>/releases/

    @classmethod
    def from_env(cls, **overrides: object) -> PipelineConfig:
        """Defaults, overridden by GEOEVENTS_* environment variables, overridden by `overrides`. Raises
        SettingsError for a value that is not usable (GEOEVENTS_MAX_DOCUMENT_MB=abc)."""
        settings = {field: os.environ[name] for field, name in ENVIRONMENT.items() if os.environ.get(name)}
        try:
            return cls(**{**settings, **overrides})
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else ""
            name = ENVIRONMENT[field] if field in settings and field not in overrides else field
            raise SettingsError(f"{name}={error['input']!r} cannot be used: {error['msg']}") from None

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


def run_finished(instance: dg.DagsterInstance | None) -> RunStatus:
    """Whether a run of `instance` has finished (None when the instance does not know it)."""

    def finished(run_id: str) -> bool | None:
        run = instance.get_run_by_id(run_id) if instance is not None else None
        return None if run is None else run.is_finished

    return finished


class Workers(dg.ConfigurableResource):
    """The worker processes that parse and extract documents: started on first use, ended by Dagster when the
    step ends (multiprocess executor: the UI, `dagster asset materialize`, Celery) or the run ends (in-process
    executor: `python -m pipeline run`). A step never waits on workers nobody will end."""

    n_process: int = 0  # as PipelineConfig.n_process
    _pool: WorkerPool | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._pool = WorkerPool(self.n_process, initializer=load_nlp)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._pool is not None:
            self._pool.close()

    @property
    def pool(self) -> WorkerPool:
        if self._pool is None:
            raise RuntimeError("Workers is used outside a Dagster step; build a WorkerPool instead")
        return self._pool


class OutputsOwner(dg.ConfigurableResource):
    """Held by every step that writes into the outputs folder: the step fails at once, with the other run named,
    when another run that is still alive (a command-line run, or a run launched from the UI or the sensor) owns
    the folder, so two runs never interleave their staged tables, caches or releases (pipeline/core/locks.py).
    Steps of one run share the ownership; a finished or killed run gives it up. The first step also records
    the run's process in the run's tags, for run monitoring (pipeline/monitoring.py)."""

    outputs_dir: str = "outputs"
    _owner: Owner | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run = context.run
        self._owner = claim_outputs(
            Path(self.outputs_dir), run.run_id if run else "unknown", run_finished(context.instance)
        )
        if run is not None and context.instance is not None and PID_TAG not in run.tags:
            context.instance.add_run_tags(run.run_id, process_tags(run_process_id()))


class Staging(dg.ConfigurableResource):
    """The run's validated tables before they are published: `<outputs>/.staging/<table>.parquet` (written
    atomically), each with a sidecar recording its lineage (upstream assets, code version, extractor versions).
    Every table asset writes its tables here and reads its inputs from here; the warehouse asset turns the
    staged tables into the published Parquet files and the DuckDB warehouse in one step. Nothing is handed from
    step to step in memory, so no executor holds a run's tables."""

    outputs_dir: str = "outputs"

    def path(self, name: str) -> Path:
        return Path(self.outputs_dir) / ".staging" / f"{name}.parquet"

    def read(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        return pl.read_parquet(self.path(name), columns=columns)

    def scan(self, name: str) -> pl.LazyFrame:
        """The staged table, read only as far as a query needs it."""
        return pl.scan_parquet(self.path(name))

    def write(self, name: str, df: pl.DataFrame, spec: dg.AssetSpec) -> None:
        """Stage `df`, a frame validate_table returned (the sidecar records the schema it passed)."""
        write_table_parquet(name, df, self.path(name))
        sidecar = {
            "validated": schema_fingerprint(name),
            "upstream": sorted(dep.asset_key.path[-1] for dep in spec.deps),
            "code_version": spec.code_version or "unversioned",
            "extractor_versions": list(spec.metadata.get("extractor_versions", [])),
        }
        self.path(name).with_suffix(".json").write_text(json.dumps(sidecar, sort_keys=True), encoding="utf-8")
