"""Within-document resolution of person names: full names, surnames, honorifics, KB short names, authors.

A document's full names ("Vasily Kashin", "Evgenyi P. Bazhanov") form clusters keyed by first and last word;
a lone surname or given name ("Kashin", "Jinping", "Mr Rutte") joins the cluster it uniquely matches, else a
knowledge-base person with that short name (disambiguated by the years written nearby: "Clinton" in 1995 is
Bill Clinton), else it becomes a person of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.core.model import actor_slug
from pipeline.extract.actors.kb import ActorKB

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def name_key(words: list[str]) -> tuple[str, str]:
    """Cluster key of a full name: first and last word, lower-cased, dots dropped."""
    clean = [w.lower().strip(".") for w in words if w.strip(".")]
    return (clean[0], clean[-1]) if clean else ("", "")


@dataclass
class PersonResolver:
    kb: ActorKB
    years_near: dict[int, set[int]] = field(default_factory=dict)  # sentence ordinal -> years written nearby
    clusters: dict[tuple[str, str], str] = field(default_factory=dict)  # name key -> actor id
    names: dict[str, str] = field(default_factory=dict)  # actor id -> canonical name
    words: dict[str, set[str]] = field(default_factory=dict)  # actor id -> its name words (lower)
    last_seen: dict[str, int] = field(default_factory=dict)  # actor id -> token index of its latest mention

    def add_full(self, words: list[str], actor_id: str | None = None) -> str:
        """Register a full name (>= 2 words) and return its actor id."""
        key = name_key(words)
        if key in self.clusters:
            return self.clusters[key]
        text = " ".join(words)
        actor_id = actor_id or self._kb_full(words) or actor_slug("person", text)
        self.clusters[key] = actor_id
        self.names.setdefault(actor_id, self.kb.actors[actor_id].name if actor_id in self.kb.actors else text)
        self.words.setdefault(actor_id, set()).update(w.lower().strip(".") for w in words)
        return actor_id

    def _kb_full(self, words: list[str]) -> str | None:
        """A KB person written with a middle initial or variant: same first word and a KB short name last."""
        for actor_id in self.kb.short_names.get(words[-1], []):
            if self.kb.actors[actor_id].name.split()[0].lower() == words[0].lower():
                return actor_id
        return None

    def resolve_single(self, word: str, sentence_ordinal: int) -> str:
        """The actor id of a lone name word, creating a new person when nothing matches."""
        lower = word.lower()
        in_doc = [a for a, ws in self.words.items() if lower in ws]
        if len(in_doc) > 1:  # "Wang" after "Wang Yi" and "Wang He": the one named most recently
            seen = [a for a in in_doc if a in self.last_seen]
            in_doc = [max(seen, key=self.last_seen.__getitem__)] if seen else in_doc
        if len(in_doc) == 1:
            return in_doc[0]
        candidates = self.kb.short_names.get(word, [])
        if len(candidates) > 1:
            candidates = self._by_years(candidates, sentence_ordinal) or candidates[:0]
        if len(candidates) == 1:
            self.names.setdefault(candidates[0], self.kb.actors[candidates[0]].name)
            self.words.setdefault(candidates[0], set()).add(lower)
            return candidates[0]
        actor_id = actor_slug("person", word)
        self.names.setdefault(actor_id, word)
        return actor_id

    def _by_years(self, candidates: list[str], sentence_ordinal: int) -> list[str]:
        years = self.years_near.get(sentence_ordinal, set())
        return [
            c
            for c in candidates
            if any(start <= y <= end for y in years for start, end in self.kb.people[c].terms)
        ]


def years_by_sentence(
    sentence_texts: list[str], window: int = 3, published: str | None = None
) -> dict[int, set[int]]:
    """Years written in each sentence's neighbourhood (the sentence and `window` before it), plus publication."""
    found = [{int(y) for y in YEAR.findall(text)} for text in sentence_texts]
    base = {int(published[:4])} if published and published[:4].isdigit() else set()
    return {i: set(base).union(*found[max(0, i - window) : i + 1]) for i in range(len(found))}


