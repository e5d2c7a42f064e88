"""Atomic file replacement: write next to the target, fsync, then rename over it.

One file: `atomic_path` / `write_atomic`. A release of many files: `atomic_batch` writes every file beside its
target first and renames them all only once every one is written, so a crash while writing leaves every old
file in place. The renames are recorded in a journal first; if the process dies between two renames,
`recover_interrupted` (run by the next publisher) finishes them, so a release never stays half-applied.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.core.locks import process_alive

JOURNAL = ".publish.journal.json"
# Test hook (documented in tests/test_reliability_crash.py): when set to a file path, a commit creates that file
# once every new file is written and none is renamed yet, then waits until the file is removed (at most
# PAUSE_LIMIT_S). Tests use the pause to SIGKILL a run, or start a second one, inside the publish window.
PAUSE_ENV = "GEOEVENTS_TEST_PAUSE_BEFORE_RENAME"
PAUSE_LIMIT_S = 120.0
_TMP_NAME = re.compile(r"^\..+\.(\d+)\.tmp$")


def temporary_path(target: Path) -> Path:
    """The hidden temporary name a new version of `target` is written to (unique per process)."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one rename.

    On any error the temporary file is removed and `target` is untouched, so readers never see a half-written
    file, and a reader holding the old file open keeps reading the old contents.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(target)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp_path)` and atomically move the result onto `target`."""
    with atomic_path(target) as tmp:
        write(tmp)


class AtomicBatch:
    """New versions of several files under `root`, written now and moved into place together by `commit`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending: list[tuple[Path, Path]] = []  # (temporary, target)

    def write(self, target: Path, write: Callable[[Path], None]) -> None:
        """Call `write(tmp_path)` for a new version of `target`; `target` itself is not touched yet."""
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_path(target)
        _remove(tmp)
        self.pending.append((tmp, target))
        write(tmp)
        _fsync(tmp)

    def commit(self) -> None:
        """Journal the renames, apply them, then drop the journal."""
        pause_before_rename()
        journal = self.root / JOURNAL
        moves = [
            [str(tmp.relative_to(self.root)), str(target.relative_to(self.root))]
            for tmp, target in self.pending
        ]
        write_atomic(journal, lambda tmp: tmp.write_text(json.dumps(moves), encoding="utf-8"))
        _apply(self.root, moves)
        journal.unlink()
        _fsync(self.root)

    def discard(self) -> None:
        for tmp, _ in self.pending:
            _remove(tmp)


@contextlib.contextmanager
def atomic_batch(root: Path) -> Iterator[AtomicBatch]:
    """An AtomicBatch committed when the block succeeds and discarded (targets untouched) when it raises."""
    batch = AtomicBatch(root)
    try:
        yield batch
    except BaseException:
        batch.discard()
        raise
    batch.commit()


def recover_interrupted(root: Path, folders: tuple[Path, ...] = ()) -> bool:
    """Finish the renames of a commit that died half-way, then remove the temporary files that processes no
    longer alive left in `folders` (a run killed while writing). Call only while holding the publish lock.

    Returns True when an interrupted commit was completed.
    """
    journal = root / JOURNAL
    recovered = journal.exists()
    if recovered:
        _apply(root, json.loads(journal.read_text(encoding="utf-8")))
        journal.unlink()
    for folder in folders:
        for leftover in folder.glob(".*.tmp"):
            match = _TMP_NAME.match(leftover.name)
            if match and not process_alive(int(match.group(1))):
                _remove(leftover)
    return recovered


def pause_before_rename() -> None:
    """The test hook described at PAUSE_ENV; does nothing unless that variable is set."""
    gate = os.environ.get(PAUSE_ENV)
    if not gate:
        return
    Path(gate).write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + PAUSE_LIMIT_S
    while Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _apply(root: Path, moves: list[list[str]]) -> None:
    for tmp, target in moves:
        if (root / tmp).exists():
            os.replace(root / tmp, root / target)
    for folder in {(root / target).parent for _, target in moves}:
        _fsync(folder)


def _remove(path: Path) -> None:
    """Remove a file and the write-ahead log DuckDB may have left beside it."""
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
