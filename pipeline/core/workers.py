"""A pool of worker processes for per-document work (parsing, extraction), results in input order.

The caller owns the pool's life: `with WorkerPool(n) as pool:` ends its workers on exit, and the Dagster
resource `pipeline.resources.Workers` does the same at the end of each step (multiprocess executor) or run
(in-process executor), so no run depends on interpreter exit hooks to end its workers.

Workers come from a `forkserver` (a clean process, never a fork of a multi-threaded one) and are started on
first use, so spaCy and the knowledge bases load once per worker, not once per task. A worker that dies
(killed, out of memory) fails the call with `WorkerDiedError` naming the items it was given; the pool then
starts new workers on its next use. Serial and parallel calls cut the work into the same chunks and return
results in the same order, so the output never depends on the number of processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS_PER_WORKER = 2  # fewer items than this x workers: not worth a pool
AUTO_MIN_ITEMS = 32  # automatic mode: fewer items than this are done here (worker start-up ~ 3 s)
AUTO_MAX_PROCESSES = 4  # automatic mode: each worker holds a spaCy model (~280 MB)
WINDOW_PER_WORKER = 4  # tasks in flight per worker: bounds memory, keeps every worker busy


class WorkerDiedError(RuntimeError):
    """A worker process ended abruptly (killed, out of memory) while working on a batch."""


def processes_for(n_items: int, n_process: int) -> int:
    """How many processes `n_items` items deserve: 1 (this one) unless there are enough of them.

    `n_process` 0 means automatic: one per core (at most AUTO_MAX_PROCESSES) once there are AUTO_MIN_ITEMS
    items to process, below which starting workers costs more than it saves."""
    if n_process == 0:
        n_process = min(os.cpu_count() or 1, AUTO_MAX_PROCESSES) if n_items >= AUTO_MIN_ITEMS else 1
    return n_process if n_process > 1 and n_items >= MIN_ITEMS_PER_WORKER * n_process else 1


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class WorkerPool:
    """Up to `n_process` worker processes (0 = automatic, 1 = everything in this process), started lazily.

    `initializer` runs once in each new worker; `preload` names modules the fork server imports once."""

    def __init__(
        self, n_process: int = 1, initializer: Callable[[], Any] | None = None, preload: Sequence[str] = ()
    ) -> None:
        self.n_process = n_process
        self._initializer = initializer
        self._preload = [__name__, *preload]
        self._executor: ProcessPoolExecutor | None = None
        self._size = 0

    def map(
        self,
        func: Callable[[list[T]], list[R]],
        batches: Iterable[list[T]],
        n_items: int,
        describe: Callable[[list[T]], str] = lambda batch: f"{len(batch)} items",
    ) -> Iterator[R]:
        """`func` over every batch, results flattened in input order; in worker processes when `n_items`
        (the number of items in all batches) deserves them (processes_for). `func` must be picklable (a
        module-level function, or a functools.partial of one); `describe` names a batch in errors."""
        size = processes_for(n_items, self.n_process)
        if size <= 1:
            for batch in batches:
                yield from func(batch)
            return
        executor = self._start(size, func)
        window: deque[tuple[list[T], Future[list[R]]]] = deque()
        for batch in batches:
            window.append((batch, executor.submit(func, batch)))
            if len(window) >= WINDOW_PER_WORKER * size:
                yield from self._next(window, describe)
        while window:
            yield from self._next(window, describe)

    def _next(
        self, window: deque[tuple[list[T], Future[list[R]]]], describe: Callable[[list[T]], str]
    ) -> list[R]:
        """The result of the oldest task in flight. When a worker died, every task in flight fails with it
        (the pool cannot say which one the dead worker held), so the error names them all."""
        try:
            return window[0][1].result()
        except BrokenProcessPool:
            in_flight = "; ".join(describe(batch) for batch, _ in window)
            self.close()  # a broken pool cannot be reused: the next call starts new workers
            raise WorkerDiedError(
                f"a worker process died (killed, or out of memory) while processing one of: {in_flight}; "
                "nothing of them was kept, the next run computes them again"
            ) from None
        finally:
            window.popleft()

    def _start(self, size: int, func: Callable[..., Any]) -> ProcessPoolExecutor:
        if self._executor is not None and self._size != size:
            self.close()
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            module = getattr(func, "func", func).__module__
            context.set_forkserver_preload([*self._preload, module])  # imported once, in the fork server
            self._executor = ProcessPoolExecutor(size, mp_context=context, initializer=self._initializer)
            self._size = size
        return self._executor

    @property
    def started(self) -> bool:
        """True while worker processes are (or may be) running."""
        return self._executor is not None

    def close(self) -> None:
        """End the worker processes and wait for them (a later call starts new ones)."""
        if self._executor is not None:
            executor, self._executor = self._executor, None
            executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


SERIAL = WorkerPool(1)  # never starts a process: for callers that do not want workers
