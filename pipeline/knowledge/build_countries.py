"""Generate `countries.csv`, the country part of the actor knowledge base.

Sources, in order of precedence (later layers add to or override earlier ones):
1. `pycountry` (ISO 3166-1): ISO3 code, name, common name, official name.
2. `country_converter`'s bundled `country_data.tsv`: short and official English names, UN membership year.
3. `countryinfo` (MIT, data derived from REST Countries; optional): capital (used as a government metonym),
   demonym and English alternative spellings. Only sovereign states (UN members, Taiwan, Kosovo, Palestine,
   Holy See) receive capitals and demonyms, so that e.g. Hong Kong does not claim "Chinese".
4. `countries_supplement.csv` (hand-written general knowledge): short forms ("US", "UK"), metonyms ("Kremlin",
   "White House"), combining forms used only in hyphenated compounds ("Sino-", "Russo-"), historic states (Soviet Union...), removals of ambiguous
   capitals ("Victoria", "Kingston").

Run: `.venv/bin/python -m pipeline.knowledge.build_countries` (rewrites countries.csv deterministically).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "countries.csv"
SUPPLEMENT = HERE / "countries_supplement.csv"
COLUMNS = [
    "actor_id",
    "name",
    "actor_type",
    "country_code",
    "status",
    "names",
    "abbreviations",
    "demonyms",
    "metonyms",
    "combining",
]
ALWAYS_SOVEREIGN = {"TWN", "PSE", "VAT", "XKX"}
FIELDS = ("names", "abbreviations", "demonyms", "metonyms", "combining")
SUPPLEMENT_FIELD = {
    "name": "names",
    "abbreviation": "abbreviations",
    "demonym": "demonyms",
    "metonym": "metonyms",
    "combining": "combining",
}


@dataclass
class CountryRow:
    actor_id: str
    name: str
    status: str = "territory"
    country_code: str = ""
    values: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FIELDS})

    def add(self, column: str, value: str | None) -> None:
        value = " ".join((value or "").split())
        if value and value not in self.values[column]:
            self.values[column].append(value)

    def remove(self, value: str) -> None:
        for column in FIELDS:
            self.values[column] = [v for v in self.values[column] if v != value]

    def as_csv(self) -> dict[str, str]:
        row = {
            "actor_id": self.actor_id,
            "name": self.name,
            "actor_type": "country",
            "country_code": self.country_code or self.actor_id,
            "status": self.status,
        }
        row.update({column: "|".join(self.values[column]) for column in FIELDS})
        return row


def _usable_name(name: str) -> bool:
    """English-looking names only: no inverted "Korea, Republic of" forms, no parentheses, ASCII-ish."""
    return bool(name) and "," not in name and "(" not in name and len(name) > 3 and name[0].isupper()


def _converter_rows() -> dict[str, dict[str, str]]:
    import country_converter

    path = Path(country_converter.__file__).resolve().parent / "country_data.tsv"
    with path.open(encoding="utf-8") as handle:
        return {row["ISO3"]: row for row in csv.DictReader(handle, delimiter="\t")}


def _countryinfo_rows() -> dict[str, dict]:
    try:
        import countryinfo
    except ImportError:  # optional source: capitals and demonyms then come from the supplement only
        return {}
    rows: dict[str, dict] = {}
    for path in sorted((Path(countryinfo.__file__).resolve().parent / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso3 = (data.get("ISO") or {}).get("alpha3")
        if iso3:
            rows[iso3] = data
    return rows


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("ese", "sh", "ch", "ss", "x", "i")) or " " in demonym:
        return None if not demonym.endswith("i") else demonym + "s"
    return demonym + "s"


def build_rows() -> dict[str, CountryRow]:
    """All ISO 3166-1 countries, enriched, then the hand supplement applied."""
    converter, info = _converter_rows(), _countryinfo_rows()
    rows: dict[str, CountryRow] = {}
    for country in pycountry.countries:
        iso3 = country.alpha_3
        cc = converter.get(iso3, {})
        extra = info.get(iso3, {})
        sovereign = bool(cc.get("UNmember", "").strip()) or iso3 in ALWAYS_SOVEREIGN
        row = CountryRow(
            iso3, cc.get("name_short") or country.name, "sovereign" if sovereign else "territory"
        )
        for name in (
            row.name,
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
            cc.get("name_official", ""),
            *extra.get("altSpellings", []),
        ):
            if _usable_name(name):
                row.add("names", name)
        if sovereign:
            row.add("metonyms", extra.get("capital"))
            for demonym in (extra.get("demonym") or "").split(","):
                row.add("demonyms", demonym)
                row.add("demonyms", _plural(demonym.strip()))
        rows[iso3] = row
    _apply_supplement(rows)
    _drop_shared_forms(rows)
    return rows


def _apply_supplement(rows: dict[str, CountryRow]) -> None:
    with SUPPLEMENT.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for rec in csv.DictReader(lines):
        actor_id, kind, value = rec["actor_id"].strip(), rec["field"].strip(), rec["value"].strip()
        row = rows.setdefault(actor_id, CountryRow(actor_id, value, "sovereign"))
        if kind == "canonical":
            row.name = value
            row.add("names", value)
        elif kind == "status":
            row.status = value
        elif kind == "country_code":
            row.country_code = value
        elif kind == "remove":
            row.remove(value)
        else:
            row.add(SUPPLEMENT_FIELD[kind], value)


def _drop_shared_forms(rows: dict[str, CountryRow]) -> None:
    """A surface form claimed by several countries is ambiguous: keep it only on sovereign/historic ones."""
    owners: dict[str, list[str]] = {}
    for row in rows.values():
        for column in FIELDS:
            for value in row.values[column]:
                owners.setdefault(value, []).append(row.actor_id)
    for value, ids in owners.items():
        if len(set(ids)) < 2:
            continue
        keep = {i for i in ids if rows[i].status != "territory"}
        for actor_id in set(ids) - keep if len(keep) == 1 else set(ids):
            rows[actor_id].remove(value)


def main() -> None:
    rows = build_rows()
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for actor_id in sorted(rows):
            writer.writerow(rows[actor_id].as_csv())
    print(f"wrote {len(rows)} rows to {OUTPUT}")


if __name__ == "__main__":
    main()
