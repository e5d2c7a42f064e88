"""Crashes, concurrent runs, concurrent readers and schema violations never damage the published outputs.

The publish window is hit deterministically by running the command line through tests/pausing_run.py: given a
gate file, the run creates it once every file of the new release is written and its folder complete, before
the release is made current, then waits until the test deletes it. While it waits the test SIGKILLs the run,
or starts a second run, or reads the current release.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.cli import main as cli_main
from pipeline.execute import PipelineFailedError, RunLockedError, run_pipeline
from pipeline.extract import metrics
from pipeline.publish.releases import RELEASES, abandoned, current_release
from pipeline.resources import PipelineConfig

ROOT = Path(__file__).resolve().parent.parent
WAREHOUSE = "warehouse.duckdb"
ARTICLES = {
    "river.txt": "Border Talks Resume\n\nDelegations from Kazakhstan and Uzbekistan met in Tashkent on Monday to "
    "resume talks on the disputed river border and agreed to set up a joint technical commission.\n",
    "grain.txt": "Grain Deal Signed\n\nTurkey and Ukraine signed a grain agreement in Istanbul on Friday, and "
    "officials said exports could reach 20 million tonnes by the end of 2023 if the ports stay open.\n",
    "gas.txt": "Pipeline Plans\n\nRussia and China agreed in Beijing to study a second gas pipeline, and the "
    "Chinese foreign ministry said trade between the two countries reached US$88.1 billion in 2019.\n",
}
NEW_ARTICLE = (
    "Sanctions Widen\n\nThe European Union imposed new sanctions on Belarus on Tuesday after the disputed election, "
    "and ministers said trade with Minsk had already fallen by 25% in 2020 as the measures took effect.\n"
)


def _config(corpus: Path, outputs: Path) -> PipelineConfig:
    return PipelineConfig(corpus_dir=str(corpus), outputs_dir=str(outputs), gold_dir=str(outputs / "no_gold"))


# evaluation.json is written by the evaluation asset after publishing, from the published tables (not part of
# the release); every other output file is, or is written from the release after it.
NOT_RELEASED = {"evaluation.json"}


def snapshot(outputs: Path) -> dict[str, str]:
    """The current release's name and sha256 of every file a reader sees: the release's files and the report."""
    release = current_release(outputs)
    files = {"release": release.name}
    for path in sorted(release.rglob("*")):
        if path.is_file():
            files[f"current/{path.relative_to(release).as_posix()}"] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    for path in sorted(outputs.iterdir()):
        if (
            path.is_file()
            and not path.is_symlink()
            and not path.name.startswith(".")
            and path.name not in NOT_RELEASED
        ):
            files[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def assert_readable(outputs: Path, n_documents: int) -> None:
    """Every published Parquet file reads, the release validates, and the warehouse opens with the documents."""
    for path in (outputs / "parquet").glob("*.parquet"):
        pl.read_parquet(path)
    assert cli_main(["validate", "--outputs", str(outputs)]) == 0
    con = duckdb.connect(str(outputs / WAREHOUSE), read_only=True)
    try:
        assert con.sql("SELECT count(*) FROM documents").fetchall() == [(n_documents,)]
    finally:
        con.close()


def leftovers(outputs: Path) -> list[str]:
    """Temporary files left in the outputs folder, and releases that runs started but never published."""
    found = [p.name for p in outputs.glob(".*.tmp*")] + [p.name for p in (outputs / RELEASES).glob(".*")]
    return sorted(found + abandoned(outputs))


def start_run(corpus: Path, outputs: Path, log: Path, gate: Path | None = None) -> subprocess.Popen:
    """`python -m pipeline run` in a subprocess (its own session, so stragglers can be cleaned up)."""
    launcher = ["tests.pausing_run", str(gate)] if gate else ["pipeline"]
    command = [sys.executable, "-m", *launcher, "run", "--corpus", str(corpus), "--outputs", str(outputs)]
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_for_gate(process: subprocess.Popen, gate: Path, log: Path, limit_s: float = 300) -> None:
    deadline = time.monotonic() + limit_s
    while not gate.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f"run never reached the publish window (rc={process.poll()}):\n{log.read_text()[-3000:]}"
            )
        time.sleep(0.1)


def end_session(process: subprocess.Popen) -> None:
    """Kill whatever is left of a subprocess's session (Dagster helper processes)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path) -> tuple[Path, Path]:
    """A corpus and the outputs of one successful run on it (copied by each test, never modified)."""
    root = tmp_path_factory.mktemp("baseline")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    run_pipeline(_config(corpus, root / "outputs"))
    return corpus, root / "outputs"


