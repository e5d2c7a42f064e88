"""Cache entries that vouch for themselves: a cache is disposable, so every read checks what it reads.

A checked JSON entry is one line with the sha256 of the rest, then the JSON text: garbage, a truncated write or
an edited file no longer matches, and a `valid` test rejects an entry of the wrong shape. An entry that fails
any check is logged (logger `geoevents.cache`, with its path and why), removed and reported missing, so the
caller computes it again: a bad cache file never fails a run and never feeds it wrong data. Writes are atomic
(a hidden temporary file per process, renamed into place).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOG = logging.getLogger("geoevents.cache")


def discard(path: Path, why: object) -> None:
    """Log that the cache entry `path` is unusable and remove it (it is computed again)."""
    LOG.warning("cache entry %s is unusable (%s); computing it again", path, why)
    with contextlib.suppress(OSError):  # a folder in its place, a read-only cache: the next write says so
        path.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a hidden temporary file unique to this process (concurrent writers of
    the same entry never clash)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def checked(body: bytes) -> bytes:
    """`body` preceded by a line with its sha256."""
    return hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def unchecked(data: bytes) -> bytes | None:
    """The body of `checked(body)`, or None when `data` is not such a file."""
    header, newline, body = data.partition(b"\n")
    return body if newline and hashlib.sha256(body).hexdigest().encode() == header else None


def write_json(path: Path, payload: object) -> None:
    """Store `payload` as a checked JSON entry."""
    write_bytes_atomic(path, checked(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()))


def read_entry(path: Path) -> bytes | None:
    """The bytes of the cache entry `path`; None when there is none or it cannot be read (then it is logged and
    removed)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        discard(path, exc)
        return None


def read_json(path: Path, valid: Callable[[Any], bool] = lambda _: True) -> Any | None:
    """The payload of the checked JSON entry `path`; None when there is none or it fails a check (then it is
    logged and removed)."""
    data = read_entry(path)
    if data is None:
        return None
    body = unchecked(data)
    if body is None:
        discard(path, "its checksum does not match its content")
        return None
    try:
        payload = json.loads(body)
    except ValueError as exc:
        discard(path, exc)
        return None
    if not valid(payload):
        discard(path, "not the shape this cache stores")
        return None
    return payload


def is_row_lists(payload: Any, columns: dict[str, set[str]]) -> bool:
    """Whether `payload` is {table: [row dict, ...]} with tables and row keys among `columns`."""
    return isinstance(payload, dict) and all(
        table in columns
        and isinstance(rows, list)
        and all(isinstance(r, dict) and set(r) <= columns[table] for r in rows)
        for table, rows in payload.items()
    )
