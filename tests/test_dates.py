"""Date phrases: finding them, normalising them to partial ISO with a precision, and the year context."""

from __future__ import annotations

import pytest

from pipeline.nlp.dates import DateContext, coarser, find_dates, normalise, parse_iso


def norm(text: str, reference: str | None = None) -> list[tuple[str, str | None, str | None]]:
    out = []
    for mention in find_dates(text):
        date = normalise(mention, reference)
        out.append((mention.text, date.iso if date else None, date.precision if date else None))
    return out


@pytest.mark.parametrize(
    ("text", "surface", "iso", "precision"),
    [
        ("It happened on Dec. 22, 2020 in Oslo.", "Dec. 22, 2020", "2020-12-22", "day"),
        ("The crackdown of June 4th, 1989 was condemned.", "June 4th, 1989", "1989-06-04", "day"),
        ("Talks resumed in late July 2019.", "late July 2019", "2019-07", "month"),
        ("Crimea was annexed in 2014.", "2014", "2014", "year"),
        ("The deal was signed on 22 December 2020.", "22 December 2020", "2020-12-22", "day"),
        ("Published 2020-07-21 at noon.", "2020-07-21", "2020-07-21", "day"),
        ("The visit in Sept. 2019 went well.", "Sept. 2019", "2019-09", "month"),
        ("The union dates back to 1790.", "1790", "1790", "year"),
        (
            "It was announced on Thursday, September 20, 2018.",
            "Thursday, September 20, 2018",
            "2018-09-20",
            "day",
        ),
    ],
)
def test_absolute_dates(text, surface, iso, precision):
    assert norm(text) == [(surface, iso, precision)]


def test_month_and_day_without_year_take_the_reference_year():
    assert norm("The attacks of September 11 shocked the world.", "2001") == [
        ("September 11", "2001-09-11", "day")
    ]
    assert norm("On May 29, tariffs were announced.", "2018-11") == [("May 29", "2018-05-29", "day")]
    assert norm("It began in September.", "2018-11") == [("September", "2018-09", "month")]


def test_without_any_reference_a_yearless_date_stays_unresolved():
    assert norm("On May 29, tariffs were announced.") == [("May 29", None, None)]


def test_relative_years_and_months():
    assert norm("Aid will be halved next year.", "2024-07") == [("next year", "2025", "year")]
    assert norm("Prices fell last year.", "2024-07-19") == [("last year", "2023", "year")]
    assert norm("Talks are planned next month.", "2024-12") == [("next month", "2025-01", "month")]


@pytest.mark.parametrize(
    "text",
    [
        "About 3,200 soldiers took part.",
        "The pipeline is 2000 km long.",
        "It cost €2019 per unit.",
        "Some 300,000 troops and 1500 tanks.",
        "May we proceed?",
        "The army may march soon.",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert find_dates(text) == []


def test_impossible_day_is_rejected():
    assert norm("It was dated Feb 30, 2019.") == [("Feb 30, 2019", None, None)]


def test_year_context_prefers_the_paragraph_then_publication():
    text = "In 2014 Russia annexed Crimea.\nOn September 11, leaders met. In 2016 they met again on May 5."
    ctx = DateContext(text, "2018-11")
    resolved = {m.text: ctx.resolve(m) for m in ctx.mentions}
    assert resolved["September 11"].iso == "2018-09-11"  # 2014 lies in another paragraph
    assert resolved["May 5"].iso == "2016-05-05"  # 2016 is in the same paragraph
    assert ctx.publication("month").iso == "2018-11"
    assert ctx.publication("day").iso == "2018-11"


def test_year_context_without_publication_uses_any_earlier_year():
    text = "In 1996 the pact was signed.\nIn April the border was demilitarised."
    ctx = DateContext(text, None)
    april = next(m for m in ctx.mentions if m.text == "April")
    assert ctx.resolve(april).iso == "1996-04"


def test_helpers():
    assert parse_iso("2019-06") == (2019, 6, None)
    assert parse_iso(None) == (None, None, None)
    assert parse_iso("garbage") == (None, None, None)
    assert coarser("day", "month") == "month"
    assert coarser("year", "day") == "year"
    assert coarser(None, "day") is None


@pytest.mark.parametrize("text", ["", "🙂", "2019-13-45", "x" * 3000, "in in in May May May"])
def test_odd_input_never_raises(text):
    for mention in find_dates(text):
        normalise(mention, "2020")


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("They met on Sunday.", "2025-03-03", ("2025-03-02", "day")),  # 2025-03-03 is a Monday
        ("They met on Monday.", "2025-03-03", ("2025-03-03", "day")),
        ("They will meet next Friday.", "2025-03-03", ("2025-03-07", "day")),
        ("They met yesterday.", "2025-03-03", ("2025-03-02", "day")),
        ("They met on Sunday.", "2025-03", ("2025-03", "month")),
    ],
)
def test_weekdays_and_deictic_days_resolve_against_publication(phrase, published, expected):
    ctx = DateContext(phrase, published)
    [mention] = ctx.mentions
    date = ctx.resolve(mention)
    assert (date.iso, date.precision) == expected
