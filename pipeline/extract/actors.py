"""PLACEHOLDER (being replaced by the actors work): spaCy NER only, so other extractors can be developed."""

from __future__ import annotations

import re

from pipeline.extract.types import Actor, DocumentContext, Mention, stable_id

EXTRACTOR = "actors/0.0-placeholder"
_TYPES = {"GPE": "country", "PERSON": "person", "ORG": "organization", "NORP": "country"}


def extract_actors(ctx: DocumentContext) -> tuple[list[Mention], dict[str, Actor]]:
    mentions: list[Mention] = []
    actors: dict[str, Actor] = {}
    for ent in ctx.doc.ents:
        kind = _TYPES.get(ent.label_)
        sentence = ctx.sentence_at(ent.start_char)
        if kind is None or sentence is None:
            continue
        actor_id = f"{kind}:" + re.sub(r"[^a-z0-9]+", "-", ent.text.lower()).strip("-")
        actors.setdefault(actor_id, Actor(actor_id, ent.text, kind))
        mentions.append(
            Mention(
                mention_id=stable_id("men", ctx.doc_id, ent.start_char, ent.end_char),
                doc_id=ctx.doc_id,
                sentence_id=sentence.sentence_id,
                actor_id=actor_id,
                char_start=ent.start_char,
                char_end=ent.end_char,
                text=ent.text,
                mention_kind="name",
                extractor=EXTRACTOR,
            )
        )
    return mentions, actors
