"""Events: who did what to whom, when and where, coded in PLOVER (the `events` and `event_participants` tables).

For every sentence: find trigger words with the PLOVER dictionary (pipeline/knowledge/plover_triggers.yaml),
read source/target/participant phrases from the dependency parse (event_roles), map them to actor mentions
(ctx.mentions, falling back on "they"/"the two countries"/"it" resolved to the nearest preceding actors),
then code modality (modality; only asserted and planned events are emitted), date (dates: the best-placed
date of the sentence, else the narrative date of its paragraph for a past-tense report; none when the text
gives none), location (a place entity
under in/at/near). General statements have no trigger or no actor and are dropped; the same event mentioned
twice in a document is kept once. `cluster_events` links the same event across documents. Details:
pipeline/knowledge/README_events.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from pipeline.core.model import DocumentContext, Sentence, stable_id
from pipeline.extract.events.lexicon import TriggerMatch, find_triggers
from pipeline.extract.events.location import (
    Location,
    PlaceIndex,
    dateline_location,
    inherit_locations,
    narrative_location,
    pointed_location,
    precision,
    sentence_location,
    venue_location,
)
from pipeline.extract.events.roles import (
    Roles,
    is_passive,
    noun_roles,
    trigger_roles,
)
from pipeline.knowledge.events import EventLexicon, default_lexicon
from pipeline.knowledge.language import LanguageLexicon, Reference, language
from pipeline.knowledge.places import gazetteer
from pipeline.nlp.anaphora import PLURAL, anaphor_kind, resolve
from pipeline.nlp.dates import DateContext, DateMention, NormalisedDate, coarser, parse_iso
from pipeline.nlp.mentions import MentionIndex
from pipeline.nlp.modality import modality
from pipeline.nlp.tokens import argument_tokens, lemma

EXTRACTOR = "events/1.0"
ROLES = ("source", "target", "participant")
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis", "appos"}
IMPLICIT_PARTY_TYPES = {"AGREE"}  # an agreement always has parties, even when a sentence names none
SPEECH_ACT_TYPES = {
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
}  # statements that news reports in the present tense ("denies", "urges")
# Every modality is emitted: negated ("did not sign") and hypothetical ("could impose", "if X joins", "urged X
# to agree") events are in the table with their modality, so "what was threatened but not done" has an answer;
# the joined tables and views count only the asserted and planned ones (pipeline/integrate/joins.py).
EMITTED_MODALITIES = frozenset({"asserted", "planned", "negated", "hypothetical"})
CONTENT_DEPS = {"xcomp", "ccomp", "dobj", "dative", "oprd", "prep", "acl"}  # what a trigger governs after it
NEVER_EVENTS = frozenset(
    {"declined_to_comment", "absorbed", "content", "general_statement", "trend", "venue"}
)  # never an event
FALLBACK_ACTORS = 2  # actors a candidate without arguments takes from its sentence (learned filter only)
FALLBACK_FACTOR = 0.3
SAME_EVENT_WINDOW = 3  # sentences apart for two mentions, one undated, to be one event
REFERENCE_WINDOW = 6  # sentences back where "the meeting of ..." finds the meeting it refers to
NARRATIVE_WINDOW = 3  # sentences back (in the paragraph) whose date a simple-past report inherits


@dataclass
class Event:
    event_id: str
    doc_id: str
    sentence_id: str
    char_start: int
    char_end: int
    trigger: str
    event_type: str
    quad_class: str
    event_date: str | None
    date_precision: str | None
    location: str | None
    modality: str
    confidence: float
    evidence: str
    extractor: str
    event_cluster_id: str | None = None  # filled by cluster_events over the corpus
    place_id: str | None = None
    location_precision: str = "none"  # city | admin1 | country | region | none
    location_source: str | None = None  # sentence | dateline | inherited


@dataclass
class EventParticipant:
    event_id: str
    actor_id: str
    role: str  # source | target | participant


class ClusteredEvent(NamedTuple):
    """What cluster_events compares of an event."""

    event_id: str
    event_type: str
    event_date: str | None


# --------------------------------------------------------------------------- actors of an event


def phrase_tokens(head: Token) -> set[int]:
    """A noun phrase without its clauses: "the drills in the history of X" but not "..., which Y attended"."""
    skipped = {t.i for c in head.children if c.dep_ in CLAUSE_DEPS for t in c.subtree}
    return {t.i for t in head.subtree} - skipped


def _unique(ids: Iterable[str]) -> list[str]:
    out: list[str] = []
    for actor_id in ids:
        if actor_id not in out:
            out.append(actor_id)
    return out


def _actors_of(
    head: Token,
    index: MentionIndex,
    exclude: set[int],
    sentence_start: int,
    loose: bool,
    avoid: set[str],
    ref: Reference,
) -> tuple[list[str], float]:
    """Actor ids of one argument phrase and how sure we are (1 tight phrase, 0.85 whole subtree, 0.75 anaphor)."""
    body = _body_of_members(head, index)
    if body is not None:
        head = body
    ids = index.in_tokens(argument_tokens(head) - exclude)
    if ids:
        return ids, 1.0
    ids = index.in_tokens(argument_tokens(head, tight=False) - exclude) if loose else []
    if ids:
        return ids, 0.85
    kind = anaphor_kind(head, ref)
    if kind:
        # a pronoun does not point to an actor named elsewhere in its own clause ("they rejected US claims")
        verb = head.head
        skipped = {t.i for t in head.subtree} | {
            t.i for c in verb.children if c.dep_ == "conj" for t in c.subtree
        }
        clause = {t.i for t in verb.subtree} - skipped if verb != head else set()
        avoid = avoid | set(index.in_tokens(clause))
        return resolve(index.ctx, head, kind, head.idx, sentence_start, ref, avoid, index), 0.75
    return [], 1.0


def _body_of_members(head: Token, index: MentionIndex) -> Token | None:
    """ "(many of) Ms X's colleagues in the Parliament": the body they belong to, not the person whose
    colleagues they are."""
    if head.pos_ in ("ADJ", "DET", "PRON", "NUM"):  # "many of", "some of", "most of"
        of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        head = next((c for p in of for c in p.children if c.dep_ == "pobj"), head)
    if head.pos_ != "NOUN":
        return None
    owners = [a for c in head.children if c.dep_ == "poss" for a in index.in_tokens({c.i})]
    if not owners or any(index.actor_type(a) != "person" for a in owners):
        return None
    bodies = [
        pobj
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "from", "of")
        for pobj in prep.children
        if pobj.dep_ == "pobj" and index.in_tokens(argument_tokens(pobj))
    ]
    return bodies[0] if bodies else None


def resolve_participants(
    roles: Roles,
    trigger: Token,
    index: MentionIndex,
    sentence_start: int,
    ref: Reference,
    implicit_parties: bool = False,
) -> tuple[dict[str, list[str]], float]:
    """Actor ids per role (each actor in one role: source first) and a confidence factor. A joint event, or one
    of a type that always has parties (`implicit_parties`: an agreement signed) but names none, goes to the two
    actors the passage is about."""
    inside = {t.i for t in trigger.subtree}
    out: dict[str, list[str]] = {role: [] for role in ROLES}
    factor = 1.0
    for role in ROLES:
        for head in getattr(roles, role):
            # an argument that contains the trigger ("sanctions on X" as object of "imposed") keeps out of it
            excluded = inside if head.i not in inside else {trigger.i}
            avoid = {a for ids in out.values() for a in ids}
            ids, sure = _actors_of(head, index, excluded, sentence_start, role != "target", avoid, ref)
            if ids:
                factor = min(factor, sure)
            for actor_id in ids:
                if not any(actor_id in out[r] for r in ROLES):
                    out[role].append(actor_id)
    if not any(out.values()) and trigger.pos_ != "VERB":  # "the China-Russia summit", "drills of Russia"
        out["participant"] = index.in_tokens(phrase_tokens(trigger) - {trigger.i})
        factor = 0.7
    if not any(out.values()) and (roles.joint or implicit_parties):
        # "the joint statement said", "a memorandum was signed": the two parties the text is about
        out["participant"] = resolve(index.ctx, trigger, PLURAL, trigger.idx, sentence_start, ref, (), index)
        factor = 0.5
    return out, factor


# --------------------------------------------------------------------------- dates and places


def _date_root(mention: DateMention, doc: Doc) -> Token | None:
    span = doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _adverbial(date: Token) -> bool:
    """A date phrase that says when something happened ("on May 4", "in 2011", "last week"), not one that
    names a thing ("the 1960 treaty", "the 2025 budget")."""
    if date.dep_ in ("npadvmod", "tmod", "advmod"):
        return True
    return date.dep_ == "pobj" and date.head.dep_ == "prep" and date.head.head.pos_ in ("VERB", "AUX")


def _date_score(mention: DateMention, trigger: Token, predicate: Token) -> tuple[int, int, int, int] | None:
    """How well a date of the sentence fits an event, lower is better; None when it belongs elsewhere.

    Tier 0: saying when in the event's clause ("signed in 2001", "the 1996 agreement"); 1: attached to a word
    governing the event ("In 2006, it decided to establish", "December 1992, when Yeltsin visited"); 2: naming
    a thing in the clause ("would hold the 1960 treaty in abeyance"); 3: before the trigger in another clause;
    4: governing the event from another item of a list (across a semicolon). Dates in a relative clause that
    does not hold the event are never taken. Then adverbial dates first, closest in the parse, nearest."""
    doc = trigger.doc
    head = _date_root(mention, doc)
    if head is None:
        return None
    clause = {t.i for t in predicate.subtree} | {t.i for t in trigger.subtree}
    ancestors = {a.i for a in predicate.ancestors} | {a.i for a in trigger.ancestors}
    if any(a.dep_ in ("relcl", "acl") and trigger not in a.subtree for a in (head, *head.ancestors)):
        return None  # "India, which has boycotted the court since 2023, rejected": the boycott's date
    attach = head.head.head if head.head.dep_ == "prep" else head.head
    low, high = sorted((head.i, trigger.i))
    apart = any(t.text == ";" for t in doc[low:high])  # another item of a list
    governs = head.i in ancestors or attach.i in ancestors
    direct = _adverbial(head) or trigger in (head.head, attach)
    if head.i in clause and direct:
        tier = 0
    elif governs and not apart:
        tier = 1
    elif head.i in clause:
        tier = 2  # a date naming a thing in the clause: "would hold the 1960 treaty in abeyance"
    elif head.i < trigger.i and not apart:
        tier = 3
    elif governs:
        tier = 4
    else:
        return None
    depth = next((n for n, a in enumerate(head.ancestors, 1) if a in (predicate, trigger)), 99)
    return (tier, 0 if direct else 1, depth, abs(head.i - trigger.i))


def _definite_noun(token: Token) -> bool:
    """A noun trigger with "the" or a possessive pronoun: it may name an event already reported."""
    return token.pos_ != "VERB" and any(
        (c.dep_ == "det" and c.lower_ == "the") or (c.dep_ == "poss" and c.tag_ == "PRP$")
        for c in token.children
    )


def _listed_dates(
    trigger: Token, predicate: Token, dates: DateContext, sentence: Sentence
) -> list[NormalisedDate]:
    """The dates of a plural noun trigger that lists several ("joint statements in 1997, 2005, and 2008",
    "issued joint statements in 1997 and 2005"): one event each; empty otherwise."""
    if trigger.tag_ not in ("NNS", "NNPS"):
        return []
    inside = {t.i for t in trigger.subtree}
    found = []
    for mention in dates.in_range(sentence.char_start, sentence.char_end):
        root = _date_root(mention, trigger.doc)
        if root is None or mention.relative:
            continue
        while root.dep_ in ("conj", "appos") and root.head != root:
            root = root.head
        attached = root.dep_ == "pobj" and root.head.head in (trigger, predicate)
        if root.i in inside or attached:
            resolved = dates.resolve(mention)
            if resolved is not None and resolved not in found:
                found.append(resolved)
    return found if len(found) >= 2 else []


def _is_past_report(trigger: Token, predicate: Token) -> bool:
    """A simple-past report ("X signed", "X imposed sanctions"): it happened shortly before the context date."""
    return "VBD" in (trigger.tag_, predicate.tag_)


def event_date(
    ctx: DocumentContext,
    dates: DateContext,
    sentence: Sentence,
    trigger: Token,
    predicate: Token,
    mood: str,
    future: bool = False,
) -> NormalisedDate | None:
    """The date the text gives an event: in its sentence (a month or weekday without a year pointing ahead of
    the publication date when the event lies in the `future`, else back); for a simple-past report without one,
    the latest date of the previous sentences of its paragraph (at most month precision); else None."""
    scored = [
        (score, m)
        for m in dates.in_range(sentence.char_start, sentence.char_end)
        if (score := _date_score(m, trigger, predicate)) is not None
    ]
    if scored:
        best = min(scored, key=lambda pair: pair[0])[1]
        resolved = dates.resolve(best, future)
        if resolved is not None:
            return resolved
    if mood != "asserted" or not _is_past_report(trigger, predicate):
        return None
    first = ctx.sentences[max(0, sentence.ordinal - NARRATIVE_WINDOW)]
    start = max(first.char_start, ctx.info.text.rfind("\n", 0, sentence.char_start) + 1)  # same paragraph
    earlier = [m for m in dates.in_range(start, sentence.char_start) if not m.relative]
    adverbial = [m for m in earlier if (root := _date_root(m, ctx.doc)) is not None and _adverbial(root)]
    if earlier:  # the latest date that says when something happened, else the latest date
        resolved = dates.resolve((adverbial or earlier)[-1])
        if resolved is not None:
            return _coarsen(resolved, "month")
    return None


def report_date(
    ctx: DocumentContext, dates: DateContext, trigger: Token, predicate: Token, mood: str
) -> NormalisedDate | None:
    """The month a simple-past report was published, for an event whose text gives no date: what the learned
    filter and the merging of mentions read as its time; never published as the event's date (the text does
    not say it happened then: "Chile offered aid" may be years old)."""
    published = dates.publication(ctx.info.published_precision)
    if published is None or mood != "asserted" or not _is_past_report(trigger, predicate):
        return None
    return _coarsen(published, "month")


def _coarsen(date: NormalisedDate, precision: str) -> NormalisedDate:
    target = coarser(date.precision, precision) or date.precision
    year, month, _ = parse_iso(date.iso)
    if target == "year" or month is None:
        return NormalisedDate(f"{year:04d}", "year")
    if target == "month":
        return NormalisedDate(f"{year:04d}-{month:02d}", "month")
    return date


# --------------------------------------------------------------------------- triggers kept


def _own_actors(match: TriggerMatch, lexicon: EventLexicon, pair_preps: frozenset[str]) -> bool:
    """Whether a noun trigger names its own actors ("US accusations", "the war waged by X", "talks between
    X and Y")."""
    rule = match.rule
    roles = noun_roles(
        match.token, lexicon, pair_preps, rule.poss_role, rule.modifier_role, dict(rule.prep_roles)
    )
    return bool(roles.source or roles.participant)


def _is_named_thing(token: Token, index: MentionIndex) -> bool:
    """A trigger word that is part of a name ("Paris Agreement", "Economic Forum") rather than an action."""
    if token.i in index.by_token:
        return True
    return token.pos_ == "PROPN" and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)


