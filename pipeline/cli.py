"""Command line: `python -m pipeline run | eval | validate | report` (also installed as `geoevents`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _materialize(corpus: str | None, outputs: str | None) -> int:
    from pipeline import progress
    from pipeline.core.files import NotWritableError, ensure_writable
    from pipeline.execute import PipelineFailedError, run_pipeline
    from pipeline.ingest.discover import CorpusError, discover
    from pipeline.resources import PipelineConfig

    overrides = {k: v for k, v in {"corpus_dir": corpus, "outputs_dir": outputs}.items() if v}
    config = PipelineConfig.from_env(**overrides)
    try:
        discover(config.corpus_path, [config.outputs_path])
        ensure_writable(config.outputs_path)
        if progress.wanted():
            progress.run_with_progress(config)
        else:
            run_pipeline(config)
    except (CorpusError, NotWritableError, PipelineFailedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, PipelineFailedError) else 2
    _print_summary(config.outputs_path)
    return 0


def _print_summary(outputs: Path) -> None:
    import duckdb

    con = duckdb.connect(str(outputs / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.sql("SELECT table_name, row_count FROM lineage ORDER BY table_name").fetchall()
    finally:
        con.close()
    print(f"published {outputs / 'warehouse.duckdb'} and {outputs / 'parquet'}/:")
    for name, count in rows:
        print(f"  {name:<20} {count:>7} rows")


def _validate(outputs: str | None) -> int:
    from pipeline.publish.verify import verify
    from pipeline.resources import PipelineConfig

    folder = PipelineConfig.from_env(**({"outputs_dir": outputs} if outputs else {})).outputs_path
    verdict = verify(folder)
    for line in verdict.lines:
        print(line)
    if verdict.problems:
        more = f" (and {len(verdict.problems) - 1} more problems)" if len(verdict.problems) > 1 else ""
        print(f"error: {verdict.problems[0]}{more}", file=sys.stderr)
        return 1
    print(f"release {verdict.release.name if verdict.release else '?'} is valid")
    return 0


def _report(outputs: str | None, out: str | None) -> int:
    from pipeline.report import write_report
    from pipeline.report.page import ReportError
    from pipeline.resources import PipelineConfig

    folder = PipelineConfig.from_env(**({"outputs_dir": outputs} if outputs else {})).outputs_path
    try:
        path = write_report(folder, Path(out) if out else None)
    except (ReportError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path} — open it in a browser: {path.resolve().as_uri()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="geoevents", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="materialize every asset: corpus -> Parquet + DuckDB")
    run.add_argument("--corpus", help="corpus folder (default: corpus/ or $GEOEVENTS_CORPUS_DIR)")
    run.add_argument("--outputs", help="outputs folder (default: outputs/ or $GEOEVENTS_OUTPUTS_DIR)")
    validate = sub.add_parser("validate", help="re-validate the published Parquet files against the schemas")
    validate.add_argument("--outputs", help="outputs folder")
    report = sub.add_parser("report", help="write the evidence report (HTML) from the published outputs")
    report.add_argument("--outputs", help="outputs folder holding parquet/ (default: outputs/)")
    report.add_argument("--out", help="HTML file to write (default: <outputs>/evidence_report.html)")
    training = sub.add_parser("train", help="fit the learned filter of event candidates on the tune split")
    training.add_argument("--gold", help="gold folder (default: eval/gold; only its tune split is read)")
    training.add_argument("--out", help="model file to write (default: the shipped pipeline/knowledge/models/events.json)")
    evaluate = sub.add_parser("eval", help="score the pipeline against gold annotations")
    evaluate.add_argument("--gold", help="gold folder, searched recursively (default: eval/gold)")
    evaluate.add_argument(
        "--split", choices=["all", "tune", "check"], default="all", help="which gold documents (default: all)"
    )
    evaluate.add_argument("--articles", nargs="*", help="folders holding the gold documents' source files")
    evaluate.add_argument("--json", help="where to write the JSON report (default: outputs/evaluation.json)")
    evaluate.add_argument(
        "--show-errors", action="store_true", help="print false positives and negatives (tune documents only)"
    )
    evaluate.add_argument("--tables", nargs="*", help="only these tables: actors, events, metrics, stances")
    evaluate.add_argument("--doc", help="only gold documents whose file name contains this text")
    evaluate.add_argument(
        "--no-metadata",
        action="store_true",
        help="give the pipeline the articles only, not their folders' manifests (dates from the text alone)",
    )
    evaluate.add_argument("--limit", type=int, help="at most this many errors per list")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; a user error (a bad setting, an unusable outputs folder) ends in one line and status 2."""
    args = build_parser().parse_args(argv)
    from pipeline.core.locks import OutputsUnusableError
    from pipeline.resources import SettingsError

    try:
        return _command(args)
    except (SettingsError, OutputsUnusableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _command(args: argparse.Namespace) -> int:
    if args.command == "run":
        return _materialize(args.corpus, args.outputs)
    if args.command == "validate":
        return _validate(args.outputs)
    if args.command == "report":
        return _report(args.outputs, args.out)
    if args.command == "train":
        from pipeline.train import train_command

        return train_command(args)
    from pipeline.evaluate import evaluate_command

    return evaluate_command(args)
