"""An outputs folder inside the corpus is never ingested (#25.7): neither the configured one nor any folder that
holds a run's lock files or a release layout, so a second run reads exactly the articles the first one did."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.core.locks import MUTEX_FILE, OWNER_FILE, PUBLISH_LOCK, outputs_marker
from pipeline.ingest.discover import CorpusError, discover
from pipeline.resources import PipelineConfig
from pipeline.sensors import corpus_fingerprint
from tests.small_runs import published_tables, run, short_article, write_articles


def test_two_runs_with_the_outputs_inside_the_corpus_publish_the_same_tables(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(3))
    outputs = corpus / "out"
    settings = PipelineConfig(corpus_dir=str(corpus), outputs_dir=str(outputs))
    before = corpus_fingerprint(settings)
    run(corpus, outputs)
    first = published_tables(outputs)
    assert (outputs / "evidence_report.html").exists() and (outputs / "data_dictionary.md").exists()
    assert corpus_fingerprint(settings) == before  # the corpus_changed sensor does not see its own outputs
    run(corpus, outputs)
    assert published_tables(outputs) == first
    outside = tmp_path / "outside"
    run(corpus, outside)  # the same corpus, outputs elsewhere: the same tables
    assert published_tables(outside) == first
    assert [f.source_path for f in discover(corpus, [outputs])] == [f"article_{i}.txt" for i in range(3)]


@pytest.mark.parametrize("marker", [MUTEX_FILE, OWNER_FILE, PUBLISH_LOCK, "release layout"])
def test_any_outputs_folder_is_skipped_but_a_folder_of_press_releases_is_read(
    tmp_path: Path, marker: str
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "releases").mkdir(parents=True)  # press releases: articles
    (corpus / "releases" / "statement.txt").write_text(short_article(1), encoding="utf-8")
    old = corpus / "old_run"  # the outputs of some other run, not the configured folder
    (old / "parquet").mkdir(parents=True)
    (old / "data_dictionary.md").write_text("# Data dictionary\n", encoding="utf-8")
    (old / "parquet" / "documents.parquet").write_bytes(b"PAR1")
    if marker == "release layout":
        (old / "releases" / "20261207-1").mkdir(parents=True)
        os.symlink("releases/20261207-1", old / "current")
    else:
        (old / marker).write_text("pid 1", encoding="utf-8")
    assert [f.source_path for f in discover(corpus)] == ["releases/statement.txt"]


def test_a_corpus_folder_that_is_an_outputs_folder_is_refused(tmp_path: Path) -> None:
    write_articles(tmp_path, range(1))
    with pytest.raises(CorpusError, match="is the outputs folder"):
        discover(tmp_path, [tmp_path])
    (tmp_path / MUTEX_FILE).write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"holds pipeline outputs \(\.run\.lock\)"):
        discover(tmp_path)


def test_a_folder_that_cannot_be_searched_is_not_taken_for_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Tests run as root, for whom every folder can be searched: the denial is simulated.)"""
    (tmp_path / "locked").mkdir()
    real_exists = Path.exists

    def exists(self: Path, *args: object, **kwargs: object) -> bool:
        if self.parent.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", exists)
    assert outputs_marker(tmp_path / "locked") is None
