"""Surface number grammar (pipeline/nlp/numbers.py): every number form, and what is not a quantity.

Sentences are written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.nlp.numbers import Quantity, default_lexicon, find_quantities, parse_number_words


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, [q.surface for q in found]
    return found[0]


def values(text: str) -> list[float]:
    return [q.value for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("Exports climbed to US$42.5 billion last year.", "US$42.5 billion", 42.5e9, "USD"),
        ("The loan is worth $3bn.", "$3bn", 3e9, "USD"),
        ("Brussels pledged €640bn for farmers.", "€640bn", 640e9, "EUR"),
        ("The plan costs €2.4trn in total.", "€2.4trn", 2.4e12, "EUR"),
        ("Debt rose to $1.9tn.", "$1.9tn", 1.9e12, "USD"),
        ("The deal was worth 70 billion dollars.", "70 billion dollars", 70e9, "USD"),
        ("They spent 12 billion euros on roads.", "12 billion euros", 12e9, "EUR"),
        ("The fund holds 500 million yuan.", "500 million yuan", 500e6, "CNY"),
        ("Fines of 3 million roubles were paid.", "3 million roubles", 3e6, "RUB"),
        ("Fines of 4 million rubles were paid.", "4 million rubles", 4e6, "RUB"),
        ("A grant of £15m was approved.", "£15m", 15e6, "GBP"),
        ("Reserves stand at USD 310bn.", "USD 310bn", 310e9, "USD"),
        ("Reserves stand at EUR 95 million.", "EUR 95 million", 95e6, "EUR"),
        ("The contract is valued at 1,250,000 dollars.", "1,250,000 dollars", 1.25e6, "USD"),
    ],
)
def test_money_is_scaled_and_given_its_iso_code(text: str, surface: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.surface, q.unit, q.kind) == (surface, unit, "currency")
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("Turnout reached 64% this time.", 64, None, "percent"),
        ("Its share rose to 12.5 percent.", 12.5, None, "percent"),
        ("Inflation hit 7 per cent.", 7, None, "percent"),
        ("Rates rose by 2 percentage points.", 2, None, "percentage_point"),
        ("Support was roughly 40-45% among voters.", 40, 45, "percent"),
    ],
)
def test_percentages_and_percentage_ranges(text: str, value: float, high: float | None, unit: str) -> None:
    q = only(text)
    assert (q.value, q.value_high, q.unit, q.kind) == (value, high, unit, "percentage")


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("The field yields 22 billion cubic metres of gas a year.", 22e9, "cubic_metre", "volume"),
        ("Shipments reached 18 bcm.", 18e9, "cubic_metre", "volume"),
        ("The mine produced 4 million tonnes of coal.", 4e6, "tonne", "mass"),
        ("Silos hold 900,000 tons of grain.", 9e5, "tonne", "mass"),
        ("The tanker carried 2 million barrels.", 2e6, "barrel", "volume"),
        ("A reservoir of 5 billion litres was built.", 5e9, "litre", "volume"),
        ("The fence runs for 1,200 kilometres.", 1200, "km", "length"),
        ("A 450km railway opened.", 450, "km", "length"),
    ],
)
def test_physical_units(text: str, value: float, unit: str, kind: str) -> None:
    q = only(text)
    assert (q.unit, q.kind) == (unit, kind)
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("The lease runs for nine years.", 9, None, "year"),
        ("They signed a 25-year contract.", 25, None, "year"),
        ("Talks lasted three days.", 3, None, "day"),
        ("The war raged for almost two decades.", 20, None, "year"),
        ("Recovery may take five to eight years.", 5, 8, "year"),
        ("The empire lasted half a century.", 50, None, "year"),
        ("The dispute is older than half century.", 50, None, "year"),
        ("The vote took 40 minutes.", 40, None, "minute"),
    ],
)
def test_durations(text: str, value: float, high: float | None, unit: str) -> None:
    q = only(text)
    assert (q.value, q.value_high, q.unit, q.kind) == (value, high, unit, "duration")


def test_article_duration_counts_only_when_approximated() -> None:
    q = only("Ministers argued for nearly an hour.")
    assert (q.value, q.unit, q.approximate) == (1, "hour", True)
    assert find_quantities("The meeting lasted a day and a night.") == []


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["six"], 6),
        (["twenty"], 20),
        (["twenty", "-", "five"], 25),
        (["one", "hundred", "and", "twelve"], 112),
        (["a", "dozen"], 12),
        (["banana"], None),
    ],
)
def test_number_words(words: list[str], value: float | None) -> None:
    assert parse_number_words(words) == value


def test_number_words_with_scales() -> None:
    q = only("About one million Ukrainians left the region.")
    assert (q.value, q.approximate, q.unit) == (1e6, True, None)
    assert only("Twelve thousand troops moved north.").value == 12_000


def test_ranges_between_and_dash() -> None:
    q = only("Estimates put it between 3 and 4 million people.")
    assert (q.value, q.value_high) == (3e6, 4e6)
    q = only("A loan of $2-3bn is planned.")
    assert (q.value, q.value_high, q.unit) == (2e9, 3e9, "USD")


def test_from_to_is_a_change_not_a_range() -> None:
    assert values("The rate fell from 9% to 4%.") == [9, 4]


@pytest.mark.parametrize(
    ("text", "approximator"),
    [
        ("It costs about $5bn.", "about"),
        ("It costs nearly $5bn.", "nearly"),
        ("It costs more than $5bn.", "more than"),
        ("It costs just under $5bn.", "just under"),
        ("It costs around $5bn.", "around"),
        ("It costs approximately $5bn.", "approximately"),
        ("It costs up to $5bn.", "up to"),
        ("It costs almost $5bn.", "almost"),
        ("It costs some $5bn.", "some"),
    ],
)
def test_approximators(text: str, approximator: str) -> None:
    q = only(text)
    assert q.approximate and q.approximator == approximator


def test_over_a_period_is_not_approximate_but_over_an_amount_is() -> None:
    assert not only("The loan is repaid over ten years.").approximate
    assert only("The loan exceeds over $10bn.").approximate


def test_compound_counts_keep_their_noun() -> None:
    q = only("A 300-member delegation arrived.")
    assert (q.value, q.compound, q.unit) == (300, "member", None)
    q = only("The three-party coalition collapsed.")
    assert (q.value, q.compound) == (3, "party")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("It was the third time the envoy visited.", 3, "count"),
        ("They marked the twentieth anniversary of the pact.", 20, "year"),
        ("It became the world's third largest economy.", 3, "rank"),
        ("Delegates met at the fifth annual conference.", 5, "ordinal"),
    ],
)
def test_ordinals_that_state_a_quantity(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.value, q.unit) == (value, unit)


def test_fractions() -> None:
    q = only("Orders were cut by more than half.")
    assert (q.value, q.unit, q.approximate) == (50, "percent", True)
    assert only("Two thirds of the budget went to defence.").value == pytest.approx(200 / 3)
    assert find_quantities("In the first half of the decade, trade boomed.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 1997.",
        "Talks resumed on March 3rd, 2015.",
        "Protests began on 4 June 1989 in the capital.",
        "The summit opened on July 9.",
        "Figures are in 2015 prices.",
        "Growth slowed in the 1990s.",
        "The G7 and the G20 met after the Vostok 2018 drills.",
        "The MiG-29 and the Su-35 flew over covid-19 wards.",
        "Leaders met at 6.45am and left at 11 pm.",
        "Analysis | 9 min read",
        "First, the economy. Second, the army.",
        "Goals: 1) growth, 2) security.",
        "Since 9/11 the policy has shifted.",
        "See https://example.org/2021/05/17/report-300bn for details.",
        "He wrote a note (Moscow: Nauka, 2004), 212.",
        "This theory is wrong.4 Critics agree.",
        "The 21st century has begun.",
        "They set up the 3+3 format.",
    ],
)
def test_non_metrics_are_dropped(text: str) -> None:
    assert find_quantities(text) == [], [q.surface for q in find_quantities(text)]


def test_numbers_inside_names_and_nicknames() -> None:
    assert find_quantities("The Group of Twenty met in Rome.") == []
    assert find_quantities("The so-called “gang of four” objected.") == []


@pytest.mark.parametrize(
    "text", ["", "   ", "🙂🚀", "x" * 20_000, "$$$ %%% ---", "5-", "between and", "US$ bn"]
)
def test_odd_input_never_raises(text: str) -> None:
    assert isinstance(find_quantities(text), list)


def test_offsets_point_at_the_surface() -> None:
    text = "Aid fell to €4.2 billion ($4.6 billion) this year."
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.surface
    assert [q.unit for q in find_quantities(text)] == ["EUR", "USD"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Brazil ranks fourth among producers.", 4, "rank"),
        ("It is the region's second-biggest port.", 2, "rank"),
        ("Output fell by two-thirds.", 200 / 3, "percent"),
        ("Tariffs were cut by a quarter.", 25, "percent"),
        ("Pipelines carry 3m barrels a day.", 3e6, "barrel_per_day"),
    ],
)
def test_ranks_hyphenated_fractions_and_glued_scales(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert q.unit == unit
    assert q.value == pytest.approx(value)


def test_lone_m_after_a_number_is_not_a_million() -> None:
    assert only("The wall is 5 m high.").value == 5
    assert find_quantities("A third country joined.") == []


def test_words_come_from_the_lexicon_passed_in() -> None:
    text = "Brazil ranks fourth among producers."
    assert only(text).unit == "rank"
    assert find_quantities(text, replace(default_lexicon(), rank_verbs=frozenset())) == []
