"""Metrics: every quantitative claim, normalised (value, unit, measure, reference year, status) with its actors.

Owns the measure, year and status of a number in its sentence (`context`); numbers and units themselves are
the language layer's (pipeline.nlp.numbers). May import pipeline.core, pipeline.knowledge and pipeline.nlp;
never another extractor.
"""

from pipeline.extract.metrics.extractor import EXTRACTOR, extract_metrics

__all__ = ["EXTRACTOR", "extract_metrics"]
