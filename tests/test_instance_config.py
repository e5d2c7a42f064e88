"""The project's Dagster instance (scripts/setup.sh installs deploy/dagster.yaml into .dagster/): telemetry off
and runs queued one at a time, since they share one outputs folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import dagster as dg

from tests.conftest import ROOT


def _setup_home(tmp_path: Path, existing: str | None) -> Path:
    """Run the DAGSTER_HOME part of scripts/setup.sh against a copy of the project's deploy/ folder."""
    (tmp_path / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "dagster.yaml", tmp_path / "deploy" / "dagster.yaml")
    home = tmp_path / ".dagster"
    home.mkdir()
    if existing is not None:
        (home / "dagster.yaml").write_text(existing, encoding="utf-8")
    lines = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "project defaults" in line)
    script = "\n".join(["set -euo pipefail", f"DAGSTER_HOME={home}", *lines[start : start + 4]])
    subprocess.run(["bash", "-c", script], cwd=tmp_path, check=True)
    return home


def _instance(home: Path) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(home))


def test_a_new_home_gets_the_project_settings(tmp_path: Path) -> None:
    instance = _instance(_setup_home(tmp_path, None))
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1
    assert instance.telemetry_enabled is False


def test_an_older_home_keeps_its_settings_and_gains_the_run_limit(tmp_path: Path) -> None:
    home = _setup_home(tmp_path, "telemetry:\n  enabled: false\n")
    assert _instance(home).get_concurrency_config().run_queue_config.max_concurrent_runs == 1
    before = (home / "dagster.yaml").read_text(encoding="utf-8")
    again = _setup_home(tmp_path / "again", before)  # idempotent: nothing appended twice
    assert (again / "dagster.yaml").read_text(encoding="utf-8") == before
