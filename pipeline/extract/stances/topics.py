"""Canonical stance topics (pipeline/knowledge/topics.yaml, as a `TopicLexicon`) found in a character range of a
document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.core.model import DocumentContext
from pipeline.knowledge.stances import TopicDef, TopicLexicon
from pipeline.nlp.anaphora import resolve_group
from pipeline.nlp.mentions import actor_type


@dataclass(frozen=True)
class TopicMatch:
    topic_id: str
    label: str
    char_start: int
    char_end: int
    text: str


def _slug(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    return "_".join(words)


def _id_part(ctx: DocumentContext, actor_id: str, topics: TopicLexicon) -> str:
    """How an actor is written inside a topic id: a short name ("us") or its slugged name ("china")."""
    return topics.short_names.get(actor_id) or _slug(_name(ctx, actor_id))


def _name(ctx: DocumentContext, actor_id: str) -> str:
    actor = ctx.actors.get(actor_id)
    return actor.name if actor is not None else actor_id.split(":")[-1]


def _pair(ctx: DocumentContext, sentence_start: int, sentence_end: int, topics: TopicLexicon) -> list[str]:
    """The two countries a bilateral topic is about: named in the sentence, or 'the two countries' before it."""
    countries: list[str] = []
    for m in ctx.mentions_in(sentence_start, sentence_end):
        if actor_type(ctx, m.actor_id) == "country" and m.actor_id not in countries:
            countries.append(m.actor_id)
    if len(countries) == 2:
        return countries
    text = ctx.info.text[sentence_start:sentence_end]
    if not countries and topics.pair_phrases.search(text):
        group = resolve_group(ctx, sentence_start, sentence_start)
        if len(group) == 2 and all(actor_type(ctx, a) == "country" for a in group):
            return group
    return []


def _owner(ctx: DocumentContext, start: int, end: int) -> str | None:
    """An actor written right before the topic phrase: 'US sanctions', "Washington's tariffs"."""
    for m in ctx.mentions_in(max(0, start - 40), start + 1):
        gap = ctx.info.text[m.char_end : start]
        if re.fullmatch(r"(?:[’']s)?\s*(?:\w+\s+)?", gap) and not re.search(
            r"\b(?:on|against|with|of)\b", gap
        ):
            return m.actor_id
    return None


def _specialise(
    ctx: DocumentContext, d: TopicDef, start: int, end: int, bounds: tuple[int, int], topics: TopicLexicon
) -> tuple[str, str]:
    if d.scope == "pair":
        pair = _pair(ctx, *bounds, topics)
        if pair:
            ordered = sorted(pair, key=lambda a: _name(ctx, a))
            names = [_name(ctx, a) for a in ordered]
            topic_id = "_".join(_id_part(ctx, a, topics) for a in ordered) + f"_{d.topic_id}"
            return topic_id, f"{names[0]}-{names[1]} {d.label}"
    if d.scope == "owner":
        owner = _owner(ctx, start, end)
        if owner:
            return f"{_id_part(ctx, owner, topics)}_{d.topic_id}", f"{_name(ctx, owner)} {d.label}"
    return d.topic_id, d.label


def find_topics(
    ctx: DocumentContext, start: int, end: int, topics: TopicLexicon, bounds: tuple[int, int] | None = None
) -> list[TopicMatch]:
    """Topic matches of `topics` inside [start, end), longest first among overlaps, in text order."""
    text = ctx.info.text[start:end]
    bounds = bounds or (start, end)
    raw: list[tuple[int, int, int, TopicDef]] = []
    for order, d in enumerate(topics.topics):
        for hit in d.pattern.finditer(text):
            raw.append((start + hit.start(), start + hit.end(), order, d))
    raw.sort(key=lambda r: (-(r[1] - r[0]), r[2]))
    kept: list[tuple[int, int, int, TopicDef]] = []
    for r in raw:
        if all(r[1] <= k[0] or r[0] >= k[1] for k in kept):
            kept.append(r)
    kept.sort(key=lambda r: r[0])
    matches = []
    for s, e, _, d in kept:
        topic_id, label = _specialise(ctx, d, s, e, bounds, topics)
        matches.append(TopicMatch(topic_id, label, s, e, ctx.info.text[s:e]))
    return matches
