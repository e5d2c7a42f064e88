"""Find every file under the corpus folder, safely (symlinks leaving the folder are not followed)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})


class CorpusError(Exception):
    """The corpus folder itself is unusable (missing, not a folder, empty)."""


@dataclass(frozen=True)
class CorpusFile:
    path: Path  # absolute path on disk
    source_path: str  # relative to the corpus folder, posix
    problem: tuple[str, str] | None = None  # (reason, detail) when the file must be rejected before reading


def discover(corpus_dir: Path) -> list[CorpusFile]:
    """All files under `corpus_dir`, sorted by relative path. Raises CorpusError for a missing or empty folder."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        raise CorpusError(
            f"Corpus folder {corpus_dir} does not exist. Put articles there or set GEOEVENTS_CORPUS_DIR."
        )
    if not corpus_dir.is_dir():
        raise CorpusError(f"Corpus path {corpus_dir} is not a folder.")
    root = corpus_dir.resolve()
    files: list[CorpusFile] = []
    for dirpath, dirnames, filenames in os.walk(corpus_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            files.append(_classify(path, path.relative_to(corpus_dir).as_posix(), root))
    if not files:
        raise CorpusError(f"Corpus folder {corpus_dir} contains no files. Add .txt, .md or .html articles.")
    return sorted(files, key=lambda f: f.source_path)


def _classify(path: Path, source_path: str, root: Path) -> CorpusFile:
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return CorpusFile(
                path, source_path, ("symlink_outside_corpus", f"symlink to {target} is not followed")
            )
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        detail = (
            f"extension '{path.suffix or '(none)'}' is not one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
        return CorpusFile(path, source_path, ("unsupported_type", detail))
    return CorpusFile(path, source_path)
