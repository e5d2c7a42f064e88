"""Stances: positions held by an actor or the author toward an actor, policy or topic, with polarity and cue.

Owns polarity cues (`polarity`) and topic targets (`topics`); who said it is the language layer's
(pipeline.nlp.attribution). May import pipeline.core, pipeline.knowledge and pipeline.nlp; never another
extractor.
"""

from pipeline.extract.stances.extractor import EXTRACTOR, extract_stances

__all__ = ["EXTRACTOR", "extract_stances"]
