"""Memory that does not grow with the corpus: freed pages go back to the OS between steps, parsing holds only a
window of documents' sentences at a time, and validation does not copy a table that is already in order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from pipeline.core.model import Sentence
from pipeline.core.tables import in_order
from pipeline.nlp import cache as parse_cache

FRAGMENTED_HEAP = """
from pathlib import Path
from pipeline.core.memory import release_freed_memory
def rss(): return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20
blocks = [bytes(2000) + i.to_bytes(4, "little") for i in range(150_000)]  # ~300 MB of malloc'd objects
kept = blocks[::100]  # one in a hundred stays alive, so the heap cannot simply shrink from its top
del blocks
before = rss()
release_freed_memory()
print(before - rss())
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads resident memory from /proc (Linux)")
def test_freed_heap_pages_go_back_to_the_os() -> None:
    done = subprocess.run([sys.executable, "-c", FRAGMENTED_HEAP], capture_output=True, text=True, check=True)
    assert float(done.stdout) > 150, done.stdout  # MB handed back


class RecordingPool:
    """Stands in for WorkerPool: records each map call and "parses" every document into one sentence."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], int]] = []

    def map(self, func, batches, n_items, describe):
        batches = list(batches)
        self.calls.append(([doc_id for batch in batches for doc_id, _ in batch], n_items))
        for batch in batches:
            for doc_id, text in batch:
                yield doc_id, [Sentence(f"{doc_id}-s0", 0, 0, len(text), text)], True


def test_sentences_are_parsed_and_handed_on_a_window_at_a_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parse_cache, "STREAM_DOCS", 2)
    items = [(f"doc{i}", f"Text number {i}.") for i in range(5)]
    pool = RecordingPool()
    stream = parse_cache.ParseCache(tmp_path).sentences_all(items, pool)  # type: ignore[arg-type]
    first = next(stream)
    assert first[0] == "doc0" and first[2] is True
    assert pool.calls == [(["doc0", "doc1"], 5)]  # only the first window so far; the pool is sized for all 5
    rest = list(stream)
    assert [doc_id for doc_id, _, _ in [first, *rest]] == [doc_id for doc_id, _ in items]
    assert [ids for ids, _ in pool.calls] == [["doc0", "doc1"], ["doc2", "doc3"], ["doc4"]]


def test_rows_are_sorted_as_before_and_rows_already_in_order_are_not_copied() -> None:
    df = pl.DataFrame(
        {"doc_id": ["b", "a", None, "a", "b"], "char_start": [3, 9, 1, 2, 3], "tag": ["p", "q", "r", "s", "t"]}
    )
    by = ["doc_id", "char_start"]
    expected = df.sort(by, nulls_last=True, maintain_order=True)
    assert in_order(df, by).equals(expected)  # ties ("b", 3) keep their order, the null goes last
    assert in_order(expected, by) is expected
    chunked = pl.concat([expected.head(2), expected.tail(3)], rechunk=False)
    assert chunked.n_chunks() == 2 and in_order(chunked, by).n_chunks() == 1  # as a sort leaves it
