"""Events extractor: PLOVER coding, roles, modality, dates, places, dedupe, clustering (sentences written for the
tests). Actor mentions come from a tiny NER stand-in here, so these tests do not depend on the actors module."""

from __future__ import annotations

import re
from dataclasses import fields, replace

import polars as pl
import pytest

from pipeline.assets.analysis import _cluster_events
from pipeline.core.model import Actor, DocumentContext, Mention, stable_id
from pipeline.extract.context import build_context
from pipeline.extract.events.extractor import (
    EMITTED_MODALITIES,
    EXTRACTOR,
    Event,
    EventParticipant,
    cluster_events,
    extract_events,
)
from pipeline.extract.places import locate_mentions
from pipeline.knowledge.events import PLOVER_TYPES, EventLexicon, default_lexicon
from pipeline.knowledge.language import language

ALL_MOODS = frozenset({"asserted", "negated", "planned", "hypothetical"})
DEMONYMS = {"chinese": "china", "russian": "russia", "american": "united-states", "german": "germany",
            "iranian": "iran", "british": "united-kingdom", "french": "france"}  # fmt: skip
QUADS = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation", "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
    "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}  # fmt: skip


def _slug(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _mentions(ctx: DocumentContext) -> tuple[list[Mention], dict[str, Actor]]:
    """Stand-in actor resolver: every GPE/NORP/PERSON/ORG entity is an actor."""
    mentions, actors = [], {}
    kinds = {"GPE": "country", "NORP": "country", "PERSON": "person", "ORG": "organization"}
    for ent in ctx.doc.ents:
        sentence = ctx.sentence_at(ent.start_char)
        if ent.label_ not in kinds or sentence is None:
            continue
        name = DEMONYMS.get(ent.text.lower(), _slug(ent.text))
        actor_id = f"{kinds[ent.label_]}:{name}"
        actors[actor_id] = Actor(actor_id, ent.text, kinds[ent.label_])
        mentions.append(
            Mention(
                stable_id("men", ent.start_char),
                ctx.doc_id,
                sentence.sentence_id,
                actor_id,
                ent.start_char,
                ent.end_char,
                ent.text,
                "name",
                "test",
            )
        )
    return mentions, actors


def context(text: str, published: str | None = None) -> DocumentContext:
    precision = {4: "year", 7: "month", 10: "day"}.get(len(published or ""))
    ctx = build_context(
        text, "doc-test", published_date=published, published_precision=precision, with_actors=False
    )
    ctx.mentions, ctx.actors = _mentions(ctx)
    ctx.places = [m for m in locate_mentions(ctx) if m.place_id is not None]
    return ctx


# The rules alone: most tests here pin what the rules find (triggers, roles, modality, dates, places); the
# learned filter's own behaviour is tested in tests/test_learned_layer.py.
RULES = EventLexicon.load(model=None, types=None)


def run(
    text: str, published: str | None = None, modalities: frozenset[str] | None = None
) -> list[tuple[Event, dict[str, set[str]]]]:
    ctx = context(text, published)
    events, participants = extract_events(ctx, modalities or EMITTED_MODALITIES, lexicon=RULES)
    out = []
    for event in events:
        roles: dict[str, set[str]] = {"source": set(), "target": set(), "participant": set()}
        for p in participants:
            if p.event_id == event.event_id:
                roles[p.role].add(p.actor_id.split(":", 1)[1])
        out.append((event, roles))
    return out


def one(
    text: str, event_type: str, published: str | None = None, modalities: frozenset[str] | None = None
) -> tuple[Event, dict[str, set[str]]]:
    found = [(e, r) for e, r in run(text, published, modalities) if e.event_type == event_type]
    assert len(found) == 1, (
        f"expected one {event_type} in {text!r}, got {[e.event_type for e, _ in run(text)]}"
    )
    return found[0]


def actors(roles: dict[str, set[str]]) -> set[str]:
    return roles["source"] | roles["target"] | roles["participant"]


# --------------------------------------------------------------------------- the dictionary


def test_dictionary_covers_every_plover_type_with_its_quad_class():
    lexicon = default_lexicon()
    assert {r.event_type for r in lexicon.rules} == set(PLOVER_TYPES)
    assert lexicon.quad_classes == QUADS
    assert len(lexicon.version) == 8


def test_word_lists_come_from_the_lexicons_passed_in():
    lexicon, lang = default_lexicon(), language()
    assert lexicon is default_lexicon()
    assert all(getattr(lexicon, f.name) for f in fields(lexicon) if f.name != "filter_model")
    assert "on" in lexicon.verb_target_preps and "off" in lang.places.preps  # not YAML booleans
    ctx = context("Talks between Israel and Egypt took place in Cairo in March 2019.")
    assert [e.location for e in extract_events(ctx)[0]] == ["Cairo"]
    no_in = replace(lang, places=replace(lang.places, preps=lang.places.preps - {"in"}))
    events, _ = extract_events(ctx, lang=no_in)
    assert [e.location for e in events] == [None]
    sure = replace(lang.modality, hypothetical_aux=lang.modality.hypothetical_aux - {"could"})
    events, _ = extract_events(
        context("Turkey could impose tariffs on Greece."), lang=replace(lang, modality=sure)
    )
    assert [e.modality for e in events] == ["asserted"]


# --------------------------------------------------------------------------- each PLOVER type


@pytest.mark.parametrize(
    ("text", "event_type", "source", "target"),
    [
        (
            "Vladimir Putin met Xi Jinping in Beijing on June 5, 2019.",
            "CONSULT",
            "vladimir-putin",
            "xi-jinping",
        ),
        ("Chile and Peru signed a border treaty in 2001.", "AGREE", "chile", None),
        ("The Russian proposal was accepted by China in 1994.", "AGREE", "china", "russia"),
        ("Japan praised India for its leadership at the forum.", "SUPPORT", "japan", "india"),
        ("The European Union lifted sanctions on Iran in January 2016.", "CONCEDE", "european-union", "iran"),
        ("India bought missile systems from Russia in 2018.", "COOPERATE", "india", "russia"),
        ("Germany donated air defense systems to Ukraine in 2023.", "AID", "germany", "ukraine"),
        ("Russia withdrew its troops from Syria in 2017.", "RETREAT", "russia", "syria"),
        ("France urged Iran to respect the deal.", "REQUEST", "france", "iran"),
        ("Germany criticized Hungary over its media law.", "ACCUSE", "germany", "hungary"),
        ("Brazil rejected the offer from Argentina.", "REJECT", "brazil", "argentina"),
        ("North Korea threatened Japan with missile strikes.", "THREATEN", "north-korea", "japan"),
        (
            "Farmers protested against the European Union in Brussels in 2024.",
            "PROTEST",
            None,
            "european-union",
        ),
        ("Canada expelled two Indian diplomats in 2023.", "SANCTION", "canada", None),
        ("Russia deployed troops to Belarus in 2021.", "MOBILIZE", "russia", "belarus"),
        ("Russia annexed Crimea in 2014.", "COERCE", "russia", "crimea"),
        ("Russia invaded Ukraine in February 2022.", "ASSAULT", "russia", "ukraine"),
    ],
)
def test_each_plover_type(text, event_type, source, target):
    event, roles = one(text, event_type)
    assert event.quad_class == QUADS[event_type]
    assert event.extractor == EXTRACTOR
    assert event.evidence == text
    assert text[event.char_start : event.char_end] == event.trigger
    if source:
        assert source in roles["source"]
    if target:
        assert target in roles["target"]


def test_money_pledged_is_aid_and_a_rally_addressed_is_no_protest():
    _, roles = one("Saudi Arabia pledged $500 million to Sudan in 2025.", "AID")
    assert "saudi-arabia" in roles["source"]
    assert not [
        e
        for e, _ in run("Narendra Modi told a rally in Bihar that India would act.")
        if e.event_type == "PROTEST"
    ]


def test_object_of_the_governing_verb_does_the_infinitive():
    _, roles = one("The crisis prompted China to join Russia in 2014.", "COOPERATE")
    assert "china" in roles["source"]


def test_subject_of_the_clause_of_a_verb_without_object_is_its_target():
    _, roles = one("In July 2020, Germany agreed that the European Union may borrow money.", "AGREE")
    assert roles["source"] == {"germany"} and "european-union" in roles["target"]


def test_condition_word_in_the_declared_clause_and_curly_possessive():
    _, roles = one(
        "In June 2011, Chile and Peru declared that they are each other's principal, strategic partners.",
        "AGREE",
    )
    assert roles["source"] == {"chile", "peru"}
    _, roles = one("Chile answered Peru’s pleas for help in 2019.", "REQUEST")
    assert "peru" in roles["source"]


def test_a_plural_trigger_with_a_list_of_dates_is_one_event_per_date():
    text = "Chile and Peru issued joint statements in 1997 and 2008."
    assert sorted(e.event_date for e, _ in run(text) if e.event_type == "AGREE") == ["1997", "2008"]
    text = "Chile and Peru issued joint statements in 1997, 2005, and 2008."
    assert sorted(e.event_date for e, _ in run(text) if e.event_type == "AGREE") == ["1997", "2005", "2008"]


def test_lifting_sanctions_is_one_concession_not_a_sanction():
    types = [e.event_type for e, _ in run("The European Union lifted sanctions on Iran in January 2016.")]
    assert types == ["CONCEDE"]


def test_withdrawing_from_a_treaty_is_a_rejection():
    event, roles = one("The United States withdrew from the Paris climate agreement in 2017.", "REJECT")
    assert "united-states" in roles["source"]
    assert event.event_date == "2017"


# --------------------------------------------------------------------------- roles


def test_passive_voice_by_agent_is_source_and_on_object_is_target():
    event, roles = one("Sanctions were imposed on Iran by the United States in May 2019.", "SANCTION")
    assert roles["source"] == {"united-states"}
    assert "iran" in roles["target"]
    assert (event.event_date, event.date_precision) == ("2019-05", "month")


def test_noun_trigger_takes_the_subject_of_its_light_verb():
    event, roles = one("Washington imposed a 25% tariff on Chinese goods on May 29, 2018.", "SANCTION")
    assert roles["source"] == {"washington"}
    assert "china" in roles["target"]
    assert event.trigger == "tariff"


def test_coordinated_subjects_are_all_sources():
    _, roles = one("China and Russia held talks in Beijing in 2019.", "CONSULT")
    assert roles["source"] == {"china", "russia"}


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Germany and Poland have talked with each other three times this year.", "CONSULT"),
        ("India and Pakistan accused one another of shelling in 2019.", "ACCUSE"),
    ],
)
def test_an_event_done_to_each_other_has_its_subjects_as_mutual_participants(text: str, event_type: str):
    _, roles = one(text, event_type)
    assert roles["participant"] == actors(roles) and len(roles["participant"]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Russia pressed ahead with its offensive against Ukraine in 2022.",
        "India and China agreed to press ahead with their border agreement.",
    ],
)
def test_idioms_of_press_are_no_demand(text: str):
    assert "REQUEST" not in [e.event_type for e, _ in run(text, "2024-07-15")]


