"""Atomic file replacement: write next to the target, fsync, then rename over it.

A reader never sees a half-written file, and a reader holding the old file open keeps reading the old
contents. Temporary files are hidden (`.name.<pid>.tmp`), so a crash leaves nothing a user would take for
output, and the pid tells a later run whether their writer is still alive.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

TMP_NAME = re.compile(r"^\..+\.(\d+)\.tmp$")


def temporary_path(target: Path) -> Path:
    """The hidden temporary name a new version of `target` is written to (unique per process)."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def atomic_path(target: Path, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one rename (flushed to disk
    first unless not `durable`: a cache entry may be lost in a power cut, never half-written).

    On any error (a full disk included) the temporary file is removed and `target` is untouched.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(target)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        if durable:
            fsync(tmp)
        os.replace(tmp, target)
        if durable:
            fsync(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(target: Path, write: Callable[[Path], None], durable: bool = True) -> None:
    """Call `write(tmp_path)` and atomically move the result onto `target`."""
    with atomic_path(target, durable) as tmp:
        write(tmp)


class NotWritableError(OSError):
    """A folder the pipeline must write into cannot be written (read-only, no permission, not a folder)."""


def ensure_writable(folder: Path) -> None:
    """Create `folder` if needed and check that a file can be created in it; NotWritableError otherwise."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = temporary_path(folder / ".write-probe")
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise NotWritableError(f"cannot write to {folder}: {exc.strerror or exc}") from None


def remove_file(path: Path) -> None:
    """Remove a file and the write-ahead log DuckDB may have left beside it."""
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


def fsync(path: Path) -> None:
    """Flush a file or a folder (its entries) to disk; a file system that cannot is left alone."""
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
