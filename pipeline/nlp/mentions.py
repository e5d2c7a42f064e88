"""Which actors a phrase of the parse names: the actor mentions of a document looked up by token or by phrase.

Reads only `Mention.actor_id`, mention offsets and `ctx.actors[...].actor_type` of a `DocumentContext`.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from pipeline.core.model import DocumentContext, Mention

STANCE_PREFIXES = ("anti-", "pro-", "anti ", "non-")  # "anti-China": the actor is what a stance is about


class MentionIndex:
    """Actor mentions of a document by token index, for mapping argument phrases to actors."""

    def __init__(self, ctx: DocumentContext) -> None:
        self.ctx = ctx
        self.by_token: dict[int, Mention] = {}
        for mention in ctx.mentions:
            span = ctx.doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            for token in span:
                self.by_token.setdefault(token.i, mention)

    def in_tokens(self, indices: Iterable[int]) -> list[str]:
        """Actor ids of mentions starting inside a set of token indices, in text order, unique."""
        ids: list[str] = []
        for i in sorted(indices):
            mention = self.by_token.get(i)
            if mention is not None and mention.actor_id not in ids:
                ids.append(mention.actor_id)
        return ids

    def actor_type(self, actor_id: str) -> str | None:
        actor = self.ctx.actors.get(actor_id)
        return actor.actor_type if actor else None


def actor_type(ctx: DocumentContext, actor_id: str) -> str:
    """The type of an actor of the document (from its id when it has no record: "person:..." or a country)."""
    actor = ctx.actors.get(actor_id)
    if actor is not None:
        return actor.actor_type
    return actor_id.split(":", 1)[0] if ":" in actor_id else "country"


def is_anti(ctx: DocumentContext, m: Mention) -> bool:
    """'anti-China', 'pro-Russian': the actor is what a stance is about, never who holds it."""
    before = ctx.info.text[max(0, m.char_start - 5) : m.char_start].lower()
    return before.endswith(STANCE_PREFIXES)


def mentions_in_tokens(ctx: DocumentContext, tokens: Iterable[Token]) -> list[Mention]:
    """Mentions lying inside the character range covered by `tokens` (in text order, one per actor)."""
    tokens = list(tokens)
    if not tokens:
        return []
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return unique(ctx.mentions_in(start, end))


def unique(mentions: Iterable[Mention]) -> list[Mention]:
    """The first mention of each actor, in order."""
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.actor_id not in seen:
            seen.add(m.actor_id)
            out.append(m)
    return out


def _coordinated(head: Token, allowed: set[int]) -> list[Token]:
    """The head and the tokens coordinated with it ("China and Russia", "X, Y and Z")."""
    out = [head]
    for child in head.children:
        if child.dep_ in {"conj", "appos"} and child.i in allowed:
            out.extend(_coordinated(child, allowed))
    return out


def _overlapping(ctx: DocumentContext, tokens: list[Token]) -> list[Mention]:
    found: list[Mention] = []
    for token in tokens:
        for m in ctx.mentions_in(token.sent.start_char, token.sent.end_char):
            if m.char_start <= token.idx < m.char_end and m not in found:
                found.append(m)
    return found


def holder_mentions(ctx: DocumentContext, head: Token, allowed: set[int], depth: int = 0) -> list[Mention]:
    """Mentions naming the head of a holder phrase, its coordinates, or (failing that) its modifiers.

    "German Finance Minister Christian Lindner" -> Lindner; "China and Russia" -> both;
    "the leaders of China" -> China; "a Spanish politician" -> Spain.
    """
    heads = _coordinated(head, allowed)
    direct = _overlapping(ctx, heads)
    if direct or depth > 2:
        return unique(direct)
    found: list[Mention] = []
    for h in heads:
        for child in h.children:
            if child.i not in allowed:
                continue
            if child.dep_ in {"poss", "compound", "amod", "nmod", "npadvmod"}:
                named = _overlapping(ctx, list(child.subtree))
                if child.dep_ == "poss":  # "X's colleagues" are not X; "China's leaders" speak for China
                    named = [m for m in named if actor_type(ctx, m.actor_id) != "person"]
                found.extend(named)
            elif child.dep_ == "prep" and child.lower_ in {"of", "from", "in", "at"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.extend(holder_mentions(ctx, pobj, allowed, depth + 1))
    return unique(found)
