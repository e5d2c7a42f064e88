"""Read one corpus file into a document row, or explain why it is rejected."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pipeline.extract.types import stable_id
from pipeline.ingest.clean import clean
from pipeline.ingest.decode import DecodeError, decode
from pipeline.ingest.discover import CorpusFile

MIN_WORDS = 20


@dataclass(frozen=True)
class Rejection:
    source_path: str
    reason: str
    detail: str


@dataclass(frozen=True)
class LoadedDocument:
    doc_id: str
    source_path: str
    content_sha256: str
    encoding: str
    title: str | None
    authors: list[str]
    published_date: str | None
    published_precision: str | None
    n_words: int
    n_chars_removed: int
    text: str


def load_file(file: CorpusFile, max_bytes: int) -> LoadedDocument | Rejection:
    """Decode, clean and describe one file. Never raises for bad content: returns a Rejection instead."""
    if file.problem:
        return Rejection(file.source_path, *file.problem)
    try:
        size = file.path.stat().st_size
        if size > max_bytes:
            return Rejection(
                file.source_path, "too_large", f"{size} bytes exceeds the limit of {max_bytes} bytes"
            )
        data = file.path.read_bytes()
    except OSError as exc:
        return Rejection(file.source_path, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        return Rejection(file.source_path, exc.reason, exc.detail)
    cleaned = clean(text, is_html=file.path.suffix.lower() in {".html", ".htm"})
    n_words = len(cleaned.text.split())
    if n_words < MIN_WORDS:
        detail = (
            f"only {n_words} words of article text remain after removing boilerplate (minimum {MIN_WORDS})"
        )
        return Rejection(file.source_path, "only_boilerplate" if text.strip() else "empty_file", detail)
    sha = hashlib.sha256(data).hexdigest()
    meta = cleaned.metadata
    return LoadedDocument(
        doc_id=stable_id("doc", hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()),
        source_path=file.source_path,
        content_sha256=sha,
        encoding=encoding,
        title=meta.title,
        authors=list(meta.authors),
        published_date=meta.published_date,
        published_precision=meta.published_precision,
        n_words=n_words,
        n_chars_removed=cleaned.chars_removed,
        text=cleaned.text,
    )


def deduplicate(loaded: list[LoadedDocument | Rejection]) -> list[LoadedDocument | Rejection]:
    """Keep the first (by path) of documents with identical cleaned text; reject the others as duplicates."""
    first_path: dict[str, str] = {}
    result: list[LoadedDocument | Rejection] = []
    for item in sorted(loaded, key=lambda x: x.source_path):
        if isinstance(item, LoadedDocument):
            if item.doc_id in first_path:
                detail = f"same article text as {first_path[item.doc_id]}"
                item = Rejection(item.source_path, "duplicate_content", detail)
            else:
                first_path[item.doc_id] = item.source_path
        result.append(item)
    return result