def test_between_x_and_y_gives_participants():
    event, roles = one("Talks between Israel and Egypt took place in Cairo in March 2019.", "CONSULT")
    assert actors(roles) == {"israel", "egypt"}
    assert event.location == "Cairo"


def test_possessive_and_demonym_modifiers_are_sources():
    _, roles = one("Russia's invasion of Ukraine began in 2022.", "ASSAULT")
    assert roles == {"source": {"russia"}, "target": {"ukraine"}, "participant": set()}
    _, roles = one("American sanctions on Iran were tightened in 2019.", "SANCTION")
    assert "united-states" in roles["source"] and "iran" in roles["target"]


def test_criticism_faced_by_x_makes_x_the_target():
    _, roles = one("Germany faced criticism from Poland in 2023.", "ACCUSE")
    assert roles["target"] == {"germany"}
    assert roles["source"] == {"poland"}


def test_members_of_a_body_act_for_the_body_not_for_the_person_whose_colleagues_they_are():
    _, roles = one("Many of John Smith's colleagues in the Senate criticised the deal in 2020.", "ACCUSE")
    assert roles["source"] == {"senate"}


def test_a_finite_verb_coordinated_with_an_infinitive_takes_the_main_subject():
    text = "In 1995 Clinton allowed Lee to visit Ithaca and responded to missile drills by sending a carrier."
    _, roles = one(text, "MOBILIZE")
    assert roles["source"] == {"clinton"}


