"""The project's Dagster instance (scripts/setup.sh installs deploy/dagster.yaml into .dagster/): telemetry off,
runs queued one at a time, since they share one outputs folder, and run monitoring that fails dead runs."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from tests.instance_home import project_home


def _instance(home: Path) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(home))


def test_a_new_home_gets_the_project_settings(tmp_path: Path) -> None:
    instance = _instance(project_home(tmp_path, None))
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1
    assert instance.telemetry_enabled is False
    _assert_monitored(instance)


def _assert_monitored(instance: dg.DagsterInstance) -> None:
    assert instance.run_monitoring_enabled
    assert type(instance.run_launcher).__name__ == "MonitoredRunLauncher"
    assert instance.run_launcher.supports_check_run_worker_health


def test_an_older_home_keeps_its_settings_and_gains_the_run_limit_and_monitoring(tmp_path: Path) -> None:
    home = project_home(
        tmp_path, "telemetry:\n  enabled: false\nrun_monitoring:\n  poll_interval_seconds: 30\n"
    )
    instance = _instance(home)
    assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1
    assert type(instance.run_launcher).__name__ == "MonitoredRunLauncher"
    assert instance.run_monitoring_poll_interval_seconds == 30  # its own section is kept as it is
    assert not instance.run_monitoring_enabled
    home = project_home(tmp_path / "older", "telemetry:\n  enabled: false\n")
    _assert_monitored(_instance(home))
    before = (home / "dagster.yaml").read_text(encoding="utf-8")
    again = project_home(tmp_path / "again", before)  # idempotent: nothing appended twice
    assert (again / "dagster.yaml").read_text(encoding="utf-8") == before
