"""Worker processes live exactly as long as the step or run that uses them, whatever executor runs it.

Dagster's multiprocess executor (the UI's *Materialize all*, `dagster asset materialize`) runs each step in a
child process that joins its non-daemonic children before it ends; a pool nobody shuts down makes that step
wait forever. These tests run the real code location through that executor on a corpus large enough for the
pool, kill a worker in the middle of a run, and check that runs on one outputs folder exclude each other.
Every process a test starts carries a marker in its environment, so the process table shows what is left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from functools import partial
from pathlib import Path

import dagster as dg
import pytest

from pipeline.core import locks
from pipeline.core.workers import WorkerDiedError, WorkerPool
from pipeline.definitions import build_definitions
from pipeline.resources import PipelineConfig
from tests.conftest import ROOT
from tests.processes import MARK, marked, wait_until_gone, watching, workers_of
from tests.small_runs import published_tables, run, write_articles

UI_RUN_S = 900  # the whole pipeline through the multiprocess executor on a slow CI machine
N_DOCS = 40


def environment(corpus: Path, outputs: Path, mark: str, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "GEOEVENTS_CORPUS_DIR": str(corpus),
        "GEOEVENTS_OUTPUTS_DIR": str(outputs),
        "GEOEVENTS_GOLD_DIR": str(outputs / "no-gold"),
        "GEOEVENTS_N_PROCESS": "2",
        MARK: mark,
    }


def _die_on(poison: str, batch: list[str]) -> list[str]:
    """A task that kills its own worker when it meets `poison` (module level: workers import it by name)."""
    if poison in batch:
        os.kill(os.getpid(), signal.SIGKILL)
    return batch


def test_a_dead_worker_fails_the_call_naming_its_batch_and_the_pool_recovers() -> None:
    batches = [[f"doc{i}", f"doc{i + 1}"] for i in range(0, 12, 2)]
    with WorkerPool(2) as pool:
        with pytest.raises(WorkerDiedError, match=r"died .* while processing one of: .*documents doc6, doc7;") as died:
            list(pool.map(partial(_die_on, "doc6"), batches, 12, lambda b: "documents " + ", ".join(b)))
        assert "the next run computes them again" in str(died.value)
        assert not pool.started  # the broken pool was shut down
        assert list(pool.map(partial(_die_on, "none"), batches, 12)) == [d for b in batches for d in b]
        assert pool.started  # with new workers


def test_materialize_all_through_the_multiprocess_executor_ends_every_worker(
    tmp_path: Path, dagster_home: Path
) -> None:
    """What `dagster asset materialize --select '*'` and the UI's Materialize all do, on 40 documents."""
    corpus, outputs, mark = tmp_path / "corpus", tmp_path / "outputs", uuid.uuid4().hex
    write_articles(corpus, range(N_DOCS))
    command = [sys.executable, "-m", "dagster", "asset", "materialize", "-m", "pipeline.definitions", "--select", "*"]
    with watching(mark) as seen:
        finished = subprocess.run(
            command,
            cwd=ROOT,
            env=environment(corpus, outputs, mark, dagster_home),
            capture_output=True,
            text=True,
            timeout=UI_RUN_S,
        )
    assert finished.returncode == 0, finished.stderr[-4000:]
    assert "RUN_SUCCESS" in finished.stderr
    assert len(workers_of(seen)) >= 2, "the run never used the worker pool"
    assert wait_until_gone(mark) == {}, "processes left behind after the run"
    assert (outputs / "parquet" / "documents.parquet").exists()
    assert published_tables(outputs) == published_tables(_plain_run(corpus, tmp_path / "plain"))


def _plain_run(corpus: Path, outputs: Path) -> Path:
    run(corpus, outputs, n_process=1)
    return outputs


def test_a_killed_worker_fails_the_run_with_its_documents_and_the_rerun_is_clean(
    tmp_path: Path, dagster_home: Path
) -> None:
    corpus, outputs, mark = tmp_path / "corpus", tmp_path / "outputs", uuid.uuid4().hex
    write_articles(corpus, range(N_DOCS))
    env = environment(corpus, outputs, mark, dagster_home)
    command = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--outputs", str(outputs)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while not (victims := workers_of(marked(mark))):
        assert process.poll() is None and time.monotonic() < deadline, "no worker ever started"
        time.sleep(0.05)
    os.kill(victims[0], signal.SIGKILL)
    out, _ = process.communicate(timeout=UI_RUN_S)
    log = out.decode(errors="replace")
    assert process.returncode == 1, log[-3000:]
    assert "a worker process died (killed, or out of memory) while processing one of: documents " in log
    assert wait_until_gone(mark) == {}, "processes left behind after the failed run"

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=UI_RUN_S)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-3000:]
    assert wait_until_gone(mark) == {}
    assert published_tables(outputs) == published_tables(_plain_run(corpus, tmp_path / "plain"))


def test_a_run_refuses_an_outputs_folder_owned_by_another_live_run(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        owner = locks.Owner("ui-run-1", locks.socket.gethostname(), other.pid, "2026-12-07T10:00:00")
        outputs.mkdir()
        (outputs / locks.OWNER_FILE).write_text(locks.json.dumps(locks.asdict(owner)), encoding="utf-8")
        with pytest.raises(locks.OutputsBusyError, match=rf"another pipeline run \(pid {other.pid} on .*ui-run-1"):
            locks.claim_outputs(outputs, "cli-2")
        # a Dagster step (here: the in-process executor) refuses too, naming the owner
        config = PipelineConfig(corpus_dir=str(tmp_path / "corpus"), outputs_dir=str(outputs))
        write_articles(tmp_path / "corpus", range(2))
        job = build_definitions(config).resolve_implicit_global_asset_job_def()
        result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
        assert not result.success
        errors = [getattr(e.event_specific_data, "error", None) for e in result.all_events if e.is_failure]
        assert any("another pipeline run (pid" in str(error) for error in errors)
        assert not (outputs / ".staging").exists()  # nothing written
        # another step of the same run shares it (the record is left as it is)
        locks.claim_outputs(outputs, "ui-run-1")
        assert locks.read_owner(outputs) == owner
        # the instance says the run has finished: the folder is free
        locks.claim_outputs(outputs, "cli-3", run_finished=lambda run_id: run_id == "ui-run-1")
        assert locks.read_owner(outputs).run_id == "cli-3"
    finally:
        other.kill()
        other.wait()
    # the owner's process is gone (a killed run): the folder is free again
    (outputs / locks.OWNER_FILE).write_text(locks.json.dumps(locks.asdict(owner)), encoding="utf-8")
    locks.claim_outputs(outputs, "cli-4")
    assert locks.read_owner(outputs).run_id == "cli-4"
