"""Publish validated tables: `outputs/parquet/<table>.parquet` and `outputs/warehouse.duckdb`.

Each file is replaced atomically (temp file + rename), after every table has been built and validated, so a
failed or interrupted run leaves the previous outputs intact and readable. A lock serialises publishers.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import polars as pl

from pipeline.integrity import reference_violations
from pipeline.publish.atomic import write_atomic
from pipeline.publish.dictionary import data_dictionary_markdown, datapackage
from pipeline.publish.lineage import lineage_rows
from pipeline.publish.parquet import write_table_parquet
from pipeline.publish.views import VIEWS
from pipeline.publish.warehouse import write_warehouse
from pipeline.validate import rows_to_table

WAREHOUSE = "warehouse.duckdb"


class PublishLockedError(Exception):
    """Another run is publishing into the same outputs folder."""


@contextlib.contextmanager
def publish_lock(outputs: Path, wait: bool = True) -> Iterator[None]:
    """Exclusive lock on `<outputs>/.publish.lock`; waits for another publisher (or fails if wait=False)."""
    outputs.mkdir(parents=True, exist_ok=True)
    with open(outputs / ".publish.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise PublishLockedError(
                f"another run is publishing into {outputs}; try again when it finishes"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def load_staged(staging: Path, names: list[str]) -> tuple[dict[str, pl.DataFrame], dict[str, dict]]:
    """Staged tables and their lineage sidecars, as written by the StagingIOManager."""
    tables: dict[str, pl.DataFrame] = {}
    sidecars: dict[str, dict] = {}
    for name in names:
        path = staging / f"{name}.parquet"
        if not path.exists():
            raise FileNotFoundError(
                f"table '{name}' has not been materialized (no {path}); materialize all assets"
            )
        tables[name] = pl.read_parquet(path)
        sidecar = path.with_suffix(".json")
        sidecars[name] = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
    return tables, sidecars


def publish(
    outputs: Path,
    tables: Mapping[str, pl.DataFrame],
    sidecars: Mapping[str, dict],
    views: Mapping[str, str] = VIEWS,
) -> dict[str, pl.DataFrame]:
    """Write every table (plus lineage), the data dictionary and datapackage.json. Returns what was published."""
    violations = reference_violations(dict(tables))
    if violations:
        summary = "; ".join(f"{key}: {df.height} orphan rows" for key, df in violations.items())
        raise ValueError(f"referential integrity broken, nothing published: {summary}")
    published = dict(tables)
    published["lineage"] = rows_to_table("lineage", lineage_rows(tables, sidecars))
    counts = {name: df.height for name, df in published.items()}
    with publish_lock(outputs):
        for name, df in sorted(published.items()):
            write_table_parquet(name, df, outputs / "parquet" / f"{name}.parquet")
        _write_text(
            outputs / "parquet" / "datapackage.json", json.dumps(datapackage(counts), indent=2) + "\n"
        )
        _write_text(outputs / "data_dictionary.md", data_dictionary_markdown(counts))
        write_warehouse(outputs / WAREHOUSE, published, views)
    return published


def _write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
