"""Places: every span of a document that names a place, resolved to the offline gazetteer.

Runs after the actors of the document are known (their countries are the context that tells "Georgia" the
country from the US state) and marks the actor mentions that also name a place ("France", "Beijing"). May import
pipeline.core, pipeline.knowledge, pipeline.nlp and pipeline.ingest; never another extractor.
"""

from pipeline.extract.places.extractor import EXTRACTOR, locate_mentions

__all__ = ["EXTRACTOR", "locate_mentions"]
