"""Places: the offline gazetteer, resolution in context, place mentions and where events happened."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.extract.context import build_context
from pipeline.extract.events import extract_events
from pipeline.integrate.place_table import build_place_table
from pipeline.knowledge.language import language
from pipeline.knowledge.places import gazetteer, gazetteer_dir
from pipeline.nlp.places import PlaceResolver


def resolve(phrase: str, *context: str):
    return PlaceResolver(gazetteer(), language().places, context).resolve(phrase)


def described(place) -> tuple[str, str, str | None] | None:
    return None if place is None else (place.name, place.feature_class, place.country_code)


# --------------------------------------------------------------------------- resolution


@pytest.mark.parametrize(
    ("phrase", "context", "expected"),
    [
        ("Georgia", (), ("Georgia", "country", "GEO")),
        ("Georgia", ("USA",), ("Georgia", "admin1", "USA")),  # the document is about the United States
        ("Georgia", ("USA", "GEO"), ("Georgia", "country", "GEO")),
        ("Paris", ("USA",), ("Paris", "city", "FRA")),  # a capital of 2 million outweighs a Texan town
        ("Paris, Texas", (), ("Paris", "city", "USA")),
        ("Jordan", (), ("Jordan", "country", "JOR")),
        ("Tripoli", (), ("Tripoli", "city", "LBY")),
        ("Tripoli", ("LBN",), ("Tripoli", "city", "LBN")),
        ("Washington", (), ("Washington", "city", "USA")),  # the capital, not the state
        ("St. Petersburg", (), ("Saint Petersburg", "city", "RUS")),
        ("Moscow-based", (), ("Moscow", "city", "RUS")),
        ("eastern Ukraine", (), ("Ukraine", "country", "UKR")),
        ("Poland and the Czech Republic", (), ("Poland", "country", "POL")),
        ("the South China Sea", (), ("South China Sea", "water", None)),
        ("the Sahel", (), ("Sahel", "region", None)),
        ("Texas", (), ("Texas", "admin1", "USA")),
    ],
)
def test_names_resolve_by_context_and_population(phrase, context, expected) -> None:
    assert described(resolve(phrase, *context)) == expected


def test_a_small_town_is_read_only_in_a_country_the_document_names() -> None:
    assert described(resolve("Tessalit", "MLI")) == ("Tessalit", "city", "MLI")  # ~1,000 people: no GeoNames city
    assert resolve("Tessalit") is None  # a town of a country the document never names is not guessed
    assert described(resolve("Uri", "IND")) == ("Uri", "admin1", "CHE")  # any bigger place of the name wins
    found = located("Jihadists attacked an army camp near Tessalit on Sunday, Mali's army said.")
    assert ("attacked", "Tessalit", "city", "sentence") in found


@pytest.mark.parametrize("phrase", ["Xqzzyville, Turkey", "Xqzzyville", "the camp near nowhere"])
def test_an_unknown_place_is_never_widened_to_its_country(phrase: str) -> None:
    assert resolve(phrase, "TUR") is None


def test_the_gazetteer_is_one_file_per_version_in_its_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GEOEVENTS_GAZETTEER_DIR", str(tmp_path))
    gazetteer.cache_clear()
    try:
        gaz = gazetteer()
        assert gazetteer_dir() == tmp_path and gaz.path.parent == tmp_path
        assert [p.name for p in tmp_path.iterdir()] == [gaz.path.name]  # no temporary file left
        assert described(gaz.country("FRA")) == ("France", "country", "FRA")
        paris = gaz.place("geonames:2988507")
        assert paris is not None and paris.population and paris.admin1 == "Ile-de-France"
    finally:
        gazetteer.cache_clear()


# --------------------------------------------------------------------------- place mentions


def places_of(text: str) -> list[tuple[str, str | None, tuple | None]]:
    ctx = build_context(text, "doc-test", published_date="2020-03-03", published_precision="day")
    gaz = gazetteer()
    return [(m.text, m.actor_id, described(gaz.place(m.place_id))) for m in ctx.places]


def test_countries_capitals_cities_and_seas_are_place_mentions() -> None:
    found = places_of("France and a Moscow-based firm sent ships to the Baltic Sea; Beijing objected.")
    assert ("France", "FRA", ("France", "country", "FRA")) in found
    assert ("Moscow", "RUS", ("Moscow", "city", "RUS")) in found  # the metonym names the city too
    assert ("the Baltic Sea", None, ("Baltic Sea", "water", None)) in found
    assert ("Beijing", "CHN", ("Beijing", "city", "CHN")) in found


def test_a_place_the_parser_took_for_a_person_is_a_place_not_an_actor() -> None:
    ctx = build_context("Chinese and Russian warships held joint drills off the coast of Vladivostok.", "d")
    assert not [a for a in ctx.actors if "vladivostok" in a]
    assert [(m.text, m.mention_kind, m.actor_id) for m in ctx.places] == [("Vladivostok", "place", None)]


def test_a_wire_dateline_is_a_place_mention() -> None:
    found = places_of("TOKYO, March 3 (Reuters) - Japan said it would raise tariffs on steel.")
    assert found[0] == ("TOKYO", None, ("Tokyo", "city", "JPN"))


def test_the_places_table_counts_mentions_and_gives_coordinates() -> None:
    kyiv, lviv = gazetteer().lookup("Kyiv")[0][0].place_id, gazetteer().lookup("Lviv")[0][0].place_id
    mentions = pl.DataFrame(
        {"doc_id": ["doc_a", "doc_a", "doc_b", "doc_b"], "place_id": [kyiv, lviv, kyiv, None]}
    )
    table = build_place_table(mentions)
    assert table.height == 2
    kyiv = table.filter(pl.col("name") == "Kyiv").row(0, named=True)
    assert (kyiv["n_mentions"], kyiv["n_documents"], kyiv["country_code"], kyiv["feature_class"]) == (2, 2, "UKR", "city")
    assert 50 < kyiv["latitude"] < 51 and 30 < kyiv["longitude"] < 31
    assert table["place_id"].is_unique().all() and table["place_id"].to_list() == sorted(table["place_id"])


# --------------------------------------------------------------------------- where events happened


def located(text: str, published: str = "2020-03-03") -> list[tuple[str, str | None, str, str | None]]:
    ctx = build_context(text, "doc-test", published_date=published, published_precision="day")
    events, _ = extract_events(ctx)
    return [(e.trigger, e.location, e.location_precision, e.location_source) for e in events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin met Xi in Vladivostok on Tuesday.", ("met", "Vladivostok", "city", "sentence")),
        ("China and Russia held drills in the South China Sea.", ("drills", "the South China Sea", "region", "sentence")),
        ("Turkey deployed troops to Libya in January.", ("deployed", "Libya", "country", "sentence")),
        ("Mexico and the United States held talks in Texas on Monday.", ("held talks", "Texas", "admin1", "sentence")),
        ("Biden visited Kyiv in February.", ("visited", "Kyiv", "city", "sentence")),
        ("Mr Sullivan met with the Chinese envoy Yang Jiechi in Rome this week.", ("met", "Rome", "city", "sentence")),
        ("Rebels attacked government troops in the capital, Tripoli, on Monday.", ("attacked", "Tripoli", "city", "sentence")),
        ("Rebels attacked a convoy in the Central African Republic (CAR) on Monday.",  # the country, by its acronym
         ("attacked", "CAR", "country", "sentence")),
    ],
)
def test_an_event_is_located_by_its_place_phrase(text: str, expected: tuple) -> None:
    assert expected in located(text)


def test_a_summit_named_after_its_parties_is_not_located_by_them() -> None:
    assert located("Leaders of 40 states attended the China–Africa Summit on Monday.") == [
        ("Summit", None, "none", None)
    ]
    assert ("summit", "Addis Ababa", "city", "sentence") in located("The Addis Ababa summit ended on Monday.")


def test_a_trip_said_with_a_verb_and_its_object_is_located_at_its_destination() -> None:
    assert ("talks", "Minsk", "city", "sentence") in located("Putin made his way to Minsk for talks with Lukashenko.")


def test_a_place_on_the_subject_of_the_trigger_verb_locates_the_event() -> None:
    assert ("signed", "Bamako", "city", "sentence") in located("The government in Bamako signed a deal with Turkey in 2022.")


def test_a_curated_place_name_is_one_place_and_names_no_actor_inside_it() -> None:
    ctx = build_context("Pirates attacked a Greek tanker in the Gulf of Guinea on Monday.", "d")
    assert [(m.text, m.place_id, m.actor_id) for m in ctx.places] == [("the Gulf of Guinea", "water:gulf-of-guinea", None)]
    assert "GIN" not in ctx.actors and "GRC" in ctx.actors
    assert ("attacked", "the Gulf of Guinea", "region", "sentence") in located(
        "Pirates attacked a Greek tanker in the Gulf of Guinea on Monday."
    )


def test_a_curated_region_the_parser_missed_is_a_place_but_not_inside_a_longer_name() -> None:
    found = located("France's military operations in the Sahel region have not been effective.")
    assert ("military operations", "Sahel", "region", "sentence") in found
    ctx = build_context("Ravi Shankar met Modi in Delhi.", "d")  # "Ravi" is also a river in the gazetteer
    assert [m.text for m in ctx.places] == ["Delhi"]


def test_a_venue_clause_locates_the_event_noun_it_hangs_on() -> None:
    found = located("Iran and Russia announced joint naval drills that will take place in the Gulf of Oman.")
    assert ("drills", "the Gulf of Oman", "region", "sentence") in found


def test_an_event_coordinated_with_a_located_one_inherits_its_place() -> None:
    found = located("Erdogan met Putin in Istanbul and signed a deal.")
    assert ("signed", "Istanbul", "city", "inherited") in found


def test_an_event_at_a_named_gathering_is_where_the_document_places_the_gathering() -> None:
    text = (  # a lead without a place, so that the event cannot take the lead's scene instead
        "Trade grew. Prices fell. Talks stalled.\n\n"
        "On the sidelines of the Eastern Harbour Forum, Putin met Xi on Tuesday.\n\n"
        "The fourth meeting of the Eastern Harbour Forum in the resort city of Sochi ended on Friday."
    )
    assert ("met", "Sochi", "city", "inherited") in located(text)
    assert ("met", None, "none", None) in located("On the sidelines of the Eastern Harbour Forum, Putin met Xi.")


def test_statements_of_a_wire_story_happen_at_its_dateline() -> None:
    found = located("TOKYO, March 3 (Reuters) - Japan's foreign minister criticised China on Tuesday.")
    assert [(f[1], f[2], f[3]) for f in found] == [("TOKYO", "city", "dateline")]


def test_a_city_level_event_in_an_unknown_town_is_not_widened_to_the_country() -> None:
    found = located("Greek police fired on migrants near Xqzzyville, Turkey, on Monday.")
    assert found and all(f[1:] == (None, "none", None) for f in found)


def test_a_damaged_gazetteer_file_is_built_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GEOEVENTS_GAZETTEER_DIR", str(tmp_path))
    gazetteer.cache_clear()
    try:
        path = gazetteer().path
        gazetteer.cache_clear()
        path.write_bytes(b"not a database" * 100)
        assert described(gazetteer().country("JPN")) == ("Japan", "country", "JPN")
        assert path.read_bytes().startswith(b"SQLite format 3")
    finally:
        gazetteer.cache_clear()
