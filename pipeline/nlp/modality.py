"""Modality of an event mention: asserted, negated, planned (future, intention) or hypothetical (condition, modal).

Looks at the trigger, its predicate verb and the verbs above them in the same sentence: a negation
("did not sign", "no talks", "never met", "failed to"), a future or intention ("will hold", "plans to",
"is set to", "planned summit"), a condition or possibility ("if X were to join", "could", "might"). The
word classes are the `negation` and `modality` sections of pipeline/knowledge/language.yaml.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.knowledge.language import LanguageLexicon, Modality, language
from pipeline.nlp.tokens import lemma

COMPLEMENT_DEPS = {"xcomp", "ccomp", "pcomp", "prep", "pobj", "conj", "acl", "dobj", "appos"}


def _chain(trigger: Token, predicate: Token | None, max_up: int = 4) -> list[Token]:
    """The trigger, its predicate and the verbs governing them (through xcomp/conj/ccomp), nearest first."""
    chain = [trigger]
    if predicate is not None and predicate != trigger:
        chain.append(predicate)
    token = chain[-1]
    for _ in range(max_up):
        if (
            token.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "acomp")
            or token.head == token
        ):
            break
        token = token.head
        chain.append(token)
    return chain


def _in_case_of(trigger: Token, words: Modality) -> bool:
    """ "in (the) case of a war", "in the event of an attack": a condition, not an occurrence."""
    head = trigger.head
    if trigger.dep_ != "pobj" or head.lower_ != "of":
        return False
    noun = head.head
    return noun.lemma_.lower() in words.case_nouns and noun.dep_ == "pobj" and noun.head.lower_ == "in"


def _attitude(verb: Token, words: Modality) -> bool:
    """A verb expressing a view of a noun event ("will not oppose US sanctions"): its negation, tense and mood
    are the viewer's, not the event's (unlike "did not hold talks")."""
    return lemma(verb) in words.attitude_verbs


NEGATOR_DEPS = {"neg", "advmod", "det", "preconj", "punct"}  # "n’t" is sometimes parsed as punctuation


def negates(child: Token, negators: frozenset[str]) -> bool:
    """A dependent that negates its head: the parser's `neg`, or a negator word ("not", "n’t", "no", "never")
    attached to it as a modifier."""
    return child.dep_ == "neg" or (child.lower_ in negators and child.dep_ in NEGATOR_DEPS)


def _has_negation(token: Token, negators: frozenset[str]) -> bool:
    return any(negates(c, negators) for c in token.children)


def _complement_mood(trigger: Token, lex: LanguageLexicon, max_up: int = 6) -> str | None:
    """The mood a governing word gives the event in its complement: the content of a demand or an allegation
    ("urged X to agree", "accused X of supplying"), a denial ("denies arming", "refused to sign"), an infinitive
    of a noun of ability or intention ("no power to settle", "a plan to withdraw")."""
    below, token = trigger, trigger.head
    for _ in range(max_up):
        if below.dep_ not in COMPLEMENT_DEPS or token == below:
            return None
        if (
            token.pos_ == "VERB" and below.dep_ != "conj" and below.i > token.i
        ):  # a complement follows its verb
            if lemma(token) in lex.modality.directive_verbs:
                return "hypothetical"
            if lemma(token) in lex.negation.denying_verbs and below.dep_ in ("xcomp", "pcomp", "ccomp", "dobj"):
                return "negated"
        if below.dep_ == "acl" and token.pos_ == "NOUN" and lemma(token) in lex.modality.noun_moods:
            return lex.modality.noun_moods[lemma(token)]
        if below.dep_ == "pobj" and token.lower_ == "of" and lemma(token.head) in lex.modality.hearsay_nouns:
            claim = token.head  # "claims of a blockade": claimed; "dismissed claims of a blockade": denied
            denied = claim.head.pos_ == "VERB" and lemma(claim.head) in lex.negation.denying_verbs
            return "negated" if denied else "hypothetical"
        if below.dep_ == "pcomp" and token.lower_ in ("of", "than"):
            near = {token.head.lower_} | {c.lower_ for c in token.children}
            if near & {"instead", "rather"}:
                return "negated"  # "instead of condemning X", "rather than sanctioning X"
        below, token = token, token.head
    return None


def _reported_future(token: Token, words: Modality) -> bool:
    """ "would" in the clause of a verb of saying is a reported "will": "said it would hold talks"."""
    while token.dep_ in ("conj", "xcomp") and token.head != token:
        token = token.head
    return token.dep_ == "ccomp" and lemma(token.head) in words.speech_verbs


def modality(trigger: Token, predicate: Token | None = None, lexicon: LanguageLexicon | None = None) -> str:
    """One of asserted, negated, planned, hypothetical (word classes from `lexicon`, default language()).

    A noun trigger that is the subject of its predicate is not negated by it ("the talks did not touch on X"
    still reports talks)."""
    lex = lexicon or language()
    words = lex.modality
    chain = _chain(trigger, predicate)
    subject_noun = trigger.pos_ != "VERB" and trigger.dep_ in ("nsubj", "csubj")
    if _in_case_of(trigger, words):
        return "hypothetical"
    for token in chain:
        if any(c.dep_ == "mark" and c.lower_ in words.condition_marks for c in token.children):
            return "hypothetical"
        if token.dep_ == "advcl" and any(c.lower_ in words.condition_marks for c in token.children):
            return "hypothetical"
        if token.pos_ in ("VERB", "AUX") and any(  # "the two sides will start talks if either side ..."
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
            for c in token.children
        ):
            return "hypothetical"
    complement = _complement_mood(trigger, lex)
    if complement is not None:
        return complement
    for below, token in zip([None, *chain], chain, strict=False):
        if (subject_noun and token != trigger) or (below is not None and below.dep_ in ("conj", "advcl")):
            break  # a negated neighbour clause ("X did not sign, and Y met Z") does not negate this event
        if below is not None and below == trigger and trigger.pos_ != "VERB" and _attitude(token, words):
            break  # "will not oppose US sanctions" negates the opposing, not the sanctions
        if _has_negation(token, lex.negation.negators):
            return "negated"
        if token != trigger and token.lemma_.lower() in lex.negation.negating_verbs:
            return "negated"
    for below, token in zip([None, *chain], chain, strict=False):
        if below == trigger and trigger.pos_ != "VERB" and _attitude(token, words):
            break  # "will oppose US sanctions": the sanctions are not planned
        if below is not None and below.dep_ == "conj" and below.tag_ in ("VBD", "VBZ", "VBP"):
            break  # a finite verb has its own tense: "talks that would place X ... and accused Y"
        auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if auxes & {"would", "'d"} and _reported_future(token, words):
            return "planned"
        if auxes & words.hypothetical_aux:
            return "hypothetical"
        if auxes & words.future_aux or "going" in auxes:
            return "planned"
        if token.dep_ == "ROOT" and "to" in auxes:  # headline style: "Germany to halve aid"
            return "planned"
        governs = (
            below is not None and below.head == token and below.dep_ in ("xcomp", "ccomp", "acomp", "dobj")
        )
        if governs and token.lemma_.lower() in words.proposing_verbs:
            return "hypothetical"
        if governs and token.lemma_.lower() in words.planning_verbs:
            return "planned"
    if any(c.lower_ in words.planning_modifiers for c in trigger.children if c.dep_ in ("amod", "compound")):
        return "planned"
    return "asserted"
