"""Gold annotations (format: GOLD_FORMAT.md) loaded into small dataclasses.

One JSON file per source document; `source_file` links it to `documents.source_path` (by file name).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.knowledge.language import language

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

    def is_author(self, name: str) -> bool:
        """True when `name` is the article's author (a listed author or an unnamed-author placeholder)."""
        low = name.strip().lower()
        return low in PLACEHOLDER_AUTHORS or low in {a.strip().lower() for a in self.authors}


def _pick(cls: type, raw: dict[str, Any]) -> dict[str, Any]:
    """Keep only the keys `cls` knows; lists become tuples (frozen dataclasses stay hashable)."""
    names = cls.__dataclass_fields__.keys()
    return {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in names}


def parse_gold(raw: dict[str, Any], path: str | None = None) -> GoldDocument:
    """Build a `GoldDocument` from the parsed JSON of one gold file."""
    meta = raw.get("document") or {}
    return GoldDocument(
        source_file=raw["source_file"],
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
    return parse_gold(json.loads(path.read_text(encoding="utf-8")), str(path))


def load_gold_dir(folder: str | Path) -> list[GoldDocument]:
    """Load every `*.json` gold file in `folder`, sorted by file name."""
    return [load_gold_file(p) for p in sorted(Path(folder).glob("*.json"))]
