"""Find the processes a test started, by a marker in their environment (inherited by every descendant)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

MARK = "GEOEVENTS_TEST_PROCESS_MARK"


def marked(mark: str) -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every live process whose environment carries `mark`."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"{MARK}={mark}".encode() not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # ended while we looked
        found[int(entry.name)] = (ppid, cmdline)
    return found


def workers_of(processes: dict[int, tuple[int, str]]) -> list[int]:
    """The pool's worker processes: children of a multiprocessing fork server."""
    servers = {pid for pid, (_, cmd) in processes.items() if "forkserver" in cmd}
    return [pid for pid, (ppid, _) in processes.items() if ppid in servers]


def wait_until_gone(mark: str, limit_s: float = 20) -> dict[int, tuple[int, str]]:
    deadline = time.monotonic() + limit_s
    while (left := marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@contextlib.contextmanager
def watching(mark: str, every_s: float = 0.5) -> Iterator[dict[int, tuple[int, str]]]:
    """Every marked process seen while the block runs (sampled in a background thread)."""
    seen: dict[int, tuple[int, str]] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update(marked(mark))
            time.sleep(every_s)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield seen
    finally:
        done.set()
        watcher.join()
