"""Scoring against gold annotations: gold files (`gold`, `gold_check`), anchor location (`anchors`), matching
and P/R/F1 (`scorer`), Markdown and JSON reports (`report`). It scores tables it is given; running the pipeline
on the gold documents is the `eval` command's job (pipeline/evaluate.py).

May import publish, integrate, extract, nlp, ingest, core and knowledge; never assets or the runner.
"""
