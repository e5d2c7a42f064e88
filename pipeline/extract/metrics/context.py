"""Syntactic context of a metric on the spaCy parse: what it counts or measures, its status, its reference year.

Helpers of pipeline/extract/metrics/extractor.py; every function reads one sentence span and the metric's tokens,
and those that read words get the lexicon (`MetricLexicon`, pipeline/knowledge/metric_units.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.knowledge.metrics import MetricLexicon

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")
_PREDICATE_DEPS = {"dobj", "attr", "pobj", "conj", "appos", "npadvmod", "nsubj", "nsubjpass", "oprd", "ROOT"}
_MODIFIER_DEPS = {"nummod", "amod", "compound", "quantmod", "nmod"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl"}
_CUE_CHILD_DEPS = {"aux", "auxpass", "nsubj", "nsubjpass", "neg"}
_NOUNS = {"NOUN", "PROPN"}
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_PARTY_ENTS = {"GPE", "NORP", "PERSON", "ORG"}  # names of parties are actors, not measures
_NP_KEEP_DEPS = {"compound", "amod", "poss", "nmod", "case", "punct", "npadvmod"}


def quantity_head(span: Span) -> Token:
    """The token of the metric span whose head lies outside it (the span's syntactic root)."""
    return span.root


# -- measure -------------------------------------------------------------------------------------------------
def noun_phrase(token: Token, exclude: set[int]) -> str:
    """A short noun phrase: `token` and its premodifiers (compounds, adjectives, possessives), minus the metric."""
    keep = sorted({t.i for t in _premodifiers(token)} - exclude)
    doc = token.doc
    words = " ".join(doc[i].text for i in keep if not (doc[i].pos_ == "NUM" or _has_digit(doc[i])))
    return words.replace(" ’s", "’s").replace(" 's", "'s").replace(" - ", "-").strip(" ,;:-")


def _premodifiers(token: Token) -> list[Token]:
    """`token` and its premodifier subtrees, skipping punctuation (but hyphens) and number-bearing parts."""
    out = [token]
    for child in token.children:
        if not ((child.i < token.i and child.dep_ in _NP_KEEP_DEPS) or child.dep_ == "case"):
            continue
        if child.is_punct and child.text not in {"-", "–"}:
            continue
        if any(t.like_num or t.pos_ == "NUM" for t in child.subtree):
            continue
        out.extend(_premodifiers(child))
    return out


def counted_noun(head: Token) -> Token | None:
    """The noun a number modifies ("3,200 soldiers" -> soldiers), if any."""
    if head.dep_ in _MODIFIER_DEPS and head.head.pos_ in {"NOUN", "PROPN"} and head.head.i > head.i:
        return head.head
    return None


def measure_token(head: Token, span: Span, noun: Token | None) -> Token | None:
    """The noun naming what the metric measures: the counted noun, "<unit> of X", the noun the figure
    modifies ("a 25% tariff"), "a gap of X", or the verb's subject/object ("trade reached X")."""
    exclude = {t.i for t in span}
    if noun is not None:
        return noun
    obj = _of_object(head, exclude)
    if obj is not None:
        return obj  # "38 billion liters of natural gas", "2% of GDP", "50 billion dollars worth of goods"
    gov = head.head
    if head.dep_ in _MODIFIER_DEPS and gov.pos_ in _NOUNS and gov.i not in exclude:
        return gov  # "a 25% tariff", "a €100 billion special fund"
    if head.dep_ == "pobj" and gov.dep_ == "prep" and gov.head.pos_ in _NOUNS:
        return gov.head  # "a gap of €39 billion"
    verb = _governing_verb(head)
    if verb is not None:
        for arg in _verb_arguments(verb, head):
            if arg.pos_ in _NOUNS and arg.i not in exclude and arg.ent_type_ not in _PARTY_ENTS:
                return arg
    return None


def _of_object(head: Token, exclude: set[int]) -> Token | None:
    for child in [head, *(c for c in head.children if c.lower_ == "worth")]:
        for prep in child.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in _NOUNS and obj.i not in exclude and not _has_digit(obj):
                    return obj
    return None


def _has_digit(token: Token) -> bool:
    return any(ch.isdigit() for ch in token.text)


def measure_of(token: Token | None, span: Span, lex: MetricLexicon) -> str | None:
    """The measure as a short phrase (None when nothing names it); "the number of X" keeps its X."""
    if token is None:
        return None
    exclude = {t.i for t in span}
    phrase = noun_phrase(token, exclude)
    if token.lemma_.lower() in lex.generic_measures:
        obj = _of_object(token, exclude)
        if obj is not None:
            phrase = f"{phrase} of {noun_phrase(obj, exclude)}"
    return phrase or None


def _verb_arguments(verb: Token, head: Token) -> list[Token]:
    """Who/what the verb's figure is about: "raise the total to N" -> total; "trade reached N" -> trade."""
    args: list[Token] = []
    if head.dep_ == "pobj" and head.head.lower_ in {"to", "at", "by"}:
        args.extend(c for c in verb.children if c.dep_ == "dobj")
    args.extend(c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"})
    if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        args.append(verb.head)  # "the volume of trade, amounting to N"
    return args


def _governing_verb(token: Token) -> Token | None:
    for anc in token.ancestors:
        if anc.pos_ in {"VERB", "AUX"}:
            return anc
    return None


def actor_ranges(head: Token, measure: Token | None) -> list[tuple[int, int]]:
    """Character ranges where the metric's actors are named: the measure's noun phrase (with its
    "of/between/with ... " complements) and the subject/object of the governing verb."""
    tokens = [t for t in (measure, head) if t is not None]
    verb = _governing_verb(head)
    if verb is not None:
        tokens.extend(c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj", "dative"})
    ranges: list[tuple[int, int]] = []
    for tok in tokens:
        ranges.append((tok.idx, tok.idx + len(tok.text)))
        for part in [*_premodifiers(tok)[1:], *_complements(tok)]:
            ranges.append((part.left_edge.idx, part.right_edge.idx + len(part.right_edge.text)))
    return ranges


def _complements(token: Token) -> list[Token]:
    """Prepositional complements naming parties: "trade between China and Russia", "aid to Ukraine"."""
    return [
        obj
        for prep in token.children
        if prep.dep_ == "prep"
        and prep.lower_ in {"of", "between", "with", "among", "to", "from", "by", "for"}
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


# -- status --------------------------------------------------------------------------------------------------
def _cue_tokens(head: Token, noun: Token | None) -> list[Token]:
    """The governors of the metric (not the noun it modifies) and their auxiliaries and subjects."""
    out: list[Token] = []
    for anc in head.ancestors:
        if (noun is not None and anc.i == noun.i) or (anc.i == head.head.i and head.dep_ in _MODIFIER_DEPS):
            continue
        out.append(anc)
        out.extend(c for c in anc.children if c.dep_ in _CUE_CHILD_DEPS)
        if anc.dep_ == "relcl":
            break  # "aid for a country where 12 million have fled": the relative clause has its own time
    return out


def status_of(
    sent: Span,
    span: Span,
    noun: Token | None,
    kind: str | None,
    year: int | None,
    doc_year: int | None,
    lex: MetricLexicon,
) -> str:
    """actual | forecast | target | limit, from cue lemmas among the governors and phrases before the metric."""
    head = quantity_head(span)
    cues = lex.status_cues
    before = _text_between(sent, sent.start_char, span.start_char).lower()
    near = before[-40:]
    tokens = _cue_tokens(head, noun)
    tokens = [t for t in tokens if _is_cue_token(t, lex)]
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    if _has_would_have(tokens):
        lemmas -= {"would"}
    if kind != "length" and lemmas & cues["limit"].lemmas:
        return "limit"
    if any(near.endswith(p + " ") or near.endswith(p) for p in cues["limit"].phrases):
        return "limit"
    if head.dep_ == "pobj" and head.head.lower_ == "from":
        return "actual"  # the baseline of a change: "cut to X from Y"
    after = _text_between(sent, span.end_char, sent.end_char).lower()
    if re.match(r"^\W*ago\b", after):
        return "actual"
    for status in ("forecast", "target"):
        if lemmas & cues[status].lemmas or any(p in before for p in cues[status].phrases):
            return status
    if year is not None and doc_year is not None and year > doc_year:
        return "forecast"
    return "actual"


def _text_between(sent: Span, start: int, end: int) -> str:
    """`doc.text[start:end]`, cut from the sentence when it lies inside it (Doc.text re-joins every token)."""
    if sent.start_char <= start and end <= sent.end_char:
        return sent.text[start - sent.start_char : end - sent.start_char]
    return sent.doc.text[start:end]


def _is_cue_token(token: Token, lex: MetricLexicon) -> bool:
    """Verb-only cues ("need") do not count as nouns ("the need to observe...")."""
    return not (token.lemma_.lower() in lex.verb_only_cues and token.pos_ not in {"VERB", "AUX"})


def _has_would_have(tokens: list[Token]) -> bool:
    words = {t.lower_ for t in tokens}
    return "would" in words and "have" in words


# -- reference year ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class YearMention:
    year: int
    index: int  # token index in the doc
    dated: bool  # part of a day/month date ("March 2013", "July 16, 2001")


def year_mentions(sent: Span, doc_year: int | None, lex: MetricLexicon) -> list[YearMention]:
    """Years a figure of this sentence may refer to (not names like "Vostok 2018", not "2018 prices")."""
    months = lex.months
    out: list[YearMention] = []
    for tok in sent:
        if _YEAR.match(tok.text):
            prev = tok.nbor(-1) if tok.i > sent.start else None
            nxt = tok.nbor(1) if tok.i + 1 < sent.end else None
            if prev is not None and prev.lower_ in lex.year_blockers_before:
                continue
            if (
                prev is not None
                and prev.lower_ == "in"
                and tok.i - 2 >= sent.start
                and tok.nbor(-2).lower_ == "than"
            ):
                continue
            if nxt is not None and nxt.lower_ in lex.year_blockers_after:
                continue
            if prev is not None and prev.pos_ == "PROPN" and prev.lower_ not in months and prev.is_title:
                continue  # "Vostok 2018"
            if prev is not None and prev.lower_ == "the" and tok.head.i > tok.i and tok.head.pos_ == "NOUN":
                continue  # "the 1960 treaty": a year naming a thing, not the time of the figures
            dated = _is_dated(tok, sent, months)
            out.append(YearMention(int(tok.text), tok.i, dated))
        elif tok.lower_ == "year" and doc_year is not None and tok.i > sent.start:
            shift = lex.relative_years.get(tok.nbor(-1).lower_)
            if shift is not None:
                out.append(YearMention(doc_year + shift, tok.i, False))
    return out


def _is_dated(tok: Token, sent: Span, months: frozenset[str]) -> bool:
    for k in (1, 2, 3):
        if tok.i - k < sent.start:
            break
        word = tok.nbor(-k).lower_.rstrip(".")
        if word in months:
            return True
        if not (word.isdigit() or word in {",", "."} or re.match(r"^\d+(st|nd|rd|th)$", word)):
            break
    return False


def reference_year(
    sent: Span,
    span: Span,
    years: list[YearMention],
    metric_spans: list[Span],
    status_hint: str,
    kind: str | None,
    lex: MetricLexicon,
) -> int | None:
    """The year attached to the metric: right after it, right before it, else the sentence's year."""
    if not years or _open_time(sent, span, lex):
        return None
    others = [s for s in metric_spans if s.start != span.start]
    end = _group_end(span, others)

    def clear(a: int, b: int) -> bool:
        return not any(a <= s.start < b or a < s.end <= b for s in others if not span.end <= s.start < end)

    if kind == "duration" and status_hint != "actual":
        return None  # a planned period ("borrowing over six years") has no year of its own
    doc = sent.doc
    after = [
        y
        for y in years
        if end <= y.index <= end + 8
        and clear(span.end, y.index)
        and not any(doc[k].text in {",", ";", ":"} for k in range(end, y.index))
    ]
    if after:
        return after[0].year
    inside = _descendant_years(span, years, others)
    if inside:
        return inside[0].year
    before = [y for y in years if span.start - 8 <= y.index < span.start and clear(y.index, span.start)]
    if before:
        return before[-1].year
    usable = [
        y
        for y in years
        if not (y.dated and status_hint != "actual")
        and (y.index < span.start or clear(span.end, y.index))
        and not _semicolon_between(doc, y.index, span.start)
    ]
    if not usable:
        return None
    preceding = [y for y in usable if y.index < span.start]
    return (preceding[-1] if preceding else usable[0]).year


def _semicolon_between(doc: Doc, a: int, b: int) -> bool:
    """A ";" or ":" separates token a from token b (independent clauses)."""
    lo, hi = min(a, b), max(a, b)
    return any(doc[k].text in {";", ":"} for k in range(lo, hi))


def has_year_words(sent: Span) -> bool:
    """The sentence names some year, even one that no figure may take ("since 1989", "than in 2010")."""
    return any(_YEAR.match(tok.text) for tok in sent)


def clause_tense(span: Span) -> str | None:
    """The tense of the finite verb governing the metric: "past" (VBD), "present" (VBZ/VBP), "modal" (will,
    would, could, ...), None when no finite verb governs it."""
    for anc in span.root.ancestors:
        if anc.pos_ not in {"VERB", "AUX"}:
            continue
        tags = {anc.tag_} | {c.tag_ for c in anc.children if c.dep_ in {"aux", "auxpass"}}
        if tags & _FINITE_TAGS:
            return "modal" if "MD" in tags else "past" if "VBD" in tags else "present"
    return None


def _descendant_years(span: Span, years: list[YearMention], others: list[Span]) -> list[YearMention]:
    """Years inside the metric's own phrase ("30 percent of imports in 2018"), not inside a nested metric's."""
    own = {t.i for t in span.root.subtree}
    for other in others:
        if other.root.i in own and other.root.i != span.root.i:
            own -= {t.i for t in other.root.subtree}
    return [y for y in years if y.index in own and y.index >= span.end]


def _group_end(span: Span, others: list[Span]) -> int:
    """End of the metric with its bracketed equivalent: "€4 billion ($4.35 billion)" is one group."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text == "(":
        inner = next((s for s in others if s.start == span.end + 1), None)
        if inner is not None and inner.end < len(doc) and doc[inner.end].text == ")":
            return inner.end + 1
    return span.end


def _open_time(sent: Span, span: Span, lex: MetricLexicon) -> bool:
    """ "eventually reaching 60 billion": the figure refers to an unspecified later time."""
    before = _text_between(sent, max(sent.start_char, span.start_char - 30), span.start_char).lower()
    return any(w in before for w in lex.open_time_words)