def test_war_waged_by_x_against_y():
    _, roles = one(
        "Germans condemned the trade war waged by the United States against China in 2019.", "SANCTION"
    )
    assert roles["source"] == {"united-states"} and roles["target"] == {"china"}


def test_joint_drills_with_partners_are_cooperation_and_lone_drills_mobilization():
    event, roles = one(
        "China held joint naval drills with Iran in the Gulf of Oman in late December 2019.", "COOPERATE"
    )
    assert {"china", "iran"} <= actors(roles)
    assert (event.event_date, event.date_precision) == ("2019-12", "month")
    assert event.location == "the Gulf of Oman"
    event, _ = one("Russia staged military drills near Kaliningrad in 2021.", "MOBILIZE")
    assert event.location == "Kaliningrad"


def test_plural_pronoun_resolves_to_the_two_actors_just_named():
    text = (
        "Chile and Peru have long disputed their maritime border. In 2014 the two countries signed an accord."
    )
    _, roles = one(text, "AGREE")
    assert actors(roles) == {"chile", "peru"}


def test_agreement_signed_without_named_parties_goes_to_the_two_actors_of_the_passage():
    text = "Chile and Peru held talks in Lima. A border treaty was signed on May 3, 2014."
    event, roles = one(text, "AGREE")
    assert actors(roles) == {"chile", "peru"}
    assert event.event_date == "2014-05-03"


