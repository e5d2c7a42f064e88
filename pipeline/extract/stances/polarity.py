"""Stance polarity (support | oppose | neutral) from cue lexicons, negation and contrast.

The word lists come in as `StanceWords`: the stance lexicon (pipeline/knowledge/stance_cues.yaml and topics.yaml,
loaded by pipeline/knowledge/stances.py) and the language layer's word classes (language.yaml); this module only
applies them to spaCy tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from pipeline.knowledge.language import LanguageLexicon
from pipeline.knowledge.stances import OPPOSE, SUPPORT, StanceCues, StanceLexicon, TopicLexicon
from pipeline.nlp.modality import negates

NEUTRAL = "neutral"
CONTRAST_WINDOW = 4  # tokens before a target in which "not" / "rather than" reverses it


@dataclass(frozen=True)
class StanceWords:
    """What one extraction reads: the stance cues and topics, and the language layer's word classes."""

    cues: StanceCues
    topics: TopicLexicon
    language: LanguageLexicon

    @classmethod
    def of(cls, lexicon: StanceLexicon, language: LanguageLexicon) -> StanceWords:
        return cls(lexicon.cues, lexicon.topics, language)

    @property
    def reporting(self) -> frozenset[str]:
        """Reporting verbs (language.yaml, modality.speech_verbs)."""
        return self.language.modality.speech_verbs


@lru_cache(maxsize=8)
def _cue_verbs(cues: StanceCues, reporting: frozenset[str]) -> frozenset[str]:
    """Every verb the lexicons list (reporting, stance, intent, perception, experiencer): one set per lexicon
    (`StanceCues` hashes by identity), so that the lemma memo below is keyed by the same object every time."""
    return frozenset(
        reporting
        | cues.stance_verbs.keys()
        | cues.intent_verbs.keys()
        | cues.perception_verbs
        | cues.experiencer_verbs.keys()
    )


def lemma(token: Token, lex: StanceWords) -> str:
    """The token's lemma, repaired where the statistical lemmatiser is unreliable ("hopes" -> "hop")."""
    return _repaired_lemma(token.lemma_ or token.text, token.lower_, _cue_verbs(lex.cues, lex.reporting))


@lru_cache(maxsize=1 << 16)
def _repaired_lemma(raw_lemma: str, lower: str, known: frozenset[str]) -> str:
    """lemma() on strings, memoised: the same word forms recur across every sentence of a corpus."""
    base = raw_lemma.lower()
    if base in known:
        return base
    for form in _deinflect(lower):
        if form in known:
            return form
    return base


def stance_key(token: Token, lex: StanceWords) -> str:
    """Lexicon key of a verb: its phrasal form ("rule out", "call for") when listed, else its lemma."""
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ == "for"):
            phrase = f"{lemma(token, lex)} {child.lower_}"
            if phrase in lex.cues.stance_verbs or phrase in lex.reporting:
                return phrase
    return lemma(token, lex)


