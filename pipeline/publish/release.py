"""Publish the staged tables as one release: Parquet files, the DuckDB warehouse, the data dictionary and the
Frictionless descriptor, written into a new release folder and made current by one atomic pointer switch
(pipeline.publish.releases). Streamed: every table is read from its staged Parquet file a row group at a time,
validated against its schema, hashed for the lineage table and written; DuckDB loads the written files itself.
The main process never holds a whole table, whatever the corpus size. A lock serialises publishers.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.core.contract import schema_fingerprint
from pipeline.core.locks import PUBLISH_LOCK, file_lock
from pipeline.core.tables import rows_to_table, validate_table
from pipeline.publish.dictionary import data_dictionary_markdown, datapackage
from pipeline.publish.lineage import ContentHash, corpus_hash, lineage_rows
from pipeline.publish.parquet import TableStream, partitioned, write_stream, write_table_parquet
from pipeline.publish.releases import KEEP_RELEASES, ReleaseError, current_release, new_release
from pipeline.publish.views import VIEWS
from pipeline.publish.warehouse import build_warehouse
from schemas import TABLES

WAREHOUSE = "warehouse.duckdb"
DICTIONARY = "data_dictionary.md"
DATAPACKAGE = "datapackage.json"
PARTITION_DOCUMENTS = 100_000  # from this many documents on, per-document tables are partitioned datasets


class PublishLockedError(Exception):
    """Another run is publishing into the same outputs folder."""


def publish_lock(outputs: Path, wait: bool = True) -> contextlib.AbstractContextManager[None]:
    """Exclusive lock on `<outputs>/.publish.lock` (PUBLISH_LOCK); waits for another publisher (or fails if wait=False)."""
    return file_lock(
        outputs / PUBLISH_LOCK,
        wait,
        lambda holder: PublishLockedError(
            f"another run ({holder}) is publishing into {outputs}; try again when it finishes"
        ),
    )


class NotPublishedError(FileNotFoundError):
    """The outputs folder holds no published tables (or not all of the ones asked for)."""


class UnreadableTableError(NotPublishedError):
    """A published table's file is not a readable Parquet file."""


READ_ERRORS = (OSError, pa.ArrowException, ValueError)  # what pyarrow raises for a missing or garbage file


@dataclass(frozen=True)
class Release:
    """A published release: its folder and, per table, its Parquet files."""

    folder: Path
    files: dict[str, list[Path]]
    lineage: pl.DataFrame


def table_files(release: Path, table: str) -> list[Path]:
    """The Parquet files of `table` in a release: `<table>.parquet`, or the files of its partitioned dataset."""
    single = release / "parquet" / f"{table}.parquet"
    if single.is_file():
        return [single]
    return sorted((release / "parquet" / table).glob("*/*.parquet"))


def read_table(
    release: Path, table: str, columns: list[str] | None = None, where: tuple[str, list[str]] | None = None
) -> pl.DataFrame:
    """One published table as a polars frame in the table's order, closed vocabularies as plain strings; with
    `where` = (column, values), only the rows whose column holds one of the values (filtered as the files are
    read, so the rest is never held). Read with pyarrow (which reports a garbage file as an error, where
    polars may panic)."""
    files = table_files(release, table)
    if not files:
        raise NotPublishedError(f"table {table} is missing from the release {release}")
    rows = None
    if where is not None:
        column, values = where
        rows = pc.field(column).cast(pa.large_string()).isin(pa.array(values, pa.large_string()))
    try:
        arrow = pa.concat_tables(
            [pq.read_table(f, columns=columns, filters=rows, partitioning=None) for f in files]
        )
    except READ_ERRORS as exc:
        raise UnreadableTableError(f"{unreadable(table, release)}: {first_line(exc)}") from None
    df = pl.from_arrow(arrow)
    assert isinstance(df, pl.DataFrame)
    df = df.with_columns(pl.col(pl.Categorical).cast(pl.String))
    if len(files) > 1:
        order = [c for c in TABLES[table].sort_by if c in df.columns]
        df = df.sort(order, nulls_last=True, maintain_order=True)
    return df


def unreadable(table: str, release: Path) -> str:
    return f"table {table} of the release {release} is not a readable Parquet file"


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def current_tables(outputs: Path, names: Iterable[str] | None = None) -> tuple[Path, list[str]]:
    """(the current release, the published tables `names`, default every one); NotPublishedError when there is
    no release or one of `names` is missing from it."""
    try:
        release = current_release(Path(outputs))
    except ReleaseError as exc:
        raise NotPublishedError(str(exc)) from None
    present = sorted(n for n in TABLES if table_files(release, n))
    wanted = list(names) if names is not None else present
    missing = [name for name in wanted if name not in present]
    if missing or not wanted:
        which = "" if len(missing) == len(wanted) else f" (missing: {', '.join(missing)})"
        raise NotPublishedError(
            f"no published tables in {release / 'parquet'}{which}; run `python -m pipeline run` first or pass "
            "--outputs"
        )
    return release, wanted


