"""Thin Dagster wrappers, one module per stage: each asset reads its inputs from the staging folder, calls the
pure code of its stage, validates, stages its tables and returns metadata.

May import every package below it (resources, checks, report, evaluation, publish, integrate, extract, nlp,
ingest, core, knowledge); only definitions, execute and the command line import it.
"""
