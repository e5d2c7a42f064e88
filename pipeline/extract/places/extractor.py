"""Place mentions of one document: its place entities, its country names and capitals, its dateline.

- a country named as an actor ("France", "the US") names that country;
- an actor named by its capital or seat ("Beijing", "Washington") also names that city, when the gazetteer has it;
- a GPE, LOC or FAC entity that is no actor mention is a place mention (actor_id null, kind "place") when it
  resolves ("Vladivostok", "the Baltic Sea", "a Moscow-based firm");
- a curated place's name the parser split or missed ("the Gulf of Oman" read as "Oman", "sub-Saharan Africa",
  "the Sahel") is a place mention over the whole name, found with spaCy's PhraseMatcher, and no actor is named
  inside it;
- a wire story's dateline ("TOKYO, March 3 (Reuters) -") is a place mention too.
Names are resolved with the document's other countries as context (pipeline/nlp/places.py).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.core.model import DocumentContext, Mention, stable_id
from pipeline.ingest.metadata import dateline_place
from pipeline.knowledge.gazetteer import Gazetteer, Place, place_key
from pipeline.knowledge.gazetteer_build import curated_names
from pipeline.knowledge.language import PlaceWords, language
from pipeline.knowledge.places import gazetteer
from pipeline.nlp.parse import load_nlp
from pipeline.nlp.places import PlaceResolver

EXTRACTOR = "places/1.0"
PLACE_LABELS = ("GPE", "LOC", "FAC")
NAME_LABELS = ("PERSON", "ORG", "NORP")  # labels the small model gives places it does not know
MISREAD_TYPES = ("person", "organization")  # actors found from such a label
COUNTRY_NAME_KINDS = ("name", "abbreviation")  # "France", "the US": the country itself
SEAT_KINDS = ("metonym",)  # "Beijing", "the Kremlin": the government's seat, when it is a known place


def _context(ctx: DocumentContext, text: str) -> frozenset[str]:
    """ISO3 of every country the document's actors are or belong to, except where they are named `text` (a
    name cannot vouch for its own reading: "Georgia" twice does not make Georgia the country)."""
    key = place_key(text)
    return frozenset(
        code
        for m in ctx.mentions
        if (actor := ctx.actors.get(m.actor_id or "")) is not None
        and (code := actor.country_code)
        and place_key(m.text) != key
    )


def _place_mention(ctx: DocumentContext, start: int, end: int, place_id: str) -> Mention | None:
    sentence = ctx.sentence_at(start)
    if sentence is None or end > sentence.char_end:
        return None
    return Mention(
        mention_id=stable_id("men", ctx.doc_id, start, end, place_id),
        doc_id=ctx.doc_id,
        sentence_id=sentence.sentence_id,
        actor_id=None,
        char_start=start,
        char_end=end,
        text=ctx.info.text[start:end],
        mention_kind="place",
        extractor=EXTRACTOR,
        place_id=place_id,
    )


def _actor_places(
    ctx: DocumentContext, resolver: PlaceResolver, gaz: Gazetteer, misread: set[tuple[int, int]]
) -> list[Mention]:
    """The actor mentions, each with the place it names, if any; a person or organisation that is a place name
    where a place goes (`misread`: "off the coast of Vladivostok") becomes a place mention."""
    out = []
    for m in ctx.mentions:
        actor = ctx.actors.get(m.actor_id or "")
        place = None
        if actor is not None and actor.actor_type in MISREAD_TYPES and (m.char_start, m.char_end) in misread:
            place = _not_town(resolver.resolve(m.text, _context(ctx, m.text)))  # "in 2020 Smith ..."
            mention = _place_mention(ctx, m.char_start, m.char_end, place.place_id) if place else None
            out.append(mention or m)
            continue
        if actor is not None and actor.actor_type == "country" and m.mention_kind in COUNTRY_NAME_KINDS:
            place = resolver.resolve(m.text, _context(ctx, m.text))  # "Georgia" in an article on Atlanta
            if place is None or place.feature_class == "country":
                place = gaz.country(actor.country_code)
        elif m.mention_kind in SEAT_KINDS:
            place = resolver.resolve(m.text, _context(ctx, m.text))
            place = place if place is not None and place.feature_class in ("city", "landmark") else None
        out.append(replace(m, place_id=place.place_id) if place is not None else m)
    return out


def _not_town(place: Place | None) -> Place | None:
    """`place` unless it is a small town: a name the parser did not read as a place is not taken for one."""
    return None if place is not None and place.is_town else place


def _is_place_entity(ent: Span, words: PlaceWords) -> bool:
    """A place entity, or a name the parser took for a person or organisation after "in", "off"..."""
    if ent.label_ in PLACE_LABELS:
        return True
    if ent.label_ not in NAME_LABELS or ent.root.dep_ != "pobj":
        return False
    prep = ent.root.head
    return prep.lower_ in words.preps or (
        prep.lower_ == "of" and prep.head.lemma_.lower() in words.part_nouns
    )


@cache
def _curated_matcher() -> PhraseMatcher:
    """Matches the curated places' names and aliases, as written ("Gulf of Oman", "Sahel")."""
    nlp = load_nlp()
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("PLACE", list(nlp.tokenizer.pipe(sorted(set(curated_names())))))
    return matcher


