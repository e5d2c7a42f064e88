"""The caches stay as large as the corpus: a whole-corpus run drops other versions' folders and the entries of
documents that are gone; hidden temporary files of concurrent writers are never touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.core.cache_pruning import drop_files_except, drop_other_versions
from pipeline.ingest import load_cache
from tests.small_runs import run, write_articles


def test_pruning_keeps_what_is_named_the_last_versions_temporary_files_and_subfolders(tmp_path: Path) -> None:
    stage = tmp_path / "stage"
    for age, version in enumerate(["v4", "v3", "v2", "v1"]):  # v4 used last
        (stage / version).mkdir(parents=True)
        os.utime(stage / version, ns=(10**18 - age * 10**9,) * 2)
    current = stage / "v1"
    (current / "_snapshot").mkdir()
    for name in ("a.json", "b.json", ".b.json.123.tmp"):
        (current / name).write_text("{}")
    drop_other_versions(current, keep=3)
    assert sorted(p.name for p in stage.iterdir()) == ["v1", "v3", "v4"]  # v2: the least recently used
    assert drop_files_except(current, {"a.json"}) == 1
    assert sorted(p.name for p in current.iterdir()) == [".b.json.123.tmp", "_snapshot", "a.json"]


def _just_used(folder: Path) -> Path:
    """The version folder a run used last (pruning marks it as used)."""
    return max(folder.iterdir(), key=lambda version: version.stat().st_mtime_ns)


def test_a_run_forgets_deleted_documents_and_old_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load_cache, "RACY_SECONDS", 0)  # remember the files however soon after writing them
    corpus, outputs = tmp_path / "corpus", tmp_path / "outputs"
    write_articles(corpus, range(3))
    run(corpus, outputs)
    cache = outputs / ".cache"
    stale = [cache / "results" / "analysis_assets" / f"0ld{i}" / "doc_x.json" for i in range(3)]
    stale.append(cache / "parses" / "old-model" / "doc_x.spacy")
    for path in stale:
        path.parent.mkdir(parents=True)
        path.write_text("{}")
    os.utime(stale[0].parent, ns=(0, 0))  # the least recently used events version
    (corpus / "article_2.txt").unlink()
    run(corpus, outputs)
    assert not stale[0].parent.exists()  # events: the current version and the two used last remain
    assert all(path.parent.exists() for path in stale[1:])
    parses = _just_used(cache / "parses")
    doc_ids = {p.name.split(".")[0] for p in parses.glob("*.spacy")}
    assert len(doc_ids) == 2  # the deleted article's parse is gone
    for stage in (cache / "results").iterdir():
        assert {p.name.split(".")[0] for p in _just_used(stage).glob("*.json")} == doc_ids, stage.name
    assert len(list((cache / "ingest").glob("*/*.json"))) == 2
