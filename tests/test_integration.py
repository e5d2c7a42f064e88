"""Joined tables agree with the base tables; README queries run; the dataset loads with its types."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import frictionless
import polars as pl
import pytest

from pipeline.core.integrity import reference_violations
from pipeline.integrate.joins import REPORTED_MODALITIES
from schemas import TABLES
from tests.conftest import ROOT


def _tables(published: Path) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(published / "parquet" / f"{name}.parquet") for name in TABLES}


def test_no_orphan_ids_anywhere(published: Path) -> None:
    assert reference_violations(_tables(published)) == {}


def test_joined_tables_add_up(published: Path) -> None:
    t = _tables(published)
    assert t["timeline"].height == t["events"].height
    assert t["claims"].height == t["metrics"].height
    assert t["actor_profiles"].height == t["actors"].height
    profiles = t["actor_profiles"]
    quads = [c for c in profiles.columns if c.startswith(("source_", "target_"))]
    reported = t["events"].filter(pl.col("modality").is_in(REPORTED_MODALITIES))["event_id"]
    reported_participants = t["event_participants"].filter(pl.col("event_id").is_in(reported.implode()))
    assert profiles.select(pl.sum_horizontal(quads).sum()).item() == reported_participants.height
    assert reported.len() < t["events"].height  # negated and hypothetical events are in the table, not counted
    assert profiles["stances_held"].sum() == t["stances"]["holder_actor_id"].drop_nulls().len()
    claims_actors = t["claims"]["actor_ids"].list.len().sum()
    assert claims_actors == t["metric_actors"].height
    dyads = t["dyad_years"]
    assert (dyads["actor_a"] < dyads["actor_b"]).all()
    assert dyads.select(["actor_a", "actor_b", "year"]).is_duplicated().sum() == 0
    quad_sum = dyads.select(pl.sum_horizontal([c for c in dyads.columns if c.startswith("n_") and "_co" in c]))
    assert (quad_sum.to_series() == dyads["n_events"]).all()


def test_timeline_is_ordered_by_date(published: Path) -> None:
    dates = pl.read_parquet(published / "parquet" / "timeline.parquet")["event_date"].drop_nulls().to_list()
    assert dates == sorted(dates)


def test_an_event_the_text_does_not_date_counts_in_the_year_it_was_reported(published: Path) -> None:
    t = _tables(published)
    published_on = dict(t["documents"].select("doc_id", "published_date").iter_rows())
    timeline = t["timeline"]
    assert timeline["reported_date"].to_list() == [published_on[d] for d in timeline["doc_id"]]
    assert timeline.schema["reported_date_start"] == pl.Date  # typed for range queries, as every ISO date
    undated = timeline.filter(pl.col("event_date").is_null() & pl.col("reported_date").is_not_null())
    assert undated.height > 0
    if all(published_on.values()):  # every document dated: every dyad-year has its year
        assert t["dyad_years"]["year"].null_count() == 0


def _readme_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.DOTALL)


README_QUERIES = _readme_queries()


def test_the_readme_has_example_queries() -> None:
    assert len(README_QUERIES) >= 8  # with the date-range examples on event_date_start


@pytest.mark.parametrize("query", README_QUERIES, ids=[q.splitlines()[0][3:50] for q in README_QUERIES])
def test_readme_queries_return_rows(published: Path, query: str) -> None:
    con = duckdb.connect(str(published / "warehouse.duckdb"), read_only=True)
    try:
        assert con.sql(query).fetchall()
    finally:
        con.close()


def test_parquet_types_and_descriptions_load_in_polars_and_frictionless(published: Path) -> None:
    claims = pl.read_parquet(published / "parquet" / "claims.parquet")
    assert claims.schema["value"] == pl.Float64 and claims.schema["actor_ids"] == pl.List(pl.String)
    package = frictionless.Package(str(published / "parquet" / "datapackage.json"))
    fields = {f.name: f.type for f in package.get_resource("claims").schema.fields}
    assert fields["value"] == "number" and fields["actor_ids"] == "array" and fields["reference_year"] == "integer"
    assert {r.name for r in package.resources} == set(TABLES)
    assert (published / "data_dictionary.md").read_text().count("## ") == len(TABLES)
