"""Actors: every mention of a country, person, organisation, IGO or group, resolved to one canonical actor.

Owns the knowledge-base lookup (`kb`), named-entity filtering (`entities`), titles and honorifics (`titles`),
per-document resolution state (`state`, `resolution`); its word lists come in as an `ActorLexicon`
(pipeline.knowledge.actors). May import pipeline.core, pipeline.knowledge and pipeline.nlp; never another
extractor.
"""

from pipeline.extract.actors.extractor import EXTRACTOR, extract_actors

__all__ = ["EXTRACTOR", "extract_actors"]
