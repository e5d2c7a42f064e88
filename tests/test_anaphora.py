"""The one anaphora resolver (pipeline/nlp/anaphora.py), used by events, stances and topics alike.

All sentences are written for these tests.
"""

from __future__ import annotations

import dataclasses

import pytest
from spacy.tokens import Token

from pipeline.core.model import DocumentContext
from pipeline.extract.context import build_context
from pipeline.extract.events.extractor import extract_events
from pipeline.extract.stances.extractor import extract_stances
from pipeline.knowledge.language import language
from pipeline.nlp.anaphora import PERSON, PLURAL, PLURAL_PERSON, THING, anaphor_kind, resolve

WORDS = language().reference


def actor_of(ctx: DocumentContext, surface: str) -> str:
    return next(m.actor_id for m in ctx.mentions if surface in m.text)


def token(ctx: DocumentContext, word: str, nth: int = 0) -> Token:
    return [t for t in ctx.doc if t.text == word][nth]


def resolved(ctx: DocumentContext, word: str, nth: int = 0) -> list[str]:
    head = token(ctx, word, nth)
    kind = anaphor_kind(head, WORDS)
    assert kind is not None, f"{word!r} is not read as referring back"
    sentence = ctx.sentence_at(head.idx)
    assert sentence is not None
    return resolve(ctx, head, kind, head.idx, sentence.char_start, WORDS)


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        ("Officials said he would travel.", "he", PERSON),
        ("The ministry said it would respond.", "it", THING),
        ("The delegations said they would meet.", "they", PLURAL),
        ("Both countries signed the accord.", "countries", PLURAL),
        ("The two leaders shook hands.", "leaders", PLURAL_PERSON),
        ("Officials from both sides voiced frustration.", "Officials", PLURAL),
        ("The leaders of the two nations met.", "leaders", PLURAL),
        ("They issued a joint statement.", "statement", PLURAL),
        ("The minister said the plan was sound.", "minister", PERSON),
        ("A minister said the plan was sound.", "minister", None),
        ("Farmers protested the plan.", "Farmers", None),
    ],
)
def test_what_a_phrase_refers_back_to(text: str, word: str, kind: str | None) -> None:
    ctx = build_context(text, with_actors=False)
    assert anaphor_kind(token(ctx, word), WORDS) == kind


def test_a_person_pronoun_is_the_latest_person_named() -> None:
    ctx = build_context("Angela Merkel met Emmanuel Macron in Paris. He praised the agreement.")
    assert resolved(ctx, "He") == [actor_of(ctx, "Macron")]


def test_the_two_countries_are_the_pair_named_as_subject() -> None:
    ctx = build_context("Brazil and Argentina held talks on Monday. The two countries agreed to cut tariffs.")
    assert sorted(resolved(ctx, "countries")) == sorted([actor_of(ctx, "Brazil"), actor_of(ctx, "Argentina")])


def test_it_names_an_actor_only_when_its_subject_is_one() -> None:
    ctx = build_context("Norway raised its aid budget. It will spend more on health.")
    assert resolved(ctx, "It", 0) == [actor_of(ctx, "Norway")]
    ctx = build_context("The drought hit Kenya hard. It has ruined the harvest.")
    assert resolved(ctx, "It") == []


def test_avoided_actors_are_never_the_answer() -> None:
    ctx = build_context("Angela Merkel met Emmanuel Macron in Paris. He praised the agreement.")
    head = token(ctx, "He")
    sentence = ctx.sentence_at(head.idx)
    assert sentence is not None
    macron, merkel = actor_of(ctx, "Macron"), actor_of(ctx, "Merkel")
    assert resolve(ctx, head, PERSON, head.idx, sentence.char_start, WORDS, avoid={macron}) == [merkel]


def test_events_and_stances_resolve_the_same_phrase_the_same_way() -> None:
    ctx = build_context(
        "Kenya and Ethiopia held talks in Nairobi on Monday. The two countries signed a security pact."
        " Both countries praised the pact."
    )
    pair = sorted([actor_of(ctx, "Kenya"), actor_of(ctx, "Ethiopia")])
    signed = [e for e in extract_events(ctx)[0] if e.trigger == "signed"]
    participants = extract_events(ctx)[1]
    assert signed
    assert sorted(p.actor_id for p in participants if p.event_id == signed[0].event_id) == pair
    praised = [s for s in extract_stances(ctx) if s.cue == "praised"]
    assert sorted(s.holder_actor_id for s in praised) == pair


def test_the_word_classes_come_from_the_lexicon_passed_in() -> None:
    ctx = build_context("Angela Merkel met reporters in Berlin. She criticised the sanctions.")
    assert resolved(ctx, "She") == [actor_of(ctx, "Merkel")]
    without = dataclasses.replace(WORDS, pronouns={w: k for w, k in WORDS.pronouns.items() if w != "she"})
    assert anaphor_kind(token(ctx, "She"), without) is None
