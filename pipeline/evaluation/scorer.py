"""Score pipeline tables against gold annotations (matching rules: docs/evaluation.md).

`evaluate(gold_docs, tables)` only needs the contract tables as polars DataFrames; it does not care how they
were produced. Missing tables or columns count as "nothing predicted".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import Any

import polars as pl

from pipeline.core.model import DocumentInfo
from pipeline.evaluation.anchors import AnchorLocator, Location
from pipeline.evaluation.gold import PLACEHOLDER_AUTHORS, GoldActor, GoldDocument
from pipeline.knowledge.gazetteer import place_key
from pipeline.knowledge.language import language
from pipeline.knowledge.places import gazetteer
from pipeline.nlp.places import PlaceResolver

SCORED_TABLES = ("actors", "events", "metrics", "stances")
ATTRIBUTES = {
    "actors": ("type", "country"),
    "events": ("type", "quad_class", "year", "location", "location_found"),
    "metrics": ("unit", "year", "status"),
    "stances": ("polarity",),
}
VALUE_TOLERANCE = 0.005  # relative; exact for a gold value of 0

Row = dict[str, Any]


# --------------------------------------------------------------------------- names


def norm_name(name: str | None) -> str:
    """Case-insensitive, quote/whitespace-normalised name without a leading 'the' or trailing possessive."""
    if not name:
        return ""
    text = name.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = " ".join(text.lower().split())
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s?$", "", text)
    return text.strip(" .,;:\"'")


def gold_forms(actor: GoldActor) -> set[str]:
    return {f for f in (norm_name(actor.name), *(norm_name(a) for a in actor.aliases)) if f}


@dataclass
class PredActor:
    """A predicted actor as seen in one document: its table row plus the texts of its mentions there."""

    actor_id: str
    name: str
    actor_type: str | None
    country_code: str | None
    mention_texts: list[str] = field(default_factory=list)

    @property
    def surfaces(self) -> set[str]:
        return {f for f in (norm_name(self.name), *(norm_name(t) for t in self.mention_texts)) if f}

    def item(self) -> Row:
        return {
            "actor_id": self.actor_id,
            "name": self.name,
            "actor_type": self.actor_type,
            "country_code": self.country_code,
            "mentions": sorted(set(self.mention_texts)),
        }


def actor_match_score(gold: GoldActor, pred: PredActor) -> int:
    """0 = no match; higher = stronger evidence (name or ISO3 > name-as-alias > shared mention form)."""
    iso = (
        gold.type == "country"
        and bool(gold.country)
        and (
            pred.actor_id == gold.country
            or (pred.actor_type == "country" and pred.country_code == gold.country)
        )
    )
    gname, pname = norm_name(gold.name), norm_name(pred.name)
    if iso or (gname and gname == pname):
        return 3
    forms, surfaces = gold_forms(gold), pred.surfaces
    if pname in forms or gname in surfaces:
        return 2
    return 1 if forms & surfaces else 0


# --------------------------------------------------------------------------- matching & scores


def greedy_match(
    n_gold: int, n_pred: int, score: Callable[[int, int], tuple | None]
) -> list[tuple[int, int, tuple]]:
    """One-to-one greedy matching, best-scoring compatible pairs first (`score` is None if incompatible)."""
    pairs = []
    for g in range(n_gold):
        for p in range(n_pred):
            s = score(g, p)
            if s is not None:
                pairs.append((s, g, p))
    pairs.sort(key=lambda t: (tuple(-x for x in t[0]), t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    result = []
    for s, g, p in pairs:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            result.append((g, p, s))
    return sorted(result)


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall, F1 (all 1.0 when there is nothing to find and nothing predicted)."""
    if tp == fp == fn == 0:
        p = r = f = 1.0
    else:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


