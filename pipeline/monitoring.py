"""A run whose process died is marked failed by Dagster's own run monitoring, so it never holds the run queue.

Dagster's default run launcher cannot tell whether a run's process is alive (it never sees that process, and
runs of `python -m pipeline run` or `dagster asset materialize` are not launched by it at all), so a run that
was SIGKILLed stays STARTED forever and, with one run at a time, every queued run waits behind it. Every run of
this code location records its process in its tags (pipeline/core/locks.py `process_tags`: the command line
when it creates the run, the first step otherwise), and `MonitoredRunLauncher`, the default launcher plus
that health check, answers the monitoring daemon from them. deploy/dagster.yaml (installed by
scripts/setup.sh) switches both on; `dagster dev` and `dagster-daemon run` then fail a dead run within
`run_monitoring.poll_interval_seconds`.
"""

from __future__ import annotations

import socket
import time

import dagster as dg
from dagster._core.launcher import CheckRunHealthResult, WorkerStatus

from pipeline.core.locks import HOST_TAG, PID_TAG, START_TAG, process_alive


def worker_health(tags: dict[str, str], started_at: float | None, grace_s: float) -> CheckRunHealthResult:
    """Whether the process recorded in a run's `tags` still runs. A run that recorded none is given `grace_s`
    seconds from its start (`started_at`, a timestamp) to reach its first step; a process on another host
    cannot be checked from here and counts as running."""
    if PID_TAG not in tags:
        if started_at is None or time.time() - started_at < grace_s:
            return CheckRunHealthResult(WorkerStatus.RUNNING, "no process recorded yet")
        return CheckRunHealthResult(
            WorkerStatus.FAILED,
            f"the run recorded no process within {grace_s:.0f} s of starting: it died early",
        )
    pid, host = int(tags[PID_TAG]), tags.get(HOST_TAG, "")
    if host != socket.gethostname():
        return CheckRunHealthResult(WorkerStatus.RUNNING, f"process {pid} runs on {host}; not checked here")
    if process_alive(pid, tags.get(START_TAG, "")):
        return CheckRunHealthResult(WorkerStatus.RUNNING)
    return CheckRunHealthResult(WorkerStatus.FAILED, f"the run's process {pid} on {host} is gone (killed?)")


class MonitoredRunLauncher(dg.DefaultRunLauncher):
    """Dagster's default run launcher, which also tells run monitoring whether a run's process is alive."""

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: dg.DagsterRun) -> CheckRunHealthResult:
        record = self._instance.get_run_record_by_id(run.run_id)
        started_at = record.start_time if record is not None else None
        return worker_health(dict(run.tags), started_at, self._instance.run_monitoring_start_timeout_seconds)
