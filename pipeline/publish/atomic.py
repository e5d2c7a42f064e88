"""A release of many files: `atomic_batch` writes every file beside its target first and renames them all only
once every one is written, so a crash while writing leaves every old file in place. The renames are recorded
in a journal first; if the process dies between two renames, `recover_interrupted` (run by the next publisher)
finishes them, so a release never stays half-applied.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.core.files import TMP_NAME, fsync, remove_file, temporary_path, write_atomic
from pipeline.core.locks import process_alive

JOURNAL = ".publish.journal.json"


class AtomicBatch:
    """New versions of several files under `root`, written now and moved into place together by `commit`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending: list[tuple[Path, Path]] = []  # (temporary, target)

    def write(self, target: Path, write: Callable[[Path], None]) -> None:
        """Call `write(tmp_path)` for a new version of `target`; `target` itself is not touched yet."""
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_path(target)
        remove_file(tmp)
        self.pending.append((tmp, target))
        write(tmp)
        fsync(tmp)

    def commit(self) -> None:
        """Journal the renames, apply them, then drop the journal."""
        journal = self.root / JOURNAL
        moves = [
            [str(tmp.relative_to(self.root)), str(target.relative_to(self.root))]
            for tmp, target in self.pending
        ]
        write_atomic(journal, lambda tmp: tmp.write_text(json.dumps(moves), encoding="utf-8"))
        _apply(self.root, moves)
        journal.unlink()
        fsync(self.root)

    def discard(self) -> None:
        for tmp, _ in self.pending:
            remove_file(tmp)


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
            match = TMP_NAME.match(leftover.name)
            if match and not process_alive(int(match.group(1))):
                remove_file(leftover)
    return recovered


def _apply(root: Path, moves: list[list[str]]) -> None:
    for tmp, target in moves:
        if (root / tmp).exists():
            os.replace(root / tmp, root / target)
    for folder in {(root / target).parent for _, target in moves}:
        fsync(folder)
