"""Metrics extractor: every quantitative claim of a document, normalised and tied to what and whom it measures.

Surface forms are read by pipeline/nlp/numbers.py (lexicon: pipeline/knowledge/metric_units.yaml); this module
decides on the parse what a bare number counts (people, things, nothing), drops anaphoric and back-referring
numbers, and attaches measure, actors, reference year and status (pipeline/extract/metrics/context.py). Its words
(counted nouns, change verbs, status cues) are the same lexicon's, passed down as `lex`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Span, Token

from pipeline.core.model import DocumentContext, Sentence, stable_id
from pipeline.extract.metrics.context import (
    actor_ranges,
    clause_tense,
    counted_noun,
    has_year_words,
    measure_of,
    measure_token,
    quantity_head,
    reference_year,
    status_of,
    year_mentions,
)
from pipeline.knowledge.metrics import MetricLexicon
from pipeline.nlp.numbers import Quantity, default_lexicon, determiner_before, find_quantities

EXTRACTOR = "metrics/1.0"

_URL = re.compile(
    r"!?\[[^\]]*\]\([^)]*\)|https?://\S+|www\.\S+|\S+\.(?:jpg|jpeg|png|gif|svg|pdf|html?)\b", re.I
)
_ANAPHORIC_COUNTS = {2.0}  # "the two countries": a pair already introduced
_PLANNED_STATUS = {"target", "forecast"}  # figures whose year carries over to the next two sentences
_CURRENCY_REACH = 3  # a bare "80 billion" is money when a currency was written this many sentences before
_CARRIED_STATUS = {"actual", "limit"}  # figures whose sentence year carries over to the rest of the paragraph
_CONFIDENCE = {"explicit": 0.9, "noun": 0.75, "inherited": 0.6, "bare": 0.5}


@dataclass
class Metric:
    metric_id: str
    doc_id: str
    sentence_id: str
    char_start: int
    char_end: int
    surface: str
    value: float
    value_high: float | None
    unit: str
    quantity_kind: str
    measure: str | None
    reference_year: int | None
    status: str
    approximate: bool
    confidence: float
    evidence: str
    extractor: str = EXTRACTOR


@dataclass
class MetricActor:
    metric_id: str
    actor_id: str


@dataclass
class _Candidate:
    """A quantity placed in the document, with its parse tokens and the decisions taken so far."""

    q: Quantity
    sentence: Sentence
    span: Span
    noun: Token | None = None
    basis: str = "explicit"
    extra: dict = field(default_factory=dict)


def extract_metrics(
    ctx: DocumentContext, lexicon: MetricLexicon | None = None
) -> tuple[list[Metric], list[MetricActor]]:
    """All metrics of the document and the actors each is about (words: `lexicon`, default metric_units.yaml)."""
    lex = lexicon or default_lexicon()
    metrics: list[Metric] = []
    links: list[MetricActor] = []
    doc_year = _doc_year(ctx)
    state = _DocState()
    seen: set[str] = set()
    for sentence in ctx.sentences:
        try:
            rows = _sentence_metrics(ctx, sentence, doc_year, state, lex)
        except (ValueError, IndexError, AttributeError):
            rows = []
        for metric, actor_ids in rows:
            if metric.metric_id in seen:
                continue
            seen.add(metric.metric_id)
            metrics.append(metric)
            links.extend(MetricActor(metric.metric_id, a) for a in actor_ids)
    return metrics, links


@dataclass
class _DocState:
    """What earlier sentences tell later ones: the last currency, the paragraph and its last figure year."""

    last_currency: str | None = None
    currency_age: int = 99  # sentences since last_currency was written
    paragraph_year: int | None = None
    plan_year: int | None = None  # year of the latest planned/forecast figure ("the 2025 budget" run)
    plan_age: int = 99  # sentences since plan_year was stated
    last_end: int = 0


def _doc_year(ctx: DocumentContext) -> int | None:
    match = re.match(r"^(\d{4})", ctx.info.published_date or "")
    return int(match.group(1)) if match else None


def _masked(text: str) -> str:
    """Sentence text with links, image references and file names blanked out (offsets kept)."""
    return _URL.sub(lambda m: " " * len(m.group()), text)


def _sentence_metrics(
    ctx: DocumentContext, sentence: Sentence, doc_year: int | None, state: _DocState, lex: MetricLexicon
) -> list[tuple[Metric, list[str]]]:
    if "\n" in ctx.info.text[state.last_end : sentence.char_start]:
        state.paragraph_year = None
    state.last_end = sentence.char_end
    state.plan_age += 1
    state.currency_age += 1
    quantities = find_quantities(_masked(sentence.text), lex)
    sent_span = ctx.sentence_span(sentence)
    candidates = [c for q in quantities if (c := _place(ctx, sentence, q)) is not None]
    candidates.extend(_change_verbs(ctx, sentence, sent_span, lex))
    candidates.sort(key=lambda c: c.q.start)
    kept = _classify(candidates, sentence, state, lex)
    spans = [c.span for c in kept]
    years = year_mentions(sent_span, doc_year, lex)
    rows: list[tuple[Metric, list[str]]] = []
    for cand in kept:
        rows.append(_build(ctx, cand, sent_span, spans, years, doc_year, state, lex))
    _share_measures([m for m, _ in rows])
    carried = [
        m.reference_year for m, _ in rows if m.status in _CARRIED_STATUS and m.reference_year is not None
    ]
    if carried and years:
        state.paragraph_year = carried[-1]
    planned = [
        m.reference_year for m, _ in rows if m.status in _PLANNED_STATUS and m.reference_year is not None
    ]
    if planned:
        state.plan_year, state.plan_age = planned[-1], 0
    return rows


def _share_measures(metrics: list[Metric]) -> None:
    """A figure with no measure of its own, next to one of the same unit, measures the same thing
    ("GDP of $1.46 trillion, compared to China's $14.8 trillion")."""
    for prev, metric in pairwise(metrics):
        if metric.measure is None and prev.measure is not None and prev.unit == metric.unit:
            metric.measure = prev.measure


def _place(ctx: DocumentContext, sentence: Sentence, q: Quantity) -> _Candidate | None:
    start, end = sentence.char_start + q.start, sentence.char_start + q.end
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return _Candidate(q=q, sentence=sentence, span=span)


def _change_verbs(
    ctx: DocumentContext, sentence: Sentence, sent: Span, lex: MetricLexicon
) -> list[_Candidate]:
    """ "halve its aid" -> 50 percent; "more than doubled" -> ratio 2 (verbs, not adjectives)."""
    out: list[_Candidate] = []
    for tok in sent:
        spec = lex.change_verbs.get(tok.lemma_.lower())
        if spec is None or tok.pos_ != "VERB":
            continue
        before = ctx.info.text[max(sentence.char_start, tok.idx - 12) : tok.idx].lower()
        rel = tok.idx - sentence.char_start
        value, unit, kind = spec
        q = Quantity(rel, rel + len(tok.text), value, unit=unit, kind=kind, form="verb")
        q.surface = tok.text
        q.approximate = bool(re.search(r"(more|less) than\s*$|nearly\s*$|almost\s*$", before))
        if q.approximate:
            q.start = rel - len(before) + before.rfind(re.findall(r"(more|less|nearly|almost)", before)[-1])
        out.append(_Candidate(q=q, sentence=sentence, span=sent.doc[tok.i : tok.i + 1]))
    return out


# -- what a number is ----------------------------------------------------------------------------------------
def _classify(
    candidates: list[_Candidate], sentence: Sentence, state: _DocState, lex: MetricLexicon
) -> list[_Candidate]:
    """Give bare numbers a unit (person, count, or a unit inherited), dropping those that state no quantity."""
    kept: list[_Candidate] = []
    for cand in candidates:
        q = cand.q
        if _back_reference(cand, kept, sentence.text):
            continue
        if q.unit is None and not _bare_unit(cand, kept, sentence.text, state, lex):
            continue
        if q.kind == "currency":
            state.last_currency, state.currency_age = q.unit, 0
        kept.append(cand)
    return kept


def _back_reference(cand: _Candidate, kept: list[_Candidate], text: str) -> bool:
    """ "€390bn of the €750bn": the whole, already stated, is repeated as a reference."""
    if not kept:
        return False
    prev = kept[-1]
    between = text[prev.q.end : cand.q.start].strip().lower()
    return between == "of the" and prev.q.unit == cand.q.unit


def _bare_unit(
    cand: _Candidate, kept: list[_Candidate], text: str, state: _DocState, lex: MetricLexicon
) -> bool:
    """Set the unit of a number written without one; False when it is no quantity at all."""
    q = cand.q
    head = quantity_head(cand.span)
    if q.scaled:
        return _inherit_unit(cand, kept, state, lex)
    if q.compound is not None:
        return _compound_unit(cand, lex)
    noun = counted_noun(head)
    det = determiner_before(text, q, lex)
    if noun is None:
        if det in {"the", "these", "those", "both"} or head.dep_ in {"nummod", "compound"}:
            return False  # "the two support each other"
        return _noun_less(cand, text, lex)
    if q.value in _ANAPHORIC_COUNTS and (det not in {None, "possessive"} or _predicate_pair(noun)):
        return False
    if q.value == 1:
        return False
    return _count_of(cand, noun, lex)


def _inherit_unit(cand: _Candidate, kept: list[_Candidate], state: _DocState, lex: MetricLexicon) -> bool:
    """ "38 billion litres ..., eventually reaching 60 billion": the unit of the previous figure or currency."""
    q = cand.q
    previous = next((c.q for c in reversed(kept) if c.q.unit and c.q.kind != "percentage"), None)
    noun = counted_noun(quantity_head(cand.span))
    if noun is not None and _is_person(noun, lex):
        q.unit, q.kind, cand.noun, cand.basis = "person", "count", noun, "noun"
    elif previous is not None and previous.value >= 1000:
        q.unit, q.kind, cand.basis = previous.unit, previous.kind, "inherited"
    elif state.last_currency is not None and state.currency_age <= _CURRENCY_REACH and noun is None:
        q.unit, q.kind, cand.basis = state.last_currency, "currency", "inherited"
    else:
        q.unit, q.kind, cand.noun, cand.basis = "count", "count", noun, "noun"
    return True


def _compound_unit(cand: _Candidate, lex: MetricLexicon) -> bool:
    """ "600-member delegation" counts people; "five-state agreement" counts states."""
    q = cand.q
    word = q.compound or ""
    if word in lex.person_compounds:
        q.unit, q.kind = "person", "count"
    elif word in lex.discourse_nouns or q.value == 1 or word in {"off", "sided", "way", "time"}:
        return False
    else:
        q.unit, q.kind = "count", "count"
    cand.basis = "noun"
    return True


def _count_of(cand: _Candidate, noun: Token, lex: MetricLexicon) -> bool:
    q = cand.q
    lemma = noun.lemma_.lower()
    if lemma in lex.discourse_nouns or noun.lower_ in lex.discourse_nouns:
        return False
    if _is_person(noun, lex):
        q.unit, q.kind = "person", "count"
    else:
        q.unit, q.kind = "count", "count"
    cand.noun, cand.basis = noun, "noun"
    return True


def _predicate_pair(noun: Token) -> bool:
    """ "China and Russia are two large neighbours": the pair named in the subject, restated as a predicate."""
    if noun.dep_ != "attr":
        return False
    subject = next((c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subject is None or any(c.dep_ == "conj" for c in subject.children)


def _noun_less(cand: _Candidate, text: str, lex: MetricLexicon) -> bool:
    """A number with no noun: "the number of systems ... to nine", "limits were set on troops at 134,000"."""
    q = cand.q
    head = quantity_head(cand.span)
    if head.dep_ not in {"pobj", "dobj", "attr", "nsubj", "nsubjpass", "appos", "conj"} or q.value == 1:
        return False
    if q.form == "word" and head.dep_ in {"nsubj", "nsubjpass"}:
        return False  # "two of them", "one does not choose"
    before = text[: q.start].lower()
    persons = lex.person_nouns
    words = re.findall(r"[a-z]+", before)[-8:]
    if any(w.rstrip("s") in persons or w in persons for w in words):
        q.unit, q.kind = "person", "count"
    else:
        q.unit, q.kind = "count", "count"
    cand.basis = "bare"
    return True


def _is_person(noun: Token, lex: MetricLexicon) -> bool:
    """A noun counting people: "troops", "members", plural demonyms ("Russians")."""
    return noun.lemma_.lower() in lex.person_nouns or noun.tag_ == "NNPS" or noun.ent_type_ == "NORP"


# -- row assembly --------------------------------------------------------------------------------------------
def _build(
    ctx: DocumentContext,
    cand: _Candidate,
    sent: Span,
    spans: list[Span],
    years: list,
    doc_year: int | None,
    state: _DocState,
    lex: MetricLexicon,
) -> tuple[Metric, list[str]]:
    q, sentence = cand.q, cand.sentence
    head = quantity_head(cand.span)
    provisional = status_of(sent, cand.span, cand.noun, q.kind, None, doc_year, lex)
    year = reference_year(sent, cand.span, years, spans, provisional, q.kind, lex)
    status = status_of(sent, cand.span, cand.noun, q.kind, year, doc_year, lex)
    if year is None and not years:
        year = _carried_year(status, q, state, doc_year, has_year_words(sent), clause_tense(cand.span))
    measure = measure_token(head, cand.span, cand.noun)
    start, end = sentence.char_start + q.start, sentence.char_start + q.end
    metric_id = stable_id("met", ctx.doc_id, start, end, q.value)
    metric = Metric(
        metric_id=metric_id,
        doc_id=ctx.doc_id,
        sentence_id=sentence.sentence_id,
        char_start=start,
        char_end=end,
        surface=ctx.info.text[start:end],
        value=float(q.value),
        value_high=q.value_high,
        unit=q.unit or "count",
        quantity_kind=q.kind or "count",
        measure=measure_of(measure, cand.span, lex),
        reference_year=year,
        status=status,
        approximate=q.approximate,
        confidence=_CONFIDENCE[cand.basis],
        evidence=sentence.text,
    )
    return metric, _actors(ctx, sentence, actor_ranges(head, measure))


def _carried_year(
    status: str, q: Quantity, state: _DocState, doc_year: int | None, names_a_year: bool, tense: str | None
) -> int | None:
    """Year for a figure whose sentence gives it none: the paragraph's (actual figures and limits in a
    past-tense clause whose sentence names no time of its own), the running plan's (planned figures within two
    sentences), the publication year for actual figures other than spans of years; else, for a figure stated
    in the past or present tense (a pledge made, a quota set, an estimate given: not "will", "would", "could")
    in a sentence that names no year, the publication year."""
    if status in _CARRIED_STATUS:
        if state.paragraph_year is not None and not (names_a_year or tense != "past"):
            return state.paragraph_year
        if status == "actual":
            return doc_year if q.unit != "year" else None
    elif state.plan_age <= 2 and q.kind != "duration":
        return state.plan_year
    stated_now = tense in ("past", "present") and not names_a_year and q.kind != "duration"
    return doc_year if stated_now else None


def _actors(ctx: DocumentContext, sentence: Sentence, ranges: list[tuple[int, int]]) -> list[str]:
    """Actors of the sentence attached to the metric's phrase or clause; all of the sentence's if none is."""
    mentions = ctx.mentions_in(sentence.char_start, sentence.char_end)
    attached = [m for m in mentions if any(a <= m.char_start and m.char_end <= b for a, b in ranges)]
    return list(dict.fromkeys(m.actor_id for m in attached or mentions))
