"""The gazetteer as read by the extractors: places by name, id and country, from one SQLite file.

The file is built once per version of its sources (`pipeline/knowledge/gazetteer_build.py`, see
`pipeline/knowledge/places.py` for where it lives); opening it costs nothing and a lookup is one indexed query,
so worker processes stay small and start fast. `place_key` is the one normalisation of names, used to build
the index and to look names up.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FEATURE_CLASSES = ("country", "admin1", "city", "water", "region", "landmark")
PLACE_COLUMNS = (
    "place_id", "name", "feature_class", "country_code", "admin1", "latitude", "longitude", "population",
)  # fmt: skip
_NOT_WORD = re.compile(r"[^a-z0-9]+")
TOWN_PREFIX = "geonames-town:"  # the place_id of a town of 1,000 to 15,000 people (no GeoNames id in its source)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry; `place_id` is `geonames:<id>` where GeoNames has one, else a stable slug."""

    place_id: str
    name: str
    feature_class: str  # one of FEATURE_CLASSES
    country_code: str | None  # ISO3
    admin1: str | None
    latitude: float
    longitude: float
    population: int | None = None

    @property
    def is_town(self) -> bool:
        """A small town, read only where nothing better has its name."""
        return self.place_id.startswith(TOWN_PREFIX)


def place_key(name: str) -> str:
    """Lookup form of a place name: ASCII, lower case, words only, no leading "the", "St"/"St." -> "saint"."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = _NOT_WORD.sub(" ", name.lower().replace("'", "").replace("\u2019", "")).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join("saint" if w in ("st", "ste") else w for w in words)


class Gazetteer:
    """Read-only queries on a gazetteer file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self.lookup = lru_cache(maxsize=65536)(self._lookup)
        self.place = lru_cache(maxsize=65536)(self._place)

    def checked(self) -> Gazetteer:
        """Itself, once its tables have been read (raises sqlite3.DatabaseError for a damaged file)."""
        self._db.execute("SELECT count(*) FROM places JOIN countries USING (place_id)").fetchone()
        self._db.execute("SELECT key FROM names LIMIT 1").fetchone()
        return self

    def _lookup(self, name: str) -> tuple[tuple[Place, bool], ...]:
        """Every place called `name` (any case, accents, "the", "St."), with whether that name is official
        (its own name or a curated alias) rather than one of GeoNames' alternate names; in index order."""
        rows = self._db.execute(
            f"SELECT {', '.join('p.' + c for c in PLACE_COLUMNS)}, n.official FROM names n "
            "JOIN places p USING (place_id) WHERE n.key = ? ORDER BY n.ord",
            (place_key(name),),
        ).fetchall()
        return tuple((Place(*row[:-1]), bool(row[-1])) for row in rows)

    def _place(self, place_id: str) -> Place | None:
        row = self._db.execute(
            f"SELECT {', '.join(PLACE_COLUMNS)} FROM places WHERE place_id = ?", (place_id,)
        ).fetchone()
        return Place(*row) if row else None

    def country(self, iso3: str | None) -> Place | None:
        """The place of a country, by ISO3 code."""
        row = self._db.execute("SELECT place_id FROM countries WHERE iso3 = ?", (iso3 or "",)).fetchone()
        return self.place(row[0]) if row else None
