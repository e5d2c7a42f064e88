"""A DAGSTER_HOME set up exactly as scripts/setup.sh sets up the project's .dagster/ (deploy/dagster.yaml)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT


def project_home(tmp_path: Path, existing: str | None = None) -> Path:
    """Run the DAGSTER_HOME part of scripts/setup.sh against a copy of the project's deploy/ folder, over an
    `existing` dagster.yaml when given; returns the home folder."""
    (tmp_path / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "dagster.yaml", tmp_path / "deploy" / "dagster.yaml")
    home = tmp_path / ".dagster"
    home.mkdir()
    if existing is not None:
        (home / "dagster.yaml").write_text(existing, encoding="utf-8")
    lines = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "# project defaults" in line)
    end = next(i for i, line in enumerate(lines) if "# end of project defaults" in line)
    script = "\n".join(["set -euo pipefail", f"DAGSTER_HOME={home}", *lines[start:end]])
    subprocess.run(["bash", "-c", script], cwd=tmp_path, check=True)
    return home
