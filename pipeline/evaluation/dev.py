"""Developer loop: run build_context + the extractors on every gold document and score them.

    .venv/bin/python -m pipeline.evaluation.dev [TABLE ...] [--show-errors] [--limit N] [--doc SUBSTR]
        [--json PATH]

TABLE is any of actors, events, metrics, stances (default: all). An extractor that fails to import or raises
is reported (traceback on stderr) and its tables stay empty; the rest is still scored.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import sys
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl

from pipeline.evaluation.gold import GoldDocument, load_gold_dir
from pipeline.evaluation.report import render_errors, render_markdown, write_json
from pipeline.evaluation.scorer import SCORED_TABLES, evaluate

REPO = Path(__file__).resolve().parents[2]
GOLD_DIRS = (REPO / "eval" / "gold", Path("/work/shared/eval/gold"))
SOURCE_DIRS = (REPO / "corpus", Path("/work/shared/eval/dev_articles"))
EXTRACTORS = {
    "events": ("pipeline.extract.events", "extract_events"),
    "metrics": ("pipeline.extract.metrics", "extract_metrics"),
    "stances": ("pipeline.extract.stances", "extract_stances"),
}
# Which table a returned row belongs to, recognised by its fields (first match wins).
ROW_KINDS = (
    ("event_participants", {"event_id", "actor_id", "role"}),
    ("metric_actors", {"metric_id", "actor_id"}),
    ("events", {"event_id", "event_type"}),
    ("metrics", {"metric_id", "value"}),
    ("stances", {"stance_id", "polarity"}),
    ("mentions", {"mention_id", "actor_id"}),
    ("actors", {"actor_id", "actor_type"}),
)


@dataclasses.dataclass
class Prepared:
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published_date: str | None = None
    published_precision: str | None = None


def prepare(path: Path) -> Prepared:
    """Decode and clean a source file and read its metadata with pipeline.ingest (raw text if unavailable)."""
    data = path.read_bytes()
    try:
        from pipeline.ingest.clean import clean
        from pipeline.ingest.decode import decode
    except ImportError:
        print("[dev] pipeline.ingest clean/decode unavailable: using the raw text", file=sys.stderr)
        return Prepared(data.decode("utf-8", errors="replace"))
    try:
        text, _ = decode(data)
        cleaned = clean(text, is_html=path.suffix.lower() in {".html", ".htm"})
    except Exception:
        print(f"[dev] ingest failed on {path.name}: using the raw text", file=sys.stderr)
        traceback.print_exc()
        return Prepared(data.decode("utf-8", errors="replace"))
    meta = cleaned.metadata
    return Prepared(
        text=cleaned.text,
        title=meta.title,
        authors=tuple(meta.authors),
        published_date=meta.published_date,
        published_precision=meta.published_precision,
    )


def find_source(source_file: str) -> Path | None:
    for folder in SOURCE_DIRS:
        path = folder / source_file
        if path.is_file():
            return path
    return None


def load_extractors(tables: Iterable[str]) -> dict[str, Callable]:
    """The extractor functions needed for `tables` that import successfully."""
    found = {}
    for table in tables:
        if table not in EXTRACTORS:
            continue
        module, func = EXTRACTORS[table]
        try:
            found[table] = getattr(importlib.import_module(module), func)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            print(f"[dev] {module} does not exist yet: {table} scored as empty", file=sys.stderr)
        except Exception:
            print(f"[dev] extractor {module}.{func} unavailable:", file=sys.stderr)
            traceback.print_exc()
    return found


def table_rows(result: Any, table: str) -> list[tuple[str, dict]]:
    """(table, row) pairs from an extractor result: rows, lists/tuples of rows, or a {table: rows} dict.

    A row goes to the table its columns identify (ROW_KINDS), else to `table` (dict key or extractor's).
    """
    if result is None or isinstance(result, str | bytes | int | float):
        return []
    if _is_row(result):
        row = _as_dict(result)
        return [(classify(row) or table, row)]
    if isinstance(result, dict):
        return [pair for key, value in result.items() for pair in table_rows(value, str(key))]
    return [pair for item in result for pair in table_rows(item, table)]


def _is_row(item: Any) -> bool:
    """A dataclass instance or a dict of column values (a {table: rows} dict holds only lists)."""
    if isinstance(item, dict):
        return not all(isinstance(v, list | tuple) for v in item.values())
    return dataclasses.is_dataclass(item)


def _as_dict(row: Any) -> dict:
    return dataclasses.asdict(row) if dataclasses.is_dataclass(row) else dict(row)


def classify(row: dict) -> str | None:
    keys = set(row)
    return next((kind for kind, needed in ROW_KINDS if needed <= keys), None)


def build_tables(contexts: list[tuple[str, Any]], rows: dict[str, list[dict]]) -> dict[str, pl.DataFrame]:
    """Contract-shaped tables from contexts (documents, sentences, mentions, actors) plus extractor rows."""
    documents, sentences, mentions = [], [], list(rows.pop("mentions", []))
    actors: dict[str, dict] = {}
    actor_docs: dict[str, set[str]] = defaultdict(set)
    for source_file, ctx in contexts:
        documents.append({"doc_id": ctx.doc_id, "source_path": source_file, "text": ctx.info.text})
        sentences.extend({"doc_id": ctx.doc_id, **dataclasses.asdict(s)} for s in ctx.sentences)
        mentions.extend(dataclasses.asdict(m) for m in ctx.mentions)
        for actor in ctx.actors.values():
            actors.setdefault(actor.actor_id, dataclasses.asdict(actor))
    for actor_row in rows.pop("actors", []):
        actors.setdefault(actor_row["actor_id"], dict(actor_row))
    for m in mentions:
        entry = actors.setdefault(
            m["actor_id"],
            {"actor_id": m["actor_id"], "name": m["text"], "actor_type": None, "country_code": None},
        )
        entry.setdefault("aliases", []).append(m["text"])
        entry["n_mentions"] = entry.get("n_mentions", 0) + 1
        actor_docs[m["actor_id"]].add(m["doc_id"])
    for aid, entry in actors.items():
        entry["aliases"] = sorted(set(entry.get("aliases", [])))
        entry["n_documents"] = len(actor_docs[aid])
    tables = {
        "documents": pl.DataFrame(documents),
        "sentences": pl.DataFrame(sentences),
        "mentions": pl.DataFrame(mentions, infer_schema_length=None),
        "actors": pl.DataFrame(list(actors.values()), infer_schema_length=None),
    }
    for name, table_rows in rows.items():
        if table_rows:
            tables[name] = pl.DataFrame(table_rows, infer_schema_length=None)
    return tables


def run_document(gold: GoldDocument, extractors: dict[str, Callable], rows: dict[str, list[dict]]) -> Any:
    """Build the context of one gold document and append its extracted rows; None if the source is missing."""
    path = find_source(gold.source_file)
    if path is None:
        print(f"[dev] source text not found for {gold.source_file}", file=sys.stderr)
        return None
    from pipeline.extract.context import build_context
    from pipeline.extract.types import stable_id

    prepared = prepare(path)
    ctx = build_context(
        prepared.text,
        doc_id=stable_id("doc", gold.source_file),
        title=prepared.title,
        authors=prepared.authors,
        published_date=prepared.published_date,
        published_precision=prepared.published_precision,
    )
    for table, fn in extractors.items():
        try:
            for name, row in table_rows(fn(ctx), table):
                rows[name].append(row)
        except Exception:
            print(f"[dev] {table} extractor raised on {gold.source_file}:", file=sys.stderr)
            traceback.print_exc()
    return ctx


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "tables", nargs="*", help=f"tables to score: {', '.join(SCORED_TABLES)} (default all)"
    )
    parser.add_argument("--show-errors", action="store_true", help="list false positives/negatives")
    parser.add_argument("--limit", type=int, default=None, help="at most N errors per list")
    parser.add_argument("--doc", default=None, help="only gold files whose name contains this")
    parser.add_argument("--json", default=None, help="also write the full JSON report here")
    parser.add_argument("--gold", default=None, help="gold folder (default eval/gold)")
    args = parser.parse_args(argv)
    tables = tuple(args.tables) or SCORED_TABLES
    unknown = [t for t in tables if t not in SCORED_TABLES]
    if unknown:
        parser.error(f"unknown table(s) {unknown}; choose from {list(SCORED_TABLES)}")
    gold_dir = Path(args.gold) if args.gold else next(d for d in GOLD_DIRS if d.is_dir())
    golds = [g for g in load_gold_dir(gold_dir) if not args.doc or args.doc in g.source_file]
    extractors = load_extractors(tables)
    rows: dict[str, list[dict]] = defaultdict(list)
    contexts = []
    for gold in golds:
        ctx = run_document(gold, extractors, rows)
        if ctx is not None:
            contexts.append((gold.source_file, ctx))
    report = evaluate(golds, build_tables(contexts, rows), table_names=tables)
    print(render_markdown(report, tables))
    if args.show_errors:
        print(render_errors(report, tables, args.limit))
    if args.json:
        print(f"\nJSON report: {write_json(report, args.json)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
