"""Matching the PLOVER trigger dictionary (pipeline/knowledge/plover_triggers.yaml, loaded by
pipeline.knowledge.events) on a spaCy parse.

A `TriggerRule` says which lemma (or lemma sequence) names which event type, with optional context
conditions. `find_triggers` returns, for one sentence span, every token that a rule accepts, with the rule's
(possibly re-typed) event type.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.knowledge.events import EventLexicon, TriggerRule
from pipeline.nlp.tokens import lemma

_OBJECT_DEPS = {"dobj", "pobj", "attr", "oprd", "nsubjpass", "dative"}
_NAMED_LABELS = {
    "ORG",
    "LAW",
    "FAC",
    "PRODUCT",
    "WORK_OF_ART",
}  # a trigger inside such a name is not an event


@dataclass(frozen=True)
class TriggerMatch:
    token: Token  # the syntactic head of the trigger
    start: int  # first token index of the trigger words (doc indices)
    end: int  # one past the last token index
    rule: TriggerRule
    event_type: str


def object_tokens(token: Token) -> list[Token]:
    """Objects of a trigger: direct and prepositional objects, a passive subject, the noun a participle modifies."""
    objects: list[Token] = []
    for child in token.children:
        if child.dep_ in _OBJECT_DEPS:
            objects.append(child)
        elif child.dep_ in ("prep", "prt"):
            objects.extend(c for c in child.children if c.dep_ in _OBJECT_DEPS)
    if token.dep_ in ("amod", "acl") and token.head.pos_ in ("NOUN", "PROPN"):
        objects.append(token.head)
    return objects


def _object_lemmas(token: Token, limit: int = 12, whole: bool = False) -> set[str]:
    """Lemmas of the trigger's objects: their heads, compounds and `of` complements ("a plethora of treaties"),
    or with `whole` their first `limit` subtree words."""
    lemmas: set[str] = set()
    for obj in object_tokens(token):
        if whole:
            lemmas.update(lemma(t) for t in list(obj.subtree)[:limit])
            continue
        lemmas.add(lemma(obj))
        if obj.ent_type_:
            lemmas.add("@" + obj.ent_type_.lower())
        for child in obj.children:
            if child.dep_ in ("compound", "amod", "conj"):
                lemmas.add(lemma(child))
            elif child.dep_ == "prep" and child.lower_ == "of":
                lemmas.update(lemma(p) for p in child.children if p.dep_ == "pobj")
    return lemmas


def context_lemmas(token: Token) -> set[str]:
    """Lemmas near a trigger: its children (and their children), its head, the three preceding words."""
    near = {lemma(c) for c in token.children} | {lemma(g) for c in token.children for g in c.children}
    near.add(lemma(token.head))
    near |= {lemma(t) for t in token.doc[max(0, token.i - 3) : token.i]}
    near |= {c.lower_.replace("\u2019", "'") for c in token.children}
    return near | _object_lemmas(token)


def _clause_lemmas(token: Token, limit: int = 16) -> set[str]:
    """Lemmas of the clause a verb declares ("declared that they are ... partners"): the first words of its
    clausal complement."""
    return {lemma(t) for c in token.children if c.dep_ == "ccomp" for t in list(c.subtree)[:limit]}


def _accepts(rule: TriggerRule, token: Token) -> bool:
    near = context_lemmas(token)
    if rule.excludes & near:
        return False
    if rule.requires and not (rule.requires & (near | _clause_lemmas(token))):
        return False
    if rule.requires_object is not None:  # an empty list: some object, any
        objects = _object_lemmas(token)
        return bool(rule.requires_object & objects) if rule.requires_object else bool(objects)
    return True


def _retype(rule: TriggerRule, token: Token) -> str:
    if rule.object_types:
        lemmas = _object_lemmas(token, whole=True) | {lemma(c) for c in token.children}
        lemmas |= {"@" + t.ent_type_.lower() for o in object_tokens(token) for t in o.subtree if t.ent_type_}
        for key, event_type in rule.object_types:
            if key in lemmas:
                return event_type
    return rule.event_type


_NOUN_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos", "compound"}
_SKIP_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _pos_class(token: Token) -> str | None:
    if token.ent_type_ in _SKIP_ENTS:
        return None  # "March 2003" is no protest march
    if token.pos_ == "VERB":  # a plural noun the tagger took for a verb: "responded to missile drills"
        return "noun" if token.dep_ in _NOUN_DEPS and token.tag_ in ("VBZ", "VBP", "NNS", "NN") else "verb"
    if token.pos_ in ("NOUN", "PROPN"):
        return "noun"
    return None


def _inside_name(token: Token) -> bool:
    return token.ent_type_ in _NAMED_LABELS and token.ent_iob_ != "O"


def _match_phrases(lexicon: EventLexicon, span: Span, taken: set[int]) -> list[TriggerMatch]:
    matches: list[TriggerMatch] = []
    lemmas = [lemma(t) for t in span]
    starts: dict[str, list[int]] = {}  # lemma -> its positions in the span, ascending
    for i, word in enumerate(lemmas):
        starts.setdefault(word, []).append(i)
    for rule in lexicon.phrases:
        n = len(rule.lemmas)
        for i in starts.get(rule.lemmas[0], ()):
            if i > len(span) - n:
                break
            idx = range(span.start + i, span.start + i + n)
            if any(j in taken for j in idx) or tuple(lemmas[i : i + n]) != rule.lemmas:
                continue
            words = [span.doc[j] for j in idx]
            head = next((w for w in words if w.head.i not in idx or w.head == w), words[-1])
            if rule.excludes & context_lemmas(head):
                continue
            taken.update(idx)
            matches.append(TriggerMatch(head, idx.start, idx.stop, rule, _retype(rule, head)))
    return matches


def find_triggers(span: Span, lexicon: EventLexicon) -> list[TriggerMatch]:
    """Every trigger in a sentence span: phrases first (longest first), then single verbs and nouns."""
    taken: set[int] = set()
    matches = _match_phrases(lexicon, span, taken)
    for token in span:
        if token.i in taken or _inside_name(token):
            continue
        pos = _pos_class(token)
        if pos is None:
            continue
        for rule in lexicon.by_lemma.get((lemma(token), pos), ()):
            if _accepts(rule, token):
                matches.append(TriggerMatch(token, token.i, token.i + 1, rule, _retype(rule, token)))
                break
    return sorted(matches, key=lambda m: m.start)
