"""Incremental runs: adding, changing or deleting a document re-processes only that document, and the published
tables are byte-identical to a full rebuild into a fresh outputs folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import polars as pl

from pipeline.core.model import Actor
from pipeline.extract.runner import ResultCache, actor_keys, run_cached, stage_version
from tests.small_runs import (
    EXTRACTION_ASSETS,
    data_versions,
    extracted_counts,
    published_tables,
    run,
    short_article,
    write_articles,
)

ROW_SCHEMA = {"rows": pl.Schema({"doc": pl.String, "version": pl.String})}


def test_add_change_delete_match_a_full_rebuild(tmp_path: Path) -> None:
    corpus, live = tmp_path / "corpus", tmp_path / "live"
    write_articles(corpus, range(3))
    first = run(corpus, live)
    assert set(extracted_counts(first).values()) == {3}  # cold: everything parsed and extracted

    edits: list[tuple[str, Callable[[], object], int]] = [
        ("add", lambda: (corpus / "article_3.txt").write_text(short_article(3), encoding="utf-8"), 1),
        (
            "change",
            lambda: (corpus / "article_1.txt").write_text(short_article(1, variant=1), encoding="utf-8"),
            1,
        ),
        ("delete", lambda: (corpus / "article_2.txt").unlink(), 0),
    ]
    for name, edit, expected in edits:
        edit()
        incremental = run(corpus, live)
        counts = extracted_counts(incremental)
        assert counts == {table: expected for table in ("documents", *EXTRACTION_ASSETS)}, name
        fresh = tmp_path / f"fresh_{name}"
        rebuilt = run(corpus, fresh)
        assert data_versions(incremental) == data_versions(rebuilt) != {}  # what the Dagster UI shows
        live_tables, fresh_tables = published_tables(live), published_tables(fresh)
        assert live_tables.keys() == fresh_tables.keys()
        differing = [table for table in live_tables if live_tables[table] != fresh_tables[table]]
        assert not differing, f"after {name}: incremental and full rebuild differ in {differing}"


def test_a_new_extractor_version_invalidates_exactly_its_stage(tmp_path: Path) -> None:
    extracted: list[str] = []

    def run_stage(version: str) -> int:
        def extractor(ctx: SimpleNamespace) -> dict:
            extracted.append(ctx.doc_id)
            return {"rows": [{"doc": ctx.doc_id, "version": version}]}

        contexts = lambda only: (SimpleNamespace(doc_id=doc_id) for doc_id in sorted(only))  # noqa: E731
        cache = ResultCache(tmp_path, "stage", version, ROW_SCHEMA)
        frames, ran = run_cached({"a": "a", "b": "b"}, contexts, extractor, cache, ROW_SCHEMA)
        assert frames["rows"].rows() == [("a", version), ("b", version)]
        return ran

    v1, v2 = stage_version("events/1", "actors/1"), stage_version("events/2", "actors/1")
    assert (
        len({v1, v2, stage_version("events/1", "actors/2")}) == 3
    )  # a new upstream version is a new key too
    assert [run_stage(v1), run_stage(v1), run_stage(v2), run_stage(v1)] == [2, 0, 2, 0]
    assert extracted == ["a", "b", "a", "b"]


def test_a_new_document_that_changes_an_actor_record_re_extracts_the_documents_naming_that_actor(
    tmp_path: Path,
) -> None:
    corpus, live = tmp_path / "corpus", tmp_path / "live"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Trade talks\n\nAdam Kowalczyk met Chinese officials in Beijing in March 2019. "
        "Kowalczyk signed a trade deal with China in 2019, officials said.\n",
        encoding="utf-8",
    )
    run(corpus, live)
    # a second article gives the same person a country: his corpus-level record changes
    (corpus / "b.txt").write_text(
        "Minister visits Berlin\n\nPolish Foreign Minister Adam Kowalczyk visited Germany in May 2020. "
        "He met German officials in Berlin to discuss energy security, gas supplies and the war in Ukraine.\n",
        encoding="utf-8",
    )
    incremental = run(corpus, live)
    counts = extracted_counts(incremental)
    assert counts["documents"] == counts["mentions"] == 1  # only the new article is parsed, actors found
    assert counts["events"] == counts["stances"] == 2  # the first article's events read the changed record
    rebuilt = run(corpus, tmp_path / "fresh")
    assert published_tables(live) == published_tables(tmp_path / "fresh")
    assert data_versions(incremental) == data_versions(rebuilt)


def test_actor_keys_from_the_tables_equal_the_key_of_each_documents_records() -> None:
    actors = [
        Actor("FRA", "France", "country", "FRA"),
        Actor("person:ana", "Ana Müller", "person", None),
        Actor("org:x", "X\u2019s Bureau", "organization", "DEU"),
    ]
    actor_table = pl.DataFrame([vars(a) for a in actors], schema={f: pl.String for f in vars(actors[0])})
    mentions = pl.DataFrame(  # repeated mentions, one of an actor not in the table, one document with none
        {
            "doc_id": ["d1", "d1", "d1", "d2", "d2", "d3"],
            "actor_id": ["person:ana", "FRA", "FRA", "org:x", "gone", None],
        }
    )
    base = {doc: f"{doc}.meta" for doc in ("d1", "d2", "d3", "d4")}
    keys = actor_keys(base, mentions, actor_table)
    assert all(keys[doc].startswith(f"{doc}.meta.") for doc in base)
    reordered = actor_keys(base, mentions.reverse(), actor_table.reverse())
    assert reordered == keys  # the records are hashed in actor_id order, whatever the tables' order
    assert keys["d3"].rsplit(".", 1)[1] == keys["d4"].rsplit(".", 1)[1]  # no known actor: the same records
    moved = actor_table.with_columns(
        pl.when(pl.col("actor_id") == "person:ana")
        .then(pl.lit("AUT"))
        .otherwise(pl.col("country_code"))
        .alias("country_code")
    )
    changed = actor_keys(base, mentions, moved)
    assert {doc for doc in keys if keys[doc] != changed[doc]} == {"d1"}
