"""Assemble the evidence report: documents with highlighted rows, summary plots, inline CSS/JS, one file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

import polars as pl

from pipeline.core.files import write_atomic
from pipeline.integrate.joins import with_reported_date
from pipeline.publish.release import NotPublishedError, current_tables, read_table
from pipeline.report import plots, worldmap
from pipeline.report.highlights import KINDS, Highlight, all_highlights, segment
from pipeline.report.pieces import Piece, PieceCache, cached_pieces, fingerprints
from pipeline.report.svg import esc
from schemas import TABLES

REPORT_FILE = "evidence_report.html"
REPORT_TABLES = (
    "documents",
    "actors",
    "mentions",
    "events",
    "event_participants",
    "metrics",
    "metric_actors",
    "stances",
    "dyad_years",
    "claims",
    "places",
)
SHOWN_TABLES = ("mentions", "metrics", "stances")  # read only for the documents the report shows
CORPUS_TABLES = ("actors", "events", "dyad_years", "claims", "places")  # read whole: plots, counts, names
KIND_LABELS = {"actor": "actor mentions", "event": "event triggers", "metric": "metrics", "stance": "stances"}


class ReportError(Exception):
    """The published outputs needed for the report are missing."""


MAX_DOCUMENTS = 500  # one page stays usable in a browser; plots still cover the whole corpus


def shown_documents(tables: dict[str, pl.DataFrame], max_documents: int = MAX_DOCUMENTS) -> pl.DataFrame:
    """The documents the report shows in full: the first `max_documents` by source path."""
    return tables["documents"].sort("source_path").head(max_documents)


def load_published(outputs: Path, max_documents: int = MAX_DOCUMENTS) -> dict[str, pl.DataFrame]:
    """The published tables the report needs, from the current release, each read only as far as the report
    uses it: the tables it highlights (mentions, metrics, stances, the actors of events and metrics) and the
    documents' text only for the documents it shows (shown_documents; text is null for the others), the
    tables its plots and counts cover in full. A large corpus costs the report what its shown documents and
    plots cost, not every table."""
    try:
        release, _ = current_tables(Path(outputs), REPORT_TABLES)
        read = partial(read_table, release)
        order = list(TABLES["documents"].model.to_schema().columns)
        documents = read("documents", [c for c in order if c != "text"])
        shown = shown_documents({"documents": documents}, max_documents)["doc_id"].to_list()
        tables = {name: read(name) for name in CORPUS_TABLES}
        tables |= {name: read(name, where=("doc_id", shown)) for name in SHOWN_TABLES}
        shown_events = tables["events"].filter(pl.col("doc_id").is_in(shown))["event_id"].to_list()
        tables["event_participants"] = read("event_participants", where=("event_id", shown_events))
        metric_ids = tables["metrics"]["metric_id"].to_list()
        tables["metric_actors"] = read("metric_actors", where=("metric_id", metric_ids))
        texts = read("documents", ["doc_id", "text"], where=("doc_id", shown))
    except NotPublishedError as exc:
        raise ReportError(str(exc)) from None
    tables["documents"] = documents.join(texts, on="doc_id", how="left", maintain_order="left").select(order)
    return tables


def _static(name: str) -> str:
    return resources.files("pipeline.report").joinpath("static", name).read_text(encoding="utf-8")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _script_safe(raw: str) -> str:
    """JSON made safe inside <script>: no '<', '>' or '&' survive literally, so '</script>' cannot close it."""
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _braces(markup: str) -> str:
    """`markup` as literal text of a str.format template."""
    return markup.replace("{", "{{").replace("}", "}}")


def render_text(text: str, highlights: list[Highlight]) -> str:
    """The document text with every highlighted segment wrapped in <mark> (all text escaped), as a template:
    highlight i's id is the format field {i} and literal braces are doubled (see Piece.html)."""
    parts = []
    rank = KINDS.index
    for seg in segment(len(text), highlights):
        piece = _braces(esc(text[seg.start : seg.end]))
        if not seg.covering:
            parts.append(piece)
            continue
        kinds = sorted({highlights[i].kind for i in seg.covering}, key=rank)
        classes = " ".join(f"k-{k}" for k in kinds)
        ids = " ".join(f"{{{i}}}" for i in seg.covering)
        parts.append(f'<mark class="h {classes}" data-h="{ids}">{piece}</mark>')
    return "".join(parts)


def _document(doc: dict, counts: dict[str, int], highlights: list[Highlight]) -> str:
    """The document's <article>, a template like `render_text`'s."""
    meta = [doc["source_path"], doc["published_date"] or "undated", ", ".join(doc["authors"] or [])]
    tally = " · ".join(f"{n} {KIND_LABELS[k]}" for k, n in counts.items())
    head = (
        f'<article class="doc" id="doc-{esc(doc["doc_id"])}" data-doc="{esc(doc["doc_id"])}">'
        f"<h3>{esc(doc['title'] or doc['source_path'])}</h3>"
        f'<p class="meta">{esc(" · ".join(m for m in meta if m))}<br>{esc(tally)}</p>'
    )
    return f'{_braces(head)}<div class="text">{render_text(doc["text"], highlights)}</div></article>'


def _toolbar(totals: dict[str, int]) -> str:
    chips = "".join(
        f'<label class="chip c-{k}"><input type="checkbox" data-kind="{k}" checked> '
        f'<span class="sw k-{k}">{esc(KIND_LABELS[k])}</span> <b>{totals[k]}</b></label>'
        for k in KINDS
    )
    return (
        f'<div class="toolbar" id="toolbar">{chips}<span id="filter-status" aria-live="polite"></span>'
        '<button id="clear-filter" hidden>clear filter</button></div>'
        '<p class="hint">Hover a highlight to see the row it comes from; click it to show only rows about the '
        "same actor (actor mentions) or of the same type, measure or polarity (events, metrics, stances). "
        "Click an actor in the network to do the same.</p>"
    )