def test_the_two_as_subject_is_an_anaphor():
    text = "Chile and Peru met in Lima in 2014. The two agreed to reopen the border."
    _, roles = one(text, "AGREE")
    assert actors(roles) == {"chile", "peru"}


def test_event_without_any_actor_is_dropped():
    assert run("A treaty was signed in 2001.") == []


# --------------------------------------------------------------------------- modality


@pytest.mark.parametrize(
    ("text", "event_type", "mood"),
    [
        ("Russia did not sign the treaty.", "AGREE", "negated"),
        ("Japan never apologized to China and Japan has not met China since 2019.", "CONSULT", "negated"),
        ("India plans a joint naval exercise with France.", "COOPERATE", "planned"),
        ("Xi Jinping will visit Moscow next month.", "CONSULT", "planned"),
        ("Germany to halve military aid to Ukraine", "AID", "planned"),
        ("If Mongolia were to join the alliance, Beijing would object.", "COOPERATE", "hypothetical"),
        ("Turkey could impose tariffs on Greece.", "SANCTION", "hypothetical"),
        ("Russia signed the treaty in 2001.", "AGREE", "asserted"),
        ("China will not oppose American sanctions against Iran.", "SANCTION", "asserted"),
        ("Vietnam did not hold talks with China.", "CONSULT", "negated"),
        ("Kenya said Egypt would host talks with Ethiopia.", "CONSULT", "planned"),
        (
            "The treaty says Chile and Peru will start talks if either side is threatened.",
            "CONSULT",
            "hypothetical",
        ),
        ("Togo might sign the accord with Ghana.", "AGREE", "hypothetical"),
        ("Chad accused Libya of supplying weapons to the rebels.", "COOPERATE", "hypothetical"),
        ("Sudan rejected talks that would favour Egypt and accused Kenya.", "ACCUSE", "asserted"),
        ("Instead of condemning China, Russia bought arms from Beijing.", "ACCUSE", "negated"),
    ],
)
def test_modality(text, event_type, mood):
    event, _ = one(text, event_type, published="2024-07", modalities=ALL_MOODS)
    assert event.modality == mood


def test_a_directive_after_a_semicolon_does_not_make_the_clause_before_it_hypothetical():
    text = "Norway and Qatar helped broker the May 2024 ceasefire; they should urge both sides to respect it."
    event, roles = one(text, "AGREE")
    assert event.modality == "asserted" and {"norway", "qatar"} <= roles["source"]


def test_vowing_force_is_a_threat_and_a_warning_about_things_is_no_event():
    _, roles = one("In 2021 Iran vowed to respond with full force to any attack by Israel.", "THREATEN")
    assert roles["source"] == {"iran"}
    text = "In 2021 the Iranian minister warned that food stocks would run out within six weeks."
    assert not [e for e, _ in run(text) if e.event_type == "THREATEN"]