def _is_general_statement(token: Token, planning_verbs: frozenset[str]) -> bool:
    """A verb in the simple present with no date in its clause states a habit or a view, not an occurrence
    ("the two countries support each other")."""
    if token.tag_ not in ("VBZ", "VBP") or token.lemma_.lower() in planning_verbs:
        return False  # "India plans a joint exercise" announces a future event
    if any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return False
    return not any(t.ent_type_ == "DATE" for t in token.subtree)


def _tense_anchor(token: Token, max_up: int = 8) -> Token | None:
    """The finite verb whose clause holds a noun or a non-finite verb ("resolving" in "China and Russia have
    results from cooperation in resolving problems": "have")."""
    for _ in range(max_up):
        if token.head == token:
            return None
        token = token.head
        if token.pos_ == "VERB" and token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
            return token  # "the decision, taken at a video conference, keeps ...": a past participle clause
        if token.pos_ in ("VERB", "AUX") and (
            token.tag_ in ("VBD", "VBZ", "VBP", "MD")
            or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in token.children
            )
        ):
            return token
    return None


def _in_general_statement(token: Token, lexicon: EventLexicon, planning_verbs: frozenset[str]) -> bool:
    """A noun trigger or a participle/gerund trigger inside a present-tense statement without a date."""
    if token.pos_ == "VERB" and (
        token.tag_ not in ("VBG", "VBN")
        or any(c.dep_ in ("aux", "auxpass") for c in token.children)
        or (token.tag_ == "VBN" and token.dep_ in ("acl", "amod"))  # "the treaty, brokered by X, allocates"
    ):
        return False
    anchor = _tense_anchor(token)
    if anchor is None or (token.pos_ == "VERB" and lemma(anchor) in lexicon.listing_verbs):
        return False  # "those sanctions include suspending X's membership" lists what was done
    return _is_general_statement(anchor, planning_verbs)


