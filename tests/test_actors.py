"""Actor mentions and resolution, on sentences written for these tests."""

from __future__ import annotations

import csv
from dataclasses import fields, replace
from itertools import pairwise

import pytest
from spacy.tokens import Span

from pipeline.core.model import DocumentContext
from pipeline.extract.actors.extractor import EXTRACTOR, extract_actors
from pipeline.extract.actors.kb import KNOWLEDGE, load_kb
from pipeline.extract.context import build_context
from pipeline.knowledge.actors import default_lexicon
from pipeline.nlp.parse import load_nlp


def ctx_of(text: str, **kwargs) -> DocumentContext:
    ctx = build_context(text, "doc-test", **kwargs)
    for m in ctx.mentions:  # invariants every mention must satisfy
        assert text[m.char_start : m.char_end] == m.text
        sentence = ctx.sentence_at(m.char_start)
        assert sentence is not None and sentence.sentence_id == m.sentence_id
        assert m.char_end <= sentence.char_end
        assert m.actor_id in ctx.actors
        assert m.extractor == EXTRACTOR
    return ctx


def mentions(ctx: DocumentContext) -> set[tuple[str, str, str]]:
    return {(m.text, m.actor_id, m.mention_kind) for m in ctx.mentions}


def actor_ids(ctx: DocumentContext) -> set[str]:
    return {m.actor_id for m in ctx.mentions}


def test_metonyms_of_countries() -> None:
    ctx = ctx_of("Beijing welcomed the plan, Washington objected and the Kremlin said nothing.")
    found = mentions(ctx)
    assert ("Beijing", "CHN", "metonym") in found
    assert ("Washington", "USA", "metonym") in found
    assert ("Kremlin", "RUS", "metonym") in found


def test_capital_used_as_a_place_is_not_an_actor() -> None:
    ctx = ctx_of("The delegates had dinner in Moscow on Tuesday.")
    assert "RUS" not in actor_ids(ctx)


def test_word_lists_come_from_the_lexicon_passed_in() -> None:
    lexicon = default_lexicon()
    assert lexicon is default_lexicon() and all(getattr(lexicon, f.name) for f in fields(lexicon))
    ctx = ctx_of("The delegates had dinner in Moscow on Tuesday.")
    mentions, _ = extract_actors(ctx, replace(lexicon, locative=lexicon.locative - {"in"}))
    assert "RUS" in {m.actor_id for m in mentions}


def test_demonyms_and_plural_demonyms() -> None:
    ctx = ctx_of("Chinese diplomats told Russians that American pressure would fail.")
    found = mentions(ctx)
    assert {
        ("Chinese", "CHN", "demonym"),
        ("Russians", "RUS", "demonym"),
        ("American", "USA", "demonym"),
    } <= found


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Sino-Russian trade grew again.", [("Sino", "CHN"), ("Russian", "RUS")]),
        ("Russo-Chinese cooperation deepened.", [("Russo", "RUS"), ("Chinese", "CHN")]),
        ("The US-Russian talks stalled.", [("US", "USA"), ("Russian", "RUS")]),
        ("A Sino-Russia-US triangle emerged.", [("Sino", "CHN"), ("Russia", "RUS"), ("US", "USA")]),
    ],
)
def test_compound_adjectives_give_one_mention_per_part(text: str, parts: list[tuple[str, str]]) -> None:
    ctx = ctx_of(text)
    got = sorted(
        (m.char_start, m.text, m.actor_id) for m in ctx.mentions if m.actor_id in {"CHN", "RUS", "USA"}
    )
    assert [(t, a) for _, t, a in got] == parts


def test_combining_form_without_a_country_is_not_a_mention() -> None:
    ctx = ctx_of("Navies patrol the Indo-Pacific and Sino scholars disagree.")
    assert actor_ids(ctx) & {"IND", "CHN"} == set()


