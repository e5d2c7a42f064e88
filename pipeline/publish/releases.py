"""The release layout of an outputs folder: every release is a complete folder, made current by one rename.

    outputs/
      releases/<release_id>/parquet/*.parquet, parquet/datapackage.json, warehouse.duckdb, data_dictionary.md
      current -> releases/<release_id>              the one pointer, replaced by one atomic rename
      parquet -> current/parquet                    the documented paths: fixed symlinks through `current`
      warehouse.duckdb -> current/warehouse.duckdb
      data_dictionary.md -> current/data_dictionary.md

A release is written in `releases/.pending-<pid>-<release_id>/`, renamed to `releases/<release_id>/` once
complete, and published by replacing the symlink `current` (`os.replace`, atomic on POSIX). A file is never
changed once its release is complete, so a reader never sees a file replaced under it, and a crash at any
moment leaves either the old or the new release current, never a mix: there is nothing to recover. The last
KEEP_RELEASES releases are kept, so a reader that resolved an older one can still open its files.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline.core.files import fsync, remove_file
from pipeline.core.locks import CURRENT, RELEASES, process_alive

DOCUMENTED = ("parquet", "warehouse.duckdb", "data_dictionary.md")  # outputs/<name> -> current/<name>
LEGACY = "0-legacy"  # the release a folder published before releases existed becomes (sorts oldest)
KEEP_RELEASES = 3
PENDING = re.compile(r"^\.pending-(\d+)-(.+)$")


class ReleaseError(Exception):
    """The outputs folder holds no usable release (none published, a broken pointer, or a file missing)."""


def current_release(outputs: Path) -> Path:
    """The folder of the current release, resolved once: read every file of one release from it, and no later
    release can mix in. A folder published before releases existed (real `parquet/`) is its own release."""
    pointer = outputs / CURRENT
    if pointer.is_symlink():
        release = outputs / os.readlink(pointer)
        if not release.is_dir():
            raise ReleaseError(f"{pointer} points to {release}, which does not exist")
        return release
    if (outputs / "parquet").is_dir() and not (outputs / "parquet").is_symlink():
        return outputs
    raise ReleaseError(
        f"no published release in {outputs}; run `python -m pipeline run` first or pass --outputs"
    )


def release_id() -> str:
    """A new release id: the UTC time to the microsecond (ids sort in publication order)."""
    now = time.time()
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f"{int(now % 1 * 1e6):06d}Z"


@contextlib.contextmanager
def new_release(outputs: Path, keep: int = KEEP_RELEASES) -> Iterator[Path]:
    """A fresh pending release folder to write every file of the release into; when the block succeeds it is
    published (renamed, then made current by one atomic rename) and releases beyond the last `keep` are
    removed; when it raises it is removed and the current release stays as it was. Hold the publish lock."""
    folder = outputs / RELEASES
    folder.mkdir(parents=True, exist_ok=True)
    remove_abandoned(outputs)
    adopt_copy(outputs)
    adopt_legacy(outputs)
    rid = release_id()
    pending = folder / f".pending-{os.getpid()}-{rid}"
    pending.mkdir()
    try:
        yield pending
        for path in sorted(pending.rglob("*"), reverse=True):
            fsync(path)
        fsync(pending)
        final = folder / rid
        os.rename(pending, final)
        fsync(folder)
    except BaseException:
        shutil.rmtree(pending, ignore_errors=True)
        raise
    point_to(outputs, final)
    prune(outputs, keep)


def point_to(outputs: Path, release: Path) -> None:
    """Make `release` current (one atomic rename of the `current` symlink), then make sure the documented
    paths lead through `current`."""
    link = outputs / f".{CURRENT}.{os.getpid()}.tmp"
    link.unlink(missing_ok=True)
    link.symlink_to(release.relative_to(outputs))
    os.replace(link, outputs / CURRENT)
    fsync(outputs)
    for name in DOCUMENTED:
        path = outputs / name
        if not path.is_symlink():
            tmp = outputs / f".{name}.{os.getpid()}.tmp"
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(Path(CURRENT) / name)
            os.replace(tmp, path)
    fsync(outputs)


def adopt_copy(outputs: Path) -> None:
    """An outputs folder copied without its links (`cp -r`, some sync tools): `current` and the documented paths
    are real copies of one release. `current` becomes a release again, the copies beside it are removed and the
    links restored."""
    pointer = outputs / CURRENT
    if pointer.is_symlink() or not pointer.is_dir():
        return
    release = outputs / RELEASES / release_id()
    os.rename(pointer, release)
    fsync(release.parent)
    for name in DOCUMENTED:
        path = outputs / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.is_file() and not path.is_symlink():
            remove_file(path)
    point_to(outputs, release)


def adopt_legacy(outputs: Path) -> None:
    """An outputs folder published before releases existed: its files become the release `legacy` (each moved
    with one rename), so the documented paths can become symlinks. Idempotent if interrupted."""
    found = [name for name in DOCUMENTED if (outputs / name).exists() and not (outputs / name).is_symlink()]
    if not found or (outputs / CURRENT).is_symlink():
        return
    legacy = outputs / RELEASES / LEGACY
    legacy.mkdir(parents=True, exist_ok=True)
    for name in found:
        os.rename(outputs / name, legacy / name)
    fsync(legacy)
    point_to(outputs, legacy)


def releases(outputs: Path) -> list[Path]:
    """Complete releases, oldest first."""
    folder = outputs / RELEASES
    return (
        sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
        if folder.is_dir()
        else []
    )


def prune(outputs: Path, keep: int) -> None:
    """Remove complete releases beyond the newest `keep` (at least 1; never the current one)."""
    current = current_release(outputs).resolve()
    for old in releases(outputs)[: -max(keep, 1)]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def abandoned(outputs: Path) -> list[str]:
    """Releases that were never published: pending folders whose writer died, and complete releases newer than
    the current one (the run died between finishing a release and publishing it)."""
    folder = outputs / RELEASES
    if not folder.is_dir():
        return []
    found = [
        p.name
        for p in sorted(folder.iterdir())
        if (match := PENDING.match(p.name)) and not process_alive(int(match.group(1)))
    ]
    with contextlib.suppress(ReleaseError):
        current = current_release(outputs)
        found += [p.name for p in releases(outputs) if p.name > current.name]
    return found


def remove_abandoned(outputs: Path) -> None:
    """Remove what runs that died left in `releases/` (hold the publish lock)."""
    for name in abandoned(outputs):
        shutil.rmtree(outputs / RELEASES / name, ignore_errors=True)
