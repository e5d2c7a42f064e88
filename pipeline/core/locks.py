"""Advisory file locks and which run owns an outputs folder.

A run (a command-line run, or every step of a run launched from the UI, the sensor or a Celery cluster) claims
`<outputs>/.run.owner` before it writes staged tables, caches or releases there. Another run that is still
alive owns it: the claim fails at once with `OutputsBusyError`, so two runs never interleave their writes.
A run is alive while its Dagster instance says so and, on this host, while its run process exists, so a
run that was killed (SIGKILL, power loss) never blocks the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import multiprocessing
import os
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

OWNER_FILE = ".run.owner"
MUTEX_FILE = ".run.lock"


class OutputsBusyError(RuntimeError):
    """Another run that is still alive owns the outputs folder."""


@contextlib.contextmanager
def file_lock(path: Path, wait: bool, busy: Callable[[str], Exception]) -> Iterator[None]:
    """Exclusive advisory lock on `path`, which records the holder's pid. When it is held elsewhere: wait, or
    raise `busy(holder)` if wait=False. The kernel drops the lock when its holder dies, even by SIGKILL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            raise busy(handle.read().strip() or "unknown process") from None
        try:
            handle.truncate(0)
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_process_id() -> int:
    """The pid of the process running this run: this one, or the run worker that started this step process
    (Dagster's multiprocess executor starts one process per step)."""
    parent = multiprocessing.parent_process()
    return parent.pid if parent is not None and parent.pid is not None else os.getpid()


@dataclass(frozen=True)
class Owner:
    run_id: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, run {self.run_id}, since {self.since}"


def read_owner(outputs: Path) -> Owner | None:
    try:
        return Owner(**json.loads((outputs / OWNER_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None  # none, or unreadable: nobody can be shown to own the folder


RunStatus = Callable[[str], bool | None]  # run id -> finished? (None: the instance does not know the run)


def claim_outputs(outputs: Path, run_id: str, run_finished: RunStatus = lambda _: None) -> Owner:
    """Make run `run_id` (running in this host's process `run_process_id()`) the owner of `outputs`.

    Raises OutputsBusyError naming the owner when another run that is still alive owns it."""
    me = Owner(run_id, socket.gethostname(), run_process_id(), time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    outputs.mkdir(parents=True, exist_ok=True)
    with file_lock(outputs / MUTEX_FILE, wait=True, busy=OutputsBusyError):
        owner = read_owner(outputs)
        if owner is not None and not _same_run(owner, me) and _alive(owner, run_finished):
            raise OutputsBusyError(
                f"another pipeline run ({owner.describe()}) is using the outputs folder {outputs}; wait for it "
                f"to finish or use another outputs folder (if that run is gone, delete {outputs / OWNER_FILE})"
            )
        if owner is None or not _same_run(owner, me):
            tmp = outputs / f".{OWNER_FILE}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps(asdict(me)), encoding="utf-8")
            tmp.replace(outputs / OWNER_FILE)
    return me


def release_outputs(outputs: Path, owner: Owner) -> None:
    """Give up ownership of `outputs` (when `owner` still holds it)."""
    with file_lock(outputs / MUTEX_FILE, wait=True, busy=OutputsBusyError):
        if read_owner(outputs) == owner:
            (outputs / OWNER_FILE).unlink(missing_ok=True)


def _same_run(owner: Owner, me: Owner) -> bool:
    return owner.run_id == me.run_id or (owner.host == me.host and owner.pid == me.pid)


def _alive(owner: Owner, run_finished: RunStatus) -> bool:
    finished = run_finished(owner.run_id)
    if finished:
        return False
    if owner.host == socket.gethostname():
        return process_alive(owner.pid)
    return True  # another host, and the instance does not say it ended: assume it is still running
