"""Events: concrete actions coded in PLOVER (who did what to whom, when, where, with what modality).

Owns the trigger lexicon (`lexicon`), the assignment of source and target roles (`roles`) and cross-document
clustering. May import pipeline.core, pipeline.knowledge and pipeline.nlp; never another extractor.
"""

from pipeline.extract.events.extractor import EXTRACTOR, cluster_events, extract_events

__all__ = ["EXTRACTOR", "cluster_events", "extract_events"]