def curated_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of curated place names in `doc`, longest first where they overlap."""
    return [(span.start_char, span.end_char) for span in filter_spans(_curated_matcher()(doc, as_spans=True))]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) lies inside one of `spans` and is not all of it."""
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)


def _entity_spans(ctx: DocumentContext, words: PlaceWords) -> list[tuple[int, int, str]]:
    """Character spans of the place entities and of the dateline, in text order, each with the phrase to
    resolve: "Paris" followed by ", Texas" is resolved as "Paris, Texas"."""
    text = ctx.info.text
    spans = sorted({(e.start_char, e.end_char) for e in ctx.doc.ents if _is_place_entity(e, words)})
    dateline = dateline_place(text)
    if dateline is not None and dateline not in spans:
        spans = sorted([*spans, dateline])
    out = []
    for i, (start, end) in enumerate(spans):
        phrase = text[start:end]
        following = spans[i + 1] if i + 1 < len(spans) else None
        if following is not None and text[end : following[0]] == ", ":
            phrase = text[start : following[1]]
        out.append((start, end, phrase.title() if phrase.isupper() else phrase))
    return out


def locate_mentions(
    ctx: DocumentContext, gaz: Gazetteer | None = None, words: PlaceWords | None = None
) -> list[Mention]:
    """The document's actor mentions (with the places they name) and its place mentions, in text order. A
    person or organisation misread from a place name ("Vladivostok" after "off the coast of") is a place."""
    gaz = gaz or gazetteer()
    words = words or language().places
    resolver = PlaceResolver(gaz, words)
    misread = {
        (e.start_char, e.end_char)
        for e in ctx.doc.ents
        if e.label_ in NAME_LABELS and _is_place_entity(e, words)
    }
    curated = curated_spans(ctx.doc)
    mentions = [  # "Oman" in "the Gulf of Oman" is no actor
        m for m in _actor_places(ctx, resolver, gaz, misread) if not _inside(m.char_start, m.char_end, curated)
    ]
    taken = [(m.char_start, m.char_end) for m in mentions]
    entities = [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ in PLACE_LABELS]
    names = [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ in NAME_LABELS]
    found = []

    places = {*entities, dateline_place(ctx.info.text)}  # what the parser or the dateline calls a place

    def add(start: int, end: int, phrase: str, context: frozenset[str]) -> None:
        place = resolver.resolve(phrase, context)
        place = place if (start, end) in places else _not_town(place)
        mention = _place_mention(ctx, start, end, place.place_id) if place is not None else None
        if mention is not None:
            found.append(mention)
            taken.append((start, end))

    for start, end in curated:  # a name the parser split or missed; one it read whole is resolved below
        if any(s <= start and end <= e for s, e in entities) or any(s < end and start < e for s, e in taken):
            continue  # a place entity, or inside an actor's name ("the Pacific Islands Forum")
        if " " not in ctx.info.text[start:end] and _inside(start, end, names):
            continue  # one word of a longer person's or organisation's name ("Ravi Shankar")
        add(start, end, ctx.info.text[start:end], frozenset())
    for start, end, phrase in _entity_spans(ctx, words):
        if not any(s < end and start < e for s, e in taken):  # not an actor's name ("China"), nor inside one
            add(start, end, phrase, _context(ctx, ctx.info.text[start:end]))
    return sorted(mentions + found, key=lambda m: (m.char_start, m.char_end, m.actor_id or ""))
