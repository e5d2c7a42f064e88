"""Working state of the actor extractor for one document: token texts, candidate mentions, actors."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.model import Actor, DocumentContext
from pipeline.extract.actors.kb import ActorKB, norm
from pipeline.extract.actors.resolution import PersonResolver, years_by_sentence
from pipeline.knowledge.actors import ActorLexicon
from pipeline.nlp.bylines import voice_actors

COUNTRY_KINDS = frozenset({"name", "abbreviation", "demonym", "metonym"})


@dataclass(frozen=True)
class Cand:
    """A candidate mention over tokens [start, end)."""

    start: int
    end: int
    actor_id: str
    kind: str


class ActorDoc:
    """Per-document working state: the knowledge base and word lists, token texts, candidate mentions, actors,
    person resolution."""

    def __init__(self, ctx: DocumentContext, kb: ActorKB, lexicon: ActorLexicon) -> None:
        self.ctx, self.kb, self.lexicon, self.doc = ctx, kb, lexicon, ctx.doc
        self.toks = [norm(t.text) for t in ctx.doc]
        self.lower = [t.lower() for t in self.toks]
        self.cands: list[Cand] = []
        self.actors: dict[str, Actor] = {}
        self.person_country: dict[str, str] = {}  # inferred countries of persons and organisations
        self.credit_lines: dict[int, bool] = {}  # line start -> is a photo credit
        self.place_hints: dict[int, str] = {}  # token of a capital used as a place -> its country
        self.person_role: dict[str, str] = {}
        self.resolver = PersonResolver(
            kb,
            years_by_sentence([s.text for s in ctx.sentences], published=ctx.info.published_date),
        )

    # ---- helpers -------------------------------------------------------------------------------------
    def tok(self, i: int) -> str:
        return self.toks[i] if 0 <= i < len(self.toks) else ""

    def ordinal(self, i: int) -> int:
        sentence = self.ctx.sentence_at(self.doc[i].idx) if 0 <= i < len(self.doc) else None
        return sentence.ordinal if sentence else 0

    def actor_type(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id) or self.kb.actors.get(actor_id)
        return actor.actor_type if actor else ""

    def country_of(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id) or self.kb.actors.get(actor_id)
        if actor is None:
            return self.person_country.get(actor_id)
        return actor.country_code or self.person_country.get(actor_id)

    def use(self, actor: Actor) -> str:
        self.actors.setdefault(actor.actor_id, actor)
        return actor.actor_id

    def in_credit_line(self, i: int) -> bool:
        """Token i lies on a photo-credit line ('Photo: Name/AFP/Getty Images')."""
        start, line = line_at(self, self.doc[i].idx)
        if start not in self.credit_lines:
            self.credit_lines[start] = is_credit_line(line, self.lexicon)
        return self.credit_lines[start]

    def use_person(self, actor_id: str) -> str:
        return actor_id if actor_id in self.actors else self.use_kb(actor_id)

    def use_kb(self, actor_id: str) -> str:
        return self.use(self.kb.actors[actor_id])

    def at(self, i: int) -> list[Cand]:
        return [c for c in self.cands if c.start <= i < c.end]

    def covered(self, start: int, end: int, types: frozenset[str] | None = None) -> bool:
        return any(
            c.start < end and start < c.end and (types is None or self.actor_type(c.actor_id) in types)
            for c in self.cands
        )

    def country_cand_at(self, i: int) -> Cand | None:
        for c in self.cands:
            if c.start <= i < c.end and self.actor_type(c.actor_id) == "country" and c.kind in COUNTRY_KINDS:
                return c
        return None

    def is_head(self, i: int) -> bool:
        """Token i ends its noun phrase: the next token is no noun/adjective (a possessive still counts)."""
        nxt = self.doc[i + 1] if i + 1 < len(self.doc) else None
        if nxt is not None and nxt.text in {"-", "\u2013"} and not nxt.whitespace_:
            return False  # "US-Russian"
        return nxt is None or nxt.tag_ == "POS" or nxt.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM"}

    def title_at(self, i: int) -> tuple[int, str] | None:
        """The longest title phrase starting at token i: (end, role)."""
        if i < 0 or self.lower[i] not in self.kb.first_words:
            return None
        for n in range(self.kb.title_len, 0, -1):
            role = self.kb.title_role(tuple(self.toks[i : i + n])) if i + n <= len(self.toks) else None
            if role:
                return i + n, role
        return None

    def title_tokens(self, start: int, end: int) -> list[tuple[int, int, str]]:
        found, i = [], start
        while i < end:
            hit = self.title_at(i)
            if hit and hit[0] <= end:
                found.append((i, hit[0], hit[1]))
                i = hit[0]
            else:
                i += 1
        return found


def line_at(d: ActorDoc, char: int) -> tuple[int, str]:
    """The start offset and text of the line (paragraph) containing `char`."""
    text = d.ctx.info.text
    start = text.rfind("\n", 0, char) + 1
    end = text.find("\n", char)
    return start, text[start : end if end >= 0 else len(text)]


def is_credit_line(text: str, lexicon: ActorLexicon) -> bool:
    """A photo-credit line: 'Photo: Name/AFP/Getty Images', 'Credit: Reuters'."""
    first = [w.strip(":.,()[]").lower() for w in text.split()[:2]]
    return text.count("/") >= 2 or (any(w in lexicon.credit_words for w in first) and ":" in text[:20])


def capitalised_word(text: str) -> bool:
    return text[:1].isupper() and text.isalpha()


def person_cands(d: ActorDoc) -> list[Cand]:
    return sorted((c for c in d.cands if d.actor_type(c.actor_id) == "person"), key=lambda c: c.start)


def author_ids(d: ActorDoc) -> set[str]:
    return {actor.actor_id for actor in voice_actors(d.ctx.info, d.kb.actors)}
