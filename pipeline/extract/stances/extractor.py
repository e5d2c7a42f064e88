"""Stances: who holds which position on what (support | oppose | neutral), and the sentence that says so.

Two sources of stances per sentence:
- attributed: a cue (reporting verb, stance verb, intent verb with its complement, "views X as", an emotion
  caused in an actor, a stance noun, "according to X") whose holder is an actor mention in the cue's subject
  (or a pronoun / title / "both countries" resolved to earlier mentions);
- authorial: the article's own evaluative claims (conclusion markers, hedges, modals, evaluative words), held by
  the document's author actor, only when the sentence carries a clear polarity.
Targets are canonical topics (pipeline/knowledge/topics.yaml) and/or actors in the cue's complement.
The word lists come in as a `StanceLexicon` (pipeline/knowledge/stances.py: stance_cues.yaml and topics.yaml) and a
`LanguageLexicon` (language.yaml), passed down to every function that reads words as one `StanceWords`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from pipeline.core.model import DocumentContext, Mention, Sentence, stable_id
from pipeline.extract.stances import polarity as pol
from pipeline.extract.stances.polarity import StanceWords
from pipeline.extract.stances.topics import TopicMatch, find_topics
from pipeline.knowledge.language import Bylines, LanguageLexicon
from pipeline.knowledge.language import language as default_language
from pipeline.knowledge.stances import StanceLexicon, default_lexicon
from pipeline.nlp.attribution import resolve_holders, subject_tokens
from pipeline.nlp.bylines import is_agency, voice_actors
from pipeline.nlp.mentions import mentions_in_tokens

EXTRACTOR = "stances/1.0"
MAX_TARGET_WORDS = 12
CONFIDENCE = {"stance": 0.8, "intent": 0.7, "experiencer": 0.7, "perception": 0.65, "nominal": 0.6,
              "reporting": 0.7, "according": 0.7}  # fmt: skip
CONTINUED_QUOTE = "quotation (continued)"  # the cue of a quoted sentence that continues its speaker's quotation
TARGET_WORD_BUCKET = 6  # target lengths the model tells apart: 1, 2, ... 6 or more words
QUOTE_CARRY = 2  # sentences a quotation's speaker carries over to unattributed quoted sentences
OPEN_QUOTES = {"“", "«", "„"}
CLOSE_QUOTES = {"”", "»"}
QUOTES = {"“", "”", '"', "‘", "’"}


@dataclass
class Stance:
    stance_id: str
    doc_id: str
    sentence_id: str
    char_start: int
    char_end: int
    holder_actor_id: str | None
    holder_kind: str  # actor | author
    target_actor_id: str | None
    target_topic: str | None
    target_text: str
    polarity: str  # support | oppose | neutral
    attributed: bool
    cue: str
    confidence: float
    evidence: str
    extractor: str


@dataclass
class Cue:
    kind: str  # stance | intent | perception | experiencer | nominal | reporting | according
    token: Token
    text: str
    lexical: str  # lexical polarity of the cue word (neutral for reporting verbs)
    holder_tokens: list[Token]
    complement: list[Token]


@dataclass
class Target:
    actor_id: str | None
    topic: TopicMatch | None
    text: str
    negated: bool = False


# ----------------------------------------------------------------------------------------------- authors


def author_actor_id(ctx: DocumentContext, bylines: Bylines) -> str | None:
    """The actor id of the article's voice (its author, or the outlet of an unsigned piece), or None when the
    document has no (real) author name (`bylines`: language.yaml).
    Read as the actors extractor read it (pipeline/nlp/bylines.py), with the actors it registered, so both
    tables agree."""
    return next((actor.actor_id for actor in voice_actors(ctx.info, ctx.actors, bylines)), None)


def _is_agency(ctx: DocumentContext, bylines: Bylines) -> bool:
    return any(is_agency(a, bylines) for a in ctx.info.voices)


# ----------------------------------------------------------------------------------------------- cues


def _subtree_without(token: Token, exclude: set[int]) -> list[Token]:
    return [t for t in token.subtree if t.i not in exclude]


def _clean_subject(tokens: list[Token]) -> list[Token]:
    """Drop relative clauses and appositive clauses from a subject phrase ("the tariff, which angered X")."""
    drop: set[int] = set()
    for t in tokens:
        if t.dep_ in {"relcl", "acl", "advcl"} or (t.dep_ == "appos" and t.head.ent_type_):
            drop.update(s.i for s in t.subtree)
    return [t for t in tokens if t.i not in drop]


def _phrasal(token: Token, lex: StanceWords) -> str | None:
    """'rule out', 'call for', 'point out', 'push back' as one key."""
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ == "for"):
            return f"{pol.lemma(token, lex)} {child.lower_}"
    return None


def _verb_kind(token: Token, lex: StanceWords) -> tuple[str, str] | None:
    cues = lex.cues
    key = pol.lemma(token, lex)
    phrase = _phrasal(token, lex)
    if phrase and phrase in cues.stance_verbs:
        return "stance", cues.stance_verbs[phrase]
    if key in cues.commitment_verbs and not any(
        c.dep_ == "prep" and c.lower_ in cues.commitment_preps for c in token.children
    ):
        return None  # "agreed to launch talks", "agreed on a package": an event, not a position
    xcomp = [c for c in token.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}]
    if key in cues.intent_verbs and xcomp:
        return "intent", cues.intent_verbs[key]
    if key in cues.perception_verbs and _judges(token, lex):
        return "perception", pol.NEUTRAL
    if key in cues.experiencer_verbs and any(c.dep_ in {"dobj", "prep"} for c in token.children):
        return "experiencer", cues.experiencer_verbs[key]
    if key in cues.stance_verbs and key not in {"call", "push", "rule", "point"}:
        return "stance", cues.stance_verbs[key]
    if key in lex.reporting and _reports_content(token, lex):
        return "reporting", pol.NEUTRAL
    return None


def _judges(token: Token, lex: StanceWords) -> bool:
    """'views X as Y', 'considers X to be Y', 'labels X its Y': a perception verb with a judging complement
    ('take', 'view'... judge only with 'as'/'like': "take six months" judges nothing)."""
    as_only = pol.lemma(token, lex) in lex.cues.as_only_perception
    return any(
        (c.dep_ in {"prep", "oprd"} and c.lower_ in {"as", "like"})
        or (not as_only and c.dep_ in {"ccomp", "xcomp", "oprd"})
        for c in token.children
    )


def _reports_content(token: Token, lex: StanceWords) -> bool:
    """A reporting verb that introduces content: a clause, a quote, or 'talk about / warn of' something."""
    for child in token.children:
        if child.dep_ in {"ccomp", "parataxis"} or (
            child.dep_ == "prep"
            and child.lower_ in lex.cues.about_preps
            and pol.lemma(token, lex) in lex.cues.speech_prep_verbs
        ):
            return True
        if child.dep_ == "mark" and child.lower_ == "as" and token.dep_ == "advcl":
            return True  # "as X said, ..." reports the main clause
    return token.dep_ in {"parataxis"} or (
        token.dep_ == "advcl" and token.head.dep_ == "ROOT" and any(t.text in QUOTES for t in token.sent)
    )


def _verb_cue(token: Token, sentence: Span, lex: StanceWords) -> Cue | None:
    kind_pol = _verb_kind(token, lex)
    if kind_pol is None:
        return None
    kind, lexical = kind_pol
    if kind == "experiencer":
        holder = [t for c in token.children if c.dep_ == "dobj" for t in c.subtree]
        holder += [
            t for c in token.children if c.dep_ == "prep" and c.lower_ in {"in", "among"} for t in c.subtree
        ]
        subject, _ = subject_tokens(token)
        exclude = {t.i for t in holder} | {token.i}
        complement = [t for t in subject if t.i not in exclude]
    else:
        holder, _ = subject_tokens(token)
        holder = _clean_subject(holder)
        exclude = {t.i for t in holder} | {token.i}
        complement = _subtree_without(token, exclude)
        as_clause = token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in token.children
        )
        if kind == "reporting" and (as_clause or (token.dep_ in {"ROOT", "parataxis"} and not any(
            c.dep_ in {"ccomp", "xcomp", "dobj", "prep"} for c in token.children
        ))):  # fmt: skip
            complement = [t for t in sentence if t.i not in exclude and t not in list(token.subtree)]
    text = _phrasal(token, lex) or token.text
    return Cue(kind, token, text, lexical, holder, complement)


def _nominal_cue(token: Token, lex: StanceWords) -> Cue | None:
    cues = lex.cues
    key = pol.lemma(token, lex)
    if token.pos_ != "NOUN" or key not in cues.nominal_cues:
        return None
    if _verb_kind(token.head, lex) is not None and token.dep_ in {"dobj", "pobj", "nsubjpass"}:
        return None  # the noun is what another cue is about ("rejected US accusations")
    holder: list[Token] = []
    for child in token.children:
        named = child.dep_ in {"poss", "amod", "compound"} and child.ent_type_ in {
            "NORP",
            "GPE",
            "ORG",
            "PERSON",
        }
        if named or (child.dep_ == "prep" and child.lower_ in {"from", "by", "among", "in", "within"}):
            holder.extend(child.subtree)
    head = token.head
    if not holder and token.dep_ in {"dobj", "attr"} and pol.lemma(head, lex) in cues.nominal_verbs:
        holder, _ = subject_tokens(head)
        holder = _clean_subject(holder)
    if not holder and pol.lemma(head, lex) in cues.cause_verbs:
        holder = [
            t for c in head.children if c.dep_ == "prep" and c.lower_ in cues.holder_preps for t in c.subtree
        ]
    if not holder:
        return None
    exclude = {t.i for t in holder} | {token.i}
    complement = [
        t
        for c in token.children
        if (c.dep_ == "prep" and c.lower_ in {"to", "against", "of", "over", "for", "toward", "towards"})
        or c.dep_ in {"acl", "relcl"}
        for t in c.subtree
    ]
    if pol.lemma(head, lex) in cues.cause_verbs:
        complement += [t for c in head.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree]
    complement = [t for t in complement if t.i not in exclude]
    return Cue("nominal", token, token.text, cues.nominal_cues[key], holder, complement)


def _according_cues(sentence: Span, lex: StanceWords) -> list[Cue]:
    """'according to X', 'from the viewpoint of X', 'in the eyes of X' (holder = the object of the phrase)."""
    cues: list[Cue] = []
    low = sentence.text.lower()
    for phrase in lex.cues.holder_phrases:
        if phrase not in low:
            continue  # cheap test first: the regex needs the phrase itself
        for hit in _word_pattern(phrase).finditer(low):
            end_char = sentence.start_char + hit.end()
            prep = next((t for t in sentence if t.idx + len(t.text) == end_char), None)
            if prep is None:
                continue
            holder = [t for c in prep.children if c.dep_ == "pobj" for t in c.subtree]
            if not holder:
                continue
            exclude = {t.i for t in holder} | {
                t.i for t in sentence if t.idx < end_char and t.idx >= sentence.start_char + hit.start()
            }
            complement = [t for t in sentence if t.i not in exclude]
            cues.append(
                Cue(
                    "according", prep, sentence.text[hit.start() : hit.end()], pol.NEUTRAL, holder, complement
                )
            )
    return cues + _opinion_cues(sentence, lex)


def _opinion_cues(sentence: Span, lex: StanceWords) -> list[Cue]:
    """'In Chinese public opinion, ...', "in Moscow's view, ...": the holder is written inside the phrase."""
    cues: list[Cue] = []
    for pattern in lex.cues.holder_phrase_patterns:
        for hit in pattern.finditer(sentence.text):
            start, end = sentence.start_char + hit.start(), sentence.start_char + hit.end()
            inside = [t for t in sentence if start <= t.idx < end]
            if not inside:
                continue
            complement = [t for t in sentence if t.idx >= end or t.idx < start]
            cues.append(Cue("according", inside[0], hit.group(0), pol.NEUTRAL, inside, complement))
    return cues


def _feeling_cue(token: Token, lex: StanceWords) -> Cue | None:
    """'X felt threatened', 'each returned home satisfied': an emotion adjective predicated of the subject."""
    if token.dep_ not in {"acomp", "oprd", "advcl", "xcomp", "ccomp"} or token.tag_ not in {"JJ", "VBN"}:
        return None
    experiencer = lex.cues.experiencer_verbs
    feeling = experiencer.get(pol.lemma(token, lex)) or experiencer.get(_deverbal(token.lower_, lex))
    if feeling is None:
        return None
    holder, _ = subject_tokens(token.head)
    holder = _clean_subject(holder)
    if not holder:
        return None
    exclude = {t.i for t in holder} | {token.i}
    complement = [t for t in token.head.subtree if t.i not in exclude]
    return Cue("experiencer", token, token.text, feeling, holder, complement)


def _deverbal(word: str, lex: StanceWords) -> str:
    for suffix, repl in (("ied", "y"), ("ened", "en"), ("ed", "e"), ("ed", "")):
        if word.endswith(suffix):
            candidate = word[: -len(suffix)] + repl
            if candidate in lex.cues.experiencer_verbs:
                return candidate
    return word


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [t for c in token.children if c.dep_ == "prep" and c.lower_ in preps for t in c.subtree]


def _role_cue(token: Token, lex: StanceWords) -> Cue | None:
    """'X has become a partner to Y', 'X remains a fierce critic of Y': a relational role of the subject."""
    polarity = lex.cues.relational_roles.get(pol.lemma(token, lex))
    if polarity is None or token.dep_ != "attr":
        return None
    if pol.lemma(token.head, lex) not in {"be", "become", "remain"}:
        return None
    complement = _prep_objects(token, {"to", "of", "for", "against"})
    if not complement:
        return None  # "X and Y are close partners" names no target
    holder, _ = subject_tokens(token.head)
    return Cue("stance", token, token.text, polarity, _clean_subject(holder), complement)


def _position_cue(token: Token, lex: StanceWords) -> Cue | None:
    """'X took a joint position on Y', 'X has a firm stand against Y': polarity from what the position is on."""
    if pol.lemma(token, lex) not in {"position", "stand", "stance", "line"} or token.dep_ != "dobj":
        return None
    if pol.lemma(token.head, lex) not in {"take", "adopt", "hold", "have", "share"}:
        return None
    complement = _prep_objects(token, {"on", "against", "toward", "towards", "over"})
    if not complement:
        return None
    against = any(c.dep_ == "prep" and c.lower_ == "against" for c in token.children)
    polarity = pol.OPPOSE if against else pol.content_polarity(complement, lex)[0]
    holder, _ = subject_tokens(token.head)
    return Cue(
        "stance", token, f"{token.head.text} ... {token.text}", polarity, _clean_subject(holder), complement
    )


def find_cues(sentence: Span, lex: StanceWords) -> list[Cue]:
    """All stance cues of a sentence; an intent verb absorbs the cue of its complement verb."""
    cues: list[Cue] = _according_cues(sentence, lex)
    for token in sentence:
        cue = _feeling_cue(token, lex) or _role_cue(token, lex) or _position_cue(token, lex)
        if cue is None:
            cue = _verb_cue(token, sentence, lex) if token.pos_ == "VERB" else _nominal_cue(token, lex)
        if cue is not None:
            cues.append(cue)
    absorbed = {c.i for cue in cues if cue.kind == "intent" for c in cue.token.children if c.dep_ == "xcomp"}
    return [c for c in cues if c.token.i not in absorbed]


# ----------------------------------------------------------------------------------------------- targets


def _span_of(tokens: list[Token]) -> tuple[int, int] | None:
    if not tokens:
        return None
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _token_at(sentence: Span, char: int) -> Token | None:
    for t in sentence:
        if t.idx <= char < t.idx + len(t.text):
            return t
    return None


def _topic_negated(sentence: Span, topic: TopicMatch, lex: StanceWords) -> bool:
    token = _token_at(sentence, topic.char_end - 1)
    return token is not None and pol.negated_in_context(token, lex)


def pick_target(
    ctx: DocumentContext, cue: Cue, sentence: Span, holders: list[str], lex: StanceWords
) -> Target | None:
    """The topic and/or actor the cue is about, from its complement (a contrasted topic wins)."""
    bounds = (sentence.start_char, sentence.end_char)
    covered = {t.i for t in cue.complement}
    span = _span_of(cue.complement)
    topics = []
    if span is not None:
        topics = [
            m
            for m in find_topics(ctx, span[0], span[1], lex.topics, bounds)
            if (tok := _token_at(sentence, m.char_start)) is not None and tok.i in covered
        ]
    negated = [m for m in topics if _topic_negated(sentence, m, lex)]
    topic = negated[0] if negated else (topics[0] if topics else None)
    actors = [
        m for m in mentions_in_tokens(ctx, cue.complement) if m.actor_id not in holders and _central(ctx, m, cue)
    ]
    actor = actors[0] if actors else None
    if topic is None and actor is None:
        holder_span = _span_of(cue.holder_tokens) or (0, 0)
        outside = [
            m
            for m in find_topics(ctx, *bounds, lex.topics)
            if m.char_end <= holder_span[0] or m.char_start >= holder_span[1]
        ]
        if outside:  # a topic elsewhere in the sentence says more than a bare object phrase
            return Target(None, outside[0], outside[0].text)
        text = _object_text(cue)
        if len(text.split()) < 2:
            text = " ".join([t.text for t in cue.complement if not t.is_punct][:MAX_TARGET_WORDS])
        if not text or text.lower().strip(" ,.;:") in lex.cues.discourse_fragments:
            return None  # "For its part, X supports ...": a discourse marker is no target
        return Target(None, None, text)
    text = topic.text if topic is not None else actor.text  # type: ignore[union-attr]
    return Target(actor.actor_id if actor else None, topic, text, bool(negated))


def _central(ctx: DocumentContext, mention: Mention, cue: Cue) -> bool:
    """Whether an actor in the cue's complement is what the cue is about: not the doer of a wanted action
    ("wants Poland to slow down": a proposal, not support for Poland) nor a word inside a phrase about something
    else ("an end to quotas on Ukrainian grain": the quotas)."""
    span = ctx.doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    if span is None:
        return True
    token = span.root
    action = token.head  # "wants Poland to slow down": Poland is the subject of an infinitive the cue governs
    infinitive = any(c.dep_ in {"aux", "mark"} and c.lower_ == "to" for c in action.children)
    if token.dep_ == "nsubj" and action.dep_ in {"ccomp", "xcomp"} and action.head == cue.token and infinitive:
        return False
    if token.dep_ == "dobj" and token.head == cue.token and any(c.dep_ == "xcomp" for c in cue.token.children):
        return False
    while token.head != token and token != cue.token and token.head != cue.token:
        if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in {"NOUN", "PROPN"}:
            return token.head.head.i in {t.i for t in span} or token.head.head == cue.token
        token = token.head
    return True


def _undone(cue: Cue, lex: StanceWords) -> bool:
    """The cue's object undoes what follows it: "demanded an end to the quotas", "called for the lifting of
    sanctions" (a position against the quotas, the sanctions)."""
    objects = [c for c in cue.token.children if c.dep_ in {"dobj", "attr"}]
    objects += [p for c in cue.token.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return any(
        pol.lemma(o, lex) in lex.cues.reduction_nouns and any(c.dep_ == "prep" for c in o.children) for o in objects
    )


def _object_text(cue: Cue) -> str:
    """A short phrase for a target that is neither a topic nor an actor (the cue's object)."""
    holder = {t.i for t in cue.holder_tokens}
    if cue.token.dep_ in {"acl", "relcl"} and cue.token.head.pos_ in {"NOUN", "PROPN"}:
        clause = {t.i for t in cue.token.subtree}  # "the price demanded by X" is about the price
        words = [t.text for t in cue.token.head.subtree if t.i not in clause][:MAX_TARGET_WORDS]
        return " ".join(words).strip(" ,.;:")
    for child in cue.token.children:
        if child.dep_ in {"dobj", "pobj", "attr", "ccomp", "xcomp", "prep", "oprd"} and child.i not in holder:
            words = [t.text for t in child.subtree][:MAX_TARGET_WORDS]
            text = " ".join(words).strip(" ,.;:")
            if len(text) > 2:
                return text
    return ""


# ----------------------------------------------------------------------------------------------- polarity


def cue_polarity(cue: Cue, target: Target, lex: StanceWords) -> str:
    """Polarity of the holder toward the target, with negation and contrast applied."""
    if target.negated and cue.lexical != pol.OPPOSE:
        return pol.OPPOSE
    if cue.kind in {"stance", "experiencer", "nominal"}:
        base = cue.lexical
        if cue.kind == "stance":
            return pol.flip(base, lex) if pol.is_negated_in_chain(cue.token, lex) else base
        return _negated_head(base, cue.token, lex)
    if cue.kind == "intent":
        return _intent_polarity(cue, lex)
    if cue.kind == "perception":
        judged = [
            t
            for c in cue.token.children
            if c.lower_ in {"as", "like"} or c.dep_ in {"ccomp", "xcomp", "oprd"}
            for t in c.subtree
        ]
        # negation of the verb is already applied to the judged words
        found, _ = pol.content_polarity(judged, lex)
        return found
    return _reported_polarity(cue, lex)


def _negated_head(base: str, token: Token, lex: StanceWords) -> str:
    head = token.head if token.pos_ == "NOUN" else token
    return pol.flip(base, lex) if pol.is_negated(head, lex) or pol.is_negated(token, lex) else base


def _intent_polarity(cue: Cue, lex: StanceWords) -> str:
    inner_verb = next((c for c in cue.token.children if c.dep_ == "xcomp"), None)
    if inner_verb is None:
        return pol.apply_negation(cue.lexical, cue.token, lex)
    inner = (
        pol.OPPOSE
        if pol.lemma(inner_verb, lex) in lex.cues.reduction_verbs
        else lex.cues.stance_verbs.get(pol.lemma(inner_verb, lex), pol.SUPPORT)
    )
    if pol.is_negated(inner_verb, lex):
        inner = pol.OPPOSE if inner == pol.SUPPORT else pol.SUPPORT
    if cue.lexical == pol.OPPOSE:
        inner = pol.OPPOSE if inner == pol.SUPPORT else pol.SUPPORT
    return pol.flip(inner, lex) if pol.is_negated(cue.token, lex) else inner


def _reported_polarity(cue: Cue, lex: StanceWords) -> str:
    for token in cue.complement:
        if token.pos_ == "VERB" and token.dep_ in {"ccomp", "xcomp", "ROOT", "conj"}:
            inner = lex.cues.stance_verbs.get(pol.stance_key(token, lex))
            if inner:
                return pol.apply_negation(inner, token, lex)
    main = _main_clause(cue.complement)
    found, seen = pol.content_polarity(main, lex)
    roots = [t for t in main if t.head.i not in {m.i for m in main} or t.head == t]
    if not seen and any(pol.is_negated(t, lex) for t in roots if t.pos_ in {"VERB", "AUX"}):
        return pol.OPPOSE  # "... simply do not exist," said X
    return found


def _main_clause(tokens: list[Token]) -> list[Token]:
    """Tokens outside relative/adverbial clauses: what is asserted, not the background."""
    ids = {t.i for t in tokens}
    kept = []
    for token in tokens:
        chain = [token]
        while chain[-1].head.i in ids and chain[-1].head != chain[-1]:
            chain.append(chain[-1].head)
        if not any(t.dep_ in {"relcl", "advcl", "acl"} for t in chain[:-1]):
            kept.append(token)
    return kept


# ----------------------------------------------------------------------------------------------- authorial


@lru_cache(maxsize=4096)
def _word_pattern(phrase: str) -> re.Pattern[str]:
    """`phrase` as a whole-word regex (compiled once)."""
    return re.compile(rf"\b{re.escape(phrase)}\b")


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """`phrase` (lower-cased) not glued to a word or hyphen on either side (compiled once)."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase.lower())}(?![\w-])")


def _has(text: str, phrases: tuple[str, ...]) -> list[str]:
    low = f" {text.lower()} "
    return [p for p in phrases if p.lower() in low and _phrase_pattern(p).search(low)]


def authorial_score(sentence: Span, in_conclusion: bool, lex: StanceWords) -> tuple[int, str]:
    """Evidence that a sentence is the author's own evaluative claim, and the strongest cue phrase."""
    cfg = lex.cues.authorial
    text = sentence.text
    score, cue = 0, ""
    opening = " ".join(t.lower_ for t in sentence[:4])
    markers = [m for m in cfg.conclusion_markers if _word_pattern(m).search(opening)]
    if markers:
        score += 2
        cue = markers[0]
    elif in_conclusion:
        score += 1
        cue = "concluding section"
    hedges = _has(text, cfg.hedges)
    if hedges:
        score += 1
        cue = cue or hedges[0]
    modals = [t for t in sentence if t.lower_ in cfg.modals and t.tag_ == "MD"]
    if modals:
        score += 1 + int(any(t.head == sentence.root for t in modals))  # a prescriptive main clause
        cue = cue or modals[0].text
    quoted = _quoted_tokens(sentence)
    evaluative = [
        t for t in sentence if _is_evaluation(t, lex) and t.i not in quoted
    ]  # quoted words are someone's
    if evaluative:
        # "Pakistan is hardly blameless"
        predicate = any(_judges_subject(t, sentence, lex) for t in evaluative)
        score += min(2, len(evaluative) + int(predicate))
        cue = cue or evaluative[0].text
    if any(t.lower_ in cfg.intensifiers for t in sentence):
        score += 1
    return score, cue


def _quoted_tokens(sentence: Span) -> set[int]:
    """Token indices inside quotation marks within the sentence ('rejected the ruling as "illegal and void"')."""
    inside, out = False, set()
    for token in sentence:
        if token.text in OPEN_QUOTES or token.text in CLOSE_QUOTES or token.text == '"':
            inside = token.text in OPEN_QUOTES or (token.text == '"' and not inside)
        elif inside:
            out.add(token.i)
    return out


def _judges_subject(token: Token, sentence: Span, lex: StanceWords) -> bool:
    """An evaluative predicate of the sentence's main copula: "X is a mistake", "X is reckless"."""
    head = token.head
    if token.dep_ not in {"acomp", "attr"} or head.lemma_ != "be" or sentence.root not in {head, head.head}:
        return False
    subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return bool(subjects) and subjects[0].lower_ not in lex.cues.authorial.expletive_subjects


def _is_evaluation(token: Token, lex: StanceWords) -> bool:
    """An evaluative adjective/adverb used to judge ("is unwise", "developed smoothly", "extremely reasonable");
    attributive adjectives only count when intensified or strong ("natural resources" is description)."""
    if token.pos_ == "NOUN" and token.dep_ == "attr" and token.head.lemma_ == "be":  # "the move is a mistake"
        return (
            pol.lemma(token, lex) in lex.cues.authorial.judgment_nouns
            and pol.word_polarity(token, lex) != pol.NEUTRAL
        )
    if token.pos_ not in {"ADJ", "ADV"} or pol.word_polarity(token, lex) == pol.NEUTRAL:
        return False
    if token.dep_ != "amod":
        return True
    authorial = lex.cues.authorial
    return pol.lemma(token, lex) in authorial.strong_evaluatives or any(
        c.lower_ in authorial.intensifiers for c in token.children
    )


def _is_heading(sentence: Sentence, span: Span) -> bool:
    return len(span) <= 10 and not sentence.text.rstrip().endswith((".", "!", "?", "”", '"'))


def _conclusion_heading(text: str, lex: StanceWords) -> bool:
    return bool(_has(text, lex.cues.authorial.conclusion_headings))


def _authorial_target(ctx: DocumentContext, sentence: Span, lex: StanceWords) -> Target | None:
    topics = find_topics(ctx, sentence.start_char, sentence.end_char, lex.topics)
    mentions = ctx.mentions_in(sentence.start_char, sentence.end_char)
    if not topics and not mentions:
        subject = next((c for c in sentence.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        words = [t.text for t in subject.subtree][:MAX_TARGET_WORDS] if subject is not None else []
        return Target(None, None, " ".join(words)) if words else None
    topic = topics[0] if topics else None
    actor = mentions[0] if mentions else None
    negated = [m for m in topics if _topic_negated(sentence, m, lex)]
    if negated:
        topic = negated[0]
    text = topic.text if topic is not None else actor.text  # type: ignore[union-attr]
    return Target(actor.actor_id if actor else None, topic, text, bool(negated))


# ----------------------------------------------------------------------------------------------- assembly


def _row(ctx: DocumentContext, sentence: Sentence, cue_span: tuple[int, int], holder: str | None, kind: str,
         target: Target, polarity: str, attributed: bool, cue: str, confidence: float) -> Stance:  # fmt: skip
    return Stance(
        stance_id=stable_id("stn", ctx.doc_id, sentence.sentence_id, cue_span[0], holder, kind, target.text),
        doc_id=ctx.doc_id,
        sentence_id=sentence.sentence_id,
        char_start=cue_span[0],
        char_end=cue_span[1],
        holder_actor_id=holder,
        holder_kind=kind,
        target_actor_id=target.actor_id,
        target_topic=target.topic.topic_id if target.topic else None,
        target_text=target.text,
        polarity=polarity,
        attributed=attributed,
        cue=cue,
        confidence=round(confidence, 3),
        evidence=sentence.text,
        extractor=EXTRACTOR,
    )


def _attributed(ctx: DocumentContext, sentence: Sentence, span: Span, lex: StanceWords) -> list[Stance]:
    rows: list[Stance] = []
    seen: set[tuple[str, str]] = set()
    for cue in find_cues(span, lex):
        if _prescribed(cue.token, lex):
            continue  # "they should press both capitals": the writer's recommendation, not their stance
        if len(cue.holder_tokens) == 1 and cue.holder_tokens[0].lower_ in lex.cues.first_person:
            continue  # "we expect ..." inside a quotation: the quote's speaker holds it (reporting cue)
        holders = resolve_holders(ctx, cue.holder_tokens, span, lex.language.reference)
        if not holders:
            continue
        target = pick_target(ctx, cue, span, holders, lex)
        if target is None:
            continue
        polarity = cue_polarity(cue, target, lex)
        if _undone(cue, lex) and polarity != pol.NEUTRAL:
            polarity = pol.flip(polarity, lex)
        if cue.kind == "according" and polarity == pol.NEUTRAL:
            continue  # "trade fell 5%, according to the IMF": a source of a fact, not a position
        named = bool(mentions_in_tokens(ctx, cue.holder_tokens))
        confidence = (
            CONFIDENCE[cue.kind]
            - (0 if named else 0.1)
            - (0.1 if target.topic is None and target.actor_id is None else 0)
        )
        cue_span = (cue.token.idx, cue.token.idx + len(cue.token.text))
        for holder in holders:
            key = (holder, target.text)
            if key in seen or (holder == target.actor_id and target.topic is None):
                continue
            seen.add(key)
            rows.append(
                _row(ctx, sentence, cue_span, holder, "actor", target, polarity, True, cue.text, confidence)
            )
    return rows


def _prescribed(token: Token, lex: StanceWords) -> bool:
    """A cue verb under a deontic modal ("should press", "must reject", "ought to back")."""
    modals = lex.cues.authorial.modals - {"need"}
    return token.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in modals for c in token.children)


def _authorial_polarity(span: Span, lex: StanceWords) -> str:
    """Net evaluation of the sentence; a negated main clause ("nobody should expect ...") reverses it."""
    tokens = list(span)
    found, _ = pol.content_polarity(tokens, lex)
    already = any(pol.word_polarity(t, lex) != pol.NEUTRAL and pol.negated_in_context(t, lex) for t in tokens)
    if pol.is_negated(span.root, lex) and not already:
        return pol.OPPOSE if found in {pol.SUPPORT, pol.NEUTRAL} else pol.NEUTRAL
    return found


def _authorial(
    ctx: DocumentContext,
    sentence: Sentence,
    span: Span,
    in_conclusion: bool,
    author: str | None,
    other_voice: bool,
    lex: StanceWords,
) -> Stance | None:
    """The author's own claim in this sentence, if the sentence evaluates clearly enough.

    A sentence already given to another voice (speech, perception, emotion) needs one more point of evidence,
    and so does a sentence whose evaluation has no clear direction (kept as neutral).
    """
    if _is_heading(sentence, span) or sentence.text.rstrip().endswith("?"):
        return None
    score, cue = authorial_score(span, in_conclusion, lex)
    cfg = lex.cues.authorial
    threshold = cfg.min_score_agency if _is_agency(ctx, lex.language.bylines) else cfg.min_score
    if score < threshold + int(other_voice):
        return None
    target = _authorial_target(ctx, span, lex)
    if target is None:
        return None
    polarity = pol.OPPOSE if target.negated else _authorial_polarity(span, lex)
    if polarity == pol.NEUTRAL and score < threshold + 2:
        return None
    start = span.start_char
    confidence = min(0.8, 0.3 + 0.1 * score)
    return _row(
        ctx, sentence, (start, sentence.char_end), author, "author", target, polarity, False, cue, confidence
    )


def _is_voice(row: Stance, span: Span, lex: StanceWords) -> bool:
    """Whether an attributed stance gives the sentence to someone else's voice (speech, opinion, emotion)."""
    token = next((t for t in span if t.idx == row.char_start), None)
    if token is None:
        return True
    key = pol.lemma(token, lex)
    return (
        key in lex.reporting
        or key in lex.cues.perception_verbs
        or key in lex.cues.experiencer_verbs
        or key in lex.cues.nominal_cues
        or (token.pos_ not in {"VERB"})
    )


def _has_quote(text: str) -> bool:
    return any(ch in QUOTES for ch in text)


def _quoted_sentences(ctx: DocumentContext) -> list[bool]:
    """Per sentence ordinal: whether the sentence opens inside a quotation (or with an opening quote mark)."""
    states: list[bool] = []
    inside = False
    for sentence in ctx.sentences:
        states.append(inside or sentence.text[:1] in OPEN_QUOTES)
        for ch in sentence.text:
            if ch in OPEN_QUOTES:
                inside = True
            elif ch in CLOSE_QUOTES:
                inside = False
            elif ch == '"':
                inside = not inside
        if "\n" in ctx.info.text[sentence.char_end : sentence.char_end + 2]:
            inside = False  # a quotation never runs across a paragraph without its own marks
    return states


def _is_speech(row: Stance, span: Span, lex: StanceWords) -> bool:
    token = next((t for t in span if t.idx == row.char_start), None)
    return token is not None and (pol.lemma(token, lex) in lex.reporting or token.dep_ == "prep")


def _continued_quote(
    ctx: DocumentContext, sentence: Sentence, span: Span, speakers: list[str], lex: StanceWords
) -> list[Stance]:
    """A quoted sentence without its own speaker continues the previous quotation's speaker(s)."""
    target = _authorial_target(ctx, span, lex)
    if target is None:
        return []
    polarity = pol.OPPOSE if target.negated else _authorial_polarity(span, lex)
    cue_span = (sentence.char_start, sentence.char_end)
    return [
        _row(ctx, sentence, cue_span, h, "actor", target, polarity, True, CONTINUED_QUOTE, 0.5)
        for h in speakers
    ]


def extract_stances(
    ctx: DocumentContext, lexicon: StanceLexicon | None = None, language: LanguageLexicon | None = None
) -> list[Stance]:
    """All attributed and authorial stances of one document, in text order; `lexicon` holds the cue words,
    topics and learned model (default: stance_cues.yaml, topics.yaml and models/stances.json), `language` the
    shared word classes (default: language.yaml). With a model, a stance's confidence is the model's calibrated
    probability, and the model decides which rows are kept when it beat the rules in training."""
    lexicon = lexicon or default_lexicon()
    rows = []
    for row, features in stance_candidates(ctx, lexicon, language):
        if lexicon.model is not None:
            keep, probability = lexicon.model.keeps(features)
            row.confidence = round(probability, 3)
            if lexicon.model.decides and not keep:
                continue
        rows.append(row)
    return rows


def stance_features(ctx: DocumentContext, row: Stance) -> dict[str, float]:
    """What the learned model reads of a stance: its cue, whose voice it is, the holder's kind, the target's
    kind and length, the polarity, a quotation in the sentence, and the rules' own confidence."""
    cue = row.cue.lower()
    if row.attributed and row.char_end - row.char_start == len(row.cue):  # the cue is one word: its lemma
        span = ctx.doc.char_span(row.char_start, row.char_end, alignment_mode="expand")
        cue = " ".join(t.lemma_.lower() for t in span) if span is not None else cue
    voice = "authorial" if not row.attributed else "continued" if row.cue == CONTINUED_QUOTE else "attributed"
    target = "actor" if row.target_actor_id else "topic" if row.target_topic else "text"
    words = len(row.target_text.split())
    features = {
        f"cue={cue}": 1.0,
        f"voice={voice}": 1.0,
        f"holder={_holder_type(row)}": 1.0,
        f"target={target}": 1.0,
        f"target_words={min(words, TARGET_WORD_BUCKET)}": 1.0,
        f"polarity={row.polarity}": 1.0,
        "rule_confidence": row.confidence,
    }
    if _has_quote(row.evidence):
        features["quote"] = 1.0
    return features


def _holder_type(row: Stance) -> str:
    """author, country (ids are ISO3 codes), person, organization, igo, group; none for an unknown author."""
    actor = row.holder_actor_id or ""
    if row.holder_kind == "author" or not actor:
        return row.holder_kind if actor else "none"
    return actor.partition(":")[0] if ":" in actor else "country"


def stance_candidates(
    ctx: DocumentContext, lexicon: StanceLexicon | None = None, language: LanguageLexicon | None = None
) -> list[tuple[Stance, dict[str, float]]]:
    """Every stance the rules find in one document, with the features the learned model reads."""
    return [(row, stance_features(ctx, row)) for row in _rule_stances(ctx, lexicon, language)]


def _rule_stances(
    ctx: DocumentContext, lexicon: StanceLexicon | None = None, language: LanguageLexicon | None = None
) -> list[Stance]:
    """The stances the rules find, in text order, with the rules' confidence."""
    lex = StanceWords.of(lexicon or default_lexicon(), language or default_language())
    author = author_actor_id(ctx, lex.language.bylines)
    rows: list[Stance] = []
    in_conclusion = False
    speakers: tuple[list[str], int] = ([], -1)  # holders of the latest quotation, and its sentence ordinal
    quoted = _quoted_sentences(ctx)
    for sentence in ctx.sentences:
        span = ctx.doc.char_span(sentence.char_start, sentence.char_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if _is_heading(sentence, span):
            in_conclusion = _conclusion_heading(sentence.text, lex)
            continue
        attributed = _attributed(ctx, sentence, span, lex)
        said = [r.holder_actor_id for r in attributed if r.holder_actor_id and _is_speech(r, span, lex)]
        if said and _has_quote(sentence.text):
            speakers = (list(dict.fromkeys(said)), sentence.ordinal)
        elif not said and quoted[sentence.ordinal] and sentence.ordinal - speakers[1] <= QUOTE_CARRY:
            attributed += _continued_quote(ctx, sentence, span, speakers[0], lex)
        rows.extend(attributed)
        other_voice = any(_is_voice(r, span, lex) for r in attributed)
        authorial = _authorial(ctx, sentence, span, in_conclusion, author, other_voice, lex)
        if authorial is not None:
            rows.append(authorial)
    return rows
