"""`python -m tests.pausing_run GATE ARGS...`: `python -m pipeline ARGS...`, pausing inside the publish window.

Once every new output file of a release is written beside its target and none is renamed yet, the run creates
the file GATE and waits until the test deletes it (at most PAUSE_LIMIT_S). Tests use the pause to SIGKILL a
run, start a second one, or read the old outputs, deterministically.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.cli import main
from pipeline.publish import atomic

PAUSE_LIMIT_S = 120.0


def pause_then(commit, gate: Path):
    def paused(self: atomic.AtomicBatch) -> None:
        gate.write_text("paused", encoding="utf-8")
        deadline = time.monotonic() + PAUSE_LIMIT_S
        while gate.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        commit(self)

    return paused


if __name__ == "__main__":
    atomic.AtomicBatch.commit = pause_then(atomic.AtomicBatch.commit, Path(sys.argv[1]))
    raise SystemExit(main(sys.argv[2:]))
