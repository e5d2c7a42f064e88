"""Where an event happened, from the document's place mentions (resolved by the places extractor).

In order: a place phrase on the trigger or its predicate ("met in Beijing", "drills off the coast of Taiwan",
"the Addis Ababa summit", "visited Moscow", "deployed troops to Libya"): source `sentence`; else the place of
an event it is coordinated with in the sentence ("met and signed a deal in Tokyo") or the scene set shortly before
in the paragraph ("arrived in Honiara. The delegation met ..."): `inherited`; else, for a statement or a meeting,
the dateline's place ("TOKYO (Reuters) - ... said"): `dateline`, or the scene the lead sets: `inherited`.
The precision is the place's: a city is never widened to its country.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.core.model import DocumentContext, Mention
from pipeline.ingest.metadata import dateline_place
from pipeline.knowledge.events import EventLexicon
from pipeline.knowledge.gazetteer import Gazetteer, place_key
from pipeline.knowledge.language import PlaceWords

PRECISION = {"city": "city", "landmark": "city", "admin1": "admin1", "country": "country", "water": "region",
             "region": "region"}  # fmt: skip
VERBAL_QUADS = ("verbal_cooperation", "verbal_conflict")  # said, met, warned: done where it was reported
LEAD_SENTENCES = 3  # the lead (after a headline) that sets an article's scene
COORDINATED = ("conj", "xcomp", "advcl")  # dependency links between two events of one clause or sentence
PART_HOPS = 2  # "in the north of the capital of X"
NARRATIVE_WINDOW = 3  # sentences back (in the paragraph) whose scene an unlocated event inherits
ARGUMENT_DEPTH = (
    4  # "met with [the envoy [Yang [in Rome]]]": how far into the arguments a place phrase may hang
)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
VENUE_DEPS = ("acl", "relcl", "advcl")  # clauses that may say where an event happens
MODIFIER_DEPS = ("compound", "nmod")  # a place naming the noun it modifies: "the Sahel region", "X (CAR)"
ARGUMENT_DEPS = ("prep", "pobj", "dobj", "dative", "appos", "attr", "agent")  # not clauses: ccomp, relcl, ...


@dataclass(frozen=True)
class Location:
    text: str
    place_id: str
    source: str  # sentence | dateline | inherited


class PlaceIndex:
    """The document's place mentions by token, its scenes (places named with "in", "at"... in text order) and
    its dateline's place."""

    def __init__(self, ctx: DocumentContext, words: PlaceWords, gazetteer: Gazetteer) -> None:
        self.ctx = ctx
        self.gazetteer = gazetteer
        self.by_token: dict[int, Mention] = {}
        self.scenes: list[Mention] = []
        for mention in ctx.places:
            span = ctx.doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
            for token in span or ():
                self.by_token.setdefault(token.i, mention)
            if span is not None and _is_scene(span.root, words):
                self.scenes.append(mention)
        dateline = dateline_place(ctx.info.text)
        self.dateline = next(
            (m for m in ctx.places if dateline and (m.char_start, m.char_end) == dateline), None
        )
        self.venues: dict[int, Mention] = self._venues(words)

    def _venues(self, words: PlaceWords) -> dict[int, Mention]:
        """The named gatherings the document places somewhere once ("the Harbour Forum in Sochi", "the Munich
        Security Conference, held in Munich"), by the root token of each of their names."""
        names = [e for e in self.ctx.doc.ents if _is_gathering(e, words)]
        where: dict[str, Mention] = {}
        for ent in names:
            heads = [ent.root, *(c for c in ent.root.children if c.dep_ in VENUE_DEPS)]
            if ent.root.dep_ == "pobj" and ent.root.head.lower_ == "of":  # "the meeting of the X Forum in Y"
                heads.append(ent.root.head.head)
            objects = [
                c
                for h in heads
                for p in h.children
                if p.dep_ == "prep" and p.lower_ in words.preps
                for c in p.children
                if c.dep_ == "pobj"
            ]
            found = next((m for c in objects if (m := _place_object(c, self, words))), None)
            if found is not None:
                where.setdefault(place_key(ent.text), found)
        return {e.root.i: where[place_key(e.text)] for e in names if place_key(e.text) in where}

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def is_country(self, mention: Mention) -> bool:
        place = self.gazetteer.place(mention.place_id or "")
        return place is not None and place.feature_class == "country"

    def lead_scene(self) -> Mention | None:
        """The first scene of the article's lead (its first LEAD_SENTENCES sentences)."""
        if not self.ctx.sentences:
            return None
        end = self.ctx.sentences[min(LEAD_SENTENCES, len(self.ctx.sentences)) - 1].char_end
        return next((m for m in self.scenes if m.char_start < end), None)

    def add_scene(self, sentence_id: str, place_id: str) -> None:
        """Count the place that locates an event of a sentence ("visited Honiara") as a scene set there."""
        mention = next(
            (m for m in self.ctx.places if m.sentence_id == sentence_id and m.place_id == place_id), None
        )
        if mention is not None and mention not in self.scenes:
            self.scenes = sorted([*self.scenes, mention], key=lambda m: m.char_start)

    def scene_before(self, char: int, window: int | None = NARRATIVE_WINDOW) -> Mention | None:
        """The latest scene before `char` in its paragraph, at most `window` sentences back (None: anywhere
        before)."""
        sentence = self.ctx.sentence_at(char)
        if sentence is None:
            return None
        if window is None:
            start = 0
        else:
            first = self.ctx.sentences[max(0, sentence.ordinal - window)].char_start
            start = max(first, self.ctx.info.text.rfind("\n", 0, char) + 1)
        return next((m for m in reversed(self.scenes) if start <= m.char_start < char), None)


