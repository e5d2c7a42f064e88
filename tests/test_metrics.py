"""Metrics extractor (pipeline/extract/metrics/extractor.py) on sentences written for these tests.

Actor mentions are placed by hand so the tests do not depend on the actor resolver.
"""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.core.model import DocumentContext, Mention, stable_id
from pipeline.extract.context import build_context
from pipeline.extract.metrics.extractor import EXTRACTOR, Metric, MetricActor, extract_metrics
from pipeline.nlp.numbers import default_lexicon

METRIC_COLUMNS = [
    "metric_id", "doc_id", "sentence_id", "char_start", "char_end", "surface", "value", "value_high", "unit",
    "quantity_kind", "measure", "reference_year", "status", "approximate", "confidence", "evidence", "extractor",
]  # fmt: skip


def context(text: str, published: str | None = None, actors: dict[str, str] | None = None) -> DocumentContext:
    """A parsed context; `actors` maps a surface (every occurrence) to an actor id."""
    ctx = build_context(text, doc_id="doc_test", published_date=published, with_actors=False)
    mentions = []
    for surface, actor_id in (actors or {}).items():
        start = text.find(surface)
        while start >= 0:
            sentence = ctx.sentence_at(start)
            assert sentence is not None
            end = start + len(surface)
            mid = stable_id("men", "doc_test", start, end)
            mentions.append(
                Mention(mid, "doc_test", sentence.sentence_id, actor_id, start, end, surface, "name", "test")
            )
            start = text.find(surface, end)
    ctx.mentions = sorted(mentions, key=lambda m: m.char_start)
    return ctx


def metrics_of(text: str, published: str | None = None, actors: dict[str, str] | None = None) -> list[Metric]:
    return extract_metrics(context(text, published, actors))[0]


def one(text: str, published: str | None = None) -> Metric:
    found = metrics_of(text, published)
    assert len(found) == 1, [m.surface for m in found]
    return found[0]


def test_rows_have_exactly_the_contract_columns() -> None:
    assert [f.name for f in dataclasses.fields(Metric)] == METRIC_COLUMNS
    assert [f.name for f in dataclasses.fields(MetricActor)] == ["metric_id", "actor_id"]
    assert EXTRACTOR == "metrics/1.0"


def test_rows_trace_back_to_their_words_and_ids_are_stable() -> None:
    text = "Farm exports grew. Sales reached €7.5 billion in 2017."
    first, second = metrics_of(text), metrics_of(text)
    assert [m.metric_id for m in first] == [m.metric_id for m in second]
    [m] = first
    assert text[m.char_start : m.char_end] == m.surface == "€7.5 billion"
    assert m.evidence == "Sales reached €7.5 billion in 2017."
    assert (m.doc_id, m.extractor) == ("doc_test", EXTRACTOR)
    assert 0 < m.confidence <= 1


def test_trade_figures_each_get_their_own_year_status_measure_and_actors() -> None:
    text = "Commerce between Brazil and India reached US$15.2 billion in 2019 and is expected to hit US$30 billion in 2025."
    ctx = context(text, actors={"Brazil": "BRA", "India": "IND"})
    rows, links = extract_metrics(ctx)
    assert [(m.value, m.unit, m.reference_year, m.status) for m in rows] == [
        (15.2e9, "USD", 2019, "actual"),
        (30e9, "USD", 2025, "forecast"),
    ]
    assert rows[0].measure == "Commerce"
    assert {link.actor_id for link in links if link.metric_id == rows[0].metric_id} == {"BRA", "IND"}


def test_goal_by_a_year_is_a_target() -> None:
    m = one("The governments set a goal of US$50 billion in annual trade by 2030.")
    assert (m.value, m.status, m.reference_year) == (50e9, "target", 2030)


def test_limits() -> None:
    m = one("Under the accord, troop numbers were capped at 50,000.")
    assert (m.value, m.unit, m.status) == (50_000, "person", "limit")
    m = one("Patrols must stay within 30km of the line.")
    assert (m.value, m.unit, m.status) == (30, "km", "limit")


