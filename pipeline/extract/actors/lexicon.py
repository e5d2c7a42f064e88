"""Word lists of the actor extractor's context rules, from pipeline/knowledge/actor_lexicon.yaml."""

from __future__ import annotations

from pipeline.knowledge import knowledge_file
from pipeline.knowledge.yaml_data import load_yaml

_DATA = load_yaml(
    knowledge_file("actor_lexicon.yaml").read_text("utf-8")
)


def _words(key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in _DATA.get(key) or ())


LOCATIVE = _words("locative")
LANGUAGE_CUES = _words("language_cues")
GEO_HEADS = _words("geo_heads")
NON_ACTOR_WORDS = _words("non_actor_words")
TITLE_MODIFIERS = _words("title_modifiers")
ANAPHOR_HEADS = _words("anaphor_heads")
ORG_HEADS = _words("org_heads")
PLACE_NOUNS = _words("place_nouns")
CREDIT_WORDS = _words("credit_words")
ORG_DESCRIPTORS = tuple(tuple(w.split()) for w in sorted(_words("org_descriptors"), key=len, reverse=True))