def _is_gathering(ent: Span, words: PlaceWords) -> bool:
    """A named event, or an organisation named as a gathering ("the Harbour Forum", "the G20 summit")."""
    return ent.label_ == "EVENT" or (ent.label_ in ("ORG", "FAC") and ent.root.lemma_.lower() in words.gatherings)


def venue_location(trigger: Token, places: PlaceIndex) -> Location | None:
    """The place of a named gathering in the event's clause that the document places elsewhere ("On the
    sidelines of the Harbour Forum, X met Y", the forum "in Sochi" in another paragraph), as
    `inherited`."""
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    return _located(next((places.venues[t.i] for t in clause.subtree if t.i in places.venues), None), "inherited")


def _is_scene(token: Token, words: PlaceWords) -> bool:
    """Whether a place is named where a scene is set: "in X", "at X", "off the coast of X"."""
    if token.dep_ in MODIFIER_DEPS and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head  # "in the Sahel region", "in the Central African Republic (CAR)"
    for _ in range(PART_HOPS + 1):
        if token.dep_ == "appos" and token.head.lemma_.lower() in words.part_nouns:
            token = token.head  # "in the capital, Tripoli"
        if token.dep_ != "pobj":
            return False
        prep = token.head
        if prep.lower_ in words.preps:
            return True
        if prep.lower_ != "of" or prep.head.lemma_.lower() not in words.part_nouns:
            return False
        token = prep.head
    return False


def _located(mention: Mention | None, source: str = "sentence") -> Location | None:
    return Location(mention.text, mention.place_id, source) if mention and mention.place_id else None


def _apposition(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "appos"), None)


def _place_object(pobj: Token, places: PlaceIndex, words: PlaceWords) -> Mention | None:
    """The place a preposition's object names: itself, its place modifier ("the Jammu sector", "the Sahel
    region"), or through "the coast of", "the north of", "the capital, X"."""
    for _ in range(PART_HOPS + 1):
        found = places.at(pobj) or next(
            (places.at(c) for c in pobj.children if c.dep_ in MODIFIER_DEPS and places.at(c)), None
        )
        if found is not None or pobj.lemma_.lower() not in words.part_nouns:
            return found
        nxt = next((c for p in pobj.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children
                    if c.dep_ == "pobj"), None) or _apposition(pobj)  # fmt: skip
        if nxt is None:
            return None
        pobj = nxt
    return None


