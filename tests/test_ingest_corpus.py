"""Corpus-level ingest: every file ends in exactly one of documents or rejected_files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.ingest.corpus import ingest_corpus
from pipeline.ingest.discover import CorpusError

ARTICLE = (
    "Border Talks Resume\n\nBy Ana Ruiz\n\n"
    "Delegations from the two neighbouring republics met on Monday to resume talks on the disputed river border, "
    "the first such meeting in three years, and agreed to set up a joint technical commission.\n"
)
MAX = 10_000_000


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def test_each_file_is_a_document_or_a_rejection(tmp_path: Path) -> None:
    corpus = _write(
        tmp_path / "corpus",
        {
            "good.txt": ARTICLE.encode(),
            "nested/utf16.md": ARTICLE.replace("Border", "River").encode("utf-16"),
            "good_copy.txt": ARTICLE.encode(),
            "empty.txt": b"",
            "blank.txt": b" \n \n",
            "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
            "broken.txt": codecs.BOM_UTF16_LE + b"a\x00b",
            "furniture.html": b"<html><body><p>Share</p><p>Related Topics</p></body></html>",
            "notes.pdf": b"%PDF-1.4",
        },
    )
    documents, rejections = ingest_corpus(corpus, MAX)
    assert sorted(d.source_path for d in documents) == ["good.txt", "nested/utf16.md"]
    reasons = {r.source_path: r.reason for r in rejections}
    assert reasons == {
        "good_copy.txt": "duplicate_content",
        "empty.txt": "empty_file",
        "blank.txt": "empty_file",
        "image.txt": "binary_file",
        "broken.txt": "undecodable",
        "furniture.html": "only_boilerplate",
        "notes.pdf": "unsupported_type",
    }
    assert all(r.detail for r in rejections)
    assert next(d for d in documents if d.source_path == "nested/utf16.md").encoding == "utf-16"


def test_too_large_files_are_rejected_without_reading(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "corpus", {"big.txt": ARTICLE.encode() * 50, "ok.txt": ARTICLE.encode()})
    documents, rejections = ingest_corpus(corpus, max_bytes=len(ARTICLE) * 2)
    assert [d.source_path for d in documents] == ["ok.txt"]
    assert [(r.source_path, r.reason) for r in rejections] == [("big.txt", "too_large")]


def test_symlink_outside_corpus_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text(ARTICLE)
    corpus = _write(tmp_path / "corpus", {"a.txt": ARTICLE.replace("Monday", "Friday").encode()})
    (corpus / "link.txt").symlink_to(outside)
    documents, rejections = ingest_corpus(corpus, MAX)
    assert [d.source_path for d in documents] == ["a.txt"]
    assert [(r.source_path, r.reason) for r in rejections] == [("link.txt", "symlink_outside_corpus")]


def test_ids_and_metadata_are_stable(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "corpus", {"good.txt": ARTICLE.encode()})
    first, _ = ingest_corpus(corpus, MAX)
    second, _ = ingest_corpus(corpus, MAX)
    assert first == second
    assert first[0].doc_id.startswith("doc_") and first[0].authors == ["Ana Ruiz"]


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p])
def test_missing_or_empty_corpus_is_a_clear_error(tmp_path: Path, make) -> None:
    with pytest.raises(CorpusError, match="orpus folder"):
        ingest_corpus(make(tmp_path), MAX)
