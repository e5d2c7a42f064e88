"""Find every file under the corpus folder, safely (symlinks leaving the folder are not followed).

Hostile folders never stop discovery: symlink loops, symlinked folders, folders that cannot be listed and file
names that are not valid UTF-8 all become entries with a `problem` (a rejected_files reason) instead of errors.
Hidden entries (name starting with '.', such as .git/ or .DS_Store) and the corpus manifest are skipped by
design, and so is a pipeline outputs folder inside the corpus (the configured one, or any folder holding a
run's lock files or a release layout: pipeline/core/locks.py `outputs_marker`), so that a run never reads its
own or another run's outputs as articles.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.locks import outputs_marker

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")  # the corpus manifest (pipeline/ingest/manifest.py)


class CorpusError(Exception):
    """The corpus folder itself is unusable (missing, not a folder, empty)."""


@dataclass(frozen=True)
class CorpusFile:
    path: Path  # absolute path on disk
    source_path: str  # relative to the corpus folder, posix
    problem: tuple[str, str] | None = None  # (reason, detail) when the file must be rejected before reading


def discover(corpus_dir: Path, outputs: Iterable[Path] = ()) -> list[CorpusFile]:
    """All files under `corpus_dir`, sorted by relative path, outside the outputs folders (`outputs` and any
    folder that `outputs_marker` recognises). Raises CorpusError for a missing or empty folder, or a corpus
    folder that is an outputs folder."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        raise CorpusError(
            f"Corpus folder {corpus_dir} does not exist. Put articles there or set GEOEVENTS_CORPUS_DIR."
        )
    if not corpus_dir.is_dir():
        raise CorpusError(f"Corpus path {corpus_dir} is not a folder.")
    root = corpus_dir.resolve()
    excluded = {Path(folder).resolve() for folder in outputs}
    if root in excluded or (marker := outputs_marker(corpus_dir)):
        why = "is the outputs folder" if root in excluded else f"holds pipeline outputs ({marker})"
        raise CorpusError(f"Corpus folder {corpus_dir} {why}; keep articles and outputs in separate folders.")
    files: list[CorpusFile] = []

    def unlistable(error: OSError) -> None:
        path = Path(error.filename)
        if path != corpus_dir:
            detail = f"folder cannot be listed ({error.strerror or error}); its files were not read"
            files.append(CorpusFile(path, _relative(path, corpus_dir), ("unreadable", detail)))

    for dirpath, dirnames, filenames in os.walk(corpus_dir, onerror=unlistable, followlinks=False):
        folder = Path(dirpath)
        linked = [d for d in dirnames if not d.startswith(".") and (folder / d).is_symlink()]
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in linked and not _is_outputs(folder / d, excluded)
        )
        for name in sorted(filenames) + linked:
            if name.startswith(".") or (folder == corpus_dir and name in MANIFEST_NAMES):
                continue  # hidden files, and the manifest (metadata, not an article)
            path = folder / name
            files.append(_classify(path, _relative(path, corpus_dir), root))
    if not files:
        raise CorpusError(f"Corpus folder {corpus_dir} contains no files. Add .txt, .md or .html articles.")
    return sorted(files, key=lambda f: f.source_path)


def _is_outputs(folder: Path, excluded: set[Path]) -> bool:
    return outputs_marker(folder) is not None or (bool(excluded) and folder.resolve() in excluded)


def _relative(path: Path, corpus_dir: Path) -> str:
    """Posix path relative to the corpus; bytes that are not UTF-8 are shown as \\xNN (tables hold UTF-8)."""
    relative = path.relative_to(corpus_dir).as_posix()
    return relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _classify(path: Path, source_path: str, root: Path) -> CorpusFile:
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a loop (RuntimeError before Python 3.13) or a dangling link
            return CorpusFile(path, source_path, ("unreadable", f"symlink cannot be resolved: {exc}"))
        if not target.is_relative_to(root):
            return CorpusFile(
                path, source_path, ("symlink_outside_corpus", f"symlink to {target} is not followed")
            )
        if target.is_dir():
            detail = f"symlink to the folder {target.relative_to(root).as_posix() or '.'} inside the corpus is not followed; its files are read where they are"
            return CorpusFile(path, source_path, ("unsupported_type", detail))
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        detail = (
            f"extension '{path.suffix or '(none)'}' is not one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        )
        return CorpusFile(path, source_path, ("unsupported_type", detail))
    return CorpusFile(path, source_path)