def _skip_reason(
    match: TriggerMatch,
    lexicon: EventLexicon,
    lang: LanguageLexicon,
    index: MentionIndex,
    triggers: tuple[set[int], set[int]],
    seen: set[str],
) -> str | None:
    """Why the rules would not count this trigger as an event of its own (None: they would)."""
    verbs, nouns = triggers
    token = match.token
    planning = lang.modality.planning_verbs | lang.modality.proposing_verbs
    pair_preps = lang.reference.pair_preps
    if token.pos_ == "VERB":
        if token.dep_ == "amod" and (
            token.tag_ != "VBN" or lexicon.quad_classes.get(match.event_type, "").endswith("cooperation")
        ):
            return "describes_a_thing"  # "striking growth", "imported goods"; "frozen assets" is a sanction
        if match.event_type == "REJECT" and any(
            c.dep_ == "xcomp" and lemma(c) in lexicon.no_comment_verbs for c in token.children
        ):
            return "declined_to_comment"  # "refused to elaborate", "declined to comment": no rejection
        if match.event_type in SPEECH_ACT_TYPES and token.tag_ in ("VBZ", "VBP"):
            return None  # news reports statements in the present: "the UAE denies arming either side"
        if _is_general_statement(token, planning) or _in_general_statement(token, lexicon, planning):
            return "general_statement"
        return None
    if _in_general_statement(token, lexicon, planning):
        return "general_statement"  # "X and Y hold regular exercises", "the treaty allocates the rivers"
    if match.event_type == "PROTEST" and _spoken_to(token, lang.modality.speech_verbs | {"address"}):
        return "venue"  # "told a rally", "spoke at a demonstration": an audience, not a protest
    if token.dep_ == "nsubj" and lemma(token.head) in lexicon.trend_verbs:
        return "trend"  # "cooperation has increased", "support could diminish": a trend, not an occurrence
    if _is_named_thing(token, index) and match.event_type != "ASSAULT":
        return "named_thing"
    determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "predet")}
    if determiners & lexicon.generic_determiners:
        return "generic"  # "any sanctions"
    if determiners & lexicon.demonstratives:
        return "refers_back"  # "these sanctions" refers back to an event already counted
    bare = all(c.dep_ in ("det", "punct") for c in token.children)
    if "the" in determiners and bare and lemma(token) in seen:
        return "refers_back"  # "the deal", "the summit" again: the event named earlier
    if _absorbed(token, verbs, nouns, lexicon) and not _own_actors(match, lexicon, pair_preps):
        return "absorbed"
    return None


