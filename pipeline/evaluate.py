"""`python -m pipeline eval`: run the real pipeline on the gold documents and score its published tables.

The command on top of the evaluation package (which only scores tables it is given) and the pipeline runner.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from pipeline.evaluation.gold import GoldDocument, load_gold_dir
from pipeline.evaluation.report import render_errors, render_markdown, write_json
from pipeline.evaluation.scorer import SCORED_TABLES, evaluate
from pipeline.execute import run_pipeline
from pipeline.publish.release import read_published
from pipeline.resources import PipelineConfig

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ARTICLE_DIRS = (REPO / "corpus", REPO.parent / "shared" / "eval" / "dev_articles")
WORKDIR = REPO / "outputs" / ".eval"


def gather_sources(gold: list[GoldDocument], article_dirs: list[Path], corpus: Path) -> list[str]:
    """Copy each gold document's source file into `corpus`; return the names that could not be found."""
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    missing = []
    for doc in gold:
        source = next((d / doc.source_file for d in article_dirs if (d / doc.source_file).is_file()), None)
        if source is None:
            missing.append(doc.source_file)
        else:
            shutil.copyfile(source, corpus / doc.source_file)
    return missing


def run_and_score(
    gold: list[GoldDocument],
    article_dirs: list[Path],
    workdir: Path = WORKDIR,
    tables: tuple[str, ...] = SCORED_TABLES,
) -> dict:
    """Materialize the pipeline on the gold documents' sources (caches kept in `workdir`) and score it."""
    missing = gather_sources(gold, article_dirs, workdir / "corpus")
    if missing:
        print(f"warning: no source file found for {', '.join(missing)}", file=sys.stderr)
    config = PipelineConfig.from_env(corpus_dir=str(workdir / "corpus"), outputs_dir=str(workdir / "outputs"))
    run_pipeline(config)
    return evaluate(gold, read_published(config.outputs_path), table_names=tables)


def evaluate_command(args: argparse.Namespace) -> int:
    gold_dir = Path(args.gold) if args.gold else REPO / "eval" / "gold"
    if not gold_dir.is_dir():
        print(f"error: gold folder {gold_dir} does not exist", file=sys.stderr)
        return 2
    tables = tuple(args.tables or SCORED_TABLES)
    unknown = sorted(set(tables) - set(SCORED_TABLES))
    if unknown:
        print(f"error: unknown table(s) {unknown}; choose from {list(SCORED_TABLES)}", file=sys.stderr)
        return 2
    gold = [g for g in load_gold_dir(gold_dir) if not args.doc or args.doc in g.source_file]
    dirs = [Path(a) for a in args.articles] if args.articles else [d for d in DEFAULT_ARTICLE_DIRS if d.is_dir()]
    report = run_and_score(gold, dirs, tables=tables)
    print(render_markdown(report, tables))
    if args.show_errors:
        print(render_errors(report, tables, args.limit))
    path = write_json(report, args.json or REPO / "outputs" / "evaluation.json")
    print(f"report written to {path}")
    return 0
