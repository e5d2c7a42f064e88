"""Author names from bylines: who wrote a document, and whether that is a person or an organisation.

One reading of a byline for every table (the actors extractor registers the author, stances credit authorial
positions to it, the evaluation recognises placeholder authors). Word classes: the `bylines` section of
pipeline/knowledge/language.yaml.
"""

from __future__ import annotations

import re

from pipeline.knowledge.language import Bylines, language

_BY = re.compile(r"^(by|from)\s+", flags=re.IGNORECASE)


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
