"""Ingest's load cache: unchanged files are not read again, changed ones are, and results never differ."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.ingest import load_cache
from pipeline.ingest.corpus import ingest_corpus

ARTICLE = (
    "Border Talks Resume\n\nBy Ana Ruiz\n\n"
    "Delegations from the two neighbouring republics met on Monday to resume talks on the disputed river border, "
    "the first such meeting in three years, and agreed to set up a joint technical commission.\n"
)
MAX = 10_000_000


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Source paths actually read by ingest (cache misses); files count as settled at once."""
    seen: list[str] = []
    real = load_cache.load_file

    def counting(file, max_bytes):  # type: ignore[no-untyped-def]
        seen.append(file.source_path)
        return real(file, max_bytes)

    monkeypatch.setattr(load_cache, "load_file", counting)
    monkeypatch.setattr(load_cache, "RACY_SECONDS", -10)
    return seen


def test_unchanged_files_come_from_the_cache_with_identical_results(tmp_path: Path, loads: list[str]) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "b.txt").write_text(ARTICLE.replace("Border", "River"), encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    first = ingest_corpus(corpus, MAX, cache)
    assert sorted(loads) == ["a.txt", "b.txt", "empty.txt"]
    loads.clear()
    assert ingest_corpus(corpus, MAX, cache) == first == ingest_corpus(corpus, MAX)
    assert loads == []


def test_a_changed_file_is_read_again(tmp_path: Path, loads: list[str]) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    path = corpus / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest_corpus(corpus, MAX, cache)
    path.write_text(ARTICLE.replace("Monday", "Sunday"), encoding="utf-8")  # same size
    info = os.stat(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    loads.clear()
    documents, _ = ingest_corpus(corpus, MAX, cache)
    assert loads == ["a.txt"] and "Sunday" in documents[0].text
    loads.clear()
    assert ingest_corpus(corpus, MAX, cache)[0] == documents and loads == []
    # another size limit is another key: the file is judged again under it
    assert ingest_corpus(corpus, 100, cache)[1][0].reason == "too_large"


def test_recently_modified_files_are_not_remembered(tmp_path: Path, loads: list[str]) -> None:
    load_cache.RACY_SECONDS = 3600  # restored by the fixture's monkeypatch
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    ingest_corpus(corpus, MAX, cache)
    ingest_corpus(corpus, MAX, cache)
    assert loads == ["a.txt", "a.txt"]
