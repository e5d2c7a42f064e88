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
# Verbs whose complement is wanted or alleged, not done: "urged X to agree", "accused X of supplying arms".
DIRECTIVE_VERBS = {
    "urge", "ask", "call", "press", "push", "demand", "request", "encourage", "invite", "appeal", "implore",
    "beg", "advise", "recommend", "accuse", "allege", "suspect", "charge",
}  # fmt: skip
COMPLEMENT_DEPS = {"xcomp", "ccomp", "pcomp", "prep", "pobj", "conj", "acl", "dobj", "appos"}
DENYING_VERBS = {"deny", "refuse", "decline"}  # "denies arming either side", "refused to sign"
SPEECH_VERBS = {"say", "announce", "tell", "state", "report", "confirm", "add", "declare", "indicate", "write",
                "insist", "claim", "note", "explain"}  # fmt: skip
# Nouns whose infinitive is possible, attempted or planned rather than done: "no power to settle the dispute".
NOUN_MOODS = {
    **dict.fromkeys(("power", "ability", "capacity", "right", "authority", "chance", "option", "means",
                     "attempt", "effort", "willingness", "readiness", "need", "way", "freedom"),
                    "hypothetical"),
    **dict.fromkeys(("failure", "refusal", "reluctance"), "negated"),
    **dict.fromkeys(("plan", "intention", "proposal", "promise", "pledge", "threat", "offer", "commitment",
                     "aim", "goal", "bid"), "planned"),
}  # fmt: skip


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


def _complement_mood(trigger: Token, max_up: int = 6) -> str | None:
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
            if _lemma(token) in DIRECTIVE_VERBS:
                return "hypothetical"
            if _lemma(token) in DENYING_VERBS and below.dep_ in ("xcomp", "pcomp", "ccomp", "dobj"):
                return "negated"
        if below.dep_ == "acl" and token.pos_ == "NOUN" and _lemma(token) in NOUN_MOODS:
            return NOUN_MOODS[_lemma(token)]
        if below.dep_ == "pcomp" and token.lower_ in ("of", "than"):
            near = {token.head.lower_} | {c.lower_ for c in token.children}
            if near & {"instead", "rather"}:
                return "negated"  # "instead of condemning X", "rather than sanctioning X"
        below, token = token, token.head
    return None


def _reported_future(token: Token) -> bool:
    """ "would" in the clause of a verb of saying is a reported "will": "said it would hold talks"."""
    while token.dep_ in ("conj", "xcomp") and token.head != token:
        token = token.head
    return token.dep_ == "ccomp" and _lemma(token.head) in SPEECH_VERBS


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
        if token.pos_ in ("VERB", "AUX") and any(  # "the two sides will start talks if either side ..."
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
            for c in token.children
        ):
            return "hypothetical"
    complement = _complement_mood(trigger)
    if complement is not None:
        return complement
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
        if below is not None and below.dep_ == "conj" and below.tag_ in ("VBD", "VBZ", "VBP"):
            break  # a finite verb has its own tense: "talks that would place X ... and accused Y"
        auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if auxes & {"would", "'d"} and _reported_future(token):
            return "planned"
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
