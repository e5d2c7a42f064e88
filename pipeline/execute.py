"""Materialize every asset (and check) of the code location in-process, headless.

Table assets stage their tables on disk (pipeline.resources.Staging) and hand nothing to Dagster in memory,
so `execute_in_process` holds no table of the run.
"""

from __future__ import annotations

import os
import uuid

import dagster as dg

from pipeline.core.locks import OutputsBusyError, claim_outputs, process_tags, release_outputs
from pipeline.definitions import build_definitions
from pipeline.resources import PipelineConfig, SettingsError, run_finished

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")  # GEOEVENTS_LOG_LEVEL: Dagster's step log


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
    level = log_level()
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    run_id = str(uuid.uuid4())  # the Dagster run's id, known before the run exists: it owns the folder
    try:
        owner = claim_outputs(config.outputs_path, run_id, run_finished(instance))
    except OutputsBusyError as exc:
        raise RunLockedError(str(exc)) from None
    try:
        return _execute(config, instance, run_id, level)
    finally:
        release_outputs(config.outputs_path, owner)


def log_level() -> str:
    """GEOEVENTS_LOG_LEVEL (default WARNING); SettingsError when it is no log level."""
    level = os.environ.get("GEOEVENTS_LOG_LEVEL") or "WARNING"
    if level.upper() not in LOG_LEVELS:
        allowed = ", ".join(LOG_LEVELS)
        raise SettingsError(f"GEOEVENTS_LOG_LEVEL={level!r} cannot be used: it must be one of {allowed}")
    return level.upper()


def _execute(
    config: PipelineConfig, instance: dg.DagsterInstance, run_id: str, level: str
) -> dg.ExecuteInProcessResult:
    defs = build_definitions(config)
    job = defs.resolve_implicit_global_asset_job_def()
    run_config = {"loggers": {"console": {"config": {"log_level": level}}}}
    result = job.execute_in_process(
        run_config=run_config,
        instance=instance,
        raise_on_error=False,
        run_id=run_id,
        tags=process_tags(os.getpid()),  # so that run monitoring fails this run if its process dies
    )
    if not result.success:
        failures = [e for e in result.all_events if e.is_failure]
        errors = [getattr(e.event_specific_data, "error", None) for e in failures]
        message = next((_root_message(err) for err in errors if err is not None), "see the Dagster logs")
        raise PipelineFailedError(message)
    return result


DISK_FULL = "No space left on device"


def _root_message(error: object) -> str:
    """The innermost cause of a Dagster error (the user's exception, not Dagster's wrapper, nor the traceback
    text a worker process sends with its exception)."""
    while (cause := getattr(error, "cause", None)) is not None and "RemoteTraceback" not in str(
        getattr(cause, "cls_name", "")
    ):
        error = cause
    message = str(getattr(error, "message", error)).strip()
    if DISK_FULL in message:
        message = f"{message.splitlines()[0]} (the disk is full: free space and run again; the published release is unchanged)"
    return message