def _spoken_to(noun: Token, speech_verbs: frozenset[str]) -> bool:
    """The noun is what a speaker addresses: the object of a verb of saying, or of its preposition."""
    head = noun.head.head if noun.dep_ == "pobj" else noun.head
    return noun.dep_ in {"dobj", "dative", "pobj"} and lemma(head) in speech_verbs


def _absorbed(noun: Token, verbs: set[int], nouns: set[int], lexicon: EventLexicon) -> bool:
    """A noun that only completes a trigger verb: its object ("signed a treaty") or the object of the verb's
    own preposition ("withdraw from the treaty"), not an adjunct ("in the war between X and Y, ...")."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
        return head.i in verbs
    if (
        noun.dep_ == "pobj"
        and head.dep_ in ("prep", "prt")
        and head.lower_ in lexicon.absorbing_preps
        and head.head.i in verbs
    ):
        return True
    # "accusations about intervention": the content of the accusation, not an event of its own
    return noun.dep_ == "pobj" and head.lower_ in lexicon.content_preps and head.head.i in nouns


def _complement(trigger: Token) -> set[int]:
    """Token indices of what a trigger governs besides its subject and side clauses: "(threatened) to impose
    tariffs", "(a threat) of sanctions"."""
    return {t.i for c in trigger.children if c.dep_ in CONTENT_DEPS and c.i > trigger.i for t in c.subtree}


