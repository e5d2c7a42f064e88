"""Infrastructure every stage uses: the worker pool and the run's ownership of the outputs folder.

Imports nothing from the stages (ingest, nlp, extract, integrate, publish, report, evaluation, assets).
"""
