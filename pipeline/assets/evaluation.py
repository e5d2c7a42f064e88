"""Quality next to the data: score the extracted tables against the gold annotations in the gold folder."""

from pathlib import Path

import dagster as dg
import polars as pl

from pipeline.core.tables import empty_table
from pipeline.evaluation.gold import GoldDocument, load_gold_dir
from pipeline.evaluation.report import render_markdown, write_json
from pipeline.evaluation.scorer import SCORED_TABLES, evaluate, source_file
from pipeline.publish.release import read_published
from pipeline.resources import OutputsOwner, PipelineConfig
from schemas import TABLES


def _tables_to_score(outputs: Path, gold: list[GoldDocument]) -> dict[str, pl.DataFrame]:
    """The published tables, or empty ones when no corpus document has gold (the report is the same: every
    gold file listed as missing), so that a large corpus without gold costs one column read, not every table."""
    sources = read_published(outputs, ["documents"], columns=["source_path"])["documents"]
    names = {source_file(path) for path in sources["source_path"]}
    if any(doc.source_file in names for doc in gold):
        return read_published(outputs)
    return {name: empty_table(name) for name in TABLES}


@dg.asset(deps=["warehouse"], group_name="evaluate", kinds={"python"}, code_version="evaluation/1.0")
def evaluation(settings: PipelineConfig, outputs_owner: OutputsOwner) -> dg.MaterializeResult:
    """Precision, recall and F1 of actors, events, metrics and stances for the corpus documents that have gold
    annotations in the gold folder (GEOEVENTS_GOLD_DIR, default eval/gold), with attribute accuracies and the
    false positives/negatives in outputs/evaluation.json. Empty when no document has gold."""
    gold_dir = Path(settings.gold_dir)
    gold = load_gold_dir(gold_dir) if gold_dir.is_dir() else []
    report = evaluate(gold, _tables_to_score(settings.outputs_path, gold))
    path = write_json(report, settings.outputs_path / "evaluation.json")
    scored = report.get("meta", {}).get("scored_documents", [])
    metadata: dict[str, object] = {
        "report": dg.MetadataValue.path(str(path.resolve())),
        "scored_documents": len(scored),
        "quality": dg.MetadataValue.md(
            render_markdown(report, per_document=False) if scored else "_no gold_"
        ),
    }
    for table in SCORED_TABLES:
        if scored and table in report:
            metadata[f"{table}_f1"] = float(report[table]["f1"])
    return dg.MaterializeResult(metadata=metadata)
