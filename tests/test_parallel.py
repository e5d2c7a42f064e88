"""A run with several processes (spaCy and extraction workers) publishes byte-identical tables to a serial run."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from pipeline.core import workers
from pipeline.core.workers import WorkerPool
from pipeline.extract import parallel
from tests.small_runs import published_tables, run, write_articles


def _pid_rows(ctx: SimpleNamespace) -> dict[str, list[dict]]:
    """A module-level extractor (workers import it by name) that says which process ran it."""
    return {"rows": [{"doc": ctx.doc_id, "pid": os.getpid()}]}


def test_extraction_workers_keep_input_order() -> None:
    contexts = [SimpleNamespace(doc_id=f"d{i:02d}") for i in range(23)]
    with WorkerPool(2) as pool:
        results = list(parallel.extract_all(((c, c.doc_id) for c in contexts), _pid_rows, None, pool, len(contexts)))
        assert pool.started
        # too few documents for a pool: extracted here
        few = list(parallel.extract_all(((c, c.doc_id) for c in contexts[:3]), _pid_rows, None, pool, 3))
    assert not pool.started
    assert [doc_id for doc_id, _ in results] == [c.doc_id for c in contexts]
    assert all(rows["rows"][0]["doc"] == doc_id for doc_id, rows in results)
    assert os.getpid() not in {rows["rows"][0]["pid"] for _, rows in results}  # really in workers
    assert {rows["rows"][0]["pid"] for _, rows in few} == {os.getpid()}


def test_parallel_run_is_byte_identical_to_serial(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(5))
    run(corpus, tmp_path / "serial", n_process=1)
    run(corpus, tmp_path / "parallel", n_process=2)
    serial, parallel = published_tables(tmp_path / "serial"), published_tables(tmp_path / "parallel")
    assert len(serial) >= 10 and serial.keys() == parallel.keys()
    assert [table for table in serial if serial[table] != parallel[table]] == []


def test_automatic_process_count_uses_the_cores_only_for_larger_corpora(monkeypatch) -> None:
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 8)
    assert workers.processes_for(workers.AUTO_MIN_ITEMS - 1, 0) == 1  # worker start-up would cost more
    assert workers.processes_for(1000, 0) == workers.AUTO_MAX_PROCESSES  # memory-bounded
    assert workers.processes_for(1000, 1) == 1 and workers.processes_for(1000, 3) == 3  # explicit wins
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    assert workers.processes_for(1000, 0) == 2