@dataclass
class TableScore:
    """Accumulates one table's counts, attribute checks and error lists over documents."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    core_found: int = 0
    core_total: int = 0
    attr_correct: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    attr_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    per_document: dict[str, dict] = field(default_factory=dict)
    document_attributes: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # doc -> attr -> [ok, n]
    # doc -> every prediction: its id, confidence, whether it matched and the gold item it matched
    predictions: dict[str, list[Row]] = field(default_factory=dict)
    false_positives: list[Row] = field(default_factory=list)
    false_negatives: list[Row] = field(default_factory=list)
    attribute_errors: list[Row] = field(default_factory=list)

    def add_document(self, doc: str, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        self.per_document[doc] = prf(tp, fp, fn)

    def count_core(self, golds: Sequence[Any], matches: list[tuple[int, int, tuple]]) -> None:
        """Recall restricted to gold items flagged `core` (actors and events)."""
        matched = {g for g, _, _ in matches}
        core = [i for i, item in enumerate(golds) if getattr(item, "core", False)]
        self.core_total += len(core)
        self.core_found += len(matched.intersection(core))

    def check(self, attr: str, gold: Any, pred: Any, context: Row, agree: bool | None = None) -> None:
        """Count one attribute of a match: right when `agree` (default: gold == pred)."""
        self.attr_total[attr] += 1
        counts = self.document_attributes.setdefault(context["doc"], {}).setdefault(attr, [0, 0])
        counts[1] += 1
        if gold == pred if agree is None else agree:
            self.attr_correct[attr] += 1
            counts[0] += 1
        else:
            self.attribute_errors.append({**context, "attribute": attr, "gold": gold, "predicted": pred})

    def report(self) -> Row:
        attributes = {
            a: {
                "accuracy": round(self.attr_correct[a] / self.attr_total[a], 4)
                if self.attr_total[a]
                else None,
                "correct": self.attr_correct[a],
                "total": self.attr_total[a],
            }
            for a in ATTRIBUTES[self.name]
        }
        core_recall = round(self.core_found / self.core_total, 4) if self.core_total else None
        return {
            **prf(self.tp, self.fp, self.fn),
            "core_recall": core_recall,
            "attributes": attributes,
            "per_document": self.per_document,
            "document_attributes": self.document_attributes,
            "predictions": self.predictions,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "attribute_errors": self.attribute_errors,
        }


# --------------------------------------------------------------------------- predicted tables


def _rows(tables: dict[str, pl.DataFrame], name: str) -> list[Row]:
    df = tables.get(name)
    return df.to_dicts() if isinstance(df, pl.DataFrame) else []


def _by_doc(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        out[r.get("doc_id")].append(r)
    return out


def _year(value: Any) -> str | None:
    return str(value)[:4] if value not in (None, "") else None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _name_from_id(actor_id: str) -> str:
    """Best-effort name for an actor absent from the actors table: `person:xi-jinping` -> `xi jinping`."""
    return actor_id.split(":", 1)[-1].replace("-", " ")


class Predictions:
    """Indexes the predicted tables by document."""

    def __init__(self, tables: dict[str, pl.DataFrame]) -> None:
        self.sentences = {r.get("sentence_id"): r for r in _rows(tables, "sentences")}
        self.doc_sentences = _by_doc(self.sentences.values())
        self.actor_rows = {r.get("actor_id"): r for r in _rows(tables, "actors")}
        self.mentions = _by_doc(_rows(tables, "mentions"))
        self.events = _by_doc(_rows(tables, "events"))
        self.metrics = _by_doc(_rows(tables, "metrics"))
        self.stances = _by_doc(_rows(tables, "stances"))
        self.voices = {  # who speaks for the document: its authors, else its outlet
            r.get("doc_id"): set(
                DocumentInfo(r.get("doc_id"), "", authors=tuple(r.get("authors") or ()), source=r.get("source")).voices
            )
            for r in _rows(tables, "documents")
        }
        self.participants: dict[str, list[Row]] = defaultdict(list)
        for r in _rows(tables, "event_participants"):
            self.participants[r.get("event_id")].append(r)

    def doc_actors(self, doc_id: str) -> dict[str, PredActor]:
        """Actors with at least one mention in the document (with their mention texts there), plus the actors of
        the document's voice (a byline names its author, the outlet an unsigned piece's, without a mention)."""
        actors: dict[str, PredActor] = {
            aid: self.actor(aid, doc_id, with_mentions=False)
            for aid, row in self.actor_rows.items()
            if row.get("name") in self.voices.get(doc_id, set())
        }
        for m in self.mentions.get(doc_id, []):
            aid = m.get("actor_id")
            if aid is None:
                continue
            if aid not in actors:
                actors[aid] = self.actor(aid, doc_id, with_mentions=False)
            actors[aid].mention_texts.append(m.get("text") or "")
        return actors

    def actor(self, actor_id: str, doc_id: str, with_mentions: bool = True) -> PredActor:
        row = self.actor_rows.get(actor_id, {})
        texts = [m.get("text") or "" for m in self.mentions.get(doc_id, []) if m.get("actor_id") == actor_id]
        return PredActor(
            actor_id=actor_id,
            name=row.get("name") or (texts[0] if texts else _name_from_id(actor_id)),
            actor_type=row.get("actor_type"),
            country_code=row.get("country_code"),
            mention_texts=texts if with_mentions else [],
        )

    def span(self, row: Row) -> tuple[int, int, str]:
        """Character range and text of the row's sentence (falls back on the row's own offsets/evidence)."""
        sent = self.sentences.get(row.get("sentence_id"))
        if sent is not None and sent.get("char_start") is not None:
            return int(sent["char_start"]), int(sent["char_end"]), sent.get("text") or ""
        start, end = row.get("char_start"), row.get("char_end")
        if start is None or end is None:
            return -1, -1, row.get("evidence") or ""
        return int(start), int(end), row.get("evidence") or ""


# --------------------------------------------------------------------------- per-document scoring


@dataclass
class DocScoring:
    """Everything needed to score one gold document against its predicted rows."""

    gold: GoldDocument
    doc_id: str
    text: str
    pred: Predictions
    locator: AnchorLocator = field(init=False)
    gold_actor_index: dict[str, GoldActor] = field(init=False)
    locations: dict[str, Location] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.locator = AnchorLocator(self.text)
        self.gold_actor_index = {}
        for a in self.gold.actors:
            for form in sorted(gold_forms(a)):
                self.gold_actor_index.setdefault(form, a)
        for a in self.gold.actors:  # canonical names win over aliases
            self.gold_actor_index[norm_name(a.name)] = a

    @property
    def name(self) -> str:
        return self.gold.source_file

    def locate(self, anchor: str) -> Location:
        if anchor not in self.locations:
            self.locations[anchor] = self.locator.locate(anchor)
        return self.locations[anchor]

    def gold_actor(self, name: str) -> GoldActor:
        """The gold actor an event/stance refers to by name (a bare actor if the name is not listed)."""
        return self.gold_actor_index.get(norm_name(name)) or GoldActor(name=name)

    def anchor_sentence(self, loc: Location) -> str:
        """The predicted sentence(s) covering a located anchor (the anchor region itself if none)."""
        if not loc.found:
            return ""
        texts = [
            s.get("text") or ""
            for s in self.pred.doc_sentences.get(self.doc_id, [])
            if s.get("char_start") is not None and s["char_start"] < loc.end and loc.start < s["char_end"]
        ]
        return " ".join(texts) if texts else self.text[loc.start : loc.end]

    def overlap(self, loc: Location, row: Row) -> tuple[bool, int]:
        """Whether the row's sentence overlaps the anchor, and the row's distance to the anchor start."""
        if not loc.found:
            return False, 0
        start, end, _ = self.pred.span(row)
        return start < loc.end and loc.start < end, abs(
            (start if row.get("char_start") is None else row["char_start"]) - loc.start
        )

    def inside(self, loc: Location, row: Row) -> int:
        start = row.get("char_start")
        return int(start is not None and loc.start <= start < loc.end)

    def fn_entry(self, anchor: str, item: Row) -> Row:
        loc = self.locate(anchor)
        return {
            "doc": self.name,
            "anchor": anchor,
            "located": loc.method,
            "sentence": self.anchor_sentence(loc),
            "item": item,
        }

    def fp_entry(self, row: Row, item: Row) -> Row:
        return {
            "doc": self.name,
            "sentence_id": row.get("sentence_id"),
            "sentence": self.pred.span(row)[2],
            "item": item,
        }


def _gold_item(obj: Any) -> Row:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(obj).items() if k != "anchor"}


def score_actors(ds: DocScoring, out: TableScore) -> None:
    golds = [a for a in ds.gold.actors if norm_name(a.name) not in PLACEHOLDER_AUTHORS]
    preds = list(ds.pred.doc_actors(ds.doc_id).values())

    def score(g: int, p: int) -> tuple | None:
        s = actor_match_score(golds[g], preds[p])
        if not s:
            return None
        agree = (golds[g].type == preds[p].actor_type) + (golds[g].country == preds[p].country_code)
        return (s, agree)

    matches = greedy_match(len(golds), len(preds), score)
    out.count_core(golds, matches)
    for g, p, _ in matches:
        ctx = {"doc": ds.name, "actor": golds[g].name, "actor_id": preds[p].actor_id}
        out.check("type", golds[g].type, preds[p].actor_type, ctx)
        out.check("country", golds[g].country, preds[p].country_code, ctx)
    _record(
        ds,
        out,
        matches,
        len(golds),
        len(preds),
        lambda g: {"doc": ds.name, "item": _gold_item(golds[g])},
        lambda p: {"doc": ds.name, "item": preds[p].item()},
    )


def _record(
    ds: DocScoring,
    out: TableScore,
    matches: list[tuple[int, int, tuple]],
    n_gold: int,
    n_pred: int,
    gold_entry: Callable[[int], Row],
    pred_entry: Callable[[int], Row],
) -> None:
    """Count a document's TP/FP/FN and list the unmatched gold items and predictions."""
    matched_g = {g for g, _, _ in matches}
    matched_p = {p for _, p, _ in matches}
    out.false_negatives.extend(gold_entry(g) for g in range(n_gold) if g not in matched_g)
    out.false_positives.extend(pred_entry(p) for p in range(n_pred) if p not in matched_p)
    out.add_document(ds.name, len(matches), n_pred - len(matches), n_gold - len(matches))


