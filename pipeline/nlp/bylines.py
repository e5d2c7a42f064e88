"""Author names from bylines: who wrote a document, and whether that is a person or an organisation.

One reading of a byline for every table (the actors extractor registers the author, stances credit authorial
positions to it, the evaluation recognises placeholder authors). Word classes: the `bylines` section of
pipeline/knowledge/language.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipeline.core.model import Actor, DocumentInfo, actor_slug
from pipeline.knowledge.language import Bylines, language

_BY = re.compile(r"^(by|from)\s+", flags=re.IGNORECASE)
_DESCRIPTION = re.compile(r"[()/,;|]|\bvia\b")  # an outlet field that describes rather than names
MAX_OUTLET_WORDS = 6


def author_name(raw: str | None, words: Bylines | None = None) -> str | None:
    """The name in a byline entry ("By Jane Doe" -> "Jane Doe"), or None for a placeholder ("unknown")."""
    name = " ".join(_BY.sub("", (raw or "").strip()).split())
    return None if name.lower() in (words or language().bylines).placeholders else name


def is_organisation(name: str, words: Bylines | None = None) -> bool:
    """A news agency, outlet or institution ("Reuters", "The Economist", "Carnegie Endowment"), not a person."""
    words = words or language().bylines
    low = name.lower().strip()
    tokens = set(re.findall(r"[a-z]+", low))
    return bool(tokens & words.organisation_words) or low in words.agencies or low.startswith("the ")


def is_agency(name: str, words: Bylines | None = None) -> bool:
    """A news agency byline ("Reuters", "AFP")."""
    return name.strip().lower() in (words or language().bylines).agencies


def author_actor(raw: str, known: Mapping[str, Actor], words: Bylines | None = None) -> Actor | None:
    """The actor of a byline entry, None for a placeholder: an organisation of `known` (actor id -> Actor: the
    knowledge base's, or a document's) named so, or with "the"; an organisation-looking name; a person of
    `known`; else a new person."""
    name = author_name(raw, words)
    if name is None:
        return None
    forms = {name.lower(), f"the {name.lower()}"}
    for actor in known.values():
        if actor.actor_type == "organization" and actor.name.lower() in forms:
            return actor
    if is_organisation(name, words):
        return Actor(actor_slug("organization", name), name, "organization")
    person_id = actor_slug("person", name)
    return known.get(person_id) or Actor(person_id, name, "person")


def voice_actors(info: DocumentInfo, known: Mapping[str, Actor], words: Bylines | None = None) -> list[Actor]:
    """The actors of the article's own voice: its authors; for an unsigned piece, its outlet when that is an
    organisation's name ("The Economist"), not a publisher's description ("RUSI (Europe), via a repost")."""
    if info.authors:
        return [actor for raw in info.authors if (actor := author_actor(raw, known, words)) is not None]
    outlet = (info.source or "").strip()
    if not outlet or _DESCRIPTION.search(outlet) or len(outlet.split()) > MAX_OUTLET_WORDS:
        return []
    actor = author_actor(outlet, known, words)
    return [actor] if actor is not None and actor.actor_type == "organization" else []