def test_denied_or_merely_possible_actions_are_not_events():
    assert [e.event_type for e, _ in run("Brazil denies supplying weapons to Bolivia.")] == ["REJECT"]
    assert run("The bank has no power to settle the dispute between Chile and Peru.") == []


def test_negated_and_hypothetical_mentions_are_kept_with_their_modality():
    found = run("Russia did not sign the treaty. Turkey could impose tariffs on Greece.")
    assert [(e.event_type, e.modality) for e, _ in found] == [("AGREE", "negated"), ("SANCTION", "hypothetical")]
    assert [e.modality for e, _ in run("Xi Jinping will visit Moscow next month.", "2024-07")] == ["planned"]
    occurred = frozenset({"asserted", "planned"})
    assert run("Russia did not sign the treaty. Turkey could impose tariffs on Greece.", modalities=occurred) == []


# --------------------------------------------------------------------------- dates and places


def test_month_day_without_year_takes_the_publication_year():
    event, _ = one("On September 20, the United States imposed sanctions on Iran.", "SANCTION", "2018-11")
    assert (event.event_date, event.date_precision) == ("2018-09-20", "day")


def test_month_day_takes_the_year_named_earlier_in_the_paragraph():
    text = "In 2015 tensions rose. On May 4, Greece protested against Turkey in Athens."
    event, _ = one(text, "PROTEST", "2020-01-01")
    assert (event.event_date, event.date_precision) == ("2015-05-04", "day")
    assert event.location == "Athens"


def test_relative_year_is_resolved_against_publication():
    event, _ = one("Germany plans to halve its military aid to Ukraine next year.", "AID", "2024-07")
    assert (event.event_date, event.date_precision) == ("2025", "year")


def test_past_report_without_a_date_in_the_text_is_undated_not_dated_by_its_publication():
    """A report's publication says when it was reported, not when the event happened ("Chile offered aid"
    may be years old): the event stays undated; the timeline carries the report's date beside it."""
    event, _ = one("Ecuador criticized Peru at the summit.", "ACCUSE", "2024-07-19")
    assert (event.event_date, event.date_precision) == (None, None)
    event, _ = one("Ecuador has criticized Peru.", "ACCUSE", "2024-07-19")
    assert (event.event_date, event.date_precision) == (None, None)


def test_a_week_relative_to_publication_dates_the_event():
    event, _ = one("Last week Ecuador criticized Peru.", "ACCUSE", "2024-07-03")
    assert (event.event_date, event.date_precision) == ("2024-06", "month")
    event, _ = one("Ecuador has met Peru this week.", "CONSULT", "2024-07-03")
    assert (event.event_date, event.date_precision) == ("2024-07", "month")


def test_no_date_at_all_gives_null():
    event, _ = one("Brazil rejected the offer from Argentina.", "REJECT")
    assert event.event_date is None and event.date_precision is None


def test_weekday_is_the_last_such_day_up_to_publication():
    event, _ = one("Egypt met Sudan on Sunday.", "CONSULT", "2025-03-03")
    assert (event.event_date, event.date_precision) == ("2025-03-02", "day")


def test_each_item_of_a_list_takes_its_own_date():
    text = (
        "Ties improved at two points: 1) May 1992, when Yeltsin visited China; "
        "2) April 1996 when Yeltsin visited India again."
    )
    dates = sorted(e.event_date for e, _ in run(text) if e.event_type == "CONSULT")
    assert dates == ["1992-05", "1996-04"]


def test_date_of_another_clause_after_the_trigger_is_not_taken():
    event, _ = one(
        "India, which has boycotted the court since 2023, rejected the ruling of Pakistan.", "REJECT"
    )
    assert event.event_date is None


def test_narrative_date_prefers_when_something_happened_over_a_dated_name():
    text = "On April 23, India suspended the 1960 treaty with Pakistan. Pakistan criticized India."
    event, _ = one(text, "ACCUSE", "2025-07-04")
    assert event.event_date == "2025-04"


def test_date_closest_to_the_trigger_wins():
    event, _ = one(
        "After the crisis of 2008, Russia invaded Georgia in August 2008 and Ukraine later.", "ASSAULT"
    )
    assert event.event_date == "2008-08"


# --------------------------------------------------------------------------- non-events and dedupe


