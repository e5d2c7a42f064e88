"""Releases: validated tables to Parquet files, the typed DuckDB warehouse (keys, enums, dates, views,
comments), the data dictionary, the Frictionless descriptor and the lineage table, written as one release
folder and made current by one atomic pointer switch (`release`, `releases`); `verify` checks a release.

May import integrate, extract, nlp, ingest, core and knowledge; never report, evaluation or anything above.
"""
