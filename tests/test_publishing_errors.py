"""#25.8, publishing's rough edges: a read-only outputs folder, a full disk and garbage Parquet end in one line
and a non-zero exit, with nothing half-written left behind and the current release untouched."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.publish.releases import RELEASES, current_release
from tests import small_runs

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m pipeline ARGS` as a user runs it (piped output)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    """The error line the command ended with; it must be a single line and no traceback of ours."""
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: "), done.stderr[-2000:]
    assert "Traceback (most recent call last)" not in done.stderr.split("error: ")[-1]
    return last


@contextlib.contextmanager
def tmpfs(path: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    """A small file system of its own at `path` (skips the test where mounting is not allowed)."""
    path.mkdir()
    options = f"size={size}" + (",ro" if read_only else "")
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    ).returncode:
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def leftovers(folder: Path) -> list[str]:
    """Temporary files anywhere under `folder` (caches included) and unpublished release folders."""
    found = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if ".tmp" in p.name]
    found += [p.name for p in (folder / RELEASES).glob(".*")] if (folder / RELEASES).is_dir() else []
    return found


def release_digest(outputs: Path) -> dict[str, str]:
    release = current_release(outputs)
    return {
        p.relative_to(outputs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(release.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    small_runs.write_articles(folder, range(3))
    return folder


def test_a_read_only_outputs_folder_is_one_line_and_exit_2(corpus: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        context = tmpfs(tmp_path / "ro", "1m", read_only=True)
    else:
        (tmp_path / "ro").mkdir(mode=0o555)
        context = contextlib.nullcontext(tmp_path / "ro")
    with context as outputs:
        done = cli("run", "--corpus", str(corpus), "--outputs", str(outputs))
    assert done.returncode == 2
    assert (
        one_line_error(done) == f"error: cannot write to {outputs}: Read-only file system"
        or "Permission" in done.stderr
    )


def test_a_1_mb_disk_ends_in_one_line_and_leaves_no_temporary_file(corpus: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "tiny", "1m") as outputs:
        done = cli("run", "--corpus", str(corpus), "--outputs", str(outputs))
        assert done.returncode == 1
        assert "No space left on device" in one_line_error(done) and "the disk is full" in done.stderr
        assert leftovers(outputs) == []
        assert not (outputs / "current").exists()


def test_a_disk_that_fills_up_keeps_the_current_release(corpus: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "96m") as outputs:
        assert cli("run", "--corpus", str(corpus), "--outputs", str(outputs)).returncode == 0
        before = release_digest(outputs)
        shutil.copytree(corpus, tmp_path / "more")
        (tmp_path / "more" / "article_9.txt").write_text(small_runs.short_article(9), encoding="utf-8")
        free = shutil.disk_usage(outputs).free
        (outputs / "ballast").write_bytes(b"\0" * (free - 512 * 1024))  # leave half a megabyte
        done = cli("run", "--corpus", str(tmp_path / "more"), "--outputs", str(outputs))
        assert done.returncode == 1 and "No space left on device" in one_line_error(done)
        assert release_digest(outputs) == before
        assert leftovers(outputs) == []
        (outputs / "ballast").unlink()
        assert cli("validate", "--outputs", str(outputs)).returncode == 0


def test_garbage_parquet_is_one_line_for_validate_and_report(published: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "out"
    shutil.copytree(published, outputs, symlinks=True, ignore=shutil.ignore_patterns(".cache", ".staging"))
    events = current_release(outputs) / "parquet" / "events.parquet"
    events.unlink()  # the copy's own file (releases are never modified in place; this simulates damage)
    events.write_bytes(b"PAR1 this is not a parquet file PAR1")
    report = outputs / "evidence_report.html"
    before = report.read_bytes()

    done = cli("validate", "--outputs", str(outputs))
    assert done.returncode == 1
    assert (
        "table events of the release" in one_line_error(done) and "not a readable Parquet file" in done.stderr
    )
    assert "INVALID  table events" in done.stdout

    done = cli("report", "--outputs", str(outputs))
    assert done.returncode == 2
    assert "table events of the release" in one_line_error(done)
    assert report.read_bytes() == before and leftovers(outputs) == []
