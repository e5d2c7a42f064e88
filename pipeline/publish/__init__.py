"""Releases: validated tables to Parquet files, the DuckDB warehouse (with views and comments), the data
dictionary, the Frictionless descriptor and the lineage table, replaced atomically (`release`, `atomic`).

May import integrate, extract, nlp, ingest, core and knowledge; never report, evaluation or anything above.
"""