@pytest.mark.parametrize(
    "text",
    [
        "Relations between China and Russia have grown.",
        "Cooperation between the two countries has increased.",
        "The two countries need each other.",
        "China supports Russia on many issues.",
        "Russia and China are important partners.",
        "In March 2003, Iraq was a topic in Washington.",
        "American support for Ukraine could diminish.",
        "Russia gave support to market reforms.",
        "Chinese arms sales to Russia have grown.",
        "China and Russia have results from cooperation in resolving regional problems.",
        "The treaty between India and Pakistan allocates the rivers.",
    ],
)
def test_general_statements_are_not_events(text):
    assert run(text) == []


def test_participle_clause_reports_an_event_inside_a_present_statement():
    event, _ = one("The treaty, brokered by the World Bank, allocates the rivers.", "AGREE")
    assert event.trigger == "brokered"


def test_present_tense_statements_of_news_are_events():
    one("The UAE denies the claims of Sudan.", "REJECT")


def test_it_resolves_to_the_last_subject_and_not_to_an_actor_when_that_subject_is_a_thing():
    _, roles = one("Ghana signed a deal. It later sanctioned Togo.", "SANCTION")
    assert roles["source"] == {"ghana"}
    found = run("Ghana met Togo. The war erupted in 2023. It has killed thousands of people.")
    assert all(e.event_type != "ASSAULT" for e, _ in found)


def test_plural_anaphor_prefers_a_coordinated_pair_and_counts_a_leader_as_his_country():
    _, roles = one(
        "Chile and Peru clashed. On Monday, Brazil said the two countries signed a truce.", "AGREE"
    )
    assert roles["source"] == {"chile", "peru"}


def test_visits_of_the_same_event_with_inflected_triggers_are_one_event():
    text = "Chile visited Peru in May 2014. Chile visits Peru again in May 2014."
    assert len([e for e, _ in run(text) if e.event_type == "CONSULT"]) == 1


def test_the_meeting_named_again_a_few_sentences_later_is_the_same_event():
    text = (
        "Chile met Peru in Lima on May 2, 2019. Trade was discussed. "
        "The meeting of Peru and its neighbours was held in 2019."
    )
    assert len([e for e, _ in run(text) if e.event_type == "CONSULT"]) == 1


def test_same_event_mentioned_twice_is_one_event():
    text = "Chile and Peru signed an accord on June 2, 2014. The accord was signed by Chile and Peru on June 2, 2014."
    events = [e for e, _ in run(text) if e.event_type == "AGREE"]
    assert len(events) == 1


def test_a_headline_restating_an_event_of_the_body_is_not_a_second_event():
    body = " ".join(["Trade was discussed at length."] * 5)
    text = f"Chile and Peru have signed a border accord\n\n{body} Chile and Peru signed the accord in Lima on May 2, 2019."
    assert len([e for e, _ in run(text) if e.event_type == "AGREE"]) == 1


def test_a_definite_mention_of_another_event_of_the_same_type_is_not_merged_into_it():
    text = (
        "The European Union imposed sanctions on Russia. Trade fell. "
        "Moscow condemned the trade war waged by the United States against Russia and Iran."
    )
    assert len([e for e, _ in run(text) if e.event_type == "SANCTION"]) == 2


def test_coordinated_actions_of_one_actor_in_two_places_are_two_events():
    deployments = [e for e, _ in run("Chile moved troops to Arica and stationed special forces in Iquique.")]
    assert sorted((e.trigger, e.location) for e in deployments) == [("moved", "Arica"), ("stationed", "Iquique")]
    consultations = [e for e, _ in run("Chile met and talked with Peru in Lima.")]
    assert len(consultations) == 1  # one place: one consultation


def test_undated_mentions_of_the_same_action_far_apart_are_one_event():
    filler = " ".join(["Trade was discussed at length."] * 6)
    text = f"Canada imposed sanctions on Iran. {filler} Canada imposed sanctions on Iran, officials recalled."
    assert len([e for e, _ in run(text) if e.event_type == "SANCTION"]) == 1


def test_strengthening_ties_with_a_partner_is_cooperation_but_ties_that_strengthened_are_not():
    _, roles = one("In 2019 Japan moved to strengthen relations with India.", "COOPERATE")
    assert "india" in roles["target"]
    assert not [
        e
        for e, _ in run("Relations between Japan and India strengthened in 2019.")
        if e.event_type == "COOPERATE"
    ]


