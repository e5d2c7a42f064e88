"""Boilerplate removal, metadata and paragraph repair: on texts written for the tests and on the corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.ingest.clean import clean
from pipeline.ingest.corpus import ingest_corpus
from tests.conftest import corpus_text

ARTICLE = """Harbour Talks Stall Again 7 min read

By [Jane Q. Doe](#) | 03.04.2021

Share
Tweet

Officials from Norland and Sudmark met in the port city on Tuesday to discuss fishing quotas, but no deal was reached after six hours.
The two delegations agreed to resume talks next month, according to a joint statement issued after the meeting.

A delegate leaves the harbour office after the talks. John Smith/AFP/Getty Images

Analysts said the dispute over the northern waters has been simmering for more than a decade and is unlikely to be resolved soon because both governments face elections.

Related Topics
Jane Q. Doe is a senior correspondent covering maritime affairs and has reported from twelve countries since 2009.
"""


def test_boilerplate_removed_and_article_kept() -> None:
    doc = clean(ARTICLE)
    for furniture in (
        "min read",
        "Share",
        "Tweet",
        "Getty Images",
        "Related Topics",
        "senior correspondent",
        "[",
        "](",
    ):
        assert furniture not in doc.text
    assert "Officials from Norland and Sudmark met in the port city" in doc.text
    assert "both governments face elections." in doc.text
    assert doc.text.startswith("Harbour Talks Stall Again\n")
    assert doc.chars_removed > 0


def test_metadata_from_byline() -> None:
    meta = clean(ARTICLE).metadata
    assert meta.title == "Harbour Talks Stall Again"
    assert list(meta.authors) == ["Jane Q. Doe"]
    assert (meta.published_date, meta.published_precision) == ("2021-04-03", "day")


@pytest.mark.parametrize(
    ("header", "date", "precision"),
    [
        ("Maria Lopez\nMarch 2020", "2020-03", "month"),
        ("Updated:\nMaria Lopez", None, None),
        ("> Jul 21st 2020LISBON", "2020-07-21", "day"),
        ("Published: 2022-11-05", "2022-11-05", "day"),
        ("Maria Lopez\n5 January 2019", "2019-01-05", "day"),
    ],
)
def test_publication_dates_with_precision(header: str, date: str | None, precision: str | None) -> None:
    body = (
        "The ministers of the two coastal states signed a memorandum on shared patrols in the strait today."
    )
    meta = clean(f"# A Title\n\n{header}\n\n{body}\n").metadata
    assert (meta.published_date, meta.published_precision) == (date, precision)
    assert meta.title == "A Title"


def test_paragraph_cut_mid_sentence_is_joined() -> None:
    text = (
        "Title\n\nThe long report published by the committee on Monday says that the new rules will help the\n\n"
        "smaller fishing towns more than the cities.\n\nNext Section Heading\n\nAnother paragraph starts here."
    )
    cleaned = clean(text).text
    assert "will help the smaller fishing towns" in cleaned
    assert "\n\nNext Section Heading\n\n" in cleaned


def test_html_scripts_and_entities() -> None:
    html = (
        "<html><head><title>T</title><script>alert('x')</script></head><body><h1>Port deal</h1>"
        "<p>The ministers &amp; envoys agreed on &ldquo;joint patrols&rdquo; across the strait after long talks"
        " lasting well into the night on Friday.</p><nav>Home | News</nav></body></html>"
    )
    doc = clean(html, is_html=True)
    assert "alert" not in doc.text and "Home | News" not in doc.text
    assert "ministers & envoys agreed on “joint patrols”" in doc.text
    assert doc.metadata.title == "Port deal"


ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><title>Border talks</title></head><body><article><h1>Border talks</h1>"
    "<p>The two governments agreed on Tuesday to reopen the crossing after three years of tense negotiations"
    " between their foreign ministers.</p>{inside}<p>Officials said the first convoys would pass next month,"
    " once customs staff return to both sides of the frontier.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "inside",
    [
        '<img src="map.png" alt="x<y">',
        '<img alt="The minister <em>smiles</em> as x<y talks begin" src="a.jpg">',
        '<iframe srcdoc="<p>Russian troops attacked the Ukrainian city of Kharkiv on Monday.</p>"></iframe>',
        '<p title="Russian troops attacked Kharkiv" data-note="<b>x<y</b>" aria-label="Troops attacked">.</p>',
    ],
)
def test_html_attributes_never_become_text_or_markup(tmp_path: Path, inside: str) -> None:
    """Nothing is read from an attribute (alt, srcdoc, title, data-*, aria-label), even one holding markup:
    no tag, no `x<y`, no sentence (so no event) from inside the attribute, and the article text stays whole."""
    page = ARTICLE_HTML.format(inside=inside)
    text = clean(page, is_html=True).text
    assert not re.search(r"<[a-z/!]", text) and "x<y" not in text and "smiles" not in text
    assert "attacked" not in text and "Kharkiv" not in text
    assert "agreed on Tuesday to reopen the crossing" in text and "customs staff return" in text
    (tmp_path / "page.html").write_text(page, encoding="utf-8")  # the same through the ingest of a corpus
    [document], rejections = ingest_corpus(tmp_path, 10**6)
    assert rejections == [] and document.text == text


def _normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_corpus_articles_lose_no_body_paragraph(prefix: str) -> None:
    raw = corpus_text(prefix)
    doc = clean(raw)
    cleaned = _normalise(doc.text)
    authors = doc.metadata.authors
    for line in raw.split("\n"):
        body = _normalise(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line))
        is_bio = any(body.startswith(a) for a in authors)
        is_caption = "Getty Images" in body or body.endswith("via Reuters)")
        if len(body.split()) >= 25 and not is_bio and not is_caption:
            assert body in cleaned


@pytest.mark.parametrize(
    ("prefix", "gone"),
    [
        ("001", ["min read", "Recommended Posts", "In Analysis, Politics, Russia"]),
        ("002", ["EMAIL", "Now Reading"]),
        ("003", ["[Shi Ming](#)", "Read this article in", "09.08.2019"]),
        (
            "004",
            [
                "Getty Images",
                "Related Topics",
                "master’s degrees",
                "Views expressed in this article",
                "Updated:",
            ],
        ),
    ],
)
def test_corpus_boilerplate_removed(prefix: str, gone: list[str]) -> None:
    text = clean(corpus_text(prefix)).text
    for fragment in gone:
        assert fragment not in text


@pytest.mark.parametrize(
    ("prefix", "title", "authors", "date", "precision"),
    [
        ("000", "China and Russia: Very Far, Very Close", ["Hossein Asgarian"], "2018-11", "month"),
        ("002", "Sino-Russian Strategic Partnership Cooperative Relations and the US Factor", [], None, None),
        ("003", "China and Russia: best worst friends", ["Shi Ming"], "2019-08-09", "day"),
        ("004", "The Dual Faces of Sino-Russian Relations", ["Wang He"], None, None),
    ],
)
def test_corpus_metadata(
    prefix: str, title: str, authors: list[str], date: str | None, precision: str | None
) -> None:
    meta = clean(corpus_text(prefix)).metadata
    assert (meta.title, list(meta.authors), meta.published_date, meta.published_precision) == (
        title,
        authors,
        date,
        precision,
    )


BODY = "Ministers of the two coastal states signed a memorandum on shared patrols in the strait after long talks."


@pytest.mark.parametrize(
    ("header", "authors", "date"),
    [
        ("ANALYSIS | Jane Roe | Published 4 Jul 2025, 08:15 GMT", ["Jane Roe"], "2025-07-04"),
        ("**Jane Roe**, Energy Correspondent\n3 March 2025", ["Jane Roe"], "2025-03-03"),
        ("By Ana Ruiz and Tom Berg\nNAIROBI, Feb 16, 2025", ["Ana Ruiz", "Tom Berg"], "2025-02-16"),
        ("By Ana Ruiz, Senior Reporter", ["Ana Ruiz"], None),
    ],
)
def test_byline_forms(header: str, authors: list[str], date: str | None) -> None:
    doc = clean(f"Port Patrol Deal Signed\n\n{header}\n\n{BODY}\n")
    assert (list(doc.metadata.authors), doc.metadata.published_date) == (authors, date)
    assert doc.text.split("\n\n")[1].strip() == BODY  # byline and date lines are not article text


def test_wire_dateline_gives_date_and_agency() -> None:
    doc = clean(f"Patrol Deal\n\nLISBON, May 3, 2021 (Reuters) - {BODY}\n")
    assert (list(doc.metadata.authors), doc.metadata.published_date) == (["Reuters"], "2021-05-03")
