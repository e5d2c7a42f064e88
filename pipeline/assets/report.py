"""Report stage: the evidence report, a self-contained HTML page showing why every row was extracted."""

import dagster as dg

from pipeline.report import write_report
from pipeline.report.highlights import KINDS, all_highlights
from pipeline.report.page import load_published, shown_documents
from pipeline.report.plots import actor_network
from pipeline.report.svg import svg_markdown
from pipeline.resources import PipelineConfig


@dg.asset(deps=["warehouse"], group_name="report", kinds={"html"}, code_version="report/1.0")
def evidence_report(settings: PipelineConfig) -> dg.MaterializeResult:
    """outputs/evidence_report.html: every document with each extracted actor mention, event trigger, metric and
    stance highlighted in place (hover shows the row, click filters), plus plots of events per year by quad
    class, the actor network weighted by cooperation and conflict, and metric series with their sources. One
    file, no network access needed: open it in any browser."""
    tables = load_published(settings.outputs_path)
    by_doc = all_highlights(tables, shown_documents(tables)["doc_id"].to_list())  # once: page and counts
    path = write_report(settings.outputs_path, tables=tables, by_doc=by_doc)
    counts = {k: sum(h.kind == k for hs in by_doc.values() for h in hs) for k in KINDS}
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path.resolve())),
            "size_kb": round(path.stat().st_size / 1024, 1),
            "documents": tables["documents"].height,
            **{f"highlighted_{k}s": n for k, n in counts.items()},
            "actor_network": dg.MetadataValue.md(
                svg_markdown(actor_network(tables["dyad_years"]), "actor network")
            ),
        }
    )
