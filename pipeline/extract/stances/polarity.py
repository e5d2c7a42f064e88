"""Stance polarity (support | oppose | neutral) from cue lexicons, negation and contrast.

The lexicon lives in pipeline/knowledge/stance_cues.yaml; this module only applies it to spaCy tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from pipeline.knowledge import knowledge_file
from pipeline.knowledge.language import language
from pipeline.knowledge.yaml_data import load_yaml

CUES_PATH = knowledge_file("stance_cues.yaml")
SUPPORT, OPPOSE, NEUTRAL = "support", "oppose", "neutral"
CONTRAST_WINDOW = 4  # tokens before a target in which "not" / "rather than" reverses it


@dataclass(frozen=True)
class Lexicon:
    raw: dict[str, Any]
    reporting: frozenset[str]
    stance: dict[str, str]  # lemma (or "lemma particle") -> support | oppose
    intent: dict[str, str]
    perception: frozenset[str]
    experiencer: dict[str, str]
    nominal: dict[str, str]
    positive: frozenset[str]
    negative: frozenset[str]
    negators: frozenset[str]
    contrast_before: tuple[str, ...]
    negated_oppose: str


def _polar(section: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for polarity in (SUPPORT, OPPOSE):  # oppose wins on a clash
        for word in section.get(polarity, []) or []:
            out[str(word).lower()] = polarity
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The stance cue lexicon, loaded once."""
    raw = load_yaml(CUES_PATH.read_text(encoding="utf-8")) or {}
    evaluative = raw.get("evaluative", {})
    return Lexicon(
        raw=raw,
        reporting=language().modality.speech_verbs,
        stance=_polar(raw.get("stance_verbs", {})),
        intent=_polar(raw.get("intent_verbs", {})),
        perception=frozenset(w.lower() for w in raw.get("perception_verbs", [])),
        experiencer=_polar(raw.get("experiencer_verbs", {})),
        nominal=_polar(raw.get("nominal_cues", {})),
        positive=frozenset(w.lower() for w in evaluative.get("positive", [])),
        negative=frozenset(w.lower() for w in evaluative.get("negative", [])),
        negators=language().negation.negators | language().negation.weak_negators,
        contrast_before=tuple(w.lower() for w in raw.get("contrast_before", [])),
        negated_oppose=str(raw.get("negated_oppose_polarity", SUPPORT)),
    )


@lru_cache(maxsize=1)
def _cue_verbs() -> frozenset[str]:
    """Every verb the lexicon lists (reporting, stance, intent, perception, experiencer)."""
    lex = lexicon()
    return frozenset(
        lex.reporting | lex.stance.keys() | lex.intent.keys() | lex.perception | lex.experiencer.keys()
    )


def lemma(token: Token) -> str:
    """The token's lemma, repaired where the statistical lemmatiser is unreliable ("hopes" -> "hop")."""
    return _repaired_lemma(token.lemma_ or token.text, token.lower_)


@lru_cache(maxsize=1 << 16)
def _repaired_lemma(raw_lemma: str, lower: str) -> str:
    """lemma() on strings, memoised: the same word forms recur across every sentence of a corpus."""
    base = raw_lemma.lower()
    known = _cue_verbs()
    if base in known:
        return base
    for form in _deinflect(lower):
        if form in known:
            return form
    return base


def stance_key(token: Token) -> str:
    """Lexicon key of a verb: its phrasal form ("rule out", "call for") when listed, else its lemma."""
    lex = lexicon()
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ == "for"):
            phrase = f"{lemma(token)} {child.lower_}"
            if phrase in lex.stance or phrase in lex.reporting:
                return phrase
    return lemma(token)


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


def is_negated(token: Token) -> bool:
    """True when the token is negated by a dependent ("not", "never", "no") or by a negative subject."""
    lex = lexicon()
    for child in token.children:
        if child.dep_ == "neg" or (
            child.lower_ in lex.negators and child.dep_ in {"advmod", "det", "neg", "preconj"}
        ):
            return True
        if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in {"nobody", "none", "nothing", "neither"}:
            return True
    return False


def flip(polarity: str) -> str:
    """Reverse a polarity under negation: negated support opposes; negated opposition is not opposition."""
    if polarity == SUPPORT:
        return OPPOSE
    if polarity == OPPOSE:
        return lexicon().negated_oppose
    return polarity


def apply_negation(polarity: str, token: Token) -> str:
    return flip(polarity) if is_negated(token) else polarity


def word_polarity(token: Token) -> str:
    """Evaluative polarity of a single word (lemma or surface form), neutral if unknown."""
    lex = lexicon()
    forms = {lemma(token), token.lower_}
    if any(f.startswith("anti-") or (f.startswith("anti") and len(f) > 6) for f in forms):
        return OPPOSE
    if forms & lex.negative or any(lex.stance.get(f) == OPPOSE for f in forms):
        return OPPOSE
    if forms & lex.positive:
        return SUPPORT
    return NEUTRAL


def negated_in_context(token: Token) -> bool:
    """A word under negation: itself, its governing verb/adjective, or a contrast marker just before it."""
    if is_negated(token):
        return True
    head = token.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX", "ADJ"} and is_negated(head):
            # "would not be ruled out", "did not reject": negating an opposition is not negating the target
            return stance_key(head) not in {k for k, v in lexicon().stance.items() if v == OPPOSE}
        if head == head.head or head.pos_ in {"VERB", "AUX"}:
            break
        head = head.head
    return contrast_before(token)


def contrast_before(token: Token) -> bool:
    """'partnership – not alliance', 'rather than an alliance', 'instead of sanctions', 'far from harmonious'."""
    doc = token.doc
    start = max(token.sent.start, token.i - CONTRAST_WINDOW)
    window = " ".join(t.lower_ for t in doc[start : token.i])
    if not window:
        return False
    padded = f" {window} "
    for marker in lexicon().contrast_before:
        if f" {marker} " in padded:
            # "not only X" / "not just X" do not reverse X
            if marker == "not" and any(f" not {w} " in padded for w in ("only", "just", "merely", "simply")):
                continue
            # the marker must not belong to a verb between it and the token ("not to form an alliance" is
            # handled by the verb's own negation)
            return True
    return False


def content_polarity(tokens: list[Token]) -> tuple[str, int]:
    """Net evaluative polarity of a span with negation applied, and how many evaluative words were seen."""
    score = 0
    seen = 0
    lex = lexicon()
    for token in tokens:
        pol = word_polarity(token)
        if pol == NEUTRAL:
            pol = lex.stance.get(lemma(token), NEUTRAL) if token.pos_ == "VERB" else NEUTRAL
        if pol == NEUTRAL:
            continue
        seen += 1
        if negated_in_context(token):  # "not a good idea" opposes; "cannot suffer a setback" supports
            pol = OPPOSE if pol == SUPPORT else SUPPORT
        score += 1 if pol == SUPPORT else -1 if pol == OPPOSE else 0
    if score > 0:
        return SUPPORT, seen
    if score < 0:
        return OPPOSE, seen
    return NEUTRAL, seen