@pytest.fixture
def workspace(baseline: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the baseline outputs and a corpus with one more article (so a new run changes them)."""
    corpus, outputs = baseline
    shutil.copytree(corpus, tmp_path / "corpus")
    (tmp_path / "corpus" / "sanctions.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    shutil.copytree(outputs, tmp_path / "outputs", symlinks=True)  # the release pointer stays a pointer
    return tmp_path / "corpus", tmp_path / "outputs"


def test_sigkill_while_publishing_keeps_previous_outputs_and_next_run_works_beside_a_reader(
    workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#25.2: killed with the new release complete but not yet current (the moment the old journaled renames
    were half-applied). The old release stays current as a whole, `validate` names the unpublished release
    (one line, exit 1) and the next run removes it."""
    corpus, outputs = workspace
    before = snapshot(outputs)
    gate, log = tmp_path / "gate", tmp_path / "killed.log"
    process = start_run(corpus, outputs, log, gate)
    try:
        wait_for_gate(process, gate, log)
        [written] = [p for p in (outputs / RELEASES).iterdir() if p.name > before["release"]]
        assert (written / WAREHOUSE).is_file() and len(list((written / "parquet").glob("*.parquet"))) >= 15
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        end_session(process)
    assert snapshot(outputs) == before
    assert abandoned(outputs) == [written.name]
    capsys.readouterr()
    assert cli_main(["validate", "--outputs", str(outputs)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and f"release {written.name} was never published" in error
    with duckdb.connect(str(outputs / WAREHOUSE), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM documents").fetchall() == [(len(ARTICLES),)]

    reader = duckdb.connect(str(outputs / WAREHOUSE), read_only=True)  # a colleague's open session
    try:
        query = "SELECT doc_id, title FROM documents ORDER BY doc_id"
        seen = reader.sql(query).fetchall()
        run_pipeline(_config(corpus, outputs))  # publishes over the file the reader holds open
        assert reader.sql(query).fetchall() == seen and len(seen) == len(ARTICLES)
    finally:
        reader.close()
    assert_readable(outputs, n_documents=len(ARTICLES) + 1)
    assert leftovers(outputs) == []


def test_second_run_on_the_same_outputs_is_refused_clearly(workspace, tmp_path: Path) -> None:
    corpus, outputs = workspace
    gate, log_a, log_b = tmp_path / "gate", tmp_path / "a.log", tmp_path / "b.log"
    first = start_run(corpus, outputs, log_a, gate)
    try:
        wait_for_gate(first, gate, log_a)
        second = start_run(corpus, outputs, log_b)
        assert second.wait(timeout=300) == 1, log_b.read_text()[-3000:]
        message = log_b.read_text()
        assert f"another pipeline run (pid {first.pid} on " in message
        assert f"is using the outputs folder {outputs}" in message
        with pytest.raises(RunLockedError, match="another pipeline run"):
            run_pipeline(_config(corpus, outputs))
        gate.unlink()
        assert first.wait(timeout=300) == 0, log_a.read_text()[-3000:]
    finally:
        end_session(first)
    assert_readable(outputs, n_documents=len(ARTICLES) + 1)
    assert leftovers(outputs) == []


def test_schema_violation_fails_the_asset_with_a_report_and_publishes_nothing(workspace, monkeypatch) -> None:
    corpus, outputs = workspace
    before = snapshot(outputs)
    original = metrics.extract_metrics
    injected: list[str] = []

    def corrupt(ctx):
        found, about = original(ctx)
        if found:
            found[0] = dataclasses.replace(found[0], status="rumoured")
            injected.append(found[0].metric_id)
        return found, about

    monkeypatch.setattr(metrics, "extract_metrics", corrupt)
    with pytest.raises(PipelineFailedError) as failure:
        run_pipeline(_config(corpus, outputs))
    assert injected, "the new article should have produced a metric to corrupt"
    message = str(failure.value)
    assert "Table 'metrics' failed schema validation" in message
    assert "status" in message and "isin" in message and "rumoured" in message
    assert snapshot(outputs) == before
    assert_readable(outputs, n_documents=len(ARTICLES))