def _deinflect(word: str) -> list[str]:
    forms = [word]
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", "e"),
        ("es", ""),
        ("s", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
        ("d", ""),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            forms.append(word[: -len(suffix)] + repl)
    if len(word) > 5 and word[-3:] in {"ing"} and word[-4] == word[-5]:
        forms.append(word[:-4])  # "stopping" -> "stop"
    if len(word) > 4 and word.endswith("ed") and word[-3] == word[-4]:
        forms.append(word[:-3])
    return forms


def is_negated(token: Token, lex: StanceWords) -> bool:
    """True when the token is negated by a dependent ("not", "never", "no") or by a negative subject."""
    negation = lex.language.negation
    for child in token.children:
        if negates(child, negation.negators | negation.weak_negators):
            return True
        if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in {"nobody", "none", "nothing", "neither"}:
            return True
    return False


CHAIN_DEPS = {"xcomp", "pcomp", "acomp", "prep"}  # links from a complement up to the word that governs it


def is_negated_in_chain(token: Token, lex: StanceWords) -> bool:
    """The token, or a word governing it through complements in its clause, is negated: "was not keen on
    working with X", "does not plan to work with X"."""
    while True:
        if is_negated(token, lex):
            return True
        if token.dep_ not in CHAIN_DEPS or token.head == token:
            return False
        token = token.head


def flip(polarity: str, lex: StanceWords) -> str:
    """Reverse a polarity under negation: negated support opposes; negated opposition is not opposition."""
    if polarity == SUPPORT:
        return OPPOSE
    if polarity == OPPOSE:
        return lex.cues.negated_oppose_polarity
    return polarity


def apply_negation(polarity: str, token: Token, lex: StanceWords) -> str:
    return flip(polarity, lex) if is_negated(token, lex) else polarity


def word_polarity(token: Token, lex: StanceWords) -> str:
    """Evaluative polarity of a single word (lemma or surface form), neutral if unknown."""
    cues = lex.cues
    forms = {lemma(token, lex), token.lower_}
    if any(f.startswith("anti-") for f in forms) or forms & cues.anti_words:
        return OPPOSE  # "anti-war", "antiwar"; not "anticipate"
    if forms & cues.negative or any(cues.stance_verbs.get(f) == OPPOSE for f in forms):
        return OPPOSE
    if forms & cues.positive:
        return SUPPORT
    return NEUTRAL


def negated_in_context(token: Token, lex: StanceWords) -> bool:
    """A word under negation: itself, its governing verb/adjective, or a contrast marker just before it."""
    if is_negated(token, lex):
        return True
    head = token.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX", "ADJ"} and is_negated(head, lex):
            # "would not be ruled out", "did not reject": negating an opposition is not negating the target
            return lex.cues.stance_verbs.get(stance_key(head, lex)) != OPPOSE
        if head == head.head or head.pos_ in {"VERB", "AUX"}:
            break
        head = head.head
    return contrast_before(token, lex)


def contrast_before(token: Token, lex: StanceWords) -> bool:
    """'partnership – not alliance', 'rather than an alliance', 'instead of sanctions', 'far from harmonious'."""
    doc = token.doc
    start = max(token.sent.start, token.i - CONTRAST_WINDOW)
    window = " ".join(t.lower_ for t in doc[start : token.i])
    if not window:
        return False
    padded = f" {window} "
    for marker in lex.cues.contrast_before:
        if f" {marker} " in padded:
            # "not only X" / "not just X" do not reverse X
            if marker == "not" and any(f" not {w} " in padded for w in ("only", "just", "merely", "simply")):
                continue
            # the marker must not belong to a verb between it and the token ("not to form an alliance" is
            # handled by the verb's own negation)
            return True
    return False


PREDICATE_DEPS = {"acomp", "attr", "oprd"}  # what a clause says of its subject
PREDICATE_WEIGHT = 2  # outweighs one evaluative word in the subject


def content_polarity(tokens: list[Token], lex: StanceWords) -> tuple[str, int]:
    """Net evaluative polarity of a span with negation applied, and how many evaluative words were seen."""
    score = 0
    seen = 0
    for token in tokens:
        pol = word_polarity(token, lex)
        if pol == NEUTRAL:
            pol = lex.cues.stance_verbs.get(lemma(token, lex), NEUTRAL) if token.pos_ == "VERB" else NEUTRAL
        if pol == NEUTRAL:
            continue
        seen += 1
        if negated_in_context(token, lex):  # "not a good idea" opposes; "cannot suffer a setback" supports
            pol = OPPOSE if pol == SUPPORT else SUPPORT
        weight = PREDICATE_WEIGHT if token.dep_ in PREDICATE_DEPS else 1  # "talks with X were pointless"
        score += weight if pol == SUPPORT else -weight if pol == OPPOSE else 0
    if score > 0:
        return SUPPORT, seen
    if score < 0:
        return OPPOSE, seen
    return NEUTRAL, seen
