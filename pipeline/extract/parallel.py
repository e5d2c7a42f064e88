"""Run an extractor over documents in a worker pool (pipeline/core/workers.py), results in input order.

The parent builds the inputs (all polars work stays there: polars' thread pool does not survive a `fork`);
a worker loads a document's parse from the DocBin cache and runs the extractor, storing the rows itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.core.workers import WorkerPool, chunks

if TYPE_CHECKING:
    from pipeline.nlp.cache import ParseCache

Rows = dict[str, list[dict]]
CHUNK_DOCS = 4  # documents per extraction task: few round trips, yet balanced across workers


class ResultStore(Protocol):
    def put(self, key: str, rows: Rows) -> None: ...


class ExtractionError(RuntimeError):
    """An extractor failed on a document (a bug: the message names the document, the cause is chained)."""


def extract_one(extractor: Callable[[Any], Rows], parses: ParseCache | None, ctx: Any) -> tuple[str, Rows]:
    """(doc_id, rows) of one document; its Doc is loaded from `parses` first when given (and dropped after)."""
    if parses is not None:
        ctx.doc = parses.load(ctx.doc_id, ctx.info.text)
    try:
        return ctx.doc_id, extractor(ctx)
    except Exception as exc:
        name = getattr(extractor, "__qualname__", repr(extractor))
        raise ExtractionError(f"{name} failed on document {ctx.doc_id}: {type(exc).__name__}: {exc}") from exc
    finally:
        if parses is not None:
            ctx.doc = None


def _extract_chunk(
    extractor: Callable[[Any], Rows],
    parses: ParseCache | None,
    store: ResultStore | None,
    items: list[tuple[Any, str]],
) -> list[tuple[str, Rows]]:
    results = [extract_one(extractor, parses, ctx) for ctx, _ in items]
    if store is not None:
        for (_, key), (_, rows) in zip(items, results, strict=True):
            store.put(key, rows)  # written where they were computed: the parent only collects
    return results


def describe_documents(items: list[tuple[Any, str]]) -> str:
    """A batch of (document context, cache key), by doc_id, for error messages."""
    return "documents " + ", ".join(ctx.doc_id for ctx, _ in items)


def extract_all(
    items: Iterable[tuple[Any, str]],
    extractor: Callable[[Any], Rows],
    parses: ParseCache | None,
    pool: WorkerPool,
    n_docs: int = 0,
    store: ResultStore | None = None,
) -> Iterator[tuple[str, Rows]]:
    """(doc_id, rows) for every (context, cache key), in input order, the rows also put into `store` under the
    key when given; in `pool`'s workers when `n_docs` (the number of items) is large enough, else here.
    `extractor` must be a module-level function (it is pickled by name).
    """
    task = partial(_extract_chunk, extractor, parses, store)
    yield from pool.map(task, chunks(items, CHUNK_DOCS), n_docs, describe_documents)
