"""Gold annotations (format: GOLD_FORMAT.md) loaded into small dataclasses.

One JSON file per source document; `source_file` links it to `documents.source_path` (by file name). A
`manifest.csv` at the root of a gold folder gives each document its collection, genre and split (tune or
check); documents it does not list are tune documents of genre "unknown". Every file is validated against the
types of the dataclasses below (pydantic): a malformed file fails with one line naming it, the item and the
field (GoldError), and `source_file` must be a bare file name, so it can only name a file in the articles
folders.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

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


class GoldFormatError(ValueError):
    """What is wrong with a gold file's content (its message says where)."""


def parse_gold(raw: dict[str, Any], path: str | None = None) -> GoldDocument:
    """Build a `GoldDocument` from the parsed JSON of one gold file (GoldError when it has the wrong shape)."""
    try:
        return _parse(raw, path)
    except GoldFormatError as exc:
        raise GoldError(f"{path or 'gold'}: not in the gold format: {exc}") from None


@cache
def _adapter(cls: type) -> TypeAdapter:
    return TypeAdapter(cls)


def _typed(cls: type, raw: object, where: str) -> Any:
    """`raw` (a JSON object) as an instance of the dataclass `cls`, its fields checked against their types."""
    if not isinstance(raw, dict):
        raise GoldFormatError(f"{where} must be an object, got {_short(raw)}")
    try:
        return _adapter(cls).validate_python(_pick(cls, raw))
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(part) for part in (where, *error["loc"]) if part != "")
        raise GoldFormatError(f"{place}: {error['msg']} (got {_short(error['input'])})") from None


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _listed(cls: type, raw: dict[str, Any], key: str) -> tuple:
    items = raw.get(key) or []
    if not isinstance(items, list):
        raise GoldFormatError(f"{key} must be a list, got {_short(items)}")
    return tuple(_typed(cls, item, f"{key}[{i}]") for i, item in enumerate(items))


def _parse(raw: dict[str, Any], path: str | None) -> GoldDocument:
    if "source_file" not in raw:
        raise GoldFormatError("source_file is missing")
    source = raw["source_file"]
    if not isinstance(source, str) or not source or Path(source).name != source or source in {".", ".."}:
        raise GoldFormatError(f"source_file must be a bare file name, got {_short(source)}")
    meta = raw.get("document") or {}
    if not isinstance(meta, dict):
        raise GoldFormatError(f"document must be an object, got {_short(meta)}")
    fields = {
        "source_file": source,
        "title": meta.get("title"),
        "authors": meta.get("authors") or (),
        "published": meta.get("published"),
        "published_precision": meta.get("published_precision"),
    }
    document: GoldDocument = _typed(GoldDocument, fields, "document")
    return replace(
        document,
        actors=_listed(GoldActor, raw, "actors"),
        events=_listed(GoldEvent, raw, "events"),
        metrics=_listed(GoldMetric, raw, "metrics"),
        stances=_listed(GoldStance, raw, "stances"),
        path=path,
    )


def load_gold_file(path: str | Path) -> GoldDocument:
    """Load one gold JSON file."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))  # a byte-order mark is no error
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
