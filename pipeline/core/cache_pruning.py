"""Keep the caches as large as the corpus: a run that sees the whole corpus drops the folders of older code,
knowledge or model versions (all but the few used last) and the entries of documents that are gone (or whose
key changed).

Only whole-corpus runs prune (partition runs see one batch). A file being written by another process has a
hidden temporary name and is never touched; a folder removed under another process is simply recomputed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection
from pathlib import Path

KEEP_VERSIONS = 3  # per stage: the current version and the two used most recently before it


def drop_other_versions(current: Path, keep: int = KEEP_VERSIONS) -> None:
    """Mark `current` as just used and remove its sibling folders (caches of other versions of the same stage)
    except the `keep - 1` used most recently: switching an extractor back and forth stays cheap."""
    if not current.is_dir():
        return
    os.utime(current)
    others = [f for f in current.parent.iterdir() if f.is_dir() and f.name != current.name]
    for folder in sorted(others, key=lambda f: f.stat().st_mtime_ns, reverse=True)[keep - 1 :]:
        shutil.rmtree(folder, ignore_errors=True)


def drop_files_except(folder: Path, keep: Collection[str]) -> int:
    """Remove the files directly in `folder` whose name is not in `keep` (hidden temporary files and
    sub-folders stay); returns how many were removed."""
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if path.name not in keep and not path.name.startswith(".") and path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
