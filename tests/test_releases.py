"""#25.2 and #25.3: releases are folders made current by one atomic switch, so readers never see a mix or a
file replaced under them, old releases stay readable, and `validate` names a broken or unpublished release."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from pipeline.assets.publish import PUBLISHED_TABLES
from pipeline.cli import main as cli_main
from pipeline.publish.release import publish, read_published
from pipeline.publish.releases import CURRENT, DOCUMENTED, LEGACY, RELEASES, current_release, releases
from pipeline.publish.verify import verify
from tests import small_runs

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def stagings(published: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two staging folders of different corpora: the repository corpus's and three short articles'."""
    root = tmp_path_factory.mktemp("short")
    small_runs.write_articles(root / "corpus", range(3))
    small_runs.run(root / "corpus", root / "outputs")
    return published / ".staging", root / "outputs" / ".staging"


def test_each_release_is_a_folder_made_current_by_one_pointer_and_the_last_n_are_kept(
    stagings: tuple[Path, Path], tmp_path: Path
) -> None:
    outputs = tmp_path / "out"
    for i in range(4):
        publish(outputs, stagings[i % 2], PUBLISHED_TABLES, keep=2)
    kept = releases(outputs)
    assert len(kept) == 2 and (outputs / CURRENT).readlink() == Path(RELEASES) / kept[-1].name
    for name in DOCUMENTED:
        assert (outputs / name).readlink() == Path(CURRENT) / name
    assert (
        read_published(outputs, ["documents"])["documents"].height == 3
    )  # the last publish: the short corpus
    assert sorted(p.name for p in (outputs / RELEASES).iterdir()) == [p.name for p in kept]  # nothing pending


def test_outputs_published_before_releases_become_the_legacy_release(published: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "old"
    outputs.mkdir()
    release = current_release(published)
    shutil.copytree(release / "parquet", outputs / "parquet")  # the layout of earlier versions
    shutil.copyfile(release / "warehouse.duckdb", outputs / "warehouse.duckdb")
    assert (
        current_release(outputs) == outputs
        and read_published(outputs, ["documents"])["documents"].height == 5
    )
    publish(outputs, published / ".staging", PUBLISHED_TABLES)
    assert (outputs / RELEASES / LEGACY / "parquet" / "documents.parquet").is_file()
    assert current_release(outputs).name not in (LEGACY, outputs.name)
    assert all((outputs / name).is_symlink() for name in DOCUMENTED)
    assert verify(outputs).problems == []



def test_an_outputs_folder_copied_without_its_links_publishes_again(published: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(published, copy, symlinks=False)  # `cp -r`: current/ and parquet/ become real folders
    assert not (copy / CURRENT).is_symlink() and not (copy / "parquet").is_symlink()
    publish(copy, published / ".staging", PUBLISHED_TABLES)
    assert (copy / CURRENT).is_symlink() and all((copy / name).is_symlink() for name in DOCUMENTED)
    assert len(releases(copy)) >= 2  # the copied current release kept, the new one current
    assert read_published(copy, ["documents"])["documents"].height == 5
    assert verify(copy).problems == []

PUBLISHER = """
import sys
from pathlib import Path
from pipeline.assets.publish import PUBLISHED_TABLES
from pipeline.publish.release import publish
outputs, stagings, n = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:4]], int(sys.argv[4])
for i in range(n):
    publish(outputs, stagings[i % 2], PUBLISHED_TABLES)
"""


def test_readers_never_error_nor_mix_two_releases_while_releases_are_published(
    stagings: tuple[Path, Path], tmp_path: Path
) -> None:
    """#25.3: a reader loop during 12 releases alternating between two corpora (5 and 3 documents). A reader of
    one release (read_published, or the documented paths once resolved through `current`) sees tables that
    agree with each other and with their lineage; a DuckDB session on outputs/warehouse.duckdb and a reader
    opening a documented Parquet path once always get one whole release."""
    outputs = tmp_path / "out"
    publish(outputs, stagings[0], PUBLISHED_TABLES)
    publisher = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, str(outputs), str(stagings[1]), str(stagings[0]), "12"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seen: set[int] = set()
    reads = 0
    try:
        while publisher.poll() is None or reads == 0:
            tables = read_published(outputs, ["documents", "events", "lineage"])
            counts = dict(tables["lineage"].select("table_name", "row_count").iter_rows())
            assert (
                tables["documents"].height == counts["documents"]
                and tables["events"].height == counts["events"]
            )
            assert set(tables["events"]["doc_id"]) <= set(tables["documents"]["doc_id"])
            with duckdb.connect(str(outputs / "warehouse.duckdb"), read_only=True) as con:
                [(n_docs, recorded)] = con.sql(
                    "SELECT (SELECT count(*) FROM documents), row_count FROM lineage WHERE table_name = 'documents'"
                ).fetchall()
            assert n_docs == recorded
            with (outputs / "parquet" / "events.parquet").open("rb") as handle:  # opened once
                assert pq.read_table(handle).num_rows in {counts["events"], *_event_counts(stagings)}
            seen.add(n_docs)
            reads += 1
    finally:
        publisher.wait(timeout=600)
    assert publisher.returncode == 0
    assert seen == {5, 3} and reads > 12


def _event_counts(stagings: tuple[Path, Path]) -> set[int]:
    return {pq.ParquetFile(s / "events.parquet").metadata.num_rows for s in stagings}


def test_validate_reports_a_mixed_release_in_one_line(
    stagings: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The torn state #25.2 found (documents from one release, the rest from another) is caught."""
    outputs = tmp_path / "out"
    publish(outputs, stagings[0], PUBLISHED_TABLES)
    old = current_release(outputs)
    publish(outputs, stagings[1], PUBLISHED_TABLES)
    new = current_release(outputs)
    target = new / "parquet" / "documents.parquet"
    target.unlink()
    shutil.copyfile(old / "parquet" / "documents.parquet", target)
    capsys.readouterr()
    assert cli_main(["validate", "--outputs", str(outputs)]) == 1
    out = capsys.readouterr()
    assert out.err.count("\n") == 1 and "table documents (5 rows) does not match" in out.err
    assert "INVALID  table documents" in out.out
    problems = verify(outputs).problems
    assert any(
        p.startswith("referential integrity broken: sentences.doc_id -> documents.doc_id") for p in problems
    )


def test_old_releases_stay_readable_for_a_reader_that_resolved_them(
    stagings: tuple[Path, Path], tmp_path: Path
) -> None:
    outputs = tmp_path / "out"
    publish(outputs, stagings[0], PUBLISHED_TABLES)
    resolved = current_release(outputs)  # a reader resolves the release once...
    publish(outputs, stagings[1], PUBLISHED_TABLES)
    time.sleep(0.01)
    publish(outputs, stagings[0], PUBLISHED_TABLES)
    frame = pl.read_parquet(resolved / "parquet" / "documents.parquet")  # ...and reads it two releases later
    assert frame.height == 5 and resolved in releases(outputs)