def triggers_with_reasons(
    span: Span,
    lexicon: EventLexicon,
    lang: LanguageLexicon,
    index: MentionIndex,
    seen: set[str] | None = None,
) -> list[tuple[TriggerMatch, str | None]]:
    """Every trigger of a sentence with the reason the rules would drop it (None when they keep it): names,
    generic or back-referring mentions ("any sanctions", "these talks"), general present-tense statements and
    nouns absorbed by a trigger verb they are the object of ("signed a treaty" is one event, "rejected US
    accusations" two)."""
    matches = find_triggers(span, lexicon)
    verbs = {m.token.i for m in matches if m.token.pos_ == "VERB"}
    nouns = {m.token.i for m in matches if m.token.pos_ != "VERB"}
    seen = seen if seen is not None else set()
    content = {i for m in matches if m.event_type in lexicon.content_types for i in _complement(m.token)}
    found = [
        (m, "content" if m.token.i in content else _skip_reason(m, lexicon, lang, index, (verbs, nouns), seen))
        for m in matches
    ]
    seen.update(lemma(m.token) for m in matches if m.token.pos_ != "VERB")
    return found


def _event_type(match: TriggerMatch, roles: Roles, actors: dict[str, list[str]]) -> str:
    joint = roles.joint or len(actors["source"]) > 1 or len(actors["participant"]) > 1
    return match.rule.joint_type.upper() if match.rule.joint_type and joint else match.event_type


# --------------------------------------------------------------------------- extraction


@dataclass
class Candidate:
    """A trigger with actors: an event if the rules (or the learned model) keep it."""

    event: Event
    participants: list[EventParticipant]
    features: dict[str, float]  # what the learned filter reads
    typing: dict[str, float]  # what the learned typing reads: the features and the words around the trigger
    rules_keep: bool
    definite: bool  # named by a definite noun ("the meeting of ..."): may refer to an earlier event
    listed: bool = False  # one of several dates a plural trigger lists: the date is part of its id
    reported: bool = False  # dated only by its report's publication (report_date): published undated


def _bucket(n: int) -> str:
    return str(min(n, 2))


def candidate_features(
    match: TriggerMatch,
    reason: str | None,
    actors: dict[str, list[str]],
    mood: str,
    event: Event,
    factor: float,
) -> dict[str, float]:
    """What the learned model reads of a candidate: its trigger, its rule, why the rules would drop it, its
    actors, modality and date, and where it stands."""
    token = match.token
    features = {
        f"lemma={lemma(token)}": 1.0,
        f"type={event.event_type}": 1.0,
        f"pos={token.pos_}": 1.0,
        f"dep={token.dep_}": 1.0,
        f"tag={token.tag_}": 1.0,
        f"mood={mood}": 1.0,
        f"skip={reason or 'none'}": 1.0,
        f"source={_bucket(len(actors['source']))}": 1.0,
        f"target={_bucket(len(actors['target']))}": 1.0,
        f"participant={_bucket(len(actors['participant']))}": 1.0,
        "rule_confidence": match.rule.confidence,
        "resolution_factor": factor,
    }
    if match.end - match.start > 1:
        features["phrase"] = 1.0
    if event.event_date is not None:
        features[f"dated={event.date_precision}"] = 1.0
    if _is_headline(event):
        features["headline"] = 1.0
    if _quoted(token):
        features["quoted"] = 1.0
    return features


def _context_words(token: Token) -> list[str]:
    """The trigger's object, prepositions and their objects, and its head: what tells "withdrew troops" from
    "withdrew from the treaty"."""
    words = [f"head={lemma(token.head)}"] if token.head != token else []
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "nsubjpass", "compound", "amod"):
            words.append(f"{child.dep_}={lemma(child)}")
        elif child.dep_ in ("prep", "prt", "agent"):
            words.append(f"prep={child.lower_}")
            words.extend(f"pobj={lemma(pobj)}" for pobj in child.children if pobj.dep_ == "pobj")
    return words


def _quoted(token: Token) -> bool:
    """The token stands inside quotation marks in its sentence."""
    before = token.sent[: token.i - token.sent.start].text
    return sum(before.count(q) for q in ('"', "“", "”")) % 2 == 1 or before.count("“") > before.count("”")


