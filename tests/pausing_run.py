"""`python -m tests.pausing_run GATE ARGS...`: `python -m pipeline ARGS...`, pausing inside the publish window.

Once every file of a new release is written and its folder complete, but before it is made current, the run
creates the file GATE and waits until the test deletes it (at most PAUSE_LIMIT_S). Tests use the pause to
SIGKILL a run, start a second one, or read the current release, deterministically.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.cli import main
from pipeline.publish import releases

PAUSE_LIMIT_S = 120.0


def pause_then(point_to, gate: Path):
    def paused(outputs: Path, release: Path) -> None:
        gate.write_text("paused", encoding="utf-8")
        deadline = time.monotonic() + PAUSE_LIMIT_S
        while gate.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        point_to(outputs, release)

    return paused


if __name__ == "__main__":
    releases.point_to = pause_then(releases.point_to, Path(sys.argv[1]))
    raise SystemExit(main(sys.argv[2:]))
