"""Property-based tests: hostile Unicode never crashes ingest or an extractor, and every span is exact.

Texts mix arbitrary Unicode with the characters that break naive offset arithmetic: control characters,
zero-width (non-)joiners, right-to-left text and marks, emoji ZWJ sequences, combining marks, characters whose
case mapping changes length (İ, ß, ﬁ), line/paragraph separators, and no sentence punctuation at all. One
100,000-character line is run through the whole chain separately (a spaCy parse of it takes seconds).
"""

from __future__ import annotations

import os
from dataclasses import asdict

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.core.model import DocumentContext
from pipeline.extract.actors.extractor import extract_actors
from pipeline.extract.context import build_context
from pipeline.extract.events.extractor import extract_events
from pipeline.extract.metrics.extractor import extract_metrics
from pipeline.extract.stances.extractor import extract_stances
from pipeline.ingest.clean import clean
from pipeline.ingest.decode import DecodeError, decode
from pipeline.nlp import load_nlp, segment_sentences

PIECES = [
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\t", "\r", "\r\n", "\n", "\n\n", "\u2028", "\u2029", "\xa0",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\ufffd",
    "مرحبا بالعالم", "الصين وروسيا", "שלום", "e\u0301", "İstanbul", "Straße", "ﬁnance", "Ǆ", "ᾼ",
    "👨\u200d👩\u200d👧\u200d👦", "🇷🇺", "🇨🇳", "🏳️\u200d🌈", "👍🏽", "\U0010ffff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "北京", "Москва",
    "China", "Russia", "Beijing", "the United States", "NATO", "Xi Jinping", "Putin", "President", "minister",
    "said", "signed", "agreed", "sanctions", "condemned", "opposes", "supports", "according to", "talks",
    "US$88.1 billion", "25%", "2019", "May 29", "1.5 million", "tonnes", "nearly", "$", "%",
    " ", "  ", ".", ",", ";", '"', "“", "”", "'", "(", ")", "#", "**", "[", "](", "<", ">", "&amp;",
]  # fmt: skip
HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=80).map("".join),
)
# GEOEVENTS_PROPERTY_EXAMPLES=2000 for a deeper search than the suite's quick one.
PROPERTY = settings(
    max_examples=int(os.environ.get("GEOEVENTS_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# 100,000-character lines without sentence punctuation. Ordinary prose that long is ~18,000 tokens in one
# sentence: it goes through decoding and cleaning here, but the event and stance extractors are quadratic in
# sentence length today (20,000 characters: ~3 s; 100,000: minutes), so the extractors get a line of the
# same length made of fewer, longer tokens.
LONG_PROSE = (
    "the minister of china met officials in moscow and agreed to cooperate on trade worth billions " * 1100
)[:100_000]
LONG_SPARSE = (
    ("China and Russia signed an agreement worth US$88.1 billion and the minister said Moscow opposes sanctions "
     + "z" * 2000 + " ") * 50
)[:100_000]  # fmt: skip
EXAMPLES = ["", " \n\t ", "\x00" * 20, "🇷🇺" * 50, "İİİ China İİİ sanctions Russia", "A\u200dB said C"]


def _with_examples(test):
    """The EXAMPLES, always run before the generated texts (with is_html=False where the test takes it)."""
    extra = {"is_html": False} if "is_html" in test.__code__.co_varnames else {}
    for text in EXAMPLES:
        test = example(text=text, **extra)(test)
    return test


def assert_sentences_exact(ctx: DocumentContext) -> None:
    text = ctx.info.text
    previous_end = 0
    for sentence in ctx.sentences:
        assert text[sentence.char_start : sentence.char_end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert previous_end <= sentence.char_start < sentence.char_end <= len(text)
        previous_end = sentence.char_end


def assert_rows_exact(ctx: DocumentContext, rows: list, span_text: str | None) -> None:
    """Each row's span is `text[char_start:char_end]` (compared with its `span_text` field, when it has one),
    lies inside its sentence, and quotes that sentence as evidence when it carries evidence."""
    text = ctx.info.text
    sentences = {s.sentence_id: s for s in ctx.sentences}
    for row in rows:
        values = asdict(row)
        assert 0 <= row.char_start <= row.char_end <= len(text), values
        if span_text is not None:
            assert text[row.char_start : row.char_end] == values[span_text], values
        sentence = sentences[row.sentence_id]
        assert sentence.char_start <= row.char_start and row.char_end <= sentence.char_end, values
        if "evidence" in values:
            assert values["evidence"] == sentence.text, values


# ----------------------------------------------------------------------------------------------- ingest


@given(data=st.one_of(st.binary(max_size=2000), HOSTILE_TEXT.map(lambda t: t.encode("utf-8"))))
@example(data=b"\xff\xfe" + "UTF-16 text".encode("utf-16-le"))
@example(data="UTF-16 without BOM, long enough".encode("utf-16-be"))
@example(data=b"\x00\x00\xfe\xff")
@PROPERTY
def test_decode_returns_clean_text_or_a_reason(data: bytes) -> None:
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        assert exc.reason in {"empty_file", "binary_file", "undecodable"} and exc.detail
        return
    assert encoding and "\r" not in text and "\x00" not in text and "\ufeff" not in text


@given(text=HOSTILE_TEXT, is_html=st.booleans())
@_with_examples
@PROPERTY
def test_clean_never_raises(text: str, is_html: bool) -> None:
    cleaned = clean(text, is_html=is_html)
    assert cleaned.text == "" or cleaned.text.endswith("\n")
    assert cleaned.chars_removed >= 0
    meta = cleaned.metadata
    assert meta.published_precision in {None, "day", "month", "year"}
    assert all(isinstance(author, str) and author for author in meta.authors)


@given(text=HOSTILE_TEXT)
@_with_examples
@PROPERTY
def test_sentences_are_exact_spans(text: str) -> None:
    doc = load_nlp()(text)
    sentences = segment_sentences("doc_x", doc)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.char_start : sentence.char_end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert previous_end <= sentence.char_start
        previous_end = sentence.char_end
    assert [s.ordinal for s in sentences] == list(range(len(sentences)))


# ------------------------------------------------------------------------------------------- extractors


@given(text=HOSTILE_TEXT)
@_with_examples
@PROPERTY
def test_actor_mentions_are_exact_spans(text: str) -> None:
    ctx = build_context(text, with_actors=False)
    assert_sentences_exact(ctx)
    mentions, actors = extract_actors(ctx)
    assert_rows_exact(ctx, mentions, "text")
    assert {m.actor_id for m in mentions} <= set(actors)


@given(text=HOSTILE_TEXT)
@_with_examples
@PROPERTY
def test_events_are_exact_spans(text: str) -> None:
    ctx = build_context(text)
    found, participants = extract_events(ctx)
    assert_rows_exact(ctx, found, "trigger")
    assert {p.event_id for p in participants} <= {e.event_id for e in found}


@given(text=HOSTILE_TEXT)
@_with_examples
@PROPERTY
def test_metrics_are_exact_spans(text: str) -> None:
    ctx = build_context(text)
    found, about = extract_metrics(ctx)
    assert_rows_exact(ctx, found, "surface")
    assert {a.metric_id for a in about} <= {m.metric_id for m in found}


@given(text=HOSTILE_TEXT)
@_with_examples
@PROPERTY
def test_stances_lie_inside_their_sentence(text: str) -> None:
    """A stance's span is its cue (or the whole sentence for authorial stances), so there is no column that must
    equal the span; it must still lie inside its sentence and quote it as evidence."""
    ctx = build_context(text)
    assert_rows_exact(ctx, extract_stances(ctx), None)


def test_a_100k_character_prose_line_is_decoded_and_cleaned_intact() -> None:
    text, _ = decode(LONG_PROSE.encode("utf-8"))
    assert clean(text).text.strip() == LONG_PROSE.strip()


def test_a_100k_character_line_goes_through_every_extractor() -> None:
    ctx = build_context(clean(LONG_SPARSE).text)
    assert len(ctx.info.text.strip()) == len(LONG_SPARSE.strip())
    assert_sentences_exact(ctx)
    assert_rows_exact(ctx, ctx.mentions, "text")
    assert_rows_exact(ctx, extract_events(ctx)[0], "trigger")
    assert_rows_exact(ctx, extract_metrics(ctx)[0], "surface")
    assert_rows_exact(ctx, extract_stances(ctx), None)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n"])
def test_empty_documents_give_no_rows(text: str) -> None:
    ctx = build_context(text)
    assert ctx.sentences == [] and ctx.mentions == []
    assert extract_events(ctx) == ([], []) and extract_metrics(ctx) == ([], []) and extract_stances(ctx) == []