def test_titles_and_counterpart_resolve_to_the_person() -> None:
    ctx = ctx_of("Russian President Vladimir Putin met his Chinese counterpart, Xi Jinping, in June.")
    found = mentions(ctx)
    assert ("Russian President Vladimir Putin", "person:vladimir-putin", "title") in found
    assert ("Chinese counterpart", "person:xi-jinping", "title") in found
    assert ("Russian", "RUS", "demonym") in found  # the nationality inside a title is still the country


def test_unnamed_office_resolves_to_a_person_named_in_the_document() -> None:
    ctx = ctx_of("Xi Jinping travelled abroad. Later the president of China gave a speech.")
    assert ("the president of China", "person:xi-jinping", "title") in mentions(ctx)


def test_partial_name_of_an_unknown_person_and_country_from_title() -> None:
    ctx = ctx_of("Russian senior researcher Vasily Kashin disagreed. Kashin said the deal was weak.")
    assert {"person:vasily-kashin"} == {a for a in actor_ids(ctx) if a.startswith("person:")}
    assert ctx.actors["person:vasily-kashin"].country_code == "RUS"
    assert ctx.actors["person:vasily-kashin"].name == "Vasily Kashin"


def test_honorific_and_appositive() -> None:
    text = "Mark Rutte, the Dutch prime minister, demanded a veto. Critics said Mr Rutte went too far."
    found = mentions(ctx_of(text))
    assert ("the Dutch prime minister", "person:mark-rutte", "title") in found
    assert ("Mr Rutte", "person:mark-rutte", "name") in found


def test_possessive_is_not_part_of_the_name() -> None:
    ctx = ctx_of("Xi Jinping's visit was short.")
    assert ("Xi Jinping", "person:xi-jinping", "name") in mentions(ctx)


def test_ambiguous_surname_resolved_by_years_nearby() -> None:
    ctx = ctx_of("In 1995 relations worsened. Clinton then sent a carrier to the region.")
    assert "person:bill-clinton" in actor_ids(ctx)


def test_abbreviations_of_organisations() -> None:
    ctx = ctx_of("The SCO, NATO and the CCP issued statements; the IMF did not.")
    ids = actor_ids(ctx)
    assert {"igo:shanghai-cooperation-organisation", "igo:nato", "igo:international-monetary-fund"} <= ids
    assert "organization:communist-party-of-china" in ids
    assert ctx.actors["organization:communist-party-of-china"].country_code == "CHN"


def test_leaders_of_a_bloc_are_one_group_actor_and_the_leaders_refers_back_to_it() -> None:
    ctx = ctx_of(
        "NATO's 32 national leaders met in Vilnius. The African Union leaders issued a statement. "
        "In the end the leaders agreed on a text. The leaders of China did not."
    )
    found = mentions(ctx)
    assert ("NATO's 32 national leaders", "group:nato-leaders", "description") in found
    assert ("NATO", "igo:nato", "name") in found  # the bloc itself is still named inside
    assert ("The African Union leaders", "group:au-leaders", "description") in found
    assert ("the leaders", "group:au-leaders", "description") in found  # the latest group of leaders
    assert ctx.actors["group:nato-leaders"].actor_type == "group"
    assert ("The leaders of China", "CHN", "metonym") in found  # names its own group, not the bloc's


def test_national_institutions() -> None:
    ctx = ctx_of(
        "The Chinese army held drills. The US government protested, and the Trump administration added tariffs."
    )
    found = mentions(ctx)
    assert ("The Chinese army", "organization:people-s-liberation-army", "description") in found
    assert ("The US government", "USA", "metonym") in found
    assert ("the Trump administration", "USA", "metonym") in found