def read_published(
    outputs: Path, names: Iterable[str] | None = None, columns: list[str] | None = None
) -> dict[str, pl.DataFrame]:
    """The published tables `names` (default: every one) of the current release, all from the same release."""
    release, wanted = current_tables(outputs, names)
    return {name: read_table(release, name, columns) for name in wanted}


def staged_sidecar(staging: Path, name: str) -> dict:
    sidecar = staging / f"{name}.json"
    return json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}


def publish(
    outputs: Path,
    staging: Path,
    names: Iterable[str],
    views: Mapping[str, str] = VIEWS,
    partition_documents: int = PARTITION_DOCUMENTS,
    keep: int = KEEP_RELEASES,
) -> Release:
    """Publish the staged tables `names` (plus lineage) as a new release; returns it.

    Each table is streamed from `<staging>/<name>.parquet` a row group at a time: hashed, written, and validated
    against its schema unless its sidecar says it passed this very schema when staged.
    Per-document tables are partitioned by document batch when the corpus has at least `partition_documents`
    documents (0: never); the last `keep` releases are kept. Any failure (a schema violation, a broken key or
    reference, a full disk) leaves the current release as it was."""
    names = list(names)
    for name in names:
        if not (staging / f"{name}.parquet").exists():
            raise FileNotFoundError(
                f"table '{name}' has not been materialized (no {staging / f'{name}.parquet'}); materialize all assets"
            )
    n_documents = (
        pq.ParquetFile(staging / "documents.parquet").metadata.num_rows if "documents" in names else 0
    )
    split = 0 < partition_documents <= n_documents
    with publish_lock(outputs):
        with new_release(outputs, keep) as folder:
            files, lineage = _write_release(folder, staging, names, views, split)
        release = current_release(outputs)
    return Release(
        release, {n: [release / f.relative_to(folder) for f in fs] for n, fs in files.items()}, lineage
    )


def _write_release(
    folder: Path, staging: Path, names: list[str], views: Mapping[str, str], split: bool
) -> tuple[dict[str, list[Path]], pl.DataFrame]:
    """Every file of a release into `folder`: the tables, lineage, datapackage.json, the dictionary, DuckDB."""
    parquet = folder / "parquet"
    files: dict[str, list[Path]] = {}
    hashes: dict[str, ContentHash] = {}
    sidecars = {name: staged_sidecar(staging, name) for name in names}
    for name in names:
        stream = TableStream(name, staging / f"{name}.parquet")
        hashes[name] = ContentHash()
        validate = sidecars[name].get("validated") != schema_fingerprint(name)
        files[name] = write_stream(
            stream, parquet, split and partitioned(name), _checked(name, hashes[name], validate)
        )
    lineage = rows_to_table("lineage", lineage_rows(hashes, sidecars, _corpus(staging, names)))
    write_table_parquet("lineage", lineage, parquet / "lineage.parquet")
    files["lineage"] = [parquet / "lineage.parquet"]
    counts = {name: found.rows for name, found in hashes.items()} | {"lineage": lineage.height}
    relative = {name: [f.relative_to(parquet).as_posix() for f in paths] for name, paths in files.items()}
    (parquet / DATAPACKAGE).write_text(json.dumps(datapackage(counts, relative), indent=2) + "\n", "utf-8")
    (folder / DICTIONARY).write_text(data_dictionary_markdown(counts), encoding="utf-8")
    build_warehouse(folder / WAREHOUSE, files, views)
    return files, lineage


def _checked(table: str, found: ContentHash, validate: bool):
    """Per staged batch: add it to the table's content hash and, with `validate` (a table staged without
    passing the current schema), validate it against the schema."""

    def check(batch: pa.RecordBatch) -> None:
        df = pl.from_arrow(batch)
        assert isinstance(df, pl.DataFrame)
        if validate:
            validate_table(table, df)
        found.update(df)

    return check


def _corpus(staging: Path, names: list[str]) -> str:
    if "documents" not in names:
        return corpus_hash([])
    hashes = pq.read_table(staging / "documents.parquet", columns=["content_sha256"]).column(0)
    return corpus_hash(hashes.to_pylist())