def _sentence_candidates(
    ctx: DocumentContext,
    sentence: Sentence,
    lexicon: EventLexicon,
    lang: LanguageLexicon,
    index: MentionIndex,
    dates: DateContext,
    places: PlaceIndex,
    seen: set[str] | None = None,
) -> list[Candidate]:
    span = ctx.sentence_span(sentence)
    out = []
    ref = lang.reference
    for match, reason in triggers_with_reasons(span, lexicon, lang, index, seen):
        if reason in NEVER_EVENTS:
            continue
        trigger = match.token
        rule = match.rule
        roles = trigger_roles(
            trigger, lexicon, ref.pair_preps, rule.poss_role, rule.modifier_role, dict(rule.prep_roles)
        )
        implicit = (  # "a memorandum was signed": an agreement has parties even when none is named
            match.event_type in IMPLICIT_PARTY_TYPES
            and is_passive(roles.predicate or trigger)
            and modality(trigger, roles.predicate, lang) == "asserted"
        )
        actors, factor = resolve_participants(roles, trigger, index, sentence.char_start, ref, implicit)
        if _reciprocal(roles, lexicon) and len(actors["source"]) > 1 and not actors["target"]:
            actors["participant"], actors["source"] = actors["source"] + actors["participant"], []
        fallback = not any(actors.values())
        if fallback:  # only the learned filter may keep it, from what it knows of such candidates
            actors["participant"], factor = _nearest_actors(trigger, span, index), FALLBACK_FACTOR
        if not any(actors.values()):
            continue  # an event needs someone who acts or is acted on
        if match.rule.requires_target and not (actors["target"] or actors["participant"]):
            continue  # "showing support", "speaks with journalists": no one supported, no counterpart
        rules_keep = not fallback and reason is None
        predicate = roles.predicate or trigger
        event_type = _event_type(match, roles, actors)
        where = sentence_location(trigger, predicate, event_type, places, lexicon, lang.places)
        mood = modality(trigger, predicate, lang)
        start_char = ctx.doc[match.start].idx
        end_token = ctx.doc[match.end - 1]
        end_char = end_token.idx + len(end_token.text)
        listed = _listed_dates(trigger, predicate, dates, sentence)
        future = mood == "planned"
        for stated in listed or [event_date(ctx, dates, sentence, trigger, predicate, mood, future)]:
            date = stated or report_date(ctx, dates, trigger, predicate, mood)
            key = (
                (start_char, end_char, event_type, date.iso)
                if listed and date
                else (start_char, end_char, event_type)
            )
            event_id = stable_id("evt", ctx.doc_id, *key)
            event = Event(
                event_id=event_id,
                doc_id=ctx.doc_id,
                sentence_id=sentence.sentence_id,
                char_start=start_char,
                char_end=end_char,
                trigger=ctx.info.text[start_char:end_char],
                event_type=event_type,
                quad_class=lexicon.quad_classes.get(event_type, ""),
                event_date=date.iso if date else None,
                date_precision=date.precision if date else None,
                location=where.text if where else None,
                modality=mood,
                confidence=round(max(0.05, min(0.99, match.rule.confidence * factor)), 3),
                evidence=sentence.text,
                extractor=EXTRACTOR,
                place_id=where.place_id if where else None,
                location_source=where.source if where else None,
            )
            participants = [EventParticipant(event_id, a, role) for role in ROLES for a in actors[role]]
            features = candidate_features(match, reason, actors, mood, event, factor)
            if fallback:
                features["fallback"] = 1.0
            typing = {**features, **dict.fromkeys(_context_words(trigger), 1.0)}
            out.append(
                Candidate(
                    event,
                    participants,
                    features,
                    typing,
                    rules_keep,
                    _definite_noun(trigger),
                    bool(listed and date),
                    reported=stated is None and date is not None,
                )
            )
    return out


def _reciprocal(roles: Roles, lexicon: EventLexicon) -> bool:
    """Whether the event is done to "each other" / "one another": its subjects are its mutual participants."""
    words = [t for head in roles.target for t in head.subtree]  # parses vary: "with [each other four times]"
    return any(t.i + 1 < len(t.doc) and f"{t.lower_} {t.nbor().lower_}" in lexicon.reciprocals for t in words)


def _nearest_actors(trigger: Token, span: Span, index: MentionIndex) -> list[str]:
    """The actors named in the trigger's sentence nearest to it (at most FALLBACK_ACTORS)."""
    ranked = sorted(
        ((abs(i - trigger.i), m.actor_id) for i, m in index.by_token.items() if span.start <= i < span.end),
        key=lambda pair: pair[0],
    )
    return _unique(actor for _, actor in ranked)[:FALLBACK_ACTORS]


def event_candidates(
    ctx: DocumentContext, lexicon: EventLexicon | None = None, lang: LanguageLexicon | None = None
) -> list[Candidate]:
    """Every candidate event of a document (before the rules or the model decide, before dedupe)."""
    if not ctx.info.text.strip() or not ctx.sentences:
        return []
    lexicon = lexicon or default_lexicon()
    lang = lang or language()
    index = MentionIndex(ctx)
    dates = DateContext(ctx.info.text, ctx.info.published_date)
    places = PlaceIndex(ctx, lang.places, gazetteer())
    seen: set[str] = set()  # noun triggers met so far: "the deal" after "a deal" refers back
    return [
        c
        for sentence in ctx.sentences
        for c in _sentence_candidates(ctx, sentence, lexicon, lang, index, dates, places, seen)
    ]


def _trigger_word(event: Event) -> str:
    """The trigger's last word without inflection ("visited", "visits" -> "visit"), for dedupe."""
    words = event.trigger.lower().split()
    if not words:
        return ""
    word = words[-1]
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _same_event(a: Event, b: Event, ordinals: dict[str, int]) -> bool:
    """Same day, or same trigger word and same date, or same trigger word nearby with one of the two undated
    ("Germany to halve aid" ... "halve its aid next year")."""
    same_word = _trigger_word(a) == _trigger_word(b)
    if a.event_date is not None and b.event_date is not None:
        return a.event_date == b.event_date and (same_word or a.date_precision == "day")
    near = abs(ordinals[a.sentence_id] - ordinals[b.sentence_id]) <= SAME_EVENT_WINDOW
    undated = a.event_date is None and b.event_date is None  # nothing tells two undated mentions apart
    return same_word and (near or undated or _is_headline(a) or _is_headline(b))  # a headline sums up


