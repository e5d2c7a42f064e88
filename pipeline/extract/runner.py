"""Run a per-document extractor over the corpus, reusing cached results for unchanged documents.

Results are cached per (stage, version, document) and, for the stages downstream of actors, the corpus-level
records of the document's actors: adding or changing one document re-runs only that document (and the
documents whose actors' merged name or country it changes), and a new extractor or knowledge-base version
invalidates exactly that stage's results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, is_dataclass
from pathlib import Path

import polars as pl

from pipeline.core import cache_files
from pipeline.core.cache_pruning import drop_files_except, drop_other_versions
from pipeline.core.model import Actor, DocumentContext, DocumentInfo, Mention, Sentence
from pipeline.core.snapshot import Snapshot, collect_rows
from pipeline.core.tables import empty_table, in_order, stored_columns
from pipeline.core.versions import code_hash, knowledge_hash
from pipeline.core.workers import SERIAL, WorkerPool
from pipeline.extract.parallel import extract_all
from pipeline.nlp.cache import ParseCache
from pipeline.nlp.parse import model_version

Rows = dict[str, list[dict]]  # table name -> rows
Frame = pl.DataFrame | pl.LazyFrame  # a table, or a scan of a staged one (read only as far as needed)
SENTENCE_FIELDS = list(Sentence.__dataclass_fields__)  # column order = constructor order
MENTION_FIELDS = list(Mention.__dataclass_fields__)
ACTOR_FIELDS = list(Actor.__dataclass_fields__)
Extractor = Callable[[DocumentContext], Rows]
ACTOR_RECORDS = "actor_records"  # the actors stage's per-document Actor records (merged into `actors`)


def stage_version(extractor: str, *upstream: str) -> str:
    """A cache key for a stage: changes when the extractor (name or code), the knowledge base, the model or an
    upstream stage does."""
    parts = [extractor, f"code:{code_hash()}", f"kb:{knowledge_hash()}", f"spacy:{model_version()}", *upstream]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def row_schema(table: str) -> pl.Schema:
    """The column types of a stage's rows: its table's schema, or the Actor record's for ACTOR_RECORDS."""
    if table == ACTOR_RECORDS:
        return pl.Schema({name: pl.String for name in ACTOR_FIELDS})
    return empty_table(table).select(stored_columns(table)).schema


def as_rows(items: object) -> list[dict]:
    """Dataclass instances (or dicts) to plain dict rows."""
    return [asdict(item) if is_dataclass(item) else dict(item) for item in items]  # type: ignore[arg-type]


def _actor_record(row: tuple) -> Actor:
    return Actor(*row)


FIELD_SEP, RECORD_SEP = "\x1f", "\x1e"  # joins an actor's fields, and a document's actor records, for hashing


def _keyed(doc_id: str, records: str) -> str:
    return f"{doc_id}.{hashlib.sha256(records.encode()).hexdigest()[:12]}"


META_FIELDS = ("title", "authors", "published_date", "published_precision", "source")  # what extractors read besides text


def document_key(
    doc_id: str,
    title: str | None,
    authors: Iterable[str] | None,
    date: str | None,
    precision: str | None,
    source: str | None = None,
) -> str:
    """The cache key of a document: its doc_id (a hash of its text) plus a hash of the metadata the extractors
    read (a corpus manifest that dates a document re-extracts it)."""
    fields = [title or "", RECORD_SEP.join(authors or ()), date or "", precision or ""]
    fields += [source] if source else []  # keys of documents without an outlet are unchanged
    return _keyed(doc_id, FIELD_SEP.join(fields))


def document_keys(documents: Frame) -> dict[str, str]:
    """document_key of every row of the documents table (or a scan of it: only these columns are read)."""
    meta = documents.lazy().select("doc_id", *META_FIELDS).collect()
    return {row[0]: document_key(*row) for row in meta.iter_rows()}