def test_people_and_things_are_counted() -> None:
    rows = metrics_of("Some 4,500 Turkish soldiers and 120 tanks crossed the border.")
    assert [(m.value, m.unit, m.approximate) for m in rows] == [(4500, "person", True), (120, "count", False)]
    assert rows[1].measure == "tanks"
    m = one("Around two million Syrians fled north.")
    assert (m.value, m.unit, m.approximate) == (2e6, "person", True)
    m = one("About 800 Chinese engineers work at the port.")
    assert m.unit == "person"
    m = one("The navy received six frigates.")
    assert (m.value, m.unit, m.quantity_kind, m.measure) == (6, "count", "count", "frigates")


def test_hyphenated_counts_and_durations() -> None:
    rows = metrics_of("A 250-member delegation signed a 20-year lease for the three-nation pipeline.")
    assert [(m.value, m.unit) for m in rows] == [(250, "person"), (20, "year"), (3, "count")]


@pytest.mark.parametrize(
    "text",
    [
        "The two countries signed the pact.",
        "These two powers rarely agree.",
        "France and Spain are two large neighbours.",
        "There are three reasons for this.",
        "The second of these issues matters most.",
        "One does not choose one's neighbours.",
        "For the first time, the union will borrow.",
        "Sixth, the treaty bans nuclear tests.",
    ],
)
def test_anaphoric_discourse_and_list_numbers_are_not_metrics(text: str) -> None:
    assert metrics_of(text) == []


def test_a_whole_repeated_as_reference_is_not_counted_twice() -> None:
    rows = metrics_of("Of the package, €300bn of the €900bn will be paid as grants.")
    assert [m.value for m in rows] == [300e9]


def test_scaled_number_without_unit_inherits_one() -> None:
    rows = metrics_of(
        "Poland will import 10 billion cubic metres of gas in 2026, eventually rising to 15 billion."
    )
    assert [(m.value, m.unit, m.reference_year) for m in rows] == [
        (10e9, "cubic_metre", 2026),
        (15e9, "cubic_metre", None),
    ]
    rows = metrics_of("The ministry asked for €12 billion. In the end 9 billion was granted.")
    assert [m.unit for m in rows] == ["EUR", "EUR"]


def test_change_verbs() -> None:
    m = one("The city plans to halve its emissions.")
    assert (m.value, m.unit, m.status) == (50, "percent", "target")
    m = one("Exports more than tripled.")
    assert (m.value, m.unit, m.approximate) == (3, "ratio", True)


def test_word_lists_come_from_the_lexicon_passed_in() -> None:
    lexicon = default_lexicon()
    assert lexicon is default_lexicon() and all(getattr(lexicon, f.name) for f in dataclasses.fields(lexicon))
    ctx = context("The city plans to halve its emissions.")
    assert len(extract_metrics(ctx)[0]) == 1
    assert extract_metrics(ctx, dataclasses.replace(lexicon, change_verbs={}))[0] == []


def test_publication_year_for_actual_figures_without_a_year() -> None:
    m = one("The parade included 40 aircraft.", published="2021-05-09")
    assert (m.reference_year, m.status) == (2021, "actual")
    m = one("The army will buy 40 aircraft.", published="2021-05-09")
    assert (m.reference_year, m.status) == (None, "target")
    assert one("The parade included 40 aircraft.").reference_year is None


@pytest.mark.parametrize(
    ("text", "status", "year"),
    [
        ("Chile pledged $40 million to Peru.", "target", 2021),  # a pledge made: the year it was made
        ("Chile's copper exports are limited to 5,000 tonnes.", "limit", 2021),  # a quota in force
        ("Chile expects 40,000 tonnes of copper exports.", "forecast", 2021),  # an estimate given now
        ("Chile will pledge $40 million to Peru.", "target", None),  # a plan: no year of its own
        ("Chile could lend Peru $40 million.", "forecast", None),
    ],
)
def test_a_figure_stated_in_the_past_or_present_takes_the_publication_year(text, status, year) -> None:
    m = one(text, published="2021-05-09")
    assert (m.status, m.reference_year) == (status, year)


