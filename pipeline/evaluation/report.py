"""Render an evaluation report (from `scorer.evaluate`) as Markdown and write it as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.core.files import write_atomic
from pipeline.evaluation.scorer import ATTRIBUTES, SCORED_TABLES


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _tables(report: dict, tables: Sequence[str] | None) -> list[str]:
    return [t for t in (tables or SCORED_TABLES) if t in report]


def render_markdown(report: dict, tables: Sequence[str] | None = None, per_document: bool = True) -> str:
    """Summary table (P/R/F1, counts, attribute accuracies) and optionally one row per table and document."""
    names = _tables(report, tables)
    lines = [
        "| table | P | R | F1 | TP | FP | FN | core R | attribute accuracy |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in names:
        s = report[t]
        attrs = ", ".join(
            f"{a} {_fmt(s['attributes'][a]['accuracy'])} ({s['attributes'][a]['correct']}/"
            f"{s['attributes'][a]['total']})"
            for a in ATTRIBUTES[t]
        )
        counts = [_fmt(s["precision"]), _fmt(s["recall"]), _fmt(s["f1"]), s["tp"], s["fp"], s["fn"]]
        row = [t, *counts, _fmt(s.get("core_recall")), attrs]
        lines.append("| " + " | ".join(str(x) for x in row) + " |")
    if per_document:
        lines += ["", "| table | document | P | R | F1 | TP | FP | FN |", "|---|---|---|---|---|---|---|---|"]
        for t in names:
            for doc, s in report[t]["per_document"].items():
                row = [
                    t,
                    doc,
                    _fmt(s["precision"]),
                    _fmt(s["recall"]),
                    _fmt(s["f1"]),
                    s["tp"],
                    s["fp"],
                    s["fn"],
                ]
                lines.append("| " + " | ".join(str(x) for x in row) + " |")
    meta = report.get("meta", {})
    if meta.get("missing_documents"):
        lines += ["", "Gold documents without a pipeline document: " + ", ".join(meta["missing_documents"])]
    if meta.get("unlocated_anchors"):
        lines += ["", f"Unlocated anchors ({len(meta['unlocated_anchors'])}):"]
        lines += [f"- {u['doc']}: {u['anchor']!r}" for u in meta["unlocated_anchors"]]
    return "\n".join(lines)


def _with_interval(value: float | None, interval: list[float] | tuple[float, float] | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" + (f" [{interval[0]:.2f}–{interval[1]:.2f}]" if interval else "")


def render_figures(figures: dict, tables: Sequence[str] | None = None) -> str:
    """Per split: P/R/F1 and attribute accuracies with 95 % bootstrap intervals; the tune–check gap; F1 per
    genre (see evaluation.figures)."""
    names = [t for t in (tables or SCORED_TABLES) if any(t in f for f in figures["splits"].values())]
    lines: list[str] = []
    for split, by_table in figures["splits"].items():
        n_docs = max(by_table[t]["documents"] for t in names)
        lines += [
            f"### {split} split ({n_docs} documents; 95 % bootstrap intervals over documents)",
            "",
            "| table | P | R | F1 | attribute accuracy |",
            "|---|---|---|---|---|",
        ]
        for t in names:
            f = by_table[t]
            attrs = "; ".join(
                f"{a} {_with_interval(v, f['attribute_interval'].get(a))}" for a, v in f["attributes"].items()
            )
            cells = [_with_interval(f[m], f["interval"][m]) for m in ("precision", "recall", "f1")]
            lines.append("| " + " | ".join([t, *cells, attrs]) + " |")
        lines.append("")
    if figures.get("gap"):
        gap = ", ".join(f"{t} {figures['gap'][t]:+.3f}" for t in names)
        lines += [f"Tune–check gap (F1, tune minus check): {gap}", ""]
    if figures.get("reliability"):
        lines += [
            "Confidence you can filter on (precision of the rows at or above a confidence):",
            "",
            "| split | table | conf ≥ 0.5 | conf ≥ 0.7 | conf ≥ 0.9 | by bin: precision (rows) at mean confidence |",
            "|---|---|---|---|---|---|",
        ]
        for split, by_table in figures["reliability"].items():
            for t in names:
                r = by_table.get(t)
                if not r:
                    continue
                floors = [
                    "–" if f["precision"] is None else f"{f['precision']:.2f} ({f['rows']})"
                    for f in r["at_least"].values()
                ]
                bins = "; ".join(f"{b['precision']:.2f} ({b['rows']}) at {b['mean_confidence']:.2f}" for b in r["bins"])
                lines.append("| " + " | ".join([split, t, *floors, bins]) + " |")
        lines.append("")
    if figures.get("year_by_date"):
        lines += ["| split | documents | events year accuracy | metrics year accuracy |", "|---|---|---|---|"]
        for split, by_known in figures["year_by_date"].items():
            for known, by_table in by_known.items():
                cells = [
                    f"{_with_interval(f['attributes'].get('year'), f['attribute_interval'].get('year'))} "
                    f"({f['documents']} docs)"
                    for f in (by_table.get("events"), by_table.get("metrics"))
                    if f is not None
                ]
                lines.append("| " + " | ".join([split, f"publication date {known}", *cells]) + " |")
        lines.append("")
    if figures.get("genres"):
        lines += ["| split | genre | documents | " + " | ".join(f"{t} F1" for t in names) + " |"]
        lines += ["|---|---|---|" + "---|" * len(names)]
        for split, genres in figures["genres"].items():
            for genre, by_table in genres.items():
                cells = [_with_interval(by_table[t]["f1"], by_table[t]["interval"]["f1"]) for t in names]
                docs = max(by_table[t]["documents"] for t in names)
                lines.append("| " + " | ".join([split, genre, str(docs), *cells]) + " |")
    return "\n".join(lines).rstrip()


def _short(item: Any, width: int = 220) -> str:
    text = json.dumps(item, ensure_ascii=False, default=str)
    return text if len(text) <= width else text[: width - 1] + "…"


def render_errors(report: dict, tables: Sequence[str] | None = None, limit: int | None = None) -> str:
    """False negatives, false positives and attribute errors per table, for a developer to read."""
    out: list[str] = []
    for t in _tables(report, tables):
        s = report[t]
        for title, key in (
            ("false negatives (gold missed)", "false_negatives"),
            ("false positives (spurious)", "false_positives"),
            ("attribute errors (matched, wrong attribute)", "attribute_errors"),
        ):
            entries = s[key][:limit] if limit else s[key]
            out.append(f"\n## {t}: {title} — {len(s[key])}")
            for e in entries:
                out.append(_error_line(e, key))
    return "\n".join(out)


def _error_line(e: dict, key: str) -> str:
    if key == "attribute_errors":
        where = e.get("anchor") or e.get("actor")
        return f"- [{e['doc']}] {e['attribute']}: gold={e['gold']!r} predicted={e['predicted']!r} @ {where!r}"
    head = f"- [{e['doc']}]"
    if "anchor" in e:
        head += f" anchor={e['anchor']!r} ({e['located']})"
    elif e.get("sentence"):
        head += f" sentence={_short(e['sentence'], 160)}"
    return f"{head}\n    {_short(e['item'])}"


def write_json(report: dict, path: str | Path) -> Path:
    """Write the report as pretty JSON (parent folders created)."""
    path = Path(path)
    text = json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path