def _record_anchored(
    ds: DocScoring,
    out: TableScore,
    matches: list[tuple[int, int, tuple]],
    golds: list[Any],
    preds: list[Row],
    describe: Callable[[int], Row],
) -> None:
    """`_record` for the anchored tables: gold items are listed with their anchor, predictions via `describe`;
    every prediction is kept with its confidence and the gold item it matched (for calibration and training)."""
    gold_of = {p: g for g, p, _ in matches}
    id_key = f"{out.name[:-1]}_id"
    out.predictions[ds.name] = [
        {
            "id": row.get(id_key),
            "confidence": row.get("confidence"),
            "matched": p in gold_of,
            "gold": _gold_item(golds[gold_of[p]]) if p in gold_of else None,
        }
        for p, row in enumerate(preds)
    ]
    _record(
        ds,
        out,
        matches,
        len(golds),
        len(preds),
        lambda g: ds.fn_entry(golds[g].anchor, _gold_item(golds[g])),
        lambda p: ds.fp_entry(preds[p], describe(p)),
    )


def _participants(ds: DocScoring, event_id: str) -> list[tuple[str, PredActor]]:
    return [
        (r.get("role") or "participant", ds.pred.actor(r["actor_id"], ds.doc_id))
        for r in ds.pred.participants.get(event_id, [])
        if r.get("actor_id")
    ]


