"""Report stage: the evidence report, a self-contained HTML page showing why every row was extracted."""

import dagster as dg

from pipeline.core.memory import release_freed_memory
from pipeline.report import write_report
from pipeline.report.page import build_report, load_published
from pipeline.report.pieces import PieceCache
from pipeline.report.svg import svg_markdown
from pipeline.resources import OutputsOwner, PipelineConfig


@dg.asset(deps=["warehouse"], group_name="report", kinds={"html"}, code_version="report/1.0")
def evidence_report(settings: PipelineConfig, outputs_owner: OutputsOwner) -> dg.MaterializeResult:
    """outputs/evidence_report.html: every document with each extracted actor mention, event trigger, metric and
    stance highlighted in place (hover shows the row, click filters), plus plots of events per year by quad
    class, a world map of located events, the actor network weighted by cooperation and conflict, and metric series with their sources. One
    file, no network access needed: open it in any browser."""
    release_freed_memory()
    tables = load_published(settings.outputs_path)
    report = build_report(tables, cache=PieceCache(settings.cache_path / "report"))
    path = write_report(settings.outputs_path, report=report)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path.resolve())),
            "size_kb": round(path.stat().st_size / 1024, 1),
            "documents": tables["documents"].height,
            **{f"highlighted_{k}s": n for k, n in report.totals.items()},
            "actor_network": dg.MetadataValue.md(svg_markdown(report.network, "actor network")),
            "event_map": dg.MetadataValue.md(svg_markdown(report.world_map, "world map of events")),
        }
    )
