"""Figures you can trust: P/R/F1 and attribute accuracies per split (tune, check) and per genre, each with a
bootstrap 95 % confidence interval over documents, and the tune-check gap.

Documents, not rows, are resampled (B = 1,000, fixed seed): the rows of one article are not independent, and
a new corpus differs from ours by its articles. Micro figures are recomputed from the resampled documents'
counts; the interval is the 2.5th-97.5th percentile.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from pipeline.evaluation.gold import CHECK, TUNE, GoldDocument
from pipeline.evaluation.scorer import ATTRIBUTES, SCORED_TABLES, prf

BOOTSTRAP_SAMPLES = 1000
SEED = 20261207
Interval = tuple[float, float] | None


def _percentiles(values: list[float]) -> Interval:
    if not values:
        return None
    ordered = sorted(values)
    last = len(ordered) - 1
    return round(ordered[math.floor(0.025 * last)], 4), round(ordered[math.ceil(0.975 * last)], 4)


def _micro(name: str, table: Mapping[str, Any], docs: Sequence[str]) -> dict[str, Any]:
    """Micro P/R/F1 of table `name` over `docs` (repeats count again), attribute accuracies from their counts."""
    per_doc, doc_attrs = table["per_document"], table.get("document_attributes", {})
    tp = sum(per_doc[d]["tp"] for d in docs)
    fp = sum(per_doc[d]["fp"] for d in docs)
    fn = sum(per_doc[d]["fn"] for d in docs)
    attributes = {}
    for attr in ATTRIBUTES[name]:
        ok = sum(doc_attrs.get(d, {}).get(attr, [0, 0])[0] for d in docs)
        total = sum(doc_attrs.get(d, {}).get(attr, [0, 0])[1] for d in docs)
        attributes[attr] = round(ok / total, 4) if total else None
    return {**prf(tp, fp, fn), "attributes": attributes}


def table_figures(
    name: str, table: Mapping[str, Any], docs: Sequence[str], samples: int = BOOTSTRAP_SAMPLES
) -> dict:
    """Point figures of table `name` over `docs`, with bootstrap intervals for P, R, F1 and each attribute."""
    docs = [d for d in docs if d in table["per_document"]]
    point = _micro(name, table, docs)
    rng = random.Random(SEED)
    draws = [_micro(name, table, rng.choices(docs, k=len(docs))) for _ in range(samples if docs else 0)]
    intervals = {m: _percentiles([d[m] for d in draws]) for m in ("precision", "recall", "f1")}
    attr_intervals = {
        a: _percentiles([d["attributes"][a] for d in draws if d["attributes"].get(a) is not None])
        for a in point["attributes"]
    }
    return {**point, "documents": len(docs), "interval": intervals, "attribute_interval": attr_intervals}


def split_figures(report: Mapping[str, Any], gold: Sequence[GoldDocument]) -> dict[str, Any]:
    """Figures per split, per (split, genre), the year accuracy of events and metrics in documents with and
    without a known publication date (`year_by_date`), and the tune-check gap of each table's F1."""
    scored = set(report.get("meta", {}).get("scored_documents", []))
    groups: dict[str, dict[str, list[str]]] = {}
    for doc in gold:
        if doc.source_file in scored:
            groups.setdefault(doc.split, {}).setdefault(doc.genre, []).append(doc.source_file)
    tables = [t for t in SCORED_TABLES if t in report]
    out: dict[str, Any] = {"splits": {}, "genres": {}, "gap": {}}
    for split in (TUNE, CHECK):
        docs = [d for genre_docs in groups.get(split, {}).values() for d in genre_docs]
        if not docs:
            continue
        out["splits"][split] = {t: table_figures(t, report[t], docs) for t in tables}
        out["genres"][split] = {
            genre: {t: table_figures(t, report[t], genre_docs, samples=200) for t in tables}
            for genre, genre_docs in sorted(groups[split].items())
        }
    out["reliability"] = {
        split: {
            t: reliability([p for d in docs for p in report[t].get("predictions", {}).get(d, [])])
            for t in tables
        }
        for split in out["splits"]
        if (docs := [d for genre_docs in groups.get(split, {}).values() for d in genre_docs])
    }
    dated = set(report.get("meta", {}).get("dated_documents", []))
    out["year_by_date"] = {
        split: {
            known: {
                t: table_figures(t, report[t], [d for d in docs if (d in dated) == (known == "known")], samples=200)
                for t in ("events", "metrics")
                if t in report
            }
            for known in ("known", "unknown")
        }
        for split in out["splits"]
        if (docs := [d for genre_docs in groups.get(split, {}).values() for d in genre_docs])
    }
    if TUNE in out["splits"] and CHECK in out["splits"]:
        out["gap"] = {
            t: round(out["splits"][TUNE][t]["f1"] - out["splits"][CHECK][t]["f1"], 4) for t in tables
        }
    return out


RELIABILITY_BINS = (0.0, 0.3, 0.5, 0.7, 0.9, 1.0001)
CONFIDENCE_FLOORS = (0.5, 0.7, 0.9)


def reliability(predictions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """How often a row is right at each confidence: per confidence bin, rows, mean confidence and precision
    (the share that matched a gold item), and the precision of the rows at or above each floor."""
    scored = [(float(p["confidence"]), bool(p["matched"])) for p in predictions if p.get("confidence") is not None]
    bins = []
    for low, high in pairwise(RELIABILITY_BINS):
        inside = [(c, m) for c, m in scored if low <= c < high]
        if inside:
            bins.append({
                "bin": f"{low:.1f}–{min(high, 1.0):.1f}",
                "rows": len(inside),
                "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 3),
                "precision": round(sum(m for _, m in inside) / len(inside), 3),
            })  # fmt: skip
    floors = {}
    for floor in CONFIDENCE_FLOORS:
        above = [m for c, m in scored if c >= floor]
        floors[f"{floor:.1f}"] = {"rows": len(above), "precision": round(sum(above) / len(above), 3) if above else None}
    return {"bins": bins, "at_least": floors}


def redact(report: dict[str, Any], gold: Sequence[GoldDocument]) -> dict[str, Any]:
    """The report without anything that shows a check-split document's errors or per-document figures: only
    aggregate figures of the check split may ever be read (the split's purpose)."""
    check = {doc.source_file for doc in gold if doc.split == CHECK}
    out = dict(report)
    for t in SCORED_TABLES:
        if t not in report:
            continue
        table = dict(report[t])
        for key in ("false_positives", "false_negatives", "attribute_errors"):
            table[key] = [e for e in table.get(key, []) if e.get("doc") not in check]
        for key in ("per_document", "document_attributes", "predictions"):
            table[key] = {d: v for d, v in table.get(key, {}).items() if d not in check}
        out[t] = table
    meta = dict(report.get("meta", {}))
    meta["unlocated_anchors"] = [u for u in meta.get("unlocated_anchors", []) if u.get("doc") not in check]
    out["meta"] = meta
    return out