def score_events(ds: DocScoring, out: TableScore) -> None:
    golds = list(ds.gold.events)
    preds = ds.pred.events.get(ds.doc_id, [])
    gold_actors = [[ds.gold_actor(n) for n in (*e.source, *e.target)] for e in golds]
    pred_actors = [[a for _, a in _participants(ds, r.get("event_id"))] for r in preds]

    def attrs(g: int, p: int) -> dict[str, tuple[Any, Any]]:
        e, r = golds[g], preds[p]
        return {
            "type": (e.type, r.get("event_type")),
            "quad_class": (e.quad_class, r.get("quad_class")),
            "year": (_year(e.date), _year(r.get("event_date"))),
        }

    def score(g: int, p: int) -> tuple | None:
        loc = ds.locate(golds[g].anchor)
        hit, dist = ds.overlap(loc, preds[p])
        n_actors = sum(any(actor_match_score(ga, pa) for pa in pred_actors[p]) for ga in gold_actors[g])
        if not hit or not n_actors:
            return None
        agree = sum(a == b for a, b in attrs(g, p).values())
        return (ds.inside(loc, preds[p]), n_actors, agree, -dist)

    matches = greedy_match(len(golds), len(preds), score)
    out.count_core(golds, matches)
    countries = {a.country_code for a in ds.pred.doc_actors(ds.doc_id).values() if a.country_code}
    for g, p, _ in matches:
        ctx = {"doc": ds.name, "anchor": golds[g].anchor, "event_id": preds[p].get("event_id")}
        for attr, (gv, pv) in attrs(g, p).items():
            out.check(attr, gv, pv, ctx)
        if golds[g].location:  # where the gold says where: the same place, and whether one was found at all
            found = preds[p].get("place_id") is not None
            same = found and same_place(golds[g].location, preds[p], countries)
            out.check("location", golds[g].location, preds[p].get("location"), ctx, same)
            out.check("location_found", True, found, ctx)

    def pred_item(p: int) -> Row:
        r = preds[p]
        return {
            "event_id": r.get("event_id"),
            "trigger": r.get("trigger"),
            "event_type": r.get("event_type"),
            "quad_class": r.get("quad_class"),
            "event_date": r.get("event_date"),
            "participants": [f"{role}:{a.name}" for role, a in _participants(ds, r.get("event_id"))],
        }

    _record_anchored(ds, out, matches, golds, preds, pred_item)


