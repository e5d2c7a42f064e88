"""Gold annotations (format: GOLD_FORMAT.md) loaded into small dataclasses.

One JSON file per source document; `source_file` links it to `documents.source_path` (by file name). A
`manifest.csv` at the root of a gold folder gives each document its collection, genre and split (tune or
check); documents it does not list are tune documents of genre "unknown". A malformed file fails with one
line naming it (GoldError).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.knowledge.language import language

TUNE, CHECK = "tune", "check"
MANIFEST = "manifest.csv"


class GoldError(ValueError):
    """A gold file or manifest that cannot be used (the message names the file)."""


# Names annotators use for an unnamed author (`"authors": ["unknown"]`, holder "Author"): the byline placeholders.
PLACEHOLDER_AUTHORS = language().bylines.placeholders


@dataclass(frozen=True)
class GoldActor:
    name: str
    type: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    core: bool = True


@dataclass(frozen=True)
class GoldEvent:
    anchor: str
    type: str | None = None
    quad_class: str | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    date: str | None = None
    trigger: str | None = None
    date_precision: str | None = None
    location: str | None = None
    modality: str | None = None
    core: bool = True


@dataclass(frozen=True)
class GoldMetric:
    anchor: str
    value: float | None
    surface: str | None = None
    value_high: float | None = None
    unit: str | None = None
    kind: str | None = None
    measure: str | None = None
    actors: tuple[str, ...] = ()
    year: int | None = None
    status: str | None = None
    approximate: bool | None = None


@dataclass(frozen=True)
class GoldStance:
    anchor: str
    holder: str
    target: str | None = None
    target_type: str | None = None
    polarity: str | None = None
    attributed: bool | None = None
    cue: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    source_file: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    published_precision: str | None = None
    actors: tuple[GoldActor, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    metrics: tuple[GoldMetric, ...] = ()
    stances: tuple[GoldStance, ...] = ()
    path: str | None = field(default=None, compare=False)
    split: str = TUNE  # tune | check (manifest.csv)
    genre: str = "unknown"
    collection: str = ""

    def is_author(self, name: str) -> bool:
        """True when `name` is the article's author (a listed author or an unnamed-author placeholder)."""
        low = name.strip().lower()
        return low in PLACEHOLDER_AUTHORS or low in {a.strip().lower() for a in self.authors}


def _pick(cls: type, raw: dict[str, Any]) -> dict[str, Any]:
    """Keep only the keys `cls` knows; lists become tuples (frozen dataclasses stay hashable)."""
    names = cls.__dataclass_fields__.keys()
    return {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in names}


def parse_gold(raw: dict[str, Any], path: str | None = None) -> GoldDocument:
    """Build a `GoldDocument` from the parsed JSON of one gold file (GoldError when it has the wrong shape)."""
    try:
        return _parse(raw, path)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise GoldError(f"{path or 'gold'}: not in the gold format ({type(exc).__name__}: {exc})") from None


def _parse(raw: dict[str, Any], path: str | None) -> GoldDocument:
    source = raw["source_file"]
    if not isinstance(source, str) or not source or Path(source).name != source or source in {".", ".."}:
        raise ValueError(f"source_file must be a bare file name, got {source!r}")
    meta = raw.get("document") or {}
    return GoldDocument(
        source_file=source,
        title=meta.get("title"),
        authors=tuple(meta.get("authors") or ()),
        published=meta.get("published"),
        published_precision=meta.get("published_precision"),
        actors=tuple(GoldActor(**_pick(GoldActor, a)) for a in raw.get("actors", [])),
        events=tuple(GoldEvent(**_pick(GoldEvent, e)) for e in raw.get("events", [])),
        metrics=tuple(GoldMetric(**_pick(GoldMetric, m)) for m in raw.get("metrics", [])),
        stances=tuple(GoldStance(**_pick(GoldStance, s)) for s in raw.get("stances", [])),
        path=path,
    )


def load_gold_file(path: str | Path) -> GoldDocument:
    """Load one gold JSON file."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(raw, dict):
        raise GoldError(f"{path}: not in the gold format (the top level is not an object)")
    return parse_gold(raw, str(path))


def load_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """source_file -> {collection, genre, split} from `<folder>/manifest.csv` (empty when there is none)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = {row["source_file"]: row for row in csv.DictReader(handle)}
    except (OSError, UnicodeDecodeError, KeyError, csv.Error) as exc:
        raise GoldError(f"{path}: not a manifest with columns source_file, collection, genre, split ({exc})") from None
    bad = sorted(name for name, row in rows.items() if row.get("split") not in (TUNE, CHECK))
    if bad:
        raise GoldError(f"{path}: split must be tune or check (rows {', '.join(bad[:5])})")
    return rows


def load_gold_dir(folder: str | Path) -> list[GoldDocument]:
    """Every `*.json` gold file under `folder` (any depth), sorted by path, with its manifest entry."""
    folder = Path(folder)
    manifest = load_manifest(folder)
    docs = []
    for path in sorted(folder.rglob("*.json")):
        doc = load_gold_file(path)
        entry = manifest.get(doc.source_file, {})
        docs.append(
            replace(
                doc,
                split=entry.get("split", TUNE),
                genre=entry.get("genre") or "unknown",
                collection=entry.get("collection") or path.parent.name,
            )
        )
    return docs
