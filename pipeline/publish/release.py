"""Publish validated tables: `outputs/parquet/<table>.parquet` and `outputs/warehouse.duckdb`.

Every new file is first written beside its target; only when all of them are written are they renamed into
place (journaled, so a crash between two renames is completed by the next publisher). A failed or killed run
therefore leaves the previous outputs intact and readable. A lock serialises publishers.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

import polars as pl

from pipeline.core.integrity import reference_violations
from pipeline.core.locks import file_lock
from pipeline.core.tables import rows_to_table
from pipeline.publish.atomic import atomic_batch, recover_interrupted
from pipeline.publish.dictionary import data_dictionary_markdown, datapackage
from pipeline.publish.lineage import lineage_rows
from pipeline.publish.parquet import build_table_parquet
from pipeline.publish.views import VIEWS
from pipeline.publish.warehouse import build_warehouse

WAREHOUSE = "warehouse.duckdb"


class PublishLockedError(Exception):
    """Another run is publishing into the same outputs folder."""


def publish_lock(outputs: Path, wait: bool = True) -> contextlib.AbstractContextManager[None]:
    """Exclusive lock on `<outputs>/.publish.lock`; waits for another publisher (or fails if wait=False)."""
    return file_lock(
        outputs / ".publish.lock",
        wait,
        lambda holder: PublishLockedError(
            f"another run ({holder}) is publishing into {outputs}; try again when it finishes"
        ),
    )


class NotPublishedError(FileNotFoundError):
    """The outputs folder holds no published tables (or not all of the ones asked for)."""


def read_published(outputs: Path, names: Iterable[str] | None = None) -> dict[str, pl.DataFrame]:
    """The published Parquet tables `names` (default: every one there) from `<outputs>/parquet`."""
    folder = Path(outputs) / "parquet"
    wanted = list(names) if names is not None else sorted(p.stem for p in folder.glob("*.parquet"))
    missing = [name for name in wanted if not (folder / f"{name}.parquet").exists()]
    if missing or not wanted:
        which = "" if len(missing) == len(wanted) else f" (missing: {', '.join(missing)})"
        raise NotPublishedError(
            f"no published tables in {folder}{which}; run `python -m pipeline run` first or pass --outputs"
        )
    return {name: pl.read_parquet(folder / f"{name}.parquet") for name in wanted}


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
    parquet = outputs / "parquet"
    with publish_lock(outputs):
        recover_interrupted(outputs, (outputs, parquet))
        with atomic_batch(outputs) as batch:
            for name, df in sorted(published.items()):
                batch.write(parquet / f"{name}.parquet", partial(build_table_parquet, name, df))
            batch.write(parquet / "datapackage.json", _text(json.dumps(datapackage(counts), indent=2) + "\n"))
            batch.write(outputs / "data_dictionary.md", _text(data_dictionary_markdown(counts)))
            batch.write(outputs / WAREHOUSE, partial(build_warehouse, tables=published, views=views))
    return published


def _text(text: str) -> Callable[[Path], None]:
    return lambda tmp: tmp.write_text(text, encoding="utf-8")
