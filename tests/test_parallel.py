"""A run with several spaCy processes publishes byte-identical tables to a serial run."""

from __future__ import annotations

from pathlib import Path

from tests.small_runs import published_tables, run, write_articles


def test_parallel_run_is_byte_identical_to_serial(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(5))
    run(corpus, tmp_path / "serial", n_process=1)
    run(corpus, tmp_path / "parallel", n_process=2)
    serial, parallel = published_tables(tmp_path / "serial"), published_tables(tmp_path / "parallel")
    assert len(serial) >= 10 and serial.keys() == parallel.keys()
    assert [table for table in serial if serial[table] != parallel[table]] == []