def test_generated_institution_for_a_country_without_a_kb_entry() -> None:
    ctx = ctx_of("Kenya's defence ministry denied the report.")
    actor = ctx.actors.get("organization:kenyan-ministry-of-defence")
    assert actor is not None and actor.country_code == "KEN"


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("Serbian police fired tear gas at the crowd.", "Serbian police", "SRB"),
        ("The Italian coastguard rescued 40 people.", "The Italian coastguard", "ITA"),
        ("Polish border guards turned the migrants back.", "Polish border guards", "POL"),
        ("Iranian state media reported the launch.", "Iranian state media", "IRN"),
    ],
)
def test_police_coastguards_border_guards_and_state_media_are_national_institutions(
    text: str, surface: str, country: str
) -> None:
    ctx = ctx_of(text)
    [found] = [m for m in ctx.mentions if m.text == surface]
    actor = ctx.actors[found.actor_id]
    assert (actor.actor_type, actor.country_code) == ("organization", country)


def test_unknown_organisation_from_the_model() -> None:
    ctx = ctx_of("Analysts at the Brightwater Policy Institute in London said the deal would fail.")
    orgs = {a.name for a in ctx.actors.values() if a.actor_type == "organization"}
    assert "Brightwater Policy Institute" in orgs


def test_news_agency_with_trailing_adverb() -> None:
    ctx = ctx_of("The state news agency Xinhua later reported the meeting.")
    assert ("Xinhua", "organization:xinhua", "name") in mentions(ctx)


def test_places_are_not_actors() -> None:
    text = "Troops moved through Crimea, Xinjiang and Siberia, from Lake Baikal to the South China Sea."
    assert actor_ids(ctx_of(text)) == set()


def test_language_is_not_a_country() -> None:
    ctx = ctx_of("The report is also available in German.")
    assert "DEU" not in actor_ids(ctx)


def test_the_west_is_a_group_but_western_europe_is_a_place() -> None:
    ctx = ctx_of("The West imposed sanctions. Western Europe had a mild winter.")
    west = [m for m in ctx.mentions if m.actor_id == "group:the-west"]
    assert [m.text for m in west] == ["The West"]


def test_authors_become_actors() -> None:
    ctx = ctx_of("China and Russia held talks.", authors=("Jane Roe", "Reuters", "unknown"))
    assert ctx.actors["person:jane-roe"].actor_type == "person"
    assert ctx.actors["organization:reuters"].actor_type == "organization"
    assert not any("unknown" in a for a in ctx.actors)


def test_historic_states() -> None:
    ctx = ctx_of("The former Soviet Union and Tsarist Russia both claimed the region.")
    assert {"SUN", "country:russian-empire"} <= actor_ids(ctx)
    assert ctx.actors["country:russian-empire"].country_code == "RUS"


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "no punctuation at all just words " * 50, "a" * 5000])
def test_odd_input_never_raises(text: str) -> None:
    ctx = ctx_of(text)
    assert isinstance(ctx.mentions, list)


def test_extract_is_deterministic() -> None:
    text = "Beijing and Moscow signed a pact; NATO objected."
    ctx = ctx_of(text)
    assert extract_actors(ctx) == extract_actors(ctx)
    again = ctx_of(text)
    assert (again.mentions, again.actors, again.places) == (ctx.mentions, ctx.actors, ctx.places)


def test_knowledge_base_is_loaded_once_and_complete() -> None:
    assert load_kb() is load_kb()
    with (KNOWLEDGE / "countries.csv").open(encoding="utf-8") as handle:
        rows = {r["actor_id"]: r for r in csv.DictReader(handle)}
    assert len(rows) >= 240
    assert "Chinese" in rows["CHN"]["demonyms"].split("|") and "Beijing" in rows["CHN"]["metonyms"].split("|")
    assert rows["SUN"]["status"] == "historic"
    assert "Brussels" not in rows["BEL"]["metonyms"].split("|")


def test_acronym_defined_after_an_unknown_organisation_joins_it() -> None:
    text = "The Northern Grain Council (NGC) raised prices. Later the NGC cut them again."
    ctx = ctx_of(text)
    ids = {m.actor_id for m in ctx.mentions if m.text.endswith(("Council", "NGC"))}
    assert len(ids) == 1


