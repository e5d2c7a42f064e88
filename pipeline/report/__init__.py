"""The evidence report: one self-contained HTML file showing every extracted row highlighted in its document,
with summary plots as inline SVG. Pure Python (polars + the standard library), no dagster import.

May import publish, integrate, extract, nlp, ingest, core and knowledge; never evaluation or anything above.
"""

from pipeline.report.page import REPORT_FILE, render_report, write_report

__all__ = ["REPORT_FILE", "render_report", "write_report"]
