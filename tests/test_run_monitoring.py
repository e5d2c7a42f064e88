"""A run whose process died is marked FAILURE by Dagster's run monitoring and never holds the run queue (#25.1).

With one run at a time (deploy/dagster.yaml), a SIGKILLed run left STARTED kept every run launched from the UI
or the sensor QUEUED forever. The end-to-end test kills a command-line run, then queues a run the way the UI
does (`dagster job launch` submits it to the instance's queued-run coordinator; `dagster-daemon run`, which
`dagster dev` starts, dequeues and monitors) and waits for it to succeed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster._core.launcher import WorkerStatus

from pipeline.core.locks import HOST_TAG, PID_TAG, START_TAG, process_alive, process_start, process_tags
from pipeline.monitoring import worker_health
from tests.conftest import ROOT
from tests.instance_home import project_home
from tests.processes import MARK, wait_until_gone
from tests.small_runs import write_articles

RUN_S = 900  # the whole pipeline through the multiprocess executor on a slow, shared CI machine
BIN = Path(sys.executable).parent


def test_a_live_process_is_running_and_a_dead_or_reused_pid_is_failed() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        tags = process_tags(child.pid)
        assert worker_health(tags, time.time(), 180).status == WorkerStatus.RUNNING
        reused = {**tags, START_TAG: str(int(tags[START_TAG]) - 1)}  # same pid, another process
        assert not process_alive(child.pid, reused[START_TAG])
        assert worker_health(reused, time.time(), 180).status == WorkerStatus.FAILED
        os.kill(child.pid, signal.SIGKILL)
        time.sleep(0.2)
        assert not process_alive(child.pid)  # a zombie (not yet waited for) is not alive
    finally:
        child.kill()
        child.wait()
    health = worker_health(tags, time.time(), 180)
    assert health.status == WorkerStatus.FAILED and f"process {child.pid}" in (health.msg or "")


def test_a_run_without_a_recorded_process_gets_time_to_start_and_other_hosts_are_trusted() -> None:
    assert worker_health({}, time.time() - 10, 180).status == WorkerStatus.RUNNING
    assert worker_health({}, None, 180).status == WorkerStatus.RUNNING  # not started yet
    assert worker_health({}, time.time() - 200, 180).status == WorkerStatus.FAILED
    elsewhere = {PID_TAG: "1", HOST_TAG: f"not-{socket.gethostname()}", START_TAG: ""}
    assert worker_health(elsewhere, time.time(), 180).status == WorkerStatus.RUNNING


def test_every_run_records_its_process(tmp_path: Path) -> None:
    """Steps record the run's process in the run's tags (runs launched from the UI, the sensor, the CLI)."""
    from pipeline.definitions import build_definitions
    from pipeline.resources import PipelineConfig

    write_articles(tmp_path / "corpus", range(2))
    config = PipelineConfig(corpus_dir=str(tmp_path / "corpus"), outputs_dir=str(tmp_path / "out"))
    job = build_definitions(config).resolve_implicit_global_asset_job_def()
    instance = dg.DagsterInstance.ephemeral()
    ingest = [dg.AssetKey("documents"), dg.AssetKey("rejected_files"), dg.AssetKey("sentences")]
    result = job.execute_in_process(instance=instance, asset_selection=ingest)
    tags = instance.get_run_by_id(result.run_id).tags
    assert tags[PID_TAG] == str(os.getpid()) and tags[START_TAG] == process_start(os.getpid())


@contextlib.contextmanager
def _daemon(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """`dagster-daemon run` on the project's workspace (what `dagster dev` starts beside the web server)."""
    daemon = subprocess.Popen(
        [str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield daemon
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait()


def _wait_for(condition, limit_s: float, what: str) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def test_a_killed_run_is_failed_and_a_run_queued_from_the_ui_path_then_succeeds(tmp_path: Path) -> None:
    home = project_home(tmp_path / "project")
    corpus, outputs, mark = tmp_path / "corpus", tmp_path / "outputs", uuid.uuid4().hex
    write_articles(corpus, range(3))
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "GEOEVENTS_CORPUS_DIR": str(corpus),
        "GEOEVENTS_OUTPUTS_DIR": str(outputs),
        "GEOEVENTS_GOLD_DIR": str(outputs / "no-gold"),
        "GEOEVENTS_N_PROCESS": "1",
        MARK: mark,
    }
    instance = dg.DagsterInstance.from_config(str(home))

    cli = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    started = dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])
    _wait_for(
        lambda: instance.get_runs(started) or cli.poll() is not None, 300, "the command-line run to start"
    )
    os.kill(cli.pid, signal.SIGKILL)
    cli.wait()
    [dead] = instance.get_runs()
    assert dead.status == dg.DagsterRunStatus.STARTED  # what blocked the queue before

    with _daemon(env):
        launch = [str(BIN / "dagster"), "job", "launch", "-w", "workspace.yaml", "-j", "__ASSET_JOB"]
        subprocess.run(launch, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
        [queued] = [run for run in instance.get_runs() if run.run_id != dead.run_id]

        def finished() -> bool:
            return instance.get_run_by_id(queued.run_id).is_finished

        _wait_for(finished, RUN_S, "the queued run to finish")
    assert instance.get_run_by_id(queued.run_id).status == dg.DagsterRunStatus.SUCCESS
    assert instance.get_run_by_id(dead.run_id).status == dg.DagsterRunStatus.FAILURE
    failure = instance.get_records_for_run(dead.run_id, of_type=dg.DagsterEventType.RUN_FAILURE).records
    assert f"process {cli.pid}" in failure[0].event_log_entry.dagster_event.message
    assert (outputs / "parquet" / "documents.parquet").exists()
    left = wait_until_gone(mark, 60)
    orphaned_tails = _compute_log_tails(left, dead.run_id)
    for pid in orphaned_tails:
        os.kill(pid, signal.SIGKILL)
    assert {pid: p for pid, p in left.items() if pid not in orphaned_tails} == {}, "processes left behind"


def _compute_log_tails(processes: dict[int, tuple[int, str]], run_id: str) -> list[int]:
    """Dagster's `tail -F` of the killed run's compute logs. Dagster starts it, then a watcher that ends it when
    its run's process dies (dagster/_core/execution/compute_logs.py, execute_posix_tail): a SIGKILL between the two
    leaves the tail running for good. A Dagster race, not a process of ours; seen once under load."""
    return [pid for pid, (_, cmd) in processes.items() if cmd.startswith("tail -F") and f"/{run_id}/" in cmd]
