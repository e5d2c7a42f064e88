"""Materialize every asset (and check) of the code location in-process, headless."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dagster as dg
from dagster._core.definitions.job_base import InMemoryJob
from dagster._core.execution.execute_in_process import core_execute_in_process, merge_run_tags

from pipeline.definitions import build_definitions
from pipeline.extract.parallel import shutdown_workers
from pipeline.publish.release import file_lock
from pipeline.resources import PipelineConfig


class PipelineFailedError(Exception):
    """A step failed; the message is the first failure's error message."""


class RunLockedError(PipelineFailedError):
    """Another run is using the same outputs folder."""


RUN_LOCK = ".run.lock"


def run_lock(outputs: Path) -> contextlib.AbstractContextManager[None]:
    """Exclusive lock on `<outputs>/.run.lock` for a whole run; fails at once if another run holds it.

    Two runs on one outputs folder would overwrite each other's staged tables (`.staging/`) and caches
    (`.cache/`) and could publish a mix of both; the second run is refused before it writes anything.
    """
    return file_lock(
        outputs / RUN_LOCK,
        wait=False,
        busy=lambda holder: RunLockedError(
            f"another pipeline run ({holder}) is using the outputs folder {outputs}; "
            "wait for it to finish, or give this run another outputs folder"
        ),
    )


def run_pipeline(config: PipelineConfig) -> dg.ExecuteInProcessResult:
    """Run the whole asset graph for `config`, recorded in $DAGSTER_HOME's instance when it is set.

    Raises RunLockedError at once when another run is using the same outputs folder.
    """
    with run_lock(config.outputs_path):
        try:
            return _execute(config)
        finally:
            shutdown_workers()  # the extraction workers live for one run


def _execute(config: PipelineConfig) -> dg.ExecuteInProcessResult:
    defs = build_definitions(config)
    job = defs.resolve_implicit_global_asset_job_def()
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    level = os.environ.get("GEOEVENTS_LOG_LEVEL", "WARNING")
    run_config = {"loggers": {"console": {"config": {"log_level": level}}}}
    result = execute_without_capture(job, run_config, instance)
    if not result.success:
        failures = [e for e in result.all_events if e.is_failure]
        errors = [getattr(e.event_specific_data, "error", None) for e in failures]
        message = next((_root_message(err) for err in errors if err is not None), "see the Dagster logs")
        raise PipelineFailedError(message)
    return result


def execute_without_capture(
    job: dg.JobDefinition, run_config: dict, instance: dg.DagsterInstance
) -> dg.ExecuteInProcessResult:
    """`job.execute_in_process(run_config=..., instance=..., raise_on_error=False)` without its capture of
    every output value, which holds every table of the run in memory until the run ends (~0.3 GB at 10,000
    articles). Outputs go through the staging IO manager and are never read from the result. Dagster offers
    no public switch, so this calls the function execute_in_process wraps (pinned Dagster; a test asserts
    that a run captures nothing and gives the same tables)."""
    # what execute_in_process does with no selection, inputs or extra resources: in-process executor, in-memory job
    in_process = job.as_ephemeral_job(resource_defs={}, input_values={}, op_selection=[], asset_selection=[])
    return core_execute_in_process(
        job=InMemoryJob(job_def=in_process),
        run_config=run_config,
        instance=instance,
        output_capturing_enabled=False,
        raise_on_error=False,
        run_tags=merge_run_tags(
            job_def=job, partition_key=None, tags=None, asset_selection=[], instance=instance, run_config=run_config
        ),
        asset_selection=frozenset(),  # as execute_in_process records a run without a selection
    )


def _root_message(error: object) -> str:
    """The innermost cause of a Dagster error (the user's exception, not Dagster's wrapper)."""
    while getattr(error, "cause", None) is not None:
        error = error.cause  # type: ignore[attr-defined]
    return str(getattr(error, "message", error)).strip()