def test_relative_years_and_blocked_years() -> None:
    m = one("Spending will rise to $3bn next year.", published="2022-03")
    assert (m.reference_year, m.status) == (2023, "target")
    assert one("Output rose to 5 million tons, more than in 2010.").reference_year is None
    assert one("The budget is worth €500bn in 2018 prices.").reference_year is None


def test_year_of_the_paragraph_carries_to_following_figures() -> None:
    rows = metrics_of(
        "In 2003 the talks produced a five-nation accord. Along a 900km frontier, troops were limited to 20,000."
    )
    assert [(m.value, m.reference_year) for m in rows] == [(5, 2003), (900, 2003), (20_000, 2003)]
    assert rows[2].status == "limit"


def test_each_of_two_figures_takes_its_own_year() -> None:
    rows = metrics_of("The share grew from 8.5 percent in 2012 to 14.25 percent in 2019.")
    assert [(m.value, m.reference_year) for m in rows] == [(8.5, 2012), (14.25, 2019)]


def test_cut_to_from_baseline_is_actual() -> None:
    rows = metrics_of("Aid will be cut to €3 billion ($3.3 billion) in 2026 from around €6 billion in 2025.")
    assert [(m.unit, m.reference_year, m.status, m.approximate) for m in rows] == [
        ("EUR", 2026, "target", False),
        ("USD", 2026, "target", False),
        ("EUR", 2025, "actual", True),
    ]


def test_measure_and_possessive_actor() -> None:
    ctx = context("Russia's GDP was $1.5 trillion in 2021.", actors={"Russia": "RUS"})
    rows, links = extract_metrics(ctx)
    assert rows[0].measure == "Russia's GDP"
    assert [link.actor_id for link in links] == ["RUS"]


def test_attached_actors_are_preferred_over_the_rest_of_the_sentence() -> None:
    text = "While Japan watched, Vietnam bought 12 Korean jets."
    ctx = context(text, actors={"Japan": "JPN", "Vietnam": "VNM", "Korean": "KOR"})
    _, links = extract_metrics(ctx)
    assert {link.actor_id for link in links} == {"VNM", "KOR"}


def test_reference_lists_and_furniture_are_skipped() -> None:
    text = "Notes\n1. A. Petrov, Border Politics (Moscow: Nauka, 2004), 45.\n2. B. Li, “Trade,” Review (May 2011): 7.\nAnalysis | 6 min read"
    assert metrics_of(text) == []


def test_markdown_images_and_links_are_skipped() -> None:
    text = "![](./img/20210304_XYZ001_0.jpg)\nRead more at https://example.com/2021/03/04/fund-750bn today."
    assert metrics_of(text) == []


@pytest.mark.parametrize(
    "text", ["", "   ", "🙂🙂 5 🚀", "word " * 3000, "1 2 3 4 5 6 7 8 9", "€€€ bn %% -5-"]
)
def test_odd_documents_never_raise(text: str) -> None:
    rows, links = extract_metrics(context(text))
    assert isinstance(rows, list) and isinstance(links, list)


def test_rows_pass_the_published_schema() -> None:
    import polars as pl

    from schemas.metrics import MetricActors, Metrics

    text = "Aid of about €2-3 billion and 40 square kilometres of land; a 15-year lease and 600 troops."
    rows, links = extract_metrics(context(text, actors={"troops": "organization:army"}))
    assert len(rows) == 4
    frame = pl.DataFrame(
        [dataclasses.asdict(m) for m in rows],
        schema_overrides={"value_high": pl.Float64, "reference_year": pl.Int64, "measure": pl.Utf8},
    )
    Metrics.validate(frame)
    MetricActors.validate(pl.DataFrame([dataclasses.asdict(link) for link in links]))


def test_bare_scaled_number_is_money_only_near_a_currency() -> None:
    far = "The ministry asked for €12 billion. Talks went on. Nobody spoke. The press left. Later 9 billion was found."
    assert [m.unit for m in metrics_of(far)] == ["EUR", "count"]
