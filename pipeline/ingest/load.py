"""Read one corpus file into a document row, or explain why it is rejected."""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.core.model import stable_id
from pipeline.ingest.clean import clean
from pipeline.ingest.decode import DecodeError, decode
from pipeline.ingest.discover import CorpusFile
from pipeline.ingest.document_meta import NONE
from pipeline.ingest.front_matter import FrontMatterError
from pipeline.ingest.language import ENGLISH, detect_language

MIN_WORDS = 20
READ_ATTEMPTS = 3  # reads of a file that changes while it is read, before it is rejected


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
    published_source: str
    source: str | None
    url: str | None
    language: str
    n_words: int
    n_chars_removed: int
    text: str


class FileRejected(Exception):
    """The file must not be read (not a regular file, too large); `reason` is a rejected_files code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, checked before reading anything, as they were at
    one moment.

    A FIFO, socket or device is refused before it is opened (opening a FIFO would block forever); the size is
    checked again on the open handle and at most `max_bytes + 1` bytes are read, so a file that grows after
    the check is still refused without being loaded whole. A file that changes while it is read (its size,
    modification or change time, or the file at its path, differ before and after) is read again, up to
    READ_ATTEMPTS times, then rejected as `changing_file`: a torn read is never used.
    """
    for _ in range(READ_ATTEMPTS):
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise FileRejected("unreadable", f"not a regular file (mode {stat.filemode(before.st_mode)})")
        _check_size(before.st_size, max_bytes)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise FileRejected("unreadable", "file was replaced by something that is not a regular file")
            _check_size(opened.st_size, max_bytes)
            data = read_handle(handle, max_bytes + 1)
            read = os.fstat(handle.fileno())
        _check_size(len(data), max_bytes)
        unchanged = len({_version(info) for info in (before, opened, read, os.stat(path))}) == 1
        if unchanged and len(data) == read.st_size:
            return data
    raise FileRejected(
        "changing_file",
        f"the file changed while it was read, {READ_ATTEMPTS} times in a row; the next run reads it again",
    )


def read_handle(handle: BinaryIO, limit: int) -> bytes:
    """At most `limit` bytes from `handle` (a seam for tests that change a file while it is read)."""
    return handle.read(limit)


def _version(info: os.stat_result) -> tuple[int, ...]:
    """What changes when a file is written or another file takes its path."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise FileRejected("too_large", f"{size} bytes exceeds the limit of {max_bytes} bytes")


def load_file(file: CorpusFile, max_bytes: int) -> LoadedDocument | Rejection:
    """Decode, clean and describe one file. Never raises for bad content: returns a Rejection instead."""
    if file.problem:
        return Rejection(file.source_path, *file.problem)
    try:
        data = read_bounded(file.path, max_bytes)
    except FileRejected as exc:
        return Rejection(file.source_path, exc.reason, exc.detail)
    except OSError as exc:
        return Rejection(file.source_path, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        return Rejection(file.source_path, exc.reason, exc.detail)
    try:
        cleaned = clean(text, is_html=file.path.suffix.lower() in {".html", ".htm"})
    except FrontMatterError as exc:
        return Rejection(file.source_path, "bad_metadata", str(exc))
    n_words = len(cleaned.text.split())
    if n_words < MIN_WORDS:
        detail = (
            f"only {n_words} words of article text remain after removing boilerplate (minimum {MIN_WORDS})"
        )
        return Rejection(file.source_path, "only_boilerplate" if _visible(text) else "empty_file", detail)
    meta = cleaned.metadata
    language, probability = detect_language(cleaned.text)
    if language != ENGLISH:
        detail = f"written in '{language}' (probability {probability:.2f}); the extractors read English only"
        return Rejection(file.source_path, "not_english", detail)
    sha = hashlib.sha256(data).hexdigest()
    return LoadedDocument(
        doc_id=stable_id("doc", hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()),
        source_path=file.source_path,
        content_sha256=sha,
        encoding=encoding,
        title=meta.title,
        authors=list(meta.authors),
        published_date=meta.published_date,
        published_precision=meta.published_precision,
        published_source=meta.published_source or NONE,
        source=meta.source,
        url=meta.url,
        language=ENGLISH,
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


def _visible(text: str) -> bool:
    """Whether `text` has a character that shows: not whitespace, not zero-width/format (ZWSP, ZWJ, marks)."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)