def same_place(gold: str, row: Row, countries: Iterable[str]) -> bool:
    """Whether an event's place is the gold location: the same gazetteer place (the gold name resolved with
    the document's countries as context) or the same name."""
    if place_key(gold) == place_key(row.get("location") or ""):
        return True
    place = PlaceResolver(gazetteer(), language().places, countries).resolve(gold)
    return place is not None and place.place_id == row.get("place_id")


def value_matches(gold: float | None, pred: Any) -> bool:
    """Relative tolerance VALUE_TOLERANCE (exact for 0); a gold item without a value matches any value."""
    if gold is None:
        return True
    if pred is None:
        return False
    try:
        pred = float(pred)
    except (TypeError, ValueError):
        return False
    return pred == 0 if gold == 0 else abs(pred - gold) <= VALUE_TOLERANCE * abs(gold)


def score_metrics(ds: DocScoring, out: TableScore) -> None:
    golds = list(ds.gold.metrics)
    preds = ds.pred.metrics.get(ds.doc_id, [])

    def attrs(g: int, p: int) -> dict[str, tuple[Any, Any]]:
        m, r = golds[g], preds[p]
        return {
            "unit": (m.unit, r.get("unit")),
            "year": (_int_or_none(m.year), _int_or_none(r.get("reference_year"))),
            "status": (m.status, r.get("status")),
        }

    def score(g: int, p: int) -> tuple | None:
        loc = ds.locate(golds[g].anchor)
        hit, dist = ds.overlap(loc, preds[p])
        if not hit or not value_matches(golds[g].value, preds[p].get("value")):
            return None
        agree = sum(a == b for a, b in attrs(g, p).values())
        return (ds.inside(loc, preds[p]), agree, -dist)

    matches = greedy_match(len(golds), len(preds), score)
    for g, p, _ in matches:
        ctx = {"doc": ds.name, "anchor": golds[g].anchor, "metric_id": preds[p].get("metric_id")}
        for attr, (gv, pv) in attrs(g, p).items():
            out.check(attr, gv, pv, ctx)
    keys = ("metric_id", "surface", "value", "value_high", "unit", "reference_year", "status", "measure")
    _record_anchored(ds, out, matches, golds, preds, lambda p: {k: preds[p].get(k) for k in keys})


def _holder(ds: DocScoring, row: Row) -> PredActor | None:
    aid = row.get("holder_actor_id")
    return ds.pred.actor(aid, ds.doc_id) if aid else None


