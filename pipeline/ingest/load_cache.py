"""Remember what each corpus file loaded to, so that an unchanged file is not read, decoded and cleaned again.

One checked JSON entry (pipeline/core/cache_files.py) per corpus file under `<cache>/ingest/<ingest code
hash>/`, holding the file's identity (size, modification and change times in ns, inode, the size limit) and the
resulting document or rejection. A file whose identity differs in any way is loaded again. A file modified in
the last few seconds is not remembered (a second write within the file system's timestamp granularity could
otherwise go unnoticed). An entry that is damaged or not of this shape is logged, removed and loaded again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from dataclasses import asdict, fields
from pathlib import Path

from pipeline.core import cache_files
from pipeline.core.cache_pruning import drop_files_except, drop_other_versions
from pipeline.core.versions import code_hash
from pipeline.ingest.discover import CorpusFile
from pipeline.ingest.load import LoadedDocument, Rejection, load_file

RACY_SECONDS = 3  # files modified more recently than this are loaded but not remembered
KINDS = {"document": LoadedDocument, "rejection": Rejection}


class LoadCache:
    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = Path(directory) / code_hash("ingest")
        self.max_bytes = max_bytes

    def _entry(self, file: CorpusFile) -> Path:
        return self.directory / f"{hashlib.sha256(file.source_path.encode()).hexdigest()[:32]}.json"

    def keep_only(self, files: list[CorpusFile]) -> None:
        """Forget the files no longer in the corpus, and other versions of the ingest code."""
        drop_other_versions(self.directory)
        drop_files_except(self.directory, {self._entry(file).name for file in files})

    def load(self, file: CorpusFile) -> LoadedDocument | Rejection:
        """load_file(file), from the cache when the file is unchanged since it was remembered."""
        if file.problem:
            return load_file(file, self.max_bytes)
        try:
            info = os.stat(file.path)
        except OSError:
            return load_file(file, self.max_bytes)
        if not stat.S_ISREG(info.st_mode):
            return load_file(file, self.max_bytes)
        key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, self.max_bytes]
        entry = self._entry(file)
        remembered = cache_files.read_json(entry, _is_entry)
        if remembered and remembered["key"] == key and remembered["source_path"] == file.source_path:
            return KINDS[remembered["kind"]](**remembered["item"])
        item = load_file(file, self.max_bytes)
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > RACY_SECONDS * 10**9:
            kind = "document" if isinstance(item, LoadedDocument) else "rejection"
            _write(entry, {"source_path": file.source_path, "key": key, "kind": kind, "item": asdict(item)})
        return item


def _is_entry(entry: object) -> bool:
    """Whether `entry` has the shape `load` writes (its item has exactly its kind's fields)."""
    return (
        isinstance(entry, dict)
        and set(entry) == {"source_path", "key", "kind", "item"}
        and entry["kind"] in KINDS
        and isinstance(entry["item"], dict)
        and set(entry["item"]) == {f.name for f in fields(KINDS[entry["kind"]])}
    )


def _write(path: Path, entry: dict) -> None:
    """Remember an entry; a cache that cannot be written (disk full, odd text) only costs speed."""
    with contextlib.suppress(OSError, ValueError):
        cache_files.write_json(path, entry)
