"""The pipeline on a real distributed setup, all on loopback: Dagster instance storage in a throwaway Postgres,
a Redis broker and two Celery workers (dagster-celery). A backfill of both document-batch jobs and then the
tables job run through the Celery executor (deploy/celery_definitions.py, docs/distributed.md); every step
must be executed by one of the workers and the published Parquet must equal a plain in-process run's.

Needs the redis-server and PostgreSQL binaries (scripts/install_services.sh installs them); without them the
test is skipped with that reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipeline.assets.batches import batch_of
from pipeline.ingest.corpus import ingest_corpus
from tests.conftest import CORPUS, ROOT
from tests.small_runs import published_tables
from tests.small_runs import run as plain_run

WORKERS = ("geoevents-w1", "geoevents-w2")
TIMEOUT_S = 240
DAGSTER = str(Path(sys.executable).with_name("dagster"))
DAGSTER_CELERY = str(Path(sys.executable).with_name("dagster-celery"))


def _binary(name: str) -> str | None:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found if isinstance(found, str) else (found[-1] if found else None)


BINARIES = {name: _binary(name) for name in ("redis-server", "initdb", "pg_ctl")}
pytestmark = pytest.mark.skipif(
    None in BINARIES.values(),
    reason="needs redis-server, initdb and pg_ctl (run scripts/install_services.sh); missing: "
    + ", ".join(name for name, path in BINARIES.items() if path is None),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.3)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group we started, SIGKILL to what is left after 15 s."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """Outside pytest's private temp folder, so that Postgres (run as `nobody` under root) can reach it."""
    path = Path(tempfile.mkdtemp(prefix="geoevents-distributed-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres(workdir: Path) -> Iterator[str]:
    """A throwaway Postgres cluster on a free loopback port (trust auth); yields its SQLAlchemy URL."""
    folder = workdir / "postgres"
    folder.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(folder, "nobody")
        as_user = ["runuser", "-u", "nobody", "--"]
    data, port = folder / "data", _free_port()
    subprocess.run(
        [*as_user, BINARIES["initdb"], "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    pg_ctl = [*as_user, BINARIES["pg_ctl"], "-D", str(data)]
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    subprocess.run([*pg_ctl, "-o", options, "-l", str(folder / "log"), "-w", "start"], check=True)
    yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], check=False, capture_output=True)


@pytest.fixture(scope="module")
def redis(workdir: Path) -> Iterator[str]:
    """redis-server on a free loopback port, nothing persisted; yields its port as a broker URL prefix."""
    port = _free_port()
    process = subprocess.Popen(
        [
            BINARIES["redis-server"],
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=(workdir / "redis.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait_for(lambda: _accepts(port), "redis-server")
    yield f"redis://127.0.0.1:{port}"
    _stop(process)


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def cluster(workdir: Path, postgres: str, redis: str) -> Iterator[dict[str, str]]:
    """DAGSTER_HOME on Postgres, two Celery workers; yields the environment every process shares."""
    home, corpus = workdir / "dagster_home", workdir / "corpus"
    home.mkdir()
    corpus.mkdir()
    for path in sorted(CORPUS.iterdir())[:2]:
        shutil.copy(path, corpus / path.name)
    (home / "dagster.yaml").write_text(
        f"storage:\n  postgres:\n    postgres_url: {postgres}\n"
        "run_coordinator:\n  module: dagster._core.run_coordinator\n  class: DefaultRunCoordinator\n"
        "telemetry:\n  enabled: false\n"
    )
    celery_yaml = workdir / "celery.yaml"
    celery_yaml.write_text(f"execution:\n  config:\n    broker: {redis}/0\n    backend: {redis}/1\n")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",  # `celery`
        "DAGSTER_HOME": str(home),
        "GEOEVENTS_CORPUS_DIR": str(corpus),
        "GEOEVENTS_OUTPUTS_DIR": str(workdir / "outputs"),
        "GEOEVENTS_GOLD_DIR": str(workdir / "no-gold"),
        "GEOEVENTS_CELERY_BROKER": f"{redis}/0",
        "GEOEVENTS_CELERY_BACKEND": f"{redis}/1",
    }
    # Dagster's schema is created once, here: workers starting together race to create it (DuplicateObject)
    subprocess.run([DAGSTER, "instance", "migrate"], env=env, check=True, capture_output=True, timeout=120)
    workers = []
    for name in WORKERS:
        log = workdir / f"{name}.log"
        command = [DAGSTER_CELERY, "worker", "start", "-A", "dagster_celery.app", "-y", str(celery_yaml)]
        workers.append(
            subprocess.Popen(
                [*command, "-n", name, "--", "--concurrency=1"],
                cwd=ROOT,
                env=env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    try:
        for name in WORKERS:
            log = workdir / f"{name}.log"
            try:
                _wait_for(lambda log=log: " ready." in log.read_text(), f"worker {name}", 90)
            except TimeoutError as exc:
                raise TimeoutError(f"{exc}; its log ends with:\n{log.read_text()[-2000:]}") from None
        yield env
    finally:
        for worker in workers:
            _stop(worker)


def _dagster(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [DAGSTER, "job", *args, "-m", "deploy.celery_definitions", "-d", str(ROOT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _finished(instance: dg.DagsterInstance, job: str, expected: int) -> list[dg.DagsterRun]:
    """The runs of `job`, once `expected` of them exist and all have finished."""
    runs: list[dg.DagsterRun] = []

    def done() -> bool:
        runs[:] = instance.get_runs(dg.RunsFilter(job_name=job))
        return len(runs) >= expected and all(run.is_finished for run in runs)

    _wait_for(done, f"the runs of {job}", TIMEOUT_S)
    return runs


def test_celery_workers_run_every_step_and_publish_the_same_tables(
    cluster: dict[str, str], tmp_path: Path
) -> None:
    corpus, outputs = Path(cluster["GEOEVENTS_CORPUS_DIR"]), Path(cluster["GEOEVENTS_OUTPUTS_DIR"])
    documents, _ = ingest_corpus(corpus, 20 * 1024 * 1024)
    batches = ",".join(sorted({batch_of(d.doc_id) for d in documents}))

    _dagster(cluster, "backfill", "-j", "document_batch_actors_job", "--partitions", batches, "--noprompt")
    _dagster(cluster, "backfill", "-j", "document_batches_job", "--partitions", batches, "--noprompt")
    _dagster(cluster, "execute", "-j", "tables_job")

    n_batches = len(batches.split(","))
    with dg.DagsterInstance.from_config(cluster["DAGSTER_HOME"]) as instance:
        runs = [
            *_finished(instance, "document_batch_actors_job", n_batches),
            *_finished(instance, "document_batches_job", n_batches),
            *_finished(instance, "tables_job", 1),
        ]
        assert [run.status for run in runs] == [dg.DagsterRunStatus.SUCCESS] * len(runs)
        assert {run.tags["dagster/partition"] for run in runs if run.job_name != "tables_job"} == set(
            batches.split(",")
        )
        workers_by_step: dict[tuple[str, str], str] = {}
        started: set[tuple[str, str]] = set()
        extracted: dict[str, int] = {}
        for run in runs:
            for record in instance.all_logs(run.run_id):
                event = record.dagster_event
                if event is None:
                    continue
                if event.is_step_start:
                    started.add((run.run_id, event.step_key))
                elif event.event_type == dg.DagsterEventType.ENGINE_EVENT and event.step_key:
                    worker = event.event_specific_data.metadata.get("Celery worker")
                    if worker is not None:
                        workers_by_step[(run.run_id, event.step_key)] = worker.value
                elif event.is_step_materialization and run.job_name == "tables_job":
                    materialization = event.event_specific_data.materialization
                    if "documents_extracted" in materialization.metadata:
                        name = materialization.asset_key.path[-1]
                        extracted[name] = materialization.metadata["documents_extracted"].value

    assert started and set(workers_by_step) == started, "every step ran in a Celery worker"
    assert {worker.split("@")[0] for worker in workers_by_step.values()} == set(WORKERS), (
        "both workers worked"
    )
    assert extracted and set(extracted.values()) == {0}, "the batches left nothing to extract"
    plain = tmp_path / "plain"
    plain_run(corpus, plain)
    assert published_tables(outputs) == published_tables(plain)
