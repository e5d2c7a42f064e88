"""Each shown document's piece of the evidence report, cached by a fingerprint of everything it is built from.

A piece is a document's `<article>` (a template: its text with highlights, their ids left as format fields to
number them by their place in the page) and the JSON of its highlight rows. Its fingerprint hashes the
document's row, its rows of mentions, events (with participants), metrics (with their actors) and stances, and
the name and type of every actor those rows name: a new article leaves the other articles' fingerprints
unchanged, so a re-run renders only the pieces that changed. A stored piece carries the sha256 of its content:
one that is damaged or truncated is logged, removed and rendered again (pipeline/core/cache_files.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.core.cache_files import checked, discard, read_entry, unchecked, write_bytes_atomic
from pipeline.core.cache_pruning import drop_files_except, drop_other_versions
from pipeline.core.versions import code_hash

DOCUMENT_FIELDS = ("doc_id", "source_path", "title", "authors", "published_date", "text")


@dataclass(frozen=True)
class Piece:
    template: str  # the <article>: highlight i's id is the field {i}, literal braces doubled (see `html`)
    rows: str  # JSON of its highlight rows, comma-separated (a JSON array without its brackets)
    counts: dict[str, int]  # highlights by kind

    def html(self, first_index: int) -> str:
        """The article with its highlight ids counted from `first_index` (its rows' place in the page)."""
        return self.template.format(*range(first_index, first_index + sum(self.counts.values())))


def _hashed(df: pl.DataFrame, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """(doc_id, h): a hash of each row's `columns` (default: all of them)."""
    values = pl.struct(list(columns) if columns is not None else pl.all())
    return df.select("doc_id", values.hash(seed=0).alias("h"))


def fingerprints(tables: dict[str, pl.DataFrame], doc_ids: list[str]) -> dict[str, str]:
    """doc_id -> a hash of everything the document's piece is built from (see the module docstring)."""
    shown = pl.col("doc_id").is_in(doc_ids)
    docs = tables["documents"].filter(shown)
    rows = {name: tables[name].filter(shown) for name in ("mentions", "events", "metrics", "stances")}
    participants = tables["event_participants"].join(
        rows["events"].select("event_id", "doc_id"), on="event_id", how="inner", maintain_order="left"
    )
    metric_actors = tables["metric_actors"].join(
        rows["metrics"].select("metric_id", "doc_id"), on="metric_id", how="inner", maintain_order="left"
    )
    named = pl.concat(
        [
            rows["mentions"].select("doc_id", "actor_id"),
            participants.select("doc_id", "actor_id"),
            metric_actors.select("doc_id", "actor_id"),
            rows["stances"].select("doc_id", pl.col("holder_actor_id").alias("actor_id")),
            rows["stances"].select("doc_id", pl.col("target_actor_id").alias("actor_id")),
        ]
    )
    actors = (
        named.drop_nulls()
        .unique()
        .join(tables["actors"].select("actor_id", "name", "actor_type"), on="actor_id", how="left")
        .sort("doc_id", "actor_id")
    )
    parts = [
        _hashed(docs, DOCUMENT_FIELDS),
        *(_hashed(df) for df in rows.values()),
        _hashed(participants),
        _hashed(metric_actors),
        _hashed(actors),
    ]
    tagged = pl.concat([part.with_columns(pl.lit(i).alias("part")) for i, part in enumerate(parts)])
    listed = tagged.group_by("doc_id", maintain_order=True).agg(pl.format("{}:{}", "part", "h").str.join(","))
    return {doc_id: hashlib.sha256(hashes.encode()).hexdigest()[:24] for doc_id, hashes in listed.iter_rows()}


class PieceCache:
    """Pieces as files under `<directory>/<report code and polars version>/<fingerprint>.txt`."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory) / f"{code_hash('report')}-polars{pl.__version__}"

    def get(self, key: str) -> Piece | None:
        path = self.directory / f"{key}.txt"
        data = read_entry(path)
        if data is None:
            return None
        piece = _parse_piece(unchecked(data))
        if piece is None:
            discard(path, "its checksum or layout does not match its content")
        return piece

    def put(self, key: str, piece: Piece) -> None:
        """A checksum line, a JSON header line (counts, template length), then the template and the rows."""
        header = json.dumps({"counts": piece.counts, "template_chars": len(piece.template)})
        body = f"{header}\n{piece.template}{piece.rows}".encode()  # bytes: no newline translation
        write_bytes_atomic(self.directory / f"{key}.txt", checked(body))

    def keep_only(self, keys: set[str]) -> None:
        """Remove the pieces of other report versions and of documents no longer shown."""
        drop_other_versions(self.directory)
        drop_files_except(self.directory, {f"{key}.txt" for key in keys})


def _parse_piece(body: bytes | None) -> Piece | None:
    """The piece `PieceCache.put` stored as `body` (None when it is not one)."""
    try:
        header, text = (body or b"").decode("utf-8").split("\n", 1)
        meta = json.loads(header)
        size, counts = meta["template_chars"], meta["counts"]
    except (ValueError, KeyError, TypeError):
        return None
    if not (isinstance(size, int) and 0 <= size <= len(text) and isinstance(counts, dict)):
        return None
    if not all(isinstance(k, str) and isinstance(n, int) for k, n in counts.items()):
        return None
    return Piece(text[:size], text[size:], counts)


def cached_pieces(
    keys: dict[str, str], render: Callable[[list[str]], dict[str, Piece]], cache: PieceCache
) -> dict[str, Piece]:
    """The piece of every document of `keys` (doc_id -> fingerprint): from `cache`, else `render(doc_ids)`."""
    pieces = {doc_id: cache.get(key) for doc_id, key in keys.items()}
    missing = [doc_id for doc_id, piece in pieces.items() if piece is None]
    for doc_id, piece in render(missing).items() if missing else ():
        cache.put(keys[doc_id], piece)
        pieces[doc_id] = piece
    cache.keep_only(set(keys.values()))
    return pieces  # type: ignore[return-value]
