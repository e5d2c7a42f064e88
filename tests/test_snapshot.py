"""The consolidated snapshot of a stage's cached rows: used when present, never trusted beyond the keys it
records, rewritten only when the set of documents changed, and never written by partition runs."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from pipeline.core import snapshot as snapshot_module
from pipeline.core.snapshot import KEY, Snapshot
from pipeline.extract.runner import DocumentRows, ResultCache, run_cached

SCHEMAS = {
    "items": pl.Schema({"doc": pl.String, "n": pl.Int64}),
    "notes": pl.Schema({"doc": pl.String, "text": pl.String}),
}


def _extractor(calls: list[str]):
    def extract(ctx: SimpleNamespace) -> dict:
        calls.append(ctx.doc_id)
        n_items = int(ctx.doc_id[-1])  # doc0 has no rows at all
        return {
            "items": [{"doc": ctx.doc_id, "n": i} for i in range(n_items)],
            "notes": [{"doc": ctx.doc_id, "text": "odd"}] if n_items % 2 else [],
        }

    return extract


def _run(cache: ResultCache, doc_ids: list[str], calls: list[str], consolidate: bool = True):
    contexts = lambda only: (SimpleNamespace(doc_id=d) for d in sorted(only))  # noqa: E731
    keys = {doc_id: doc_id for doc_id in doc_ids}
    return run_cached(keys, contexts, _extractor(calls), cache, SCHEMAS, consolidate=consolidate)


def _expected(folder: Path, doc_ids: list[str]) -> dict[str, list[tuple]]:
    """The rows of `doc_ids` computed from scratch (a fresh cache in `folder`)."""
    frames, _ = _run(ResultCache(folder, "fresh", "1", SCHEMAS), doc_ids, [], consolidate=False)
    return {table: frame.rows() for table, frame in frames.items()}


def test_rows_come_back_in_document_order_whatever_the_source(tmp_path: Path) -> None:
    cache, calls = ResultCache(tmp_path, "stage", "v1", SCHEMAS), []
    docs = ["doc3", "doc0", "doc2", "doc1"]
    first, ran = _run(cache, docs, calls)
    assert ran == 4 and first["items"]["doc"].to_list() == ["doc1", "doc2", "doc2", "doc3", "doc3", "doc3"]
    assert first["notes"].rows() == [("doc1", "odd"), ("doc3", "odd")]
    for path in cache.directory.glob("*.json"):
        path.unlink()  # the per-document files are gone: only the snapshot can answer
    again, ran = _run(cache, docs, calls)
    assert ran == 0 and calls == sorted(docs)
    assert {t: f.rows() for t, f in again.items()} == {t: f.rows() for t, f in first.items()}


def test_a_corrupt_or_stale_snapshot_falls_back_to_the_per_document_files(tmp_path: Path) -> None:
    cache, calls = ResultCache(tmp_path, "stage", "v1", SCHEMAS), []
    _run(cache, ["doc1", "doc2"], calls)
    items = cache.directory / "_snapshot" / "items.parquet"
    items.write_bytes(b"not parquet")
    frames, ran = _run(cache, ["doc1", "doc2"], calls)
    assert ran == 0 and frames["items"].height == 3  # read back from the JSON files
    assert pl.read_parquet(items).height == 3  # and the snapshot repaired

    # one table's file recording other keys than the others: only the keys every file holds are used
    Snapshot(cache.directory / "_snapshot", {"items": SCHEMAS["items"]}).save(
        {"items": pl.read_parquet(items).filter(pl.col(KEY) == "doc1")}, ["doc1"]
    )
    (cache.directory / "doc2.json").unlink()
    frames, ran = _run(cache, ["doc1", "doc2"], calls)
    assert ran == 1 and calls[-1] == "doc2" and frames["items"].height == 3


def test_the_snapshot_follows_the_corpus_and_partition_runs_leave_it_alone(tmp_path: Path) -> None:
    cache, calls = ResultCache(tmp_path, "stage", "v1", SCHEMAS), []
    folder = cache.directory / "_snapshot"
    _run(cache, ["doc1", "doc2", "doc3"], calls, consolidate=False)
    assert not folder.exists()
    _run(cache, ["doc1", "doc2", "doc3"], calls)
    written = (folder / "items.parquet").stat().st_mtime_ns
    _run(cache, ["doc1", "doc2", "doc3"], calls)
    assert (folder / "items.parquet").stat().st_mtime_ns == written  # nothing changed: not rewritten
    frames, ran = _run(cache, ["doc1", "doc3"], calls)  # a document deleted
    assert ran == 0 and pl.read_parquet(folder / "items.parquet")[KEY].unique().sort().to_list() == ["doc1", "doc3"]
    assert {t: f.rows() for t, f in frames.items()} == _expected(tmp_path, ["doc1", "doc3"])


def test_rows_are_gathered_into_frames_in_small_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot_module, "FLUSH_DOCS", 2)
    docs = [f"doc{i}" for i in range(1, 10)]
    frames, ran = _run(ResultCache(tmp_path, "stage", "v1", SCHEMAS), docs, [])
    assert ran == 9 and frames["items"].height == sum(range(1, 10))
    assert frames["items"].rows() == [(d, i) for d in docs for i in range(int(d[-1]))]


def test_document_rows_are_each_documents_rows_in_order_without_a_frame_per_document() -> None:
    table = pl.DataFrame(
        {"doc_id": ["b", "a", "b", "a", "b"], "ordinal": [2, 1, 0, 0, 1], "text": ["b2", "a1", "b0", "a0", "b1"]}
    )
    rows = DocumentRows(table, "ordinal")
    assert list(rows.rows("a", ["text"])) == [("a0",), ("a1",)]
    assert list(rows.rows("b", ["ordinal", "text"])) == [(0, "b0"), (1, "b1"), (2, "b2")]
    assert list(rows.rows("c", ["text"])) == []  # a document without rows
    assert list(DocumentRows(table.clear(), "ordinal").rows("a", ["text"])) == []
    in_order = table.sort("doc_id", "ordinal")
    assert DocumentRows(in_order, "ordinal").table is in_order  # a staged table, already in order: no copy
