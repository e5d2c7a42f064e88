"""Mechanical checks of gold files (GOLD_FORMAT.md): structure, closed vocabularies, anchors and names.

`python -m pipeline.evaluation.gold_check GOLD.json ... --articles DIR` prints one line per problem, naming the
file, and exits 1 when there is any. Standard library only, so annotators can run it anywhere.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ACTOR_TYPES = {"person", "country", "organization", "igo", "group"}
EVENT_TYPES = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation", "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
    "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}  # fmt: skip
MODALITIES = {"asserted", "negated", "planned", "hypothetical"}
POLARITIES = {"support", "oppose", "neutral"}
TARGET_TYPES = {"actor", "topic", "policy"}
STATUSES = {"actual", "forecast", "target", "limit"}
PRECISIONS = {"day", "month", "year", None}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ANCHOR_WORDS = (4, 25)


def check_file(path: Path, articles: list[Path]) -> Iterator[str]:
    """Every problem of one gold file, as 'FILE: where: what'."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        yield f"{path}: not readable JSON: {err}"
        return
    if not isinstance(raw, dict):
        yield f"{path}: top level is not an object"
        return
    for problem in _problems(raw, articles):
        yield f"{path}: {problem}"


def _problems(raw: dict[str, Any], articles: list[Path]) -> Iterator[str]:
    source = raw.get("source_file")
    if not isinstance(source, str) or Path(source).name != source or not source:
        yield f"source_file must be a bare file name, got {source!r}"
        return
    text = next((p.read_text(encoding="utf-8") for d in articles if (p := d / source).is_file()), None)
    if text is None and articles:
        yield f"source file {source} not found in {', '.join(map(str, articles))}"
    doc = raw.get("document") or {}
    if doc.get("published") is not None and not DATE.match(str(doc["published"])):
        yield f"document.published {doc['published']!r} is not YYYY[-MM[-DD]]"
    actors = raw.get("actors") or []
    names = set()
    for i, actor in enumerate(actors):
        where = f"actors[{i}]"
        if not isinstance(actor.get("name"), str) or not actor["name"].strip():
            yield f"{where}: no name"
            continue
        names.add(actor["name"])
        names.update(a for a in actor.get("aliases") or [] if isinstance(a, str))
        if actor.get("type") not in ACTOR_TYPES:
            yield f"{where} {actor['name']!r}: type {actor.get('type')!r} not in {sorted(ACTOR_TYPES)}"
        country = actor.get("country")
        if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
            yield f"{where} {actor['name']!r}: country {country!r} is not an ISO3 code"
    authors = set(doc.get("authors") or [])
    for kind, items in (("events", raw.get("events")), ("metrics", raw.get("metrics")),
                        ("stances", raw.get("stances"))):  # fmt: skip
        for i, item in enumerate(items or []):
            for problem in _item_problems(kind, item, text, names | authors):
                yield f"{kind}[{i}]: {problem}"


def _item_problems(kind: str, item: dict[str, Any], text: str | None, names: set[str]) -> Iterator[str]:
    anchor = item.get("anchor")
    if not isinstance(anchor, str):
        yield "no anchor"
        return
    words = len(anchor.split())
    if not ANCHOR_WORDS[0] <= words <= ANCHOR_WORDS[1]:
        yield f"anchor has {words} words (4-25): {anchor!r}"
    if text is not None:
        count = text.count(anchor)
        if count == 0:
            yield f"anchor is not an exact substring of the source: {anchor!r}"
        elif count > 1 and not _repeated_passage(text, anchor):
            yield f"anchor occurs {count} times (make it unique): {anchor!r}"
    if kind == "events":
        yield from _event_problems(item, names)
    elif kind == "metrics":
        if not isinstance(item.get("value"), int | float):
            yield f"value {item.get('value')!r} is not a number"
        if item.get("status") not in STATUSES:
            yield f"status {item.get('status')!r} not in {sorted(STATUSES)}"
        yield from _unknown_names(item.get("actors") or [], names)
    else:
        if item.get("polarity") not in POLARITIES:
            yield f"polarity {item.get('polarity')!r} not in {sorted(POLARITIES)}"
        if item.get("target_type") not in TARGET_TYPES:
            yield f"target_type {item.get('target_type')!r} not in {sorted(TARGET_TYPES)}"
        yield from _unknown_names([item.get("holder")], names)


def _repeated_passage(text: str, anchor: str) -> bool:
    """True when every occurrence of `anchor` lies in the same line of text, repeated (e.g. a pull quote)."""
    lines = {line.strip() for line in text.splitlines() if anchor in line}
    return len(lines) == 1 and "\n" not in anchor


def _event_problems(item: dict[str, Any], names: set[str]) -> Iterator[str]:
    kind = item.get("type")
    if kind not in EVENT_TYPES:
        yield f"type {kind!r} is not a PLOVER type"
    elif item.get("quad_class") != EVENT_TYPES[kind]:
        yield f"quad_class {item.get('quad_class')!r} does not belong to {kind} ({EVENT_TYPES[kind]})"
    if item.get("modality") not in MODALITIES:
        yield f"modality {item.get('modality')!r} not in {sorted(MODALITIES)}"
    date = item.get("date")
    if date is not None and not DATE.match(str(date)):
        yield f"date {date!r} is not YYYY[-MM[-DD]]"
    if item.get("date_precision") not in PRECISIONS:
        yield f"date_precision {item.get('date_precision')!r} not in day/month/year/null"
    if not (item.get("source") or item.get("target")):
        yield "no source and no target actor"
    yield from _unknown_names([*(item.get("source") or []), *(item.get("target") or [])], names)


def _unknown_names(used: list[Any], names: set[str]) -> Iterator[str]:
    for name in used:
        if name not in names:
            yield f"actor {name!r} is not an actor name, alias or author of this file"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path, help="gold JSON files or folders of them")
    parser.add_argument("--articles", action="append", type=Path, default=[], help="folder of source texts")
    args = parser.parse_args(argv)
    files = [f for g in args.gold for f in (sorted(g.glob("*.json")) if g.is_dir() else [g])]
    problems = [p for f in files for p in check_file(f, args.articles)]
    print("\n".join(problems) if problems else f"{len(files)} gold file(s): no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
