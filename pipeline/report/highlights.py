"""Highlights: every extracted row that points at a span of a document, and the text cut into segments.

A highlight is one row of mentions, events, metrics or stances with its span, the fields shown on hover and the
filter keys a click selects (`actor` ids involved, and a `key` of its own kind). Overlapping spans are allowed:
`segment` cuts a text at every span boundary, so each piece knows all highlights covering it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

KINDS = ("actor", "event", "metric", "stance")


@dataclass(frozen=True)
class Highlight:
    kind: str  # one of KINDS
    doc_id: str
    start: int
    end: int
    key: str  # what a click on it filters by, within its kind
    fields: dict[str, str]  # label -> value, shown on hover
    actors: tuple[str, ...] = ()  # actor ids involved (mention's actor, participants, holder/target)


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    covering: tuple[int, ...] = field(default=())  # indices into the document's highlights


def _fmt(value: object) -> str:
    if type(value) is str:  # the common case first (str() of a str is itself)
        return value
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def _fields(pairs: dict[str, object]) -> dict[str, str]:
    return {label: text for label, value in pairs.items() if (text := _fmt(value))}


def _names(actors: pl.DataFrame) -> dict[str, str]:
    return dict(zip(actors["actor_id"].to_list(), actors["name"].to_list(), strict=True))


def _by_key(pairs: pl.DataFrame, key: str, value: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for k, v in pairs.select(key, value).iter_rows():
        grouped[k].append(v)
    return grouped


DOCUMENT_TABLES = ("mentions", "events", "metrics", "stances")  # the row tables with a doc_id


def mention_highlights(mentions: pl.DataFrame, actors: pl.DataFrame) -> list[Highlight]:
    names = _names(actors)
    types = dict(zip(actors["actor_id"].to_list(), actors["actor_type"].to_list(), strict=True))
    return [
        Highlight(
            "actor",
            r["doc_id"],
            r["char_start"],
            r["char_end"],
            r["actor_id"],
            _fields(
                {
                    "actor": names.get(r["actor_id"], r["actor_id"]),
                    "actor_id": r["actor_id"],
                    "type": types.get(r["actor_id"]),
                    "mention kind": r["mention_kind"],
                    "extractor": r["extractor"],
                }
            ),
            (r["actor_id"],),
        )
        for r in mentions.iter_rows(named=True)
    ]


def event_highlights(
    events: pl.DataFrame, participants: pl.DataFrame, actors: pl.DataFrame
) -> list[Highlight]:
    names = _names(actors)
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for event_id, actor_id, role in participants.select("event_id", "actor_id", "role").iter_rows():
        roles[event_id][role].append(actor_id)
    out = []
    for r in events.iter_rows(named=True):
        by_role = roles.get(r["event_id"], {})
        involved = tuple(sorted({a for ids in by_role.values() for a in ids}))
        out.append(
            Highlight(
                "event",
                r["doc_id"],
                r["char_start"],
                r["char_end"],
                r["event_type"],
                _fields(
                    {
                        "event": r["event_type"],
                        "quad class": (r["quad_class"] or "").replace("_", " "),
                        "source": [names.get(a, a) for a in by_role.get("source", [])],
                        "target": [names.get(a, a) for a in by_role.get("target", [])],
                        "participant": [names.get(a, a) for a in by_role.get("participant", [])],
                        "date": r["event_date"],
                        "location": r["location"],
                        "modality": r["modality"],
                        "confidence": r["confidence"],
                        "extractor": r["extractor"],
                    }
                ),
                involved,
            )
        )
    return out


def metric_highlights(
    metrics: pl.DataFrame, metric_actors: pl.DataFrame, actors: pl.DataFrame
) -> list[Highlight]:
    names = _names(actors)
    about = _by_key(metric_actors, "metric_id", "actor_id")
    return [
        Highlight(
            "metric",
            r["doc_id"],
            r["char_start"],
            r["char_end"],
            (r["measure"] or r["unit"] or "").lower(),
            _fields(
                {
                    "value": r["value"]
                    if r["value_high"] is None
                    else f"{_fmt(r['value'])}–{_fmt(r['value_high'])}",
                    "unit": r["unit"],
                    "measure": r["measure"],
                    "year": r["reference_year"],
                    "status": r["status"],
                    "approximate": "yes" if r["approximate"] else None,
                    "about": [names.get(a, a) for a in about.get(r["metric_id"], [])],
                    "extractor": r["extractor"],
                }
            ),
            tuple(sorted(about.get(r["metric_id"], []))),
        )
        for r in metrics.iter_rows(named=True)
    ]


def stance_highlights(stances: pl.DataFrame, actors: pl.DataFrame) -> list[Highlight]:
    names = _names(actors)
    out = []
    for r in stances.iter_rows(named=True):
        holder = names.get(r["holder_actor_id"], r["holder_actor_id"]) if r["holder_actor_id"] else "author"
        target = names.get(r["target_actor_id"], r["target_actor_id"]) if r["target_actor_id"] else None
        involved = tuple(a for a in (r["holder_actor_id"], r["target_actor_id"]) if a)
        out.append(
            Highlight(
                "stance",
                r["doc_id"],
                r["char_start"],
                r["char_end"],
                r["polarity"],
                _fields(
                    {
                        "holder": holder,
                        "polarity": r["polarity"],
                        "target": target or r["target_topic"] or r["target_text"],
                        "target text": r["target_text"],
                        "attributed": "yes" if r["attributed"] else "no",
                        "cue": r["cue"],
                        "confidence": r["confidence"],
                        "extractor": r["extractor"],
                    }
                ),
                involved,
            )
        )
    return out


def all_highlights(
    tables: dict[str, pl.DataFrame], doc_ids: list[str] | None = None
) -> dict[str, list[Highlight]]:
    """Every highlight of the published tables (of the documents `doc_ids` only, when given), by doc_id, in
    span order."""
    if doc_ids is not None:
        keep = pl.col("doc_id").is_in(doc_ids)
        tables = {**tables, **{name: tables[name].filter(keep) for name in DOCUMENT_TABLES}}
    actors = tables["actors"]
    found = [
        *mention_highlights(tables["mentions"], actors),
        *event_highlights(tables["events"], tables["event_participants"], actors),
        *metric_highlights(tables["metrics"], tables["metric_actors"], actors),
        *stance_highlights(tables["stances"], actors),
    ]
    by_doc: dict[str, list[Highlight]] = defaultdict(list)
    for h in sorted(found, key=lambda h: (h.doc_id, h.start, -h.end, KINDS.index(h.kind))):
        by_doc[h.doc_id].append(h)
    return dict(by_doc)


def segment(length: int, highlights: list[Highlight]) -> list[Segment]:
    """Cut [0, length) at every highlight boundary; each piece lists the highlights covering it (a sweep).

    Spans are clipped to the text; empty spans are ignored.
    """
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for i, h in enumerate(highlights):
        lo, hi = max(0, h.start), min(length, h.end)
        if lo < hi:
            starts[lo].append(i)
            ends[hi].append(i)
    cuts = sorted({0, length, *starts, *ends})
    active: set[int] = set()
    out = []
    for lo, hi in itertools.pairwise(cuts):
        active.difference_update(ends.get(lo, ()))
        active.update(starts.get(lo, ()))
        out.append(Segment(lo, hi, tuple(sorted(active))))
    return out