def actor_keys(base: dict[str, str], mentions: pl.DataFrame, actors: pl.DataFrame) -> dict[str, str]:
    """The cache key of every document of `base` (doc_id -> document_key) for a stage that reads its actors'
    corpus-level records: its document_key plus a hash of those records (name, type, country, in actor_id
    order), which other documents can change (a person's country found in another article), so that such a
    change re-runs exactly the documents whose actors changed."""
    record = pl.concat_str([pl.col(c).fill_null("") for c in ACTOR_FIELDS], separator=FIELD_SEP)
    joined = (
        mentions.select("doc_id", "actor_id")
        .unique()
        .join(actors.select("actor_id", record.alias("record")), on="actor_id")
        .sort("doc_id", "actor_id")
        .group_by("doc_id", maintain_order=True)
        .agg(pl.col("record").str.join(RECORD_SEP))
    )
    records = dict(joined.iter_rows())
    return {doc_id: _keyed(key, records.get(doc_id, "")) for doc_id, key in base.items()}


class ResultCache:
    """Checked JSON entries (pipeline/core/cache_files.py) under `<dir>/<stage>/<version>/<key>.json`; the key is
    the document_key, or the actor_key of the document for stages that read the corpus-level actor records (the
    caller computes it). An entry that is unreadable, altered or not rows of `schemas`' tables is logged,
    removed and reported missing, so the document is extracted again."""

    def __init__(self, directory: Path, stage: str, version: str, schemas: Mapping[str, pl.Schema]) -> None:
        self.directory = Path(directory) / stage / version
        self.columns = {table: set(schema.names()) for table, schema in schemas.items()}

    def get(self, key: str) -> Rows | None:
        return cache_files.read_json(
            self.directory / f"{key}.json", lambda rows: cache_files.is_row_lists(rows, self.columns)
        )

    def put(self, key: str, rows: Rows) -> None:
        cache_files.write_json(self.directory / f"{key}.json", rows)


class DocumentRows:
    """The rows of one table for one document at a time: the table sorted once by document (then by `order`),
    each document's rows a zero-copy slice of it. Splitting the table into a frame per document instead costs
    a frame's allocations per document, kept for the whole step: memory that grew with the corpus."""

    def __init__(self, table: pl.DataFrame, order: str) -> None:
        self.table = in_order(table, ["doc_id", order])  # staged tables already are: no copy
        counts = self.table.group_by("doc_id", maintain_order=True).len()
        starts = counts["len"].cum_sum() - counts["len"]
        self.spans = dict(zip(counts["doc_id"], zip(starts, counts["len"], strict=True), strict=True))

    def rows(self, doc_id: str, columns: list[str]) -> Iterator[tuple]:
        """The document's rows (tuples of `columns`), in `order`; none for a document without rows."""
        start, length = self.spans.get(doc_id, (0, 0))
        return self.table.slice(start, length).select(columns).iter_rows()


def _in_doc_id_order(documents: pl.DataFrame, batch: int = 512) -> Iterator[dict]:
    """The documents' rows (dicts) in doc_id order, gathered `batch` rows at a time: sorting the whole table
    would copy every text."""
    order = documents["doc_id"].arg_sort()
    for start in range(0, len(order), batch):
        yield from documents.select(pl.all().gather(order.slice(start, batch))).iter_rows(named=True)


