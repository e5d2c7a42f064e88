"""Per-document rows gathered into frames, and a consolidated, columnar copy of a stage's cached rows.

The per-document cache files (ResultCache, the parse cache's sentences) stay the source of truth: worker
processes and partition runs write them. A `Snapshot` holds the rows of every document of the last run in one
Parquet file per table, so that the next run reads thousands of unchanged documents in one columnar read, not
thousands of small files, and never holds them as Python objects. Each file records in its Parquet metadata
the cache keys whose rows it holds, so it is consistent on its own and is replaced atomically; a missing,
stale or unreadable snapshot only means the per-document files are read instead (an unreadable one is
logged and removed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.core.cache_files import discard
from pipeline.core.files import write_atomic

DOC, KEY = "_doc", "_key"  # extra columns: the document a row came from and its cache key
KEYS_METADATA = "geoevents_cache_keys"
# what reading a damaged Parquet file raises (a polars panic is a BaseException, not an Exception)
UNREADABLE = (OSError, KeyError, ValueError, pl.exceptions.PolarsError, pl.exceptions.PanicException)
FLUSH_DOCS = 256  # documents whose rows are held as dicts before they become a frame


def empty_frame(schema: pl.Schema) -> pl.DataFrame:
    """No rows, `schema`'s columns plus the document and key columns."""
    return pl.DataFrame(schema={**schema, DOC: pl.String, KEY: pl.String})


class FrameCollector:
    """Rows of many documents turned into one frame per table, FLUSH_DOCS documents at a time (so a large
    corpus is never held as Python dicts). Rows keep their document's order and their order within it."""

    def __init__(self, schemas: Mapping[str, pl.Schema]) -> None:
        self.schemas = schemas
        self.pending: dict[str, list[dict]] = {table: [] for table in schemas}
        self.frames: dict[str, list[pl.DataFrame]] = {table: [] for table in schemas}
        self.pending_docs = 0

    def add(self, doc_id: str, key: str, rows: Mapping[str, list[dict]]) -> None:
        for table in self.schemas:
            self.pending[table].extend({**row, DOC: doc_id, KEY: key} for row in rows.get(table, []))
        self.pending_docs += 1
        if self.pending_docs >= FLUSH_DOCS:
            self._flush()

    def _flush(self) -> None:
        for table, schema in self.schemas.items():
            if self.pending[table]:
                frame = pl.DataFrame(self.pending[table], schema=empty_frame(schema).schema, strict=False)
                self.frames[table].append(frame)
            self.pending[table] = []
        self.pending_docs = 0

    def collect(self) -> dict[str, pl.DataFrame]:
        """Every table's rows so far (possibly empty frames)."""
        self._flush()
        return {table: concat(self.frames[table], schema) for table, schema in self.schemas.items()}


def concat(frames: Iterable[pl.DataFrame], schema: pl.Schema) -> pl.DataFrame:
    """`frames` stacked and sorted by document (stable: rows keep their order within a document). Rows that
    already come in document order (a cold run extracts documents in doc_id order) are not sorted again: a
    sort copies the whole table, the largest transient of a step."""
    stacked = pl.concat([empty_frame(schema), *frames], how="vertical")
    return stacked.rechunk() if stacked[DOC].is_sorted() else stacked.sort(DOC, maintain_order=True)


@dataclass(frozen=True)
class Loaded:
    frames: dict[str, pl.DataFrame]  # rows of the requested keys found in the snapshot (with DOC, KEY)
    keys: set[str]  # requested keys whose rows are all in `frames`
    exact: bool  # the snapshot held exactly these keys: writing it again would change nothing


class Snapshot:
    """`<directory>/<table>.parquet` for each table of `schemas`, rows sorted by document."""

    def __init__(self, directory: Path, schemas: Mapping[str, pl.Schema]) -> None:
        self.directory = Path(directory)
        self.schemas = schemas

    def _path(self, table: str) -> Path:
        return self.directory / f"{table}.parquet"

    def load(self, keys: Collection[str]) -> Loaded:
        """The stored rows of `keys`. A table that is missing leaves nothing loaded; one that is unreadable, has
        other columns or no valid record of its keys is also logged and removed (pipeline/core/cache_files.py)."""
        wanted = set(keys)
        frames: dict[str, pl.DataFrame] = {}
        held: set[str] | None = None
        exact = True
        read = {table: self._read(table, empty_frame(schema).schema) for table, schema in self.schemas.items()}
        for table, stored in read.items():
            if stored is None:
                return Loaded({t: empty_frame(s) for t, s in self.schemas.items()}, set(), False)
            frames[table], stored_keys = stored
            exact = exact and stored_keys == wanted
            held = stored_keys & wanted if held is None else held & stored_keys
        held = held or set()
        if not exact:
            frames = {table: frame.filter(pl.col(KEY).is_in(list(held))) for table, frame in frames.items()}
        return Loaded(frames, held, exact)

    def _read(self, table: str, schema: pl.Schema) -> tuple[pl.DataFrame, set[str]] | None:
        """(rows, the keys they hold) of `table`'s file, None when it is missing or unusable."""
        path = self._path(table)
        if not path.exists():
            return None
        try:
            keys = json.loads(pl.read_parquet_metadata(path)[KEYS_METADATA])
            frame = pl.read_parquet(path)
        except UNREADABLE as exc:
            discard(path, f"{type(exc).__name__}: {exc}")
            return None
        if frame.schema != schema or not (isinstance(keys, list) and all(isinstance(k, str) for k in keys)):
            discard(path, "not the columns or key record this snapshot stores")
            return None
        return frame, set(keys)

    def save(self, frames: Mapping[str, pl.DataFrame], keys: Collection[str]) -> None:
        """Store `frames` (every row of `keys`, sorted by document) as the snapshot, one atomic file each."""
        metadata = {KEYS_METADATA: json.dumps(sorted(keys))}
        for table, frame in frames.items():
            write_atomic(
                self._path(table), lambda tmp, frame=frame: frame.write_parquet(tmp, metadata=metadata)
            )


RowSource = Callable[[list[str]], Iterator[tuple[str, Mapping[str, list[dict]]]]]


def collect_rows(
    snapshot: Snapshot,
    key_of: Mapping[str, str],
    compute: RowSource,
    redo: Collection[str] = (),
    consolidate: bool = True,
) -> dict[str, pl.DataFrame]:
    """One frame per table of `snapshot` with the rows of every document of `key_of` (doc_id -> cache key), in
    document order: from the snapshot when it holds the document's key, else from `compute(doc_ids)` (which
    yields (doc_id, rows) for each of them, as it likes: from per-document files or by running an extractor).
    `redo`: documents to compute even if the snapshot holds them. With `consolidate`, the snapshot is rewritten
    when the set of keys changed (a partition run, which sees only its batch, leaves it alone)."""
    stored = snapshot.load(key_of.values())
    todo = [doc_id for doc_id, key in key_of.items() if key not in stored.keys or doc_id in redo]
    frames = stored.frames
    if redo:
        again = {key_of[doc_id] for doc_id in todo}
        frames = {t: frame.filter(~pl.col(KEY).is_in(list(again))) for t, frame in frames.items()}
    collector = FrameCollector(snapshot.schemas)
    for doc_id, rows in compute(todo):
        collector.add(doc_id, key_of[doc_id], rows)
    new = collector.collect()
    frames = {table: concat([frames[table], new[table]], schema) for table, schema in snapshot.schemas.items()}
    if consolidate and (todo or not stored.exact):
        snapshot.save(frames, key_of.values())
    return {table: frame.drop(DOC, KEY) for table, frame in frames.items()}