def test_back_reference_with_demonstrative_is_not_a_new_event():
    text = "The United States imposed sanctions on Iran in 2018. These sanctions hurt Iran badly."
    assert len([e for e, _ in run(text) if e.event_type == "SANCTION"]) == 1


def test_distinct_dated_events_of_one_sentence_are_kept():
    text = "Yeltsin visited China in December 1992, and Yeltsin visited China again in April 1996."
    dates = sorted(e.event_date for e, _ in run(text) if e.event_type == "CONSULT")
    assert dates == ["1992-12", "1996-04"]


# --------------------------------------------------------------------------- robustness, ids, clustering


@pytest.mark.parametrize(
    "text", ["", "   ", "🙂🙂🙂", "sanctions sanctions sanctions", "x" * 5000, "Russia\n\n\nattack"]
)
def test_odd_input_never_raises(text):
    run(text)


def test_ids_are_stable_and_fields_are_the_contract_columns():
    text = "Russia invaded Ukraine in February 2022."
    first, second = run(text), run(text)
    assert [e.event_id for e, _ in first] == [e.event_id for e, _ in second]
    assert list(Event.__dataclass_fields__)[:15] == [
        "event_id", "doc_id", "sentence_id", "char_start", "char_end", "trigger", "event_type", "quad_class",
        "event_date", "date_precision", "location", "modality", "confidence", "evidence", "extractor",
    ]  # fmt: skip
    assert list(EventParticipant.__dataclass_fields__) == ["event_id", "actor_id", "role"]
    assert 0 < first[0][0].confidence <= 1


def test_cluster_events_links_same_type_actors_and_compatible_dates():
    events = [("a", "CONSULT", "2019-06"), ("b", "CONSULT", "2019-06-05"), ("c", "CONSULT", "2020"),
              ("d", "AGREE", "2019-06"), ("e", "CONSULT", "2019")]  # fmt: skip
    participants = [(e, a) for e in "abcde" for a in ("RUS", "CHN")]
    participants.append(("e", "USA"))
    clusters = cluster_events(events, participants)
    assert clusters["a"] == clusters["b"]
    assert len({clusters["a"], clusters["c"], clusters["d"], clusters["e"]}) == 4


def test_undated_events_of_reports_published_years_apart_are_not_one_real_event():
    ids, docs = ["a", "b", "c"], ["d1", "d2", "d3"]
    dates = [None, None, "2020-03"]
    events = pl.DataFrame({"event_id": ids, "doc_id": docs, "event_type": ["ACCUSE"] * 3, "event_date": dates})
    participants = pl.DataFrame({"event_id": ids * 2, "actor_id": ["ECU"] * 3 + ["PER"] * 3})
    documents = pl.DataFrame({"doc_id": docs, "published_date": ["1987-03-02", "2020-03-05", None]})
    frames = _cluster_events({"events": events, "event_participants": participants}, documents)
    clusters = frames["events"]["event_cluster_id"].to_list()
    assert clusters[0] != clusters[1] and clusters[1] == clusters[2]


@pytest.mark.parametrize(
    ("text", "event_type", "content_type"),
    [
        ("Turkey threatened to impose tariffs on Greece in 2019.", "THREATEN", "SANCTION"),
        ("Chile repeated its threat of sanctions against Bolivia.", "THREATEN", "SANCTION"),
        ("France urged Iran to lift the embargo on Iraq.", "REQUEST", "CONCEDE"),
    ],
)
def test_a_threatened_or_requested_act_is_the_content_of_one_event(text, event_type, content_type):
    types = [e.event_type for e, _ in run(text)]
    assert types.count(event_type) == 1 and content_type not in types, types


def test_legal_charges_are_accusations_and_releases_and_ceasefires_de_escalation():
    _, roles = one("The United States indicted Venezuela's president in March 2020.", "ACCUSE")
    assert "united-states" in roles["source"]
    assert one("The prosecution of Peru's former president began in 2019.", "ACCUSE")
    _, roles = one("Ethiopia released the prisoners from Eritrea in 2018.", "RETREAT")
    assert "ethiopia" in roles["source"]
    assert "COERCE" not in [e.event_type for e, _ in run("Ethiopia released the prisoners in 2018.")]
