"""`python -m pipeline eval`: run the real pipeline on the gold documents and score its published tables.

The command on top of the evaluation package (which only scores tables it is given) and the pipeline runner.
It reports the tune and the check split side by side (evaluation.figures); errors are only ever shown for tune
documents, and the JSON report carries no error or per-document figure of a check document.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from pipeline.evaluation.figures import redact, split_figures
from pipeline.evaluation.gold import CHECK, TUNE, GoldDocument, GoldError, load_gold_dir
from pipeline.evaluation.report import render_errors, render_figures, write_json
from pipeline.evaluation.scorer import SCORED_TABLES, evaluate
from pipeline.execute import run_pipeline
from pipeline.ingest.manifest import manifest_fields, read_manifest
from pipeline.publish.release import read_published
from pipeline.resources import PipelineConfig

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "eval"
DEFAULT_GOLD = REPO / "eval" / "gold"
DEFAULT_ARTICLE_DIRS = (REPO / "corpus", SHARED / "dev_articles", SHARED / "pool", REPO / "eval" / "fixtures" / "articles")
WORKDIR = REPO / "outputs" / ".eval"


class EvaluationRefused(ValueError):
    """The request would show what must stay unread (a check document's errors)."""


class ArticlesFolderError(ValueError):
    """An articles folder that the evaluation would overwrite (it lies in its own workspace)."""


def source_path(folder: Path, name: str) -> Path | None:
    """The file `name` in the articles folder `folder`, when it is there and does not lead out of it (a link to
    a file elsewhere does not count)."""
    path = folder / name
    if not path.is_file():
        return None
    return path if path.resolve().is_relative_to(folder.resolve()) else None


def gather_sources(
    gold: list[GoldDocument], article_dirs: list[Path], corpus: Path, metadata: bool = True
) -> list[str]:
    """Copy each gold document's source file into `corpus`, with (`metadata`) the rows of its folder's corpus
    manifest, as a researcher would hand them over; return the names that could not be found. Raises
    ArticlesFolderError for an articles folder inside `corpus` (it is emptied first)."""
    for folder in article_dirs:
        if folder.resolve().is_relative_to(corpus.resolve()):
            raise ArticlesFolderError(
                f"articles folder {folder} is inside the evaluation's own corpus {corpus}, which every evaluation "
                "empties; copy the articles elsewhere"
            )
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    manifests = {d: read_manifest(d) if metadata else {} for d in article_dirs}
    missing, rows = [], []
    for doc in gold:
        folder = next((d for d in article_dirs if source_path(d, doc.source_file)), None)
        if folder is None:
            missing.append(doc.source_file)
            continue
        shutil.copyfile(folder / doc.source_file, corpus / doc.source_file)
        if (entry := manifests[folder].get(doc.source_file)) is not None:
            rows.append({"file": doc.source_file, **manifest_fields(entry)})
    if rows:
        (corpus / "manifest.jsonl").write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
        )
    return missing


def run_and_score(
    gold: list[GoldDocument],
    article_dirs: list[Path],
    workdir: Path = WORKDIR,
    tables: tuple[str, ...] = SCORED_TABLES,
    metadata: bool = True,
) -> dict:
    """Materialize the pipeline on the gold documents' sources (caches kept in `workdir`) and score it;
    `metadata`: hand over the corpus manifests of the article folders (see gather_sources)."""
    missing = gather_sources(gold, article_dirs, workdir / "corpus", metadata)
    if missing:
        print(f"warning: no source file found for {', '.join(missing)}", file=sys.stderr)
    config = PipelineConfig.from_env(corpus_dir=str(workdir / "corpus"), outputs_dir=str(workdir / "outputs"))
    run_pipeline(config)
    return evaluate(gold, read_published(config.outputs_path), table_names=tables)


def select_gold(gold: list[GoldDocument], split: str, doc: str | None, show_errors: bool) -> list[GoldDocument]:
    """The gold documents to score; refuses to show the errors of check documents."""
    chosen = [g for g in gold if (split == "all" or g.split == split) and (not doc or doc in g.source_file)]
    if show_errors and chosen and all(g.split == CHECK for g in chosen):
        raise EvaluationRefused(
            "--show-errors is refused for the check split: its errors are never read, only its aggregate "
            "figures (use --split tune to read errors)"
        )
    return chosen


def evaluate_command(args: argparse.Namespace) -> int:
    gold_dir = Path(args.gold) if args.gold else DEFAULT_GOLD
    tables = tuple(args.tables or SCORED_TABLES)
    unknown = sorted(set(tables) - set(SCORED_TABLES))
    if unknown:
        print(f"error: unknown table(s) {unknown}; choose from {list(SCORED_TABLES)}", file=sys.stderr)
        return 2
    if not gold_dir.is_dir():
        print(f"error: gold folder {gold_dir} does not exist", file=sys.stderr)
        return 2
    try:
        gold = select_gold(load_gold_dir(gold_dir), args.split, args.doc, args.show_errors)
    except (GoldError, EvaluationRefused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    dirs = [Path(a) for a in args.articles] if args.articles else [d for d in DEFAULT_ARTICLE_DIRS if d.is_dir()]
    try:
        report = run_and_score(gold, dirs, tables=tables, metadata=not args.no_metadata)
    except ArticlesFolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    figures = split_figures(report, gold)
    readable = redact(report, gold)
    print(render_figures(figures, tables))
    if args.show_errors:
        print(f"\nErrors of the {TUNE} documents only:")
        print(render_errors(readable, tables, args.limit))
    path = write_json({"figures": figures, **readable}, args.json or REPO / "outputs" / "evaluation.json")
    print(f"report written to {path}")
    return 0