def test_acronym_defined_after_a_known_actor_is_that_actor_not_a_new_organisation() -> None:
    ctx = ctx_of("Mercenaries arrived in the Central African Republic (CAR) in 2019. Since then CAR has paid them.")
    assert {(m.text, m.actor_id) for m in ctx.mentions if m.text == "CAR"} == {("CAR", "CAF")}
    assert not [a for a in ctx.actors.values() if a.actor_type == "organization" and a.name == "CAR"]


def test_nationality_before_an_unknown_organisation_gives_its_country() -> None:
    ctx = ctx_of("Prices rose, according to Brazilian news portal Folhanet.")
    orgs = [a for a in ctx.actors.values() if a.actor_type == "organization"]
    assert [a.country_code for a in orgs] == ["BRA"]


def test_capitalised_words_of_a_headline_are_not_actors() -> None:
    ctx = ctx_of("The Long Winter Of Eurasian Diplomacy Comes To An End\n\nChina and Russia met.")
    assert {a.actor_type for a in ctx.actors.values()} == {"country"}


def test_reference_line_authors_and_titles() -> None:
    text = "Relations improved.\n\n3. K. Petrov, \u201cNovye gorizonty,\u201d Izvestia (May 2006): 8."
    ctx = ctx_of(text)
    assert "person:k-petrov" in ctx.actors
    assert "organization:izvestia" in ctx.actors
    assert not any("gorizonty" in a for a in ctx.actors)


def test_country_names_inside_person_names_are_not_countries() -> None:
    ctx = ctx_of("George Washington crossed the river while Jordan Peterson watched.")
    assert actor_ids(ctx) & {"USA", "JOR"} == set()


def test_mentions_of_one_actor_never_overlap() -> None:
    text = "The administration of US President Donald Trump imposed tariffs; the US government agreed."
    ctx = ctx_of(text)
    by_actor: dict[str, list[tuple[int, int]]] = {}
    for m in ctx.mentions:
        by_actor.setdefault(m.actor_id, []).append((m.char_start, m.char_end))
    for spans in by_actor.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert ("The administration of US President Donald Trump", "USA", "metonym") in mentions(ctx)


def test_outermost_mentions_drop_nested_ones() -> None:
    from pipeline.extract.actors.extractor import outermost_mentions

    ctx = ctx_of("Russian President Vladimir Putin met Chinese officials.")
    texts = [m.text for m in outermost_mentions(ctx.mentions)]
    assert texts == ["Russian President Vladimir Putin", "Chinese"]


def test_korea_alone_is_south_korea() -> None:
    assert actor_ids(ctx_of("The president flew to Japan and Korea.")) >= {"JPN", "KOR"}


def test_an_unknown_organisation_written_as_an_acronym_is_kept_even_when_tagged_as_a_noun() -> None:
    assert "organization:spla" in actor_ids(ctx_of("The SPLA attacked the army."))


def test_a_title_naming_a_body_is_part_of_the_person_not_an_organisation() -> None:
    ctx = ctx_of("Chile welcomed Speaker of the House Paul Ryan on Monday.")
    assert "person:paul-ryan" in actor_ids(ctx) and "organization:house" not in actor_ids(ctx)


def test_an_organisation_entity_running_from_a_title_into_a_name_is_that_person() -> None:
    """The model sometimes reads "[Speaker of] the House Jane Roe" as one organisation."""
    text = "Chile welcomed Speaker of the House Jane Roe on Monday."
    doc = load_nlp()(text)
    start = next(t.i for t in doc if t.text == "the")
    doc.ents = [Span(doc, start, start + 4, label="ORG")]  # "the House Jane Roe"
    ctx = build_context(text, "doc-test", doc=doc)
    assert "person:jane-roe" in actor_ids(ctx)
    assert not any(a.startswith("organization:") for a in ctx.actors)