def _place_preps(head: Token, lexicon: EventLexicon, words: PlaceWords) -> frozenset[str]:
    """The prepositions whose object is where `head` happens: "in", "at"...; "to" for a verb or noun of motion
    ("sent troops to Chad", "a trip to Africa"); "from" for one of leaving ("withdrew from Bolivia")."""
    lemma = head.lemma_.lower()
    lemmas = {lemma, *(f"{lemma} {c.lemma_.lower()}" for c in head.children if c.dep_ == "dobj")}  # "make way"
    preps = words.preps
    if lemmas & lexicon.destination_verbs:
        preps = preps | lexicon.destination_preps
    if lemmas & lexicon.departure_verbs:
        preps = preps | lexicon.departure_preps
    return preps


def _clause_place(
    head: Token, places: PlaceIndex, lexicon: EventLexicon, words: PlaceWords, depth: int = ARGUMENT_DEPTH
) -> Mention | None:
    """The nearest place phrase on `head` or on its arguments ("hosted a summit in London", "met with the
    envoy in Rome"), never inside another clause."""
    preps = _place_preps(head, lexicon, words)
    frontier = [head]
    for _ in range(depth + 1):
        following = []
        for token in frontier:
            for child in token.children:
                if child.dep_ in ("prep", "dative") and child.lower_ in preps:
                    found = next(
                        (
                            m
                            for c in child.children
                            if c.dep_ == "pobj" and (m := _place_object(c, places, words))
                        ),
                        None,
                    )
                    if found is not None:
                        return found
                if child.dep_ in ARGUMENT_DEPS:
                    following.append(child)
        frontier = following
    return None


def _target_place(trigger: Token, places: PlaceIndex, lexicon: EventLexicon) -> Mention | None:
    """The place an attack or a seizure is aimed at: "invaded Iraq", "the attack on Serbia"."""
    for child in trigger.children:
        if child.dep_ == "dobj" and places.at(child):
            return places.at(child)
        if trigger.pos_ == "NOUN" and child.dep_ == "prep" and child.lower_ in lexicon.target_place_preps:
            found = next((places.at(c) for c in child.children if c.dep_ == "pobj" and places.at(c)), None)
            if found is not None:
                return found
    return None


def pointed_location(trigger: Token, places: PlaceIndex, words: PlaceWords) -> Location | None:
    """The place "here" (a wire story's dateline) or "there" (the scene last set) on the trigger or the word it
    depends on points to ("arrive here", "a force there"), as `inherited`."""
    for token in (trigger, trigger.head):
        for child in token.children:
            if child.dep_ == "advmod" and child.lower_ in words.here and places.dateline is not None:
                return _located(places.dateline, "dateline")
            if child.dep_ == "advmod" and child.lower_ in words.there:
                return _located(places.scene_before(child.idx, window=None), "inherited")
    return None


def _heads(trigger: Token, predicate: Token, words: PlaceWords) -> list[Token]:
    """The tokens whose place phrases locate the event: the trigger, its predicate, the verb a noun trigger
    is the subject of ("the drills kicked off in X", "talks were held in X") and a venue clause on it
    ("exercises to take place in X", "organised drills to take place in X")."""
    heads = [trigger, predicate]
    if trigger.dep_ in ("nsubj", "nsubjpass"):
        heads.append(trigger.head)
    heads += [c for h in heads for c in h.children if c.dep_ in VENUE_DEPS and _is_venue_verb(c, words)]
    return list(dict.fromkeys(heads))


