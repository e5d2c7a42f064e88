"""Advisory file locks and which run owns an outputs folder.

A run (a command-line run, or every step of a run launched from the UI, the sensor or a Celery cluster) claims
`<outputs>/.run.owner` before it writes staged tables, caches or releases there. Another run that is still
alive owns it: the claim fails at once with `OutputsBusyError`, so two runs never interleave their writes.
A run is alive while its Dagster instance says so and, on this host, while its run process exists (the same
process: a pid reused by another program does not count), so a run that was killed (SIGKILL, power loss) never
blocks the folder. The same record, as run tags (`process_tags`), lets Dagster's run monitoring fail a run whose
process died (pipeline/monitoring.py).

A lock or owner file that cannot be used (a folder in its place, a read-only outputs folder) fails with
`OutputsUnusableError`, one line naming the path.
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
PUBLISH_LOCK = ".publish.lock"
OUTPUTS_MARKERS = (MUTEX_FILE, OWNER_FILE, PUBLISH_LOCK)  # files only a run writes into an outputs folder
RELEASES, CURRENT = "releases", "current"  # a release layout: `current` links into `releases/`

PID_TAG, HOST_TAG, START_TAG = "geoevents/pid", "geoevents/host", "geoevents/pid_start"  # run tags


class OutputsBusyError(RuntimeError):
    """Another run that is still alive owns the outputs folder."""


class OutputsUnusableError(RuntimeError):
    """A lock or ownership file of the outputs folder cannot be created or written (the message says why)."""


def _unusable(path: Path, exc: OSError, folder: bool = False) -> OutputsUnusableError:
    if path.exists() and path.is_dir() != folder:
        why = "it is a file, not a folder" if folder else "it is a folder, not a file"
    else:
        why = exc.strerror or str(exc)
    return OutputsUnusableError(f"cannot use {path} ({why}); remove it or choose another outputs folder")


@contextlib.contextmanager
def file_lock(path: Path, wait: bool, busy: Callable[[str], Exception]) -> Iterator[None]:
    """Exclusive advisory lock on `path`, which records the holder's pid. When it is held elsewhere: wait, or
    raise `busy(holder)` if wait=False. The kernel drops the lock when its holder dies, even by SIGKILL."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unusable(path.parent, exc, folder=True) from None
    try:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (closed by the `with` below)
    except OSError as exc:
        raise _unusable(path, exc) from None
    with handle:
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


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), None where there is no /proc."""
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def process_start(pid: int) -> str:
    """When process `pid` started (clock ticks since boot), '' where that cannot be read: with the pid, it
    names one process even after the pid is reused."""
    fields = _stat_fields(pid)
    return fields[19] if fields and len(fields) > 19 else ""


def process_alive(pid: int, start: str = "") -> bool:
    """Whether process `pid` runs (a zombie does not) and, when `start` is given, is the one started then."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    fields = _stat_fields(pid)
    if fields is None:
        return True  # no /proc: the pid exists, that is all we can tell
    return fields[0] != "Z" and (not start or (len(fields) > 19 and fields[19] == start))


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
    started: str = ""  # process_start(pid), when known

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, run {self.run_id}, since {self.since}"


def outputs_marker(folder: Path) -> str | None:
    """What shows that `folder` is (or was) a pipeline outputs folder: a file only a run writes there, or a
    `current` link into its `releases/` folder; None when nothing does (a folder of press releases is not)."""
    try:
        return _outputs_marker(folder)
    except (OSError, RuntimeError):  # a folder that cannot be searched (a link loop): the walk reports it
        return None


def _outputs_marker(folder: Path) -> str | None:
    for name in OUTPUTS_MARKERS:
        if (folder / name).exists():
            return name
    current = folder / CURRENT
    if current.is_symlink() and (folder / RELEASES).is_dir():
        target = Path(os.readlink(current))
        if (
            target.parts[:1] == (RELEASES,)
            or (folder / target).resolve().parent == (folder / RELEASES).resolve()
        ):
            return f"{CURRENT} -> {target}"
    return None


def process_tags(pid: int) -> dict[str, str]:
    """Run tags naming the process that runs a run, for run monitoring (pipeline/monitoring.py)."""
    return {PID_TAG: str(pid), HOST_TAG: socket.gethostname(), START_TAG: process_start(pid)}


def read_owner(outputs: Path) -> Owner | None:
    try:
        return Owner(**json.loads((outputs / OWNER_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None  # none, or unreadable: nobody can be shown to own the folder


RunStatus = Callable[[str], bool | None]  # run id -> finished? (None: the instance does not know the run)


def claim_outputs(outputs: Path, run_id: str, run_finished: RunStatus = lambda _: None) -> Owner:
    """Make run `run_id` (running in this host's process `run_process_id()`) the owner of `outputs`.

    Raises OutputsBusyError naming the owner when another run that is still alive owns it."""
    pid = run_process_id()
    me = Owner(run_id, socket.gethostname(), pid, time.strftime("%Y-%m-%dT%H:%M:%S%z"), process_start(pid))
    with file_lock(outputs / MUTEX_FILE, wait=True, busy=OutputsBusyError):
        owner = read_owner(outputs)
        if owner is not None and not _same_run(owner, me) and _alive(owner, run_finished):
            raise OutputsBusyError(
                f"another pipeline run ({owner.describe()}) is using the outputs folder {outputs}; wait for it "
                f"to finish or use another outputs folder (if that run is gone, delete {outputs / OWNER_FILE})"
            )
        if owner is None or not _same_run(owner, me):
            tmp = outputs / f".{OWNER_FILE}.{os.getpid()}.tmp"
            try:
                tmp.write_text(json.dumps(asdict(me)), encoding="utf-8")
                tmp.replace(outputs / OWNER_FILE)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise _unusable(outputs / OWNER_FILE, exc) from None
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
        return process_alive(owner.pid, owner.started)
    return True  # another host, and the instance does not say it ended: assume it is still running
