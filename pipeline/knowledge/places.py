"""Where the gazetteer file lives: built on first use into a per-user cache folder, once per version.

The version covers the source packages, `places.csv`, `countries.csv` and the build code, so editing any of
them (or upgrading a package) builds a new file. GEOEVENTS_GAZETTEER_DIR overrides the folder (default
`$XDG_CACHE_HOME/geoevents`, i.e. `~/.cache/geoevents`). The file is written beside its final name and renamed,
so processes building it at the same time never see a partial file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from pipeline.knowledge import knowledge_file
from pipeline.knowledge.gazetteer import Gazetteer
from pipeline.knowledge.gazetteer_build import build_gazetteer, source_versions

INPUTS = ("places.csv", "countries.csv", "gazetteer.py", "gazetteer_build.py")


def gazetteer_version() -> str:
    digest = hashlib.sha256(source_versions().encode())
    for name in INPUTS:
        digest.update(knowledge_file(name).read_bytes())
    return digest.hexdigest()[:12]


def gazetteer_dir() -> Path:
    configured = os.environ.get("GEOEVENTS_GAZETTEER_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geoevents"


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of this version, built first if no process has built it yet (or rebuilt if the file is
    unreadable: it is a cache like any other)."""
    folder = gazetteer_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"gazetteer-{gazetteer_version()}.sqlite"
    if path.exists():
        try:
            return Gazetteer(path).checked()
        except sqlite3.DatabaseError as exc:
            logging.getLogger(__name__).warning("unreadable gazetteer %s (%s): building it again", path, exc)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".gazetteer-", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)
    try:
        build_gazetteer(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Gazetteer(path)