def _is_venue_verb(verb: Token, words: PlaceWords) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in words.venue_verbs or any(
        f"{lemma} {c.lower_}" in words.venue_verbs for c in verb.children if c.dep_ == "dobj"
    )


def sentence_location(
    trigger: Token,
    predicate: Token,
    event_type: str,
    places: PlaceIndex,
    lexicon: EventLexicon,
    words: PlaceWords,
) -> Location | None:
    """A place phrase on the trigger or its predicate (or their arguments); the place a "where" clause hangs on
    ("Fiji, where they met"); for an attack, its target place; else a place phrase on the subject of a trigger
    verb ("the government in Bamako signed")."""
    for token in _heads(trigger, predicate, words):
        found = _clause_place(token, places, lexicon, words)
        lemma = token.lemma_.lower()
        if found is None and lemma in lexicon.place_object_verbs:
            found = next((places.at(c) for c in token.children if c.dep_ == "dobj" and places.at(c)), None)
        if found is None and token.pos_ in ("NOUN", "PROPN"):  # "the Addis Ababa summit", "the Iraq War"
            found = _naming_place(token, places)
        if found is None and token.dep_ == "relcl" and any(c.lower_ == "where" for c in token.children):
            found = places.at(token.head)
        if found is None and token is trigger and event_type in lexicon.located_at_target:
            found = _target_place(trigger, places, lexicon)
        if found is not None:
            return _located(found)
    return _located(_subject_place(trigger, places, lexicon, words)) if trigger is predicate else None


def _subject_place(
    verb: Token, places: PlaceIndex, lexicon: EventLexicon, words: PlaceWords
) -> Mention | None:
    """Where the one who acts is, said on the subject of the trigger verb: "the government in Bamako signed a
    deal"."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    return next((m for s in subjects if (m := _clause_place(s, places, lexicon, words, depth=1))), None)


def _naming_place(noun: Token, places: PlaceIndex) -> Mention | None:
    """The one place a noun is named after ("the Addis Ababa summit"); none for a noun named after several, whose
    parties they are ("the China–Africa summit", "US-China talks")."""
    modifiers = [t for c in noun.children if c.dep_ in MODIFIER_DEPS for t in c.subtree]
    named = {m.mention_id: m for t in modifiers if (m := places.at(t))}
    return next(iter(named.values())) if len(named) == 1 else None


def inherit_locations(triggers: list[Token], locations: list[Location | None]) -> list[Location | None]:
    """An unlocated event coordinated with a located one in the sentence takes its place (`inherited`)."""
    located = {
        t.i: loc for t, loc in zip(triggers, locations, strict=True) if loc and loc.source == "sentence"
    }
    out = []
    for trigger, location in zip(triggers, locations, strict=True):
        if location is None:
            linked = [trigger.head.i] if trigger.dep_ in COORDINATED else []
            linked += [c.i for c in trigger.children if c.dep_ in COORDINATED]
            source = next((located[i] for i in linked if i in located), None)
            location = Location(source.text, source.place_id, "inherited") if source else None
        out.append(location)
    return out


def narrative_location(char: int, places: PlaceIndex) -> Location | None:
    """The scene set shortly before in the paragraph ("arrived in Honiara on Friday. The delegation met ..."),
    as `inherited`."""
    return _located(places.scene_before(char), "inherited")


def dateline_location(quad_class: str, places: PlaceIndex) -> Location | None:
    """The dateline's place for a statement or meeting of a wire story (`dateline`); else the scene its lead
    sets ("leaders meeting in Addis Ababa on Sunday ...": `inherited`)."""
    if quad_class not in VERBAL_QUADS:
        return None
    return _located(places.dateline, "dateline") or _located(places.lead_scene(), "inherited")


def precision(place_id: str | None, gazetteer: Gazetteer) -> str:
    """How exactly the place locates the event: city, admin1, country, region or none."""
    place = gazetteer.place(place_id) if place_id else None
    return PRECISION[place.feature_class] if place is not None else "none"