def _metric_section(claims: pl.DataFrame) -> str:
    series = plots.metric_series(claims)
    if not series:
        return '<p class="empty">No metric has a reference year.</p>'
    figures = []
    for s in series:
        sources = "".join(
            f'<li><b>{esc(r["reference_year"])}</b>: {esc(r["surface"])} <span class="muted">({esc(r["status"])})'
            f'</span> — <a href="#doc-{esc(r["doc_id"])}">{esc(r["title"] or r["doc_id"])}</a>'
            f'<div class="evidence">{esc(r["evidence"])}</div></li>'
            for r in s["points"]
        )
        figures.append(
            f'<figure class="series"><figcaption>{esc(s["measure"])} <span class="muted">({esc(s["unit"])}, '
            f"{len(s['points'])} figures)</span></figcaption>{plots.series_chart(s)}"
            f'<details open><summary>sources (hollow points: forecast, target or limit)</summary><ul class="sources">{sources}</ul></details></figure>'
        )
    return f'<div class="grid">{"".join(figures)}</div>'


def render_piece(doc: dict, highlights: list[Highlight]) -> Piece:
    """A document's article template and its highlight rows (already safe inside <script>)."""
    rows = [{"k": h.kind, "key": h.key, "a": list(h.actors), "f": h.fields} for h in highlights]
    counts = dict.fromkeys(KINDS, 0)
    for h in highlights:
        counts[h.kind] += 1
    return Piece(_document(doc, counts, highlights), _script_safe(_json(rows)[1:-1]), counts)


def render_pieces(
    tables: dict[str, pl.DataFrame], docs: pl.DataFrame, doc_ids: list[str]
) -> dict[str, Piece]:
    """The pieces of the documents `doc_ids` (rows of `docs`)."""
    by_doc = all_highlights(tables, doc_ids)
    wanted = docs.filter(pl.col("doc_id").is_in(doc_ids))
    return {
        doc["doc_id"]: render_piece(doc, by_doc.get(doc["doc_id"], []))
        for doc in wanted.iter_rows(named=True)
    }


@dataclass(frozen=True)
class Report:
    html: str
    totals: dict[str, int]  # highlights by kind, over the shown documents
    network: str  # the actor network's SVG, as drawn in the page
    world_map: str  # the map of located events' SVG


def build_report(
    tables: dict[str, pl.DataFrame], max_documents: int = MAX_DOCUMENTS, cache: PieceCache | None = None
) -> Report:
    """The whole report as one HTML string (no external resources). With `cache`, the pieces of documents
    whose fingerprint is unchanged since an earlier run are reused (pipeline/report/pieces.py)."""
    docs = shown_documents(tables, max_documents)
    doc_ids = docs["doc_id"].to_list()
    render = lambda only: render_pieces(tables, docs, only)  # noqa: E731
    pieces = cached_pieces(fingerprints(tables, doc_ids), render, cache) if cache else render(doc_ids)
    articles, rows = [], []
    totals = dict.fromkeys(KINDS, 0)
    for doc_id in doc_ids:
        piece = pieces[doc_id]
        articles.append(piece.html(sum(totals.values())))
        rows += [piece.rows] if piece.rows else []
        totals = {k: n + piece.counts[k] for k, n in totals.items()}
    dropped = tables["documents"].height - docs.height
    note = f'<p class="empty">{dropped} more documents are not shown.</p>' if dropped > 0 else ""
    network = plots.actor_network(tables["dyad_years"])
    world = worldmap.event_map(tables["events"], tables["places"])
    summary = f"{docs.height} documents · {tables['actors'].height} actors · " + " · ".join(
        f"{totals[k]} {KIND_LABELS[k]}" for k in KINDS
    )
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>geoevents evidence report</title><style>{_static("report.css")}</style></head>
<body><header><h1>Evidence report</h1><p>{esc(summary)}</p>
<nav><a href="#summary">Summary plots</a> · <a href="#documents">Documents</a></nav></header>
<main><section id="summary"><h2>Events per year, by quad class <span class="muted">(an event whose text gives no date: \
the year it was reported)</span></h2>{plots.events_per_year(with_reported_date(tables["events"], tables["documents"]))}
<h2>Where events happened <span class="muted">(circle area: events at the place; colour: quad class)</span></h2>
<div id="map">{world}</div><p>{worldmap.legend()}</p>
<h2>Actor network <span class="muted">(width: events + stances between the pair; colour: cooperation score)</span></h2>
<div id="network">{network}</div>
<h2>Metric series <span class="muted">(figures with a reference year, by measure)</span></h2>
{_metric_section(tables["claims"])}</section>
<section id="documents"><h2>Documents</h2>{_toolbar(totals)}{"".join(articles)}{note}</section></main>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="rows">[{",".join(rows)}]</script>
<script>{_static("report.js")}</script></body></html>
"""
    return Report(html, totals, network, world)


def render_report(tables: dict[str, pl.DataFrame], max_documents: int = MAX_DOCUMENTS) -> str:
    """The whole report as one HTML string (no external resources)."""
    return build_report(tables, max_documents).html


def write_report(
    outputs: Path,
    target: Path | None = None,
    tables: dict[str, pl.DataFrame] | None = None,
    report: Report | None = None,
) -> Path:
    """Write `report` (default: built from `tables`, or from the published tables in `outputs`) atomically to
    `target` (default `<outputs>/evidence_report.html`)."""
    target = Path(target) if target else Path(outputs) / REPORT_FILE
    if report is None:
        report = build_report(tables if tables is not None else load_published(Path(outputs)))
    html = report.html
    write_atomic(target, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return target
