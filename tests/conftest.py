"""Shared fixtures: paths to the repo corpus and ../shared, Dagster kept offline and quiet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
DEV_ARTICLES = SHARED / "eval" / "dev_articles"
GOLD = ROOT / "eval" / "gold"
NEEDS_SHARED = pytest.mark.needs_shared  # reads the evaluation texts in ../shared
REQUIRE_SHARED = "GEOEVENTS_REQUIRE_SHARED"  # set by .ci/run: there a missing ../shared is an error, not a skip


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without ../shared beside the clone, the tests that read its evaluation texts are skipped with a reason
    saying so (an error when REQUIRE_SHARED is set)."""
    if SHARED.is_dir():
        return
    if os.environ.get(REQUIRE_SHARED):
        raise pytest.UsageError(f"{SHARED} is missing: clone the repository next to the shared/ folder")
    skip = pytest.mark.skip(reason=f"needs the evaluation texts in {SHARED} (clone next to shared/, as CI does)")
    for item in items:
        if "needs_shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private DAGSTER_HOME with telemetry off, so tests never touch the user's instance."""
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ["DAGSTER_DISABLE_TELEMETRY"] = "1"
    return home


def corpus_text(name_prefix: str) -> str:
    """Raw text of the corpus article whose file name starts with `name_prefix`."""
    [path] = sorted(CORPUS.glob(f"{name_prefix}*"))
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path) -> Path:
    """Outputs of one full pipeline run on the corpus (shared by the end-to-end tests)."""
    from pipeline.execute import run_pipeline
    from pipeline.resources import PipelineConfig

    outputs = tmp_path_factory.mktemp("outputs")
    run_pipeline(PipelineConfig(corpus_dir=str(CORPUS), outputs_dir=str(outputs), gold_dir=str(GOLD)))
    return outputs
