"""Ingest a corpus folder: every file becomes exactly one document or one rejection."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.discover import discover
from pipeline.ingest.load import LoadedDocument, Rejection, deduplicate, load_file

INGEST_VERSION = "ingest/1.0"


def ingest_corpus(corpus_dir: Path, max_bytes: int) -> tuple[list[LoadedDocument], list[Rejection]]:
    """Load every file under `corpus_dir`; raises CorpusError if the folder is missing or empty."""
    loaded = deduplicate([load_file(file, max_bytes) for file in discover(corpus_dir)])
    documents = [item for item in loaded if isinstance(item, LoadedDocument)]
    rejections = [item for item in loaded if isinstance(item, Rejection)]
    return documents, rejections
