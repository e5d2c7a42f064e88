"""Rough edges of #25.8 outside publishing: a lock that is a folder and bad GEOEVENTS_* settings end in one line
and exit status 2 with nothing written; a file that changes while it is read is read again or rejected, never
used torn."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.locks import MUTEX_FILE, OWNER_FILE, OutputsUnusableError, claim_outputs, file_lock
from pipeline.ingest import load
from pipeline.ingest.discover import CorpusFile
from tests.conftest import ROOT
from tests.small_runs import short_article, write_articles


@pytest.mark.parametrize("name", [MUTEX_FILE, OWNER_FILE])
def test_a_lock_or_owner_file_that_is_a_folder_fails_the_run_in_one_line(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, outputs = tmp_path / "corpus", tmp_path / "outputs"
    write_articles(corpus, range(1))
    (outputs / name).mkdir(parents=True)
    assert main(["run", "--corpus", str(corpus), "--outputs", str(outputs)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"error: cannot use {outputs / name} (it is a folder, not a file); remove it or choose another outputs folder\n"
    )
    assert sorted(p.name for p in outputs.iterdir()) == sorted({name, MUTEX_FILE})  # nothing else written


def test_an_outputs_path_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "outputs").write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputsUnusableError, match=r"outputs \(it is a file, not a folder\)"):
        claim_outputs(tmp_path / "outputs", "run-1")
    with pytest.raises(OutputsUnusableError, match=r"\.publish\.lock \(it is a folder"):
        (tmp_path / "out2" / ".publish.lock").mkdir(parents=True)
        with file_lock(tmp_path / "out2" / ".publish.lock", wait=False, busy=RuntimeError):
            pass


@pytest.mark.parametrize(
    "variable, value, expected",
    [
        ("GEOEVENTS_MAX_DOCUMENT_MB", "abc", "valid number"),
        ("GEOEVENTS_MAX_DOCUMENT_MB", "-1", "greater than 0"),
        ("GEOEVENTS_MAX_DOCUMENT_MB", "nan", "finite number"),
        ("GEOEVENTS_N_PROCESS", "two", "valid integer"),
        ("GEOEVENTS_N_PROCESS", "-3", "greater than or equal to 0"),
        ("GEOEVENTS_LOG_LEVEL", "loud", "must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ],
)
def test_a_bad_setting_ends_in_one_line_naming_it(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    corpus, outputs = tmp_path / "corpus", tmp_path / "outputs"
    write_articles(corpus, range(1))
    env = {**os.environ, variable: value, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--outputs", str(outputs)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.startswith(f"error: {variable}={value!r}")
    assert expected in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert not (outputs / ".staging").exists() and not (outputs / "parquet").exists()


def _changing(monkeypatch: pytest.MonkeyPatch, path: Path, times: int) -> None:
    """Append to `path` while the next `times` reads of it are under way."""
    reads = {"n": 0}
    original = load.read_handle

    def read_and_write(handle, limit: int) -> bytes:
        data = original(handle, limit)
        reads["n"] += 1
        if reads["n"] <= times:
            with path.open("a", encoding="utf-8") as other:
                other.write(f"\nA paragraph added while the file was read, number {reads['n']}.\n")
        return data

    monkeypatch.setattr(load, "read_handle", read_and_write)


def test_a_file_that_changes_while_it_is_read_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(short_article(1), encoding="utf-8")
    _changing(monkeypatch, path, times=1)
    loaded = load.load_file(CorpusFile(path, "article.txt"), 10**6)
    assert isinstance(loaded, load.LoadedDocument)
    assert loaded.text.rstrip().endswith(
        "number 1."
    )  # the whole file as it is after the write, not a torn read
    assert loaded.content_sha256 == load.hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_keeps_changing_is_rejected_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(short_article(1), encoding="utf-8")
    _changing(monkeypatch, path, times=load.READ_ATTEMPTS)
    rejected = load.load_file(CorpusFile(path, "article.txt"), 10**6)
    assert isinstance(rejected, load.Rejection) and rejected.reason == "changing_file"
    assert "changed while it was read, 3 times in a row" in rejected.detail