def iter_contexts(
    documents: Frame,
    sentences: Frame,
    parses: ParseCache | None,
    mentions: pl.DataFrame | None = None,
    actors: pl.DataFrame | None = None,
    only: set[str] | None = None,
) -> Iterator[DocumentContext]:
    """Rebuild a DocumentContext per document from the tables and the parse cache (no re-parsing).

    With `parses=None` the contexts come without their Doc (`doc` is None): run_cached loads it where the
    extractor runs, so that contexts can be sent to worker processes cheaply. `documents` and `sentences` may
    be scans: then only the rows of `only` are read.
    """
    if only is not None:  # a few new documents in a large corpus: index only their rows
        documents, sentences = (
            df.filter(pl.col("doc_id").is_in(list(only))) for df in (documents, sentences)
        )
        mentions = mentions.filter(pl.col("doc_id").is_in(list(only))) if mentions is not None else None
        if mentions is not None and actors is not None:
            actors = actors.filter(pl.col("actor_id").is_in(mentions["actor_id"].unique().to_list()))
    documents, sentences = documents.lazy().collect(), sentences.lazy().collect()
    doc_sentences = DocumentRows(sentences, "ordinal")
    doc_mentions = DocumentRows(mentions, "char_start") if mentions is not None else None
    actor_records = (
        {r[0]: _actor_record(r) for r in actors.select(ACTOR_FIELDS).iter_rows()}
        if actors is not None
        else {}
    )
    for row in _in_doc_id_order(documents):
        doc_id = row["doc_id"]
        info = DocumentInfo(
            doc_id=doc_id,
            text=row["text"],
            title=row["title"],
            authors=tuple(row["authors"] or ()),
            published_date=row["published_date"],
            published_precision=row["published_precision"],
            source=row.get("source"),
        )
        sents = [Sentence(*r) for r in doc_sentences.rows(doc_id, SENTENCE_FIELDS)]
        doc = parses.load(doc_id, info.text) if parses is not None else None
        ctx = DocumentContext(info=info, doc=doc, sentences=sents)  # type: ignore[arg-type]
        if doc_mentions is not None:
            every = [Mention(*r) for r in doc_mentions.rows(doc_id, MENTION_FIELDS)]
            ctx.mentions = [m for m in every if m.actor_id is not None]
            ctx.places = [m for m in every if m.place_id is not None]
            ctx.actors = {
                m.actor_id: actor_records[m.actor_id] for m in ctx.mentions if m.actor_id in actor_records
            }
        yield ctx


def run_cached(
    keys: dict[str, str],
    contexts_for: Callable[[set[str]], Iterator[DocumentContext]],
    extractor: Extractor,
    cache: ResultCache,
    schemas: Mapping[str, pl.Schema],
    parses: ParseCache | None = None,
    pool: WorkerPool = SERIAL,
    consolidate: bool = True,
) -> tuple[dict[str, pl.DataFrame], int]:
    """The rows of `extractor` for every document, one frame per table of `schemas` (in document order): read
    from the stage's snapshot or `cache` when present, else computed (and cached).
    `keys`: doc_id -> cache key of every document, in document order (document_keys, or actor_keys for a
    stage that reads the corpus-level actor records).

    Contexts are built only for documents missing from both. When `parses` is given they come without
    their Doc (iter_contexts with parses=None), which is loaded from `parses` where the extractor runs: in
    `pool`'s worker processes when there are enough missing documents (pipeline/extract/parallel.py).
    With `consolidate` (a run over the whole corpus), the snapshot is rewritten when the set of documents
    changed, and the cache entries of other versions and of documents gone are removed (a partition run,
    which sees only its batch, leaves both alone). Output does not depend on the pool's size. Returns frames and the count
    run.
    """
    key_of = keys
    extracted = 0

    def compute(todo: list[str]) -> Iterator[tuple[str, Rows]]:
        nonlocal extracted
        missing: set[str] = set()
        for doc_id in todo:
            rows = cache.get(key_of[doc_id])
            if rows is None:
                missing.add(doc_id)
            else:
                yield doc_id, rows
        extracted = len(missing)
        contexts = contexts_for(missing) if missing else iter(())
        items = ((ctx, key_of[ctx.doc_id]) for ctx in contexts)
        yield from extract_all(items, extractor, parses, pool, len(missing), cache)

    snapshot = Snapshot(cache.directory / "_snapshot", schemas)
    frames = collect_rows(snapshot, key_of, compute, consolidate=consolidate)
    if consolidate:  # the whole corpus: forget other versions and documents gone
        drop_other_versions(cache.directory)
        drop_files_except(cache.directory, {f"{key}.json" for key in key_of.values()})
    return frames, extracted
