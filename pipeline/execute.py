"""Materialize every asset (and check) of the code location in-process, headless."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dagster as dg

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
    result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
    if not result.success:
        failures = [e for e in result.all_events if e.is_failure]
        errors = [getattr(e.event_specific_data, "error", None) for e in failures]
        message = next((_root_message(err) for err in errors if err is not None), "see the Dagster logs")
        raise PipelineFailedError(message)
    return result


def _root_message(error: object) -> str:
    """The innermost cause of a Dagster error (the user's exception, not Dagster's wrapper)."""
    while getattr(error, "cause", None) is not None:
        error = error.cause  # type: ignore[attr-defined]
    return str(getattr(error, "message", error)).strip()
