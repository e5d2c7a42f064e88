"""Run per-document work (parsing, extraction) in worker processes, results in input order.

The parent builds the inputs (all polars work stays there: polars' thread pool does not survive a `fork`);
a worker parses a batch of texts, or loads a document's parse from the DocBin cache and runs an extractor.
Workers come from a `forkserver` (a clean process, never a fork of this multi-threaded one) and live for the
whole run, so spaCy and the knowledge bases load once per worker, not once per stage. `shutdown_workers()`
ends them (the pipeline runner calls it after each run; interpreter exit does too).

Serial and parallel runs cut the work into the same chunks and return results in the same order, so the
output never depends on the number of processes. As with any spawn/forkserver pool, workers re-import the
main script: a script calling run_pipeline with n_process > 1 needs the `if __name__ == "__main__":` guard.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pipeline.nlp.parse import load_nlp

if TYPE_CHECKING:
    from pipeline.nlp.cache import ParseCache

T = TypeVar("T")
R = TypeVar("R")
Rows = dict[str, list[dict]]
MIN_DOCS_PER_WORKER = 2  # fewer documents than this x workers: not worth a pool
AUTO_MIN_DOCS = 32  # automatic mode: fewer documents than this are done here (worker start-up ~ 3 s)
AUTO_MAX_PROCESSES = 4  # automatic mode: each worker holds a spaCy model (~280 MB)
CHUNK_DOCS = 4  # documents per extraction task: few round trips, yet balanced across workers
WINDOW_PER_WORKER = 4  # tasks in flight per worker: bounds memory, keeps every worker busy

_pool: tuple[int, ProcessPoolExecutor] | None = None


class ResultStore(Protocol):
    def key(self, ctx: Any) -> str: ...

    def put(self, key: str, rows: Rows) -> None: ...


def processes_for(n_docs: int, n_process: int) -> int:
    """How many processes `n_docs` documents deserve: 1 (this one) unless there are enough of them.

    `n_process` 0 means automatic: one per core (at most AUTO_MAX_PROCESSES) once there are AUTO_MIN_DOCS
    documents to process, below which starting workers costs more than it saves."""
    if n_process == 0:
        n_process = min(os.cpu_count() or 1, AUTO_MAX_PROCESSES) if n_docs >= AUTO_MIN_DOCS else 1
    return n_process if n_process > 1 and n_docs >= MIN_DOCS_PER_WORKER * n_process else 1


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def map_chunks(func: Callable[[list[T]], list[R]], batches: Iterable[list[T]], n_process: int) -> Iterator[R]:
    """`func` over every batch, results flattened in input order; in `n_process` workers when above 1.

    `func` must be picklable (a module-level function, or a functools.partial of one).
    """
    if n_process <= 1:
        for batch in batches:
            yield from func(batch)
        return
    pool = _workers(n_process, func)
    window: deque[Future[list[R]]] = deque()
    for batch in batches:
        window.append(pool.submit(func, batch))
        if len(window) >= WINDOW_PER_WORKER * n_process:
            yield from window.popleft().result()
    while window:
        yield from window.popleft().result()


def extract_one(extractor: Callable[[Any], Rows], parses: ParseCache | None, ctx: Any) -> tuple[str, Rows]:
    """(doc_id, rows) of one document; its Doc is loaded from `parses` first when given (and dropped after)."""
    if parses is None:
        return ctx.doc_id, extractor(ctx)
    ctx.doc = parses.load(ctx.doc_id)
    try:
        return ctx.doc_id, extractor(ctx)
    finally:
        ctx.doc = None


def _extract_chunk(
    extractor: Callable[[Any], Rows],
    parses: ParseCache | None,
    store: ResultStore | None,
    contexts: list[Any],
) -> list[tuple[str, Rows]]:
    results = [extract_one(extractor, parses, ctx) for ctx in contexts]
    if store is not None:
        for ctx, (_, rows) in zip(contexts, results, strict=True):
            store.put(store.key(ctx), rows)  # written where they were computed: the parent only collects
    return results


def extract_all(
    contexts: Iterable[Any],
    extractor: Callable[[Any], Rows],
    parses: ParseCache | None,
    n_process: int = 1,
    n_docs: int = 0,
    store: ResultStore | None = None,
) -> Iterator[tuple[str, Rows]]:
    """(doc_id, rows) for every context, in input order, each also put into `store` when given; in
    `n_process` workers when `n_docs` (the number of contexts) is large enough, else here. `extractor` must be
    a module-level function (it is pickled by name).
    """
    task = partial(_extract_chunk, extractor, parses, store)
    yield from map_chunks(task, chunks(contexts, CHUNK_DOCS), processes_for(n_docs, n_process))


def _workers(n_process: int, func: Callable[..., Any]) -> ProcessPoolExecutor:
    """The run's worker pool (created on first use, replaced if the size changed)."""
    global _pool
    if _pool is not None and _pool[0] != n_process:
        shutdown_workers()
    if _pool is None:
        context = multiprocessing.get_context("forkserver")
        module = getattr(func, "func", func).__module__
        context.set_forkserver_preload([__name__, module])  # imported once, in the fork server
        _pool = (n_process, ProcessPoolExecutor(n_process, mp_context=context, initializer=load_nlp))
    return _pool[1]


def shutdown_workers() -> None:
    """End the worker processes (a later call starts new ones)."""
    global _pool
    if _pool is not None:
        _pool[1].shutdown(wait=True, cancel_futures=True)
        _pool = None


atexit.register(shutdown_workers)
