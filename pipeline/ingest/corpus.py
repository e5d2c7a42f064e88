"""Ingest a corpus folder: every file becomes exactly one document or one rejection."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.discover import discover
from pipeline.ingest.load import LoadedDocument, Rejection, deduplicate, load_file
from pipeline.ingest.load_cache import LoadCache

INGEST_VERSION = "ingest/1.0"


def ingest_corpus(
    corpus_dir: Path, max_bytes: int, cache_dir: Path | None = None
) -> tuple[list[LoadedDocument], list[Rejection]]:
    """Load every file under `corpus_dir`; raises CorpusError if the folder is missing or empty.

    With `cache_dir`, files unchanged since an earlier run are not read again (pipeline/ingest/load_cache.py).
    """
    files = discover(corpus_dir)
    if cache_dir is None:
        loaded = [load_file(file, max_bytes) for file in files]
    else:
        cache = LoadCache(cache_dir, max_bytes)
        loaded = [cache.load(file) for file in files]
        cache.keep_only(files)
    loaded = deduplicate(loaded)
    documents = [item for item in loaded if isinstance(item, LoadedDocument)]
    rejections = [item for item in loaded if isinstance(item, Rejection)]
    return documents, rejections
