"""Materialize every asset (and check) of the code location in-process, headless."""

from __future__ import annotations

import os

import dagster as dg

from pipeline.definitions import build_definitions
from pipeline.resources import PipelineConfig


class PipelineFailedError(Exception):
    """A step failed; the message is the first failure's error message."""


def run_pipeline(config: PipelineConfig) -> dg.ExecuteInProcessResult:
    """Run the whole asset graph for `config`, recorded in $DAGSTER_HOME's instance when it is set."""
    defs = build_definitions(config)
    job = defs.resolve_implicit_global_asset_job_def()
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    result = job.execute_in_process(instance=instance, raise_on_error=False)
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
