"""A progress bar over the steps of a headless run, for people watching a terminal.

Shown only when stderr is a terminal and DAGSTER_HOME holds the run's event log (scripts/run.sh sets it). While
it is shown, Dagster's step-by-step log goes to `<outputs>/.logs/run.log` instead of the terminal; anywhere else (CI,
pipes, files) nothing changes and the full log is printed as before.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
DONE_EVENTS = ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED")


def wanted(stream: object = None) -> bool:
    """A bar is drawn only for a terminal, and only when the run is recorded in $DAGSTER_HOME."""
    stream = stream if stream is not None else sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and bool(os.environ.get("DAGSTER_HOME"))


def _done_steps(instance, run_id: str) -> tuple[int, str]:
    """(steps finished, name of the last one) of the run so far."""
    from dagster import DagsterEventType

    types = {DagsterEventType[name] for name in DONE_EVENTS}
    records = instance.get_records_for_run(run_id, of_type=types, limit=1000).records
    last = records[-1].event_log_entry.step_key if records else ""
    return len(records), last or ""


def with_step_progress(work: Callable[[], T], total_steps: int, log_path: Path) -> T:
    """Run `work` (which executes one Dagster run) in a thread, drawing a bar of finished steps on the terminal
    and sending the Dagster log to `log_path`. Exceptions from `work` propagate."""
    from dagster import DagsterInstance
    from tqdm import tqdm

    terminal = sys.stderr
    instance = DagsterInstance.get()
    known = {run.run_id for run in instance.get_runs(limit=20)}
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    log_path.parent.mkdir(parents=True, exist_ok=True)
    with (
        log_path.open("w", encoding="utf-8") as log,
        contextlib.redirect_stderr(log),
        tqdm(total=total_steps, desc="materializing", unit="step", file=terminal) as bar,
    ):
        thread = threading.Thread(target=target, name="geoevents-run", daemon=True)
        thread.start()
        run_id = None
        while thread.is_alive():
            thread.join(0.5)
            if run_id is None:
                fresh = [run.run_id for run in instance.get_runs(limit=5) if run.run_id not in known]
                run_id = fresh[0] if fresh else None
            if run_id is not None:
                done, step = _done_steps(instance, run_id)
                if done != bar.n:
                    bar.set_postfix_str(step, refresh=False)
                    bar.update(done - bar.n)
        if "error" not in outcome:
            bar.update(total_steps - bar.n)
    print(f"Dagster log of this run: {log_path}", file=terminal)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def run_with_progress(config) -> object:
    """`run_pipeline(config)` with a bar over its steps (see the module docstring)."""
    from pipeline.definitions import build_definitions
    from pipeline.execute import run_pipeline

    total = len(build_definitions(config).resolve_implicit_global_asset_job_def().nodes)
    return with_step_progress(lambda: run_pipeline(config), total, config.outputs_path / ".logs" / "run.log")
