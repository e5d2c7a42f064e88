"""Modality of an event mention: asserted, negated, planned (future, intention) or hypothetical (condition, modal).

Looks at the trigger, its predicate verb and the verbs above them in the same sentence: a negation
("did not sign", "no talks", "never met", "failed to"), a future or intention ("will hold", "plans to",
"is set to", "planned summit"), a condition or possibility ("if X were to join", "could", "might").
"""

from __future__ import annotations

from spacy.tokens import Token

NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without"}
NEGATING_VERBS = {"fail", "refrain", "cancel", "postpone", "call off", "abandon", "scrap", "avoid", "stop"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should", "'d", "must"}
PLANNING_VERBS = {
    "plan", "intend", "aim", "seek", "want", "prepare", "schedule", "expect", "propose", "hope", "mean",
    "decide", "agree", "promise", "pledge", "vow", "threaten", "set", "due", "consider", "offer", "wish",
    "try", "attempt", "vote", "resolve", "commit", "go", "ready", "willing", "eager", "keen",
}  # fmt: skip
PLANNING_MODIFIERS = {"planned", "upcoming", "proposed", "future", "next", "forthcoming", "scheduled", "possible",
                      "potential", "prospective", "intended"}  # fmt: skip
ATTITUDE_VERBS = {
    "oppose", "resist", "fear", "criticize", "criticise", "condemn", "denounce", "welcome", "support", "reject",
    "dislike", "ignore", "discuss", "debate", "question", "doubt", "accept", "tolerate", "recognize", "recognise",
    "praise", "blame", "protest", "object", "challenge", "dispute", "mention", "describe", "call", "see", "view",
}  # fmt: skip
CASE_NOUNS = {"case", "event", "scenario"}
CONDITION_MARKS = {"if", "unless", "whether", "lest"}


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


def _in_case_of(trigger: Token) -> bool:
    """ "in (the) case of a war", "in the event of an attack": a condition, not an occurrence."""
    head = trigger.head
    if trigger.dep_ != "pobj" or head.lower_ != "of":
        return False
    noun = head.head
    return noun.lemma_.lower() in CASE_NOUNS and noun.dep_ == "pobj" and noun.head.lower_ == "in"


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _attitude(verb: Token) -> bool:
    """A verb expressing a view of a noun event ("will not oppose US sanctions"): its negation, tense and mood
    are the viewer's, not the event's (unlike "did not hold talks")."""
    return _lemma(verb) in ATTITUDE_VERBS


def _has_negation(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children)


def modality(trigger: Token, predicate: Token | None = None) -> str:
    """One of asserted, negated, planned, hypothetical.

    A noun trigger that is the subject of its predicate is not negated by it ("the talks did not touch on X"
    still reports talks)."""
    chain = _chain(trigger, predicate)
    subject_noun = trigger.pos_ != "VERB" and trigger.dep_ in ("nsubj", "csubj")
    if _in_case_of(trigger):
        return "hypothetical"
    for token in chain:
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in token.children):
            return "hypothetical"
        if token.dep_ == "advcl" and any(c.lower_ in CONDITION_MARKS for c in token.children):
            return "hypothetical"
    for below, token in zip([None, *chain], chain, strict=False):
        if (subject_noun and token != trigger) or (below is not None and below.dep_ in ("conj", "advcl")):
            break  # a negated neighbour clause ("X did not sign, and Y met Z") does not negate this event
        if below is not None and below == trigger and trigger.pos_ != "VERB" and _attitude(token):
            break  # "will not oppose US sanctions" negates the opposing, not the sanctions
        if _has_negation(token):
            return "negated"
        if token != trigger and token.lemma_.lower() in NEGATING_VERBS:
            return "negated"
    for below, token in zip([None, *chain], chain, strict=False):
        if below == trigger and trigger.pos_ != "VERB" and _attitude(token):
            break  # "will oppose US sanctions": the sanctions are not planned
        auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if auxes & HYPOTHETICAL_AUX:
            return "hypothetical"
        if auxes & FUTURE_AUX or "going" in auxes:
            return "planned"
        if token.dep_ == "ROOT" and "to" in auxes:  # headline style: "Germany to halve aid"
            return "planned"
        governs = (
            below is not None and below.head == token and below.dep_ in ("xcomp", "ccomp", "acomp", "dobj")
        )
        if governs and token.lemma_.lower() in PLANNING_VERBS:
            return "planned"
    if any(c.lower_ in PLANNING_MODIFIERS for c in trigger.children if c.dep_ in ("amod", "compound")):
        return "planned"
    return "asserted"
