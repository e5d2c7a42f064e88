"""Asset checks run inside the steps that build their tables: all of them are evaluated on every run, and a
failing blocking check stops the run before anything is published."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipeline import checks
from pipeline.execute import PipelineFailedError
from tests.small_runs import published_tables, run, short_article, write_articles


def _evaluations(result) -> dict[tuple[str, str], bool]:
    return {(e.asset_key.path[-1], e.check_name): e.passed for e in result.get_asset_check_evaluations()}


def test_every_check_runs_and_a_failing_blocking_check_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, outputs = tmp_path / "corpus", tmp_path / "outputs"
    write_articles(corpus, range(2))
    evaluations = _evaluations(run(corpus, outputs))
    assert evaluations == {(c.table, c.name): True for c in checks.CHECKS}
    before = published_tables(outputs)

    # a new article, and events whose evidence no longer matches their sentence
    (corpus / "article_2.txt").write_text(short_article(2), encoding="utf-8")
    monkeypatch.setattr(checks, "evidence_mismatches", lambda rows, sentences: rows)
    with pytest.raises(PipelineFailedError, match="blocking asset check"):
        run(corpus, outputs)
    assert published_tables(outputs) == before  # the new article was not published
    assert pl.read_parquet(outputs / "parquet" / "documents.parquet").height == 2


def test_a_check_reports_its_failing_rows() -> None:
    sentences = pl.DataFrame({"doc_id": ["d1", "d9"], "char_start": [0, 0], "char_end": [5, 3], "text": ["Hello", "abc"]})
    documents = pl.DataFrame({"doc_id": ["d1"], "text": ["Hello world"]})
    check = next(c for c in checks.CHECKS if c.table == "sentences")
    result = check.result({"sentences": sentences, "documents": documents})
    assert not result.passed
    assert result.metadata["failures"].value == 2  # d9: unknown document, and its span cannot match
    assert set(result.metadata) == {"failures", "orphan_doc_ids", "span_mismatches"}
