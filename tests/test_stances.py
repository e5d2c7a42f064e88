"""Stances extractor: attribution patterns, negation, contrast, pronoun holders, authorial claims, neutral text.

All sentences are written for these tests.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from pipeline.core.model import DocumentContext
from pipeline.extract.context import build_context
from pipeline.extract.stances.extractor import EXTRACTOR, Stance, author_actor_id, extract_stances
from pipeline.extract.stances.topics import find_topics
from pipeline.knowledge.language import language
from pipeline.knowledge.stances import default_lexicon
from pipeline.nlp.modality import negates
from pipeline.nlp.parse import load_nlp

CONTRACT_COLUMNS = [
    "stance_id", "doc_id", "sentence_id", "char_start", "char_end", "holder_actor_id", "holder_kind",
    "target_actor_id", "target_topic", "target_text", "polarity", "attributed", "cue", "confidence", "evidence",
    "extractor",
]  # fmt: skip


def run(text: str, authors: tuple[str, ...] = ()) -> tuple[DocumentContext, list[Stance]]:
    ctx = build_context(text, authors=authors)
    return ctx, extract_stances(ctx)


def actor_of(ctx: DocumentContext, surface: str) -> str:
    """The actor id the actors extractor gave to the first mention containing `surface`."""
    for m in ctx.mentions:
        if surface in m.text:
            return m.actor_id
    raise AssertionError(f"no mention of {surface!r}: {[m.text for m in ctx.mentions]}")


def by_holder(rows: list[Stance], holder: str | None) -> list[Stance]:
    return [r for r in rows if r.holder_actor_id == holder]


def test_row_shape_and_offsets() -> None:
    text = "Japan condemned the missile test carried out by North Korea."
    ctx, rows = run(text)
    assert [f.name for f in dataclasses.fields(Stance)] == CONTRACT_COLUMNS
    assert rows
    for r in rows:
        assert r.extractor == EXTRACTOR
        assert r.evidence == text[ctx.sentences[0].char_start : ctx.sentences[0].char_end]
        assert 0 <= r.char_start < r.char_end <= len(text)
        assert r.polarity in {"support", "oppose", "neutral"}
        assert r.holder_kind in {"actor", "author"}
        assert 0.0 < r.confidence <= 1.0
    assert len({r.stance_id for r in rows}) == len(rows)
    assert [r.stance_id for r in extract_stances(ctx)] == [r.stance_id for r in rows]  # stable


def test_word_lists_come_from_the_lexicons_passed_in() -> None:
    lexicon = default_lexicon()
    assert lexicon is default_lexicon()
    cues = lexicon.cues
    assert all(getattr(cues, f.name) for f in dataclasses.fields(cues))
    assert all(getattr(cues.authorial, f.name) for f in dataclasses.fields(cues.authorial))
    ctx = build_context("Japan condemned the missile test carried out by North Korea.")
    assert [r.cue for r in extract_stances(ctx, lexicon)] == ["condemned"]
    verbs = MappingProxyType({w: p for w, p in cues.stance_verbs.items() if w != "condemn"})
    without = dataclasses.replace(lexicon, cues=dataclasses.replace(cues, stance_verbs=verbs))
    assert extract_stances(ctx, without) == []
    ctx = build_context("Angela Merkel met reporters in Berlin. She criticised the sanctions against Russia.")
    assert [r.holder_actor_id for r in extract_stances(ctx)] == [actor_of(ctx, "Merkel")]
    words = language()
    pronouns = {w: kind for w, kind in words.reference.pronouns.items() if w != "she"}
    reference = dataclasses.replace(words.reference, pronouns=pronouns)
    assert extract_stances(ctx, language=dataclasses.replace(words, reference=reference)) == []


def test_stance_verb_oppose_with_actor_target() -> None:
    ctx, rows = run("Japan condemned the missile test carried out by North Korea.")
    japan = by_holder(rows, actor_of(ctx, "Japan"))
    assert japan and japan[0].polarity == "oppose" and japan[0].attributed
    assert japan[0].cue == "condemned"


def test_stance_verb_support_with_topic_target() -> None:
    ctx, rows = run("Brazil praised the Belt and Road Initiative during the summit.")
    brazil = by_holder(rows, actor_of(ctx, "Brazil"))
    assert brazil and brazil[0].polarity == "support"
    assert brazil[0].target_topic == "belt_and_road"
    assert "Belt and Road" in brazil[0].target_text


def test_reported_speech_said_that() -> None:
    ctx, rows = run("Canada said that the new tariffs on steel were a dangerous mistake.")
    canada = by_holder(rows, actor_of(ctx, "Canada"))
    assert canada and canada[0].attributed and canada[0].cue == "said"
    assert canada[0].polarity == "oppose"
    assert canada[0].target_topic is not None and canada[0].target_topic.endswith("trade_war")


def test_quote_with_speaker_after() -> None:
    ctx, rows = run("“We welcome this agreement on climate change,” said Mexico’s foreign minister.")
    mexico = by_holder(rows, actor_of(ctx, "Mexico"))
    assert mexico and mexico[0].polarity == "support"
    assert mexico[0].target_topic == "climate_policy"


def test_according_to_holder() -> None:
    ctx, rows = run("According to Iran, the sanctions imposed by Washington are illegal.")
    iran = by_holder(rows, actor_of(ctx, "Iran"))
    assert iran and iran[0].cue.lower() == "according to"
    assert iran[0].polarity == "oppose"


def test_a_source_cited_for_a_fact_holds_no_stance() -> None:
    _, rows = run("The economy grew 5% last year, according to the IMF.")
    assert rows == []


def test_a_commitment_to_act_is_an_event_but_agreeing_with_someone_is_a_position() -> None:
    assert run("The EU agreed on a recovery package on Tuesday.")[1] == []
    assert run("On Monday both sides agreed to launch talks on the border.")[1] == []
    assert run("Peru promised to cut its tariffs on Chilean wine.")[1] == []
    ctx, rows = run("France agreed with Germany on the budget.")
    assert [(r.target_actor_id, r.polarity) for r in by_holder(rows, actor_of(ctx, "France"))] == [
        (actor_of(ctx, "Germany"), "support")
    ]


def test_acting_to_prevent_or_avoid_something_is_no_stance_but_pressing_for_it_is() -> None:
    assert run("Japan raised rates to prevent inflation.")[1] == []
    assert run("India moved troops to avoid an escalation.")[1] == []
    assert run("Mexico pressed its neighbours to accept the deal.")[1] == []
    ctx, rows = run("Mexico pressed for a ceasefire.")
    assert [r.polarity for r in by_holder(rows, actor_of(ctx, "Mexico"))] == ["support"]


def test_negated_support_becomes_oppose() -> None:
    ctx, rows = run("India did not support the sanctions against Venezuela.")
    india = by_holder(rows, actor_of(ctx, "India"))
    assert india and india[0].polarity == "oppose"


@pytest.mark.parametrize(
    "text",
    ["Chile does not plan to work with Peru.", "Chile was not keen on working with Peru."],
)
def test_negation_of_the_word_governing_the_cue_reverses_it(text: str) -> None:
    ctx, rows = run(text)
    chile = by_holder(rows, actor_of(ctx, "Chile"))
    assert chile and chile[0].polarity == "oppose"


def test_a_contraction_parsed_as_punctuation_still_negates() -> None:
    doc = load_nlp()("Chile wasn’t keen on working with Peru.")
    contraction = next(t for t in doc if t.lower_ == "n’t")
    contraction.dep_ = "punct"  # as the parser reads it in some contexts
    assert negates(contraction, language().negation.negators)


def test_contrast_not_alliance_opposes_alliance() -> None:
    ctx, rows = run("Brazil spoke of cooperation – not an alliance – with Argentina.")
    brazil = by_holder(rows, actor_of(ctx, "Brazil"))
    assert brazil and brazil[0].polarity == "oppose"
    assert "alliance" in (brazil[0].target_topic or "")


def test_negated_ruling_out_is_not_opposition() -> None:
    ctx, rows = run("Turkey said that an alliance with Qatar would not be ruled out.")
    turkey = by_holder(rows, actor_of(ctx, "Turkey"))
    assert turkey and turkey[0].polarity != "oppose"


def test_refuse_to_composes_polarity() -> None:
    ctx, rows = run("Norway refused to join the military alliance.")
    norway = by_holder(rows, actor_of(ctx, "Norway"))
    assert norway and norway[0].polarity == "oppose"


def test_pronoun_holder_from_previous_sentence() -> None:
    ctx, rows = run("Angela Merkel arrived in Paris on Monday. She criticized the tariffs on European steel.")
    merkel = actor_of(ctx, "Merkel")
    second = ctx.sentences[1].sentence_id
    assert any(
        r.holder_actor_id == merkel and r.sentence_id == second and r.polarity == "oppose" for r in rows
    )


def test_title_holder_from_previous_sentence() -> None:
    ctx, rows = run(
        "Emmanuel Macron met reporters in Lyon. The president urged Europe to raise defence spending."
    )
    macron = actor_of(ctx, "Macron")
    assert any(r.holder_actor_id == macron and r.sentence_id == ctx.sentences[1].sentence_id for r in rows)


def test_both_countries_resolve_to_the_pair() -> None:
    ctx, rows = run("Germany and France held talks in Berlin. Both countries rejected the proposed tariffs.")
    second = ctx.sentences[1].sentence_id
    holders = {r.holder_actor_id for r in rows if r.sentence_id == second}
    assert {actor_of(ctx, "Germany"), actor_of(ctx, "France")} <= holders


def test_relative_clause_holder_is_the_antecedent() -> None:
    ctx, rows = run("Voters elected Senator Maria Lopez, who opposes military aid for Ukraine.")
    lopez = by_holder(rows, actor_of(ctx, "Lopez"))
    assert lopez and lopez[0].polarity == "oppose" and lopez[0].target_topic == "military_aid"


def test_emotion_caused_in_actor() -> None:
    ctx, rows = run("The new export controls angered Beijing.")
    china = by_holder(rows, actor_of(ctx, "Beijing"))
    assert china and china[0].polarity == "oppose"


def test_passive_without_agent_has_no_holder() -> None:
    _, rows = run("The plan was criticized last week.")
    assert rows == []


def test_authorial_evaluation_held_by_author() -> None:
    text = "Therefore, any attempt by Washington to isolate Iran would be politically unwise."
    _, rows = run(text, authors=("Jane Example",))
    authorial = [r for r in rows if r.holder_kind == "author"]
    assert authorial and authorial[0].holder_actor_id == "person:jane-example"
    assert not authorial[0].attributed and authorial[0].polarity == "oppose"


def test_authorial_nobody_should_expect() -> None:
    text = "Nobody should expect Spain and Morocco to form an alliance in the near future."
    _, rows = run(text)
    authorial = [r for r in rows if r.holder_kind == "author"]
    assert authorial and authorial[0].holder_actor_id is None and authorial[0].polarity == "oppose"


def test_neutral_reporting_is_not_a_stance() -> None:
    text = (
        "The foreign ministers of Chile and Peru met in Lima on Tuesday. The talks lasted three hours. "
        "Trade between the two countries reached 4 billion dollars in 2019."
    )
    _, rows = run(text, authors=("Jane Example",))
    assert rows == []


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ((), None),
        (("unknown",), None),
        (("Jane Example",), "person:jane-example"),
        (("Reuters",), "organization:reuters"),
        (("The Economist",), "organization:the-economist"),
    ],
)
def test_author_actor_id(authors: tuple[str, ...], expected: str | None) -> None:
    ctx = build_context("Short text.", authors=authors, with_actors=False)
    assert author_actor_id(ctx, language().bylines) == expected


@pytest.mark.parametrize(
    ("authors", "outlet", "expected"),
    [
        ((), "The Economist", "organization:the-economist"),  # an unsigned piece speaks for its outlet
        (("Jane Example",), "The Economist", "person:jane-example"),  # a byline wins
        ((), "RUSI (Europe), via a repost", None),  # a publisher's description names no one
    ],
)
def test_an_unsigned_piece_speaks_for_its_outlet(authors: tuple[str, ...], outlet: str, expected: str | None) -> None:
    text = "Sanctions on Ruritania are a grave mistake."
    ctx = build_context(text, authors=authors, source=outlet)
    assert author_actor_id(ctx, language().bylines) == expected
    assert expected is None or expected in ctx.actors  # the actors table has it too
    assert [(r.holder_kind, r.holder_actor_id) for r in extract_stances(ctx)] == [("author", expected)]


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "word " * 3000, "“”,,,;;", "said said said"])
def test_odd_input_never_raises(text: str) -> None:
    _, rows = run(text)
    assert isinstance(rows, list)


def test_topic_file_is_well_formed_and_pair_topics_specialise() -> None:
    topics = default_lexicon().topics
    ids = [d.topic_id for d in topics.topics]
    assert len(ids) == len(set(ids)) and len(ids) >= 20
    ctx = build_context("China and Russia discussed a possible alliance.", with_actors=True)
    matches = find_topics(ctx, 0, len(ctx.info.text), topics)
    assert [m.topic_id for m in matches] == ["china_russia_alliance"]


def test_quoted_sentence_continues_previous_speaker() -> None:
    text = (
        "“The sanctions against Cuba are cruel,” said Emmanuel Macron.\n\n"
        "“They have failed for sixty years and they will keep failing.”"
    )
    ctx, rows = run(text)
    macron = actor_of(ctx, "Macron")
    second = ctx.sentences[-1].sentence_id
    assert any(r.holder_actor_id == macron and r.sentence_id == second and r.attributed for r in rows)


def test_relational_role_partner_to() -> None:
    ctx, rows = run("Kenya has become a partner to the Belt and Road Initiative.")
    kenya = by_holder(rows, actor_of(ctx, "Kenya"))
    assert kenya and kenya[0].polarity == "support" and kenya[0].target_topic == "belt_and_road"


def test_role_without_target_is_not_a_stance() -> None:
    _, rows = run("Chile and Peru are close trading partners.")
    assert [r for r in rows if r.holder_kind == "actor"] == []


def test_taking_a_position_on() -> None:
    ctx, rows = run("Egypt and Jordan took a joint position against the annexation of the territory.")
    holders = {r.holder_actor_id for r in rows if r.polarity == "oppose"}
    assert {actor_of(ctx, "Egypt"), actor_of(ctx, "Jordan")} <= holders


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Poland views Russia as a serious threat.", "oppose"),
        ("Hungary does not consider China as an enemy.", "support"),
        ("Greece does not regard Turkey as a reliable ally.", "oppose"),
    ],
)
def test_perception_polarity_with_negation(text: str, expected: str) -> None:
    ctx, rows = run(text)
    holder = by_holder(rows, ctx.mentions[0].actor_id)
    assert holder and holder[0].polarity == expected


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Poland said dialogue with Russia was pointless.", "oppose"),
        ("Chile said the failed talks with Peru had been useful.", "support"),
    ],
)
def test_what_a_reported_clause_says_of_its_subject_outweighs_words_inside_the_subject(
    text: str, polarity: str
) -> None:
    _, rows = run(text)
    assert [r.polarity for r in rows] == [polarity]
