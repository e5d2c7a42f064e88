"""Check a published release as a reader would meet it: every table readable and valid against its schema
(streamed a row group at a time), every table matching the row count and content hash its release's lineage
recorded (a file from another release shows here), the warehouse holding the same row counts, every foreign
key resolving, and no release left unpublished by a run that died."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq

from pipeline.core.tables import TableValidationError, validate_table
from pipeline.publish.lineage import ContentHash
from pipeline.publish.release import READ_ERRORS, WAREHOUSE, first_line, read_table, table_files, unreadable
from pipeline.publish.releases import ReleaseError, abandoned, current_release
from pipeline.publish.warehouse import orphan_rows
from schemas import TABLES

BATCH_ROWS = 65_536


@dataclass
class Verdict:
    """What `verify` found: one line per table, and the problems (none: the release is valid)."""

    release: Path | None = None
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def verify(outputs: Path) -> Verdict:
    verdict = Verdict()
    try:
        verdict.release = release = current_release(outputs)
    except ReleaseError as exc:
        verdict.problems.append(str(exc))
        return verdict
    verdict.problems += [
        f"release {name} was never published (its run died); the current release {release.name} is intact "
        "and the next run removes it"
        for name in abandoned(outputs)
    ]
    files = {name: table_files(release, name) for name in TABLES}
    recorded = _lineage(release)
    readable = {}  # tables whose rows can be checked against each other (valid, even if from another release)
    for name, paths in files.items():
        if not paths:
            verdict.lines.append(f"missing  {name}")
            verdict.problems.append(f"table {name} is missing from the release {release}")
            continue
        problem, rows, digest = _check_table(name, paths, release)
        if problem is None:
            readable[name] = paths
            if name in recorded and recorded[name] != (rows, digest or recorded[name][1]):
                problem = (
                    f"table {name} ({rows} rows) does not match the row count ({recorded[name][0]}) or content "
                    "hash its release's lineage recorded: a file from another release"
                )
        verdict.lines.append(f"ok       {name} ({rows} rows)" if problem is None else f"INVALID  {problem}")
        if problem is not None:
            verdict.problems.append(problem)
    verdict.problems += [
        f"referential integrity broken: {key} has orphan rows, e.g. {bad.row(0)}"
        for key, bad in orphan_rows(readable).items()
    ]
    verdict.problems += _warehouse_counts(release, recorded)
    return verdict


def _check_table(name: str, paths: list[Path], release: Path) -> tuple[str | None, int, str | None]:
    """(problem or None, rows, content hash or None when the table is partitioned: its files' order is not
    the table's order)."""
    found = ContentHash()
    try:
        for batch in _batches(paths):
            df = batch.with_columns(pl.col(pl.Categorical).cast(pl.String))
            validate_table(name, df)
            found.update(df)
    except READ_ERRORS as exc:
        return f"{unreadable(name, release)}: {first_line(exc)}", 0, None
    except TableValidationError as exc:
        first = exc.failures.row(0, named=True)
        return (
            f"table {name} breaks its schema: {exc.failures.height} failures, e.g. column {first.get('column')} "
            f"check {first.get('check')} value {first.get('failure_case')!r}",
            0,
            None,
        )
    return None, found.rows, found.hexdigest() if len(paths) == 1 else None


def _batches(paths: list[Path]) -> Iterator[pl.DataFrame]:
    for path in paths:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS):
            df = pl.from_arrow(batch)
            assert isinstance(df, pl.DataFrame)
            yield df


def _lineage(release: Path) -> dict[str, tuple[int, str]]:
    try:
        lineage = read_table(release, "lineage", ["table_name", "row_count", "content_hash"])
    except READ_ERRORS:
        return {}  # reported with the lineage table itself
    return {name: (rows, digest) for name, rows, digest in lineage.iter_rows()}


def _warehouse_counts(release: Path, recorded: dict[str, tuple[int, str]]) -> list[str]:
    path = release / WAREHOUSE
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        return [f"the warehouse {path} does not open: {first_line(exc)}"]
    try:
        problems = []
        for name, (rows, _) in sorted(recorded.items()):
            try:
                count = con.sql(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]
            except duckdb.Error as exc:
                problems.append(f"the warehouse lacks table {name}: {first_line(exc)}")
                continue
            if count != rows:
                problems.append(f"the warehouse's {name} has {count} rows, its release's lineage {rows}")
        return problems
    finally:
        con.close()