def stance_holder_matches(ds: DocScoring, holder: str, row: Row) -> bool:
    """Gold holder vs predicted holder; an authorial gold stance also accepts holder_kind='author'."""
    if ds.gold.is_author(holder) and row.get("holder_kind") == "author":
        return True
    pred = _holder(ds, row)
    return pred is not None and actor_match_score(ds.gold_actor(holder), pred) > 0


def score_stances(ds: DocScoring, out: TableScore) -> None:
    golds = list(ds.gold.stances)
    preds = ds.pred.stances.get(ds.doc_id, [])

    def score(g: int, p: int) -> tuple | None:
        loc = ds.locate(golds[g].anchor)
        hit, dist = ds.overlap(loc, preds[p])
        if not hit or not stance_holder_matches(ds, golds[g].holder, preds[p]):
            return None
        return (ds.inside(loc, preds[p]), int(golds[g].polarity == preds[p].get("polarity")), -dist)

    matches = greedy_match(len(golds), len(preds), score)
    for g, p, _ in matches:
        ctx = {"doc": ds.name, "anchor": golds[g].anchor, "stance_id": preds[p].get("stance_id")}
        out.check("polarity", golds[g].polarity, preds[p].get("polarity"), ctx)

    def pred_item(p: int) -> Row:
        r = preds[p]
        holder = _holder(ds, r)
        keys = (
            "stance_id",
            "holder_kind",
            "target_actor_id",
            "target_topic",
            "target_text",
            "polarity",
            "cue",
        )
        return {"holder": holder.name if holder else None, **{k: r.get(k) for k in keys}}

    _record_anchored(ds, out, matches, golds, preds, pred_item)


SCORERS: dict[str, Callable[[DocScoring, TableScore], None]] = {
    "actors": score_actors,
    "events": score_events,
    "metrics": score_metrics,
    "stances": score_stances,
}


# --------------------------------------------------------------------------- entry point


def source_file(source_path: str | None) -> str:
    """The file name gold annotations use for a document (its source_path's last part), or ''."""
    path = str(source_path or "").replace("\\", "/")
    return PurePosixPath(path).name if path else ""


def _documents(tables: dict[str, pl.DataFrame]) -> dict[str, Row]:
    """Documents keyed by the file name of their source_path."""
    out: dict[str, Row] = {}
    for r in _rows(tables, "documents"):
        if name := source_file(r.get("source_path")):
            out.setdefault(name, r)
    return out


def _anchors_of(gold: GoldDocument) -> list[str]:
    return [x.anchor for group in (gold.events, gold.metrics, gold.stances) for x in group]


def evaluate(
    gold_docs: Sequence[GoldDocument],
    tables: dict[str, pl.DataFrame],
    table_names: Sequence[str] = SCORED_TABLES,
) -> dict:
    """Score `tables` against `gold_docs`; returns a JSON-able report (one entry per table plus `meta`).

    Only gold documents whose `source_file` matches a document's source_path file name are scored; the others
    are listed under `meta.missing_documents`. Predictions for documents without gold are ignored.
    """
    documents = _documents(tables)
    pred = Predictions(tables)
    scores = {name: TableScore(name) for name in table_names}
    scored, missing = [], []
    anchors: dict[str, int] = defaultdict(int)
    unlocated: list[Row] = []
    for gold in gold_docs:
        doc = documents.get(gold.source_file)
        if doc is None:
            missing.append(gold.source_file)
            continue
        ds = DocScoring(gold, doc.get("doc_id"), doc.get("text") or "", pred)
        for name, table_score in scores.items():
            SCORERS[name](ds, table_score)
        scored.append(gold.source_file)
        for anchor in dict.fromkeys(_anchors_of(gold)):
            loc = ds.locate(anchor)
            anchors[loc.method] += 1
            if not loc.found:
                unlocated.append({"doc": gold.source_file, "anchor": anchor})
    report: dict[str, Any] = {name: s.report() for name, s in scores.items()}
    report["meta"] = {
        "scored_documents": scored,
        "dated_documents": [name for name in scored if documents[name].get("published_date")],
        "missing_documents": missing,
        "anchors": dict(anchors),
        "unlocated_anchors": unlocated,
    }
    return report
