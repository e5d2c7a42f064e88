"""The corpus sensor requests a run exactly when a corpus file is added, changed or removed."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.definitions import build_definitions
from pipeline.resources import PipelineConfig
from pipeline.sensors import SENSOR_NAME, corpus_changed


def _tick(settings: PipelineConfig, cursor: str | None) -> tuple[dg.RunRequest | None, str | None]:
    """Evaluate the sensor once; returns its run request (None when it skipped) and the new cursor."""
    context = dg.build_sensor_context(cursor=cursor, resources={"settings": settings})
    data = corpus_changed.evaluate_tick(context)
    assert len(data.run_requests or []) <= 1
    return (data.run_requests[0] if data.run_requests else None), data.cursor


def test_sensor_requests_a_run_only_when_the_corpus_changes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    first = corpus / "a.txt"
    first.write_text("first article text " * 10)
    settings = PipelineConfig(corpus_dir=str(corpus), outputs_dir=str(tmp_path / "out"))

    request, cursor = _tick(settings, None)
    assert request is not None and request.run_key == cursor
    seen = {cursor}

    assert _tick(settings, cursor) == (None, cursor)  # nothing changed: skip, cursor kept

    def changed(action) -> str:
        nonlocal cursor
        action()
        request, new_cursor = _tick(settings, cursor)
        assert request is not None and new_cursor not in seen
        seen.add(new_cursor)
        cursor = new_cursor
        assert _tick(settings, cursor)[0] is None  # and quiet again afterwards
        return cursor

    changed(lambda: (corpus / "sub" / "b.md").write_text("second article " * 10))  # added, nested
    stat = first.stat()
    changed(
        lambda: (
            first.write_text("FIRST article text " * 10),
            os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9)),
        )
    )
    changed(lambda: (corpus / "sub" / "b.md").unlink())  # removed


def test_sensor_skips_when_the_corpus_folder_is_missing(tmp_path: Path) -> None:
    settings = PipelineConfig(corpus_dir=str(tmp_path / "missing"), outputs_dir=str(tmp_path / "out"))
    request, cursor = _tick(settings, "old")
    assert request is None and cursor == "old"


def test_sensor_is_registered_and_targets_every_asset(tmp_path: Path) -> None:
    definitions = build_definitions(
        PipelineConfig(corpus_dir=str(tmp_path), outputs_dir=str(tmp_path / "out"))
    )
    job = definitions.resolve_job_def(definitions.resolve_sensor_def(SENSOR_NAME).job_name)
    assert job.asset_layer.selected_asset_keys == set(definitions.resolve_all_asset_keys())
