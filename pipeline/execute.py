"""Materialize every asset (and check) of the code location in-process, headless."""

from __future__ import annotations

import os
import uuid

import dagster as dg
from dagster._core.definitions.job_base import InMemoryJob
from dagster._core.execution.execute_in_process import core_execute_in_process, merge_run_tags

from pipeline.core.locks import OutputsBusyError, claim_outputs, release_outputs
from pipeline.definitions import build_definitions
from pipeline.resources import PipelineConfig, run_finished


class PipelineFailedError(Exception):
    """A step failed; the message is the first failure's error message."""


class RunLockedError(PipelineFailedError):
    """Another run is using the same outputs folder."""


def run_pipeline(config: PipelineConfig) -> dg.ExecuteInProcessResult:
    """Run the whole asset graph for `config`, recorded in $DAGSTER_HOME's instance when it is set.

    Raises RunLockedError at once when another run that is still alive owns the outputs folder (two runs would
    overwrite each other's staged tables and caches, and could publish a mix of both). The worker processes
    live for the run: the `workers` resource ends them when it ends, however it ends.
    """
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    try:
        owner = claim_outputs(config.outputs_path, f"cli-{uuid.uuid4().hex[:12]}", run_finished(instance))
    except OutputsBusyError as exc:
        raise RunLockedError(str(exc)) from None
    try:
        return _execute(config, instance)
    finally:
        release_outputs(config.outputs_path, owner)


def _execute(config: PipelineConfig, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    defs = build_definitions(config)
    job = defs.resolve_implicit_global_asset_job_def()
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