def _is_headline(event: Event) -> bool:
    """The event's sentence is a headline or standfirst (no final punctuation)."""
    return not event.evidence.rstrip('"”’)»').endswith((".", "!", "?"))


def _restatement(a: Event, a_actors: frozenset[str], b: Event, b_actors: frozenset[str], ordinals) -> bool:
    """A nearby mention of the same type whose actors are a subset of an earlier, fuller one and whose date is
    compatible ("a meeting between X and Y on May 2" ... "the meeting of the forum in 2018")."""
    near = abs(ordinals[a.sentence_id] - ordinals[b.sentence_id]) <= SAME_EVENT_WINDOW
    return (
        near
        and _trigger_word(a) == _trigger_word(b)
        and a_actors <= b_actors
        and dates_compatible_or_unknown(a.event_date, b.event_date)
    )


def dates_compatible_or_unknown(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _merge_in_sentence(
    found: list[tuple[Event, list[EventParticipant]]],
) -> list[tuple[Event, list[EventParticipant]]]:
    """In one sentence, an event whose actors are a subset of another same-type event's is the same event
    ("met and conferred with X": one consultation), unless the sentence places the two apart ("moved troops to
    X and stationed forces in Y")."""
    actor_sets = [{(p.actor_id, p.role) for p in ps} for _, ps in found]

    def covered(i: int) -> bool:
        event = found[i][0]
        for j, (other, _) in enumerate(found):
            same_place = (
                j != i
                and other.event_type == event.event_type
                and other.sentence_id == event.sentence_id
                and (event.event_date is None or other.event_date in (None, event.event_date))
                and (event.place_id is None or other.place_id in (None, event.place_id))
            )
            if same_place and actor_sets[i] <= actor_sets[j] and (actor_sets[i] != actor_sets[j] or j < i):
                return True
        return False

    return [item for i, item in enumerate(found) if not covered(i)]


def dedupe(
    found: list[tuple[Event, list[EventParticipant]]],
    ordinals: dict[str, int],
    referring: frozenset[str] = frozenset(),
) -> list[tuple[Event, list[EventParticipant]]]:
    """One event per (type, actor set, date) within a document, kept at its first full-sentence mention (not
    a headline); a kept mention without a date takes the date of a dated duplicate. A `referring` mention ("the
    meeting of ...": a definite noun) of the type of an event a few sentences before, sharing an actor with it
    (and naming no other, unless with the same trigger word) and with a compatible date, is that event again."""
    groups: dict[tuple, list[Event]] = defaultdict(list)
    kept: list[tuple[Event, list[EventParticipant]]] = []

    def rank(item: tuple[Event, list[EventParticipant]]) -> tuple[bool, int]:
        return (_is_headline(item[0]), item[0].char_start)

    for event, participants in sorted(found, key=rank):
        actor_set = frozenset(p.actor_id for p in participants)
        key = (event.event_type, actor_set, event.modality == "negated")
        same = next((other for other in groups[key] if _same_event(event, other, ordinals)), None)
        if same is None:
            same = next(
                (
                    other
                    for other, ps in kept
                    if other.event_type == event.event_type
                    and other.modality == event.modality
                    and _restatement(event, actor_set, other, frozenset(p.actor_id for p in ps), ordinals)
                ),
                None,
            )
        if same is None and event.event_id in referring:
            earlier = next(
                (
                    (n, other, ps)
                    for n, (other, ps) in enumerate(kept)
                    if other.event_type == event.event_type
                    and 0 <= ordinals[event.sentence_id] - ordinals[other.sentence_id] <= REFERENCE_WINDOW
                    and actor_set & {p.actor_id for p in ps}
                    and (
                        _trigger_word(other) == _trigger_word(event) or actor_set <= {p.actor_id for p in ps}
                    )
                    and dates_compatible_or_unknown(event.event_date, other.event_date)
                ),
                None,
            )
            if earlier is not None and len(actor_set) > len({p.actor_id for p in earlier[2]}):
                n, other, other_ps = earlier  # the fuller mention names the event better: keep it instead
                if event.event_date is None:
                    event.event_date, event.date_precision = other.event_date, other.date_precision
                del kept[n]
                other_key = (
                    other.event_type,
                    frozenset(p.actor_id for p in other_ps),
                    other.modality == "negated",
                )
                groups[other_key] = [e for e in groups[other_key] if e is not other]
            elif earlier is not None:
                same = earlier[1]
        if same is not None:
            if same.event_date is None and event.event_date is not None:
                same.event_date, same.date_precision = event.event_date, event.date_precision
            continue
        groups[key].append(event)
        kept.append((event, participants))
    return sorted(kept, key=lambda item: (item[0].char_start, item[0].event_type))


def _retyped(candidate: Candidate, event_type: str, lexicon: EventLexicon) -> Candidate:
    """The candidate as an event of `event_type` (its id follows its type, as every event id does)."""
    event = candidate.event
    if event_type == event.event_type:
        return candidate
    key = (event.char_start, event.char_end, event_type) + ((event.event_date,) if candidate.listed else ())
    event_id = stable_id("evt", event.doc_id, *key)
    retyped = replace(
        event, event_id=event_id, event_type=event_type, quad_class=lexicon.quad_classes[event_type]
    )
    participants = [replace(p, event_id=event_id) for p in candidate.participants]
    return replace(candidate, event=retyped, participants=participants)


def extract_events(
    ctx: DocumentContext,
    modalities: frozenset[str] = EMITTED_MODALITIES,
    lexicon: EventLexicon | None = None,
    lang: LanguageLexicon | None = None,
) -> tuple[list[Event], list[EventParticipant]]:
    """All events of one document with their participants, of the given modalities. `lexicon` holds the
    triggers, word lists and the learned filter (default: pipeline/knowledge/plover_triggers.yaml and
    models/events.json), `lang` the shared word classes (default: language.yaml). With a learned filter, an
    event's confidence is the model's calibrated probability, and the model decides which candidates are
    events when it beat the rules in training; otherwise the rules decide."""
    lexicon = lexicon or default_lexicon()
    found: list[tuple[Event, list[EventParticipant]]] = []
    referring: set[str] = set()  # events named by a definite noun: "the meeting of ..."
    reported: set[str] = set()  # events dated only by the publication of their report
    for candidate in event_candidates(ctx, lexicon, lang):
        keep = candidate.rules_keep
        if lexicon.filter_model is not None:
            model_keeps, probability = lexicon.filter_model.keeps(candidate.features)
            candidate.event.confidence = round(probability, 3)
            keep = model_keeps if lexicon.filter_model.decides else keep
        if not keep or candidate.event.modality not in modalities:
            continue
        if lexicon.type_model is not None and lexicon.type_model.decides:
            candidate = _retyped(candidate, lexicon.type_model.label(candidate.typing), lexicon)
        found.append((candidate.event, candidate.participants))
        if candidate.definite:
            referring.add(candidate.event.event_id)
        if candidate.reported:
            reported.add(candidate.event.event_id)
    ordinals = {s.sentence_id: s.ordinal for s in ctx.sentences}
    kept = dedupe(_merge_in_sentence(found), ordinals, frozenset(referring))
    events = [e for e, _ in kept]
    for event in events:
        if event.event_id in reported:  # the text gives no date: documents.published_date says when reported
            event.event_date = event.date_precision = None
    _locate(ctx, events, lang or language())
    return events, [p for _, ps in kept for p in ps]


def _locate(ctx: DocumentContext, events: list[Event], lang: LanguageLexicon) -> None:
    """Fill in the places events take from a coordinated event, the scene before or the dateline, and every
    precision."""
    if not events:
        return
    gaz = gazetteer()
    places = PlaceIndex(ctx, lang.places, gaz)
    for event in events:
        if event.location_source == "sentence" and event.place_id:
            places.add_scene(event.sentence_id, event.place_id)
    triggers = [ctx.doc.char_span(e.char_start, e.char_end, alignment_mode="expand").root for e in events]
    found = [Location(e.location, e.place_id, e.location_source) if e.place_id else None for e in events]
    found = inherit_locations(triggers, found)
    for event, trigger, where in zip(events, triggers, found, strict=True):
        where = (
            where
            or pointed_location(trigger, places, lang.places)
            or venue_location(trigger, places)
            or narrative_location(event.char_start, places)
            or dateline_location(event.quad_class, places)
        )
        if where is not None:
            event.location, event.place_id, event.location_source = where.text, where.place_id, where.source
        event.location_precision = precision(event.place_id, gaz)


# --------------------------------------------------------------------------- cross-document clustering


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Both unknown, or one is a prefix of the other at its own precision ("2018" ~ "2018-09-11")."""
    if a is None or b is None:
        return a is None and b is None
    return a.startswith(b) or b.startswith(a)


def cluster_events(
    events: Iterable[tuple[str, str, str | None]], participants: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """event_id -> cluster id, from (event_id, event_type, event_date) and (event_id, actor_id) pairs: same
    type, same actor set and compatible dates across documents (union-find)."""
    actors: dict[str, set[str]] = defaultdict(set)
    for event_id, actor_id in participants:
        actors[event_id].add(actor_id)
    events = [ClusteredEvent(*event) for event in events]
    parent = {e.event_id: e.event_id for e in events}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    groups: dict[tuple[str, frozenset[str]], list[ClusteredEvent]] = defaultdict(list)
    for event in events:
        groups[(event.event_type, frozenset(actors[event.event_id]))].append(event)
    for members in groups.values():
        # dates_compatible links equal dates and a date to its prefixes: the same components as comparing
        # every pair, in linear time (one representative per distinct date)
        first_with_date: dict[str | None, str] = {}
        for event in members:
            if event.event_date in first_with_date:
                parent[find(event.event_id)] = find(first_with_date[event.event_date])
            else:
                first_with_date[event.event_date] = event.event_id
        for date, event_id in first_with_date.items():
            for k in range(len(date) if date is not None else 0):
                if date[:k] in first_with_date:  # type: ignore[index]
                    parent[find(event_id)] = find(first_with_date[date[:k]])  # type: ignore[index]
    clusters: dict[str, list[str]] = defaultdict(list)
    for event in events:
        clusters[find(event.event_id)].append(event.event_id)
    return {eid: stable_id("evc", min(ids)) for ids in clusters.values() for eid in ids}
