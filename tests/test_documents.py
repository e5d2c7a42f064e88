"""Documents: metadata from a manifest, front matter, HTML or the text (with a documented precedence), dates
that are right, hard-wrapped text reflowed, and documents in other languages rejected."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import polars as pl
import pytest

from pipeline.ingest.corpus import ingest_corpus
from pipeline.ingest.discover import CorpusError
from pipeline.ingest.load import LoadedDocument, Rejection
from pipeline.ingest.reflow import is_hard_wrapped, reflow
from pipeline.nlp.dates import DateContext
from tests.small_runs import run

MB = 20 * 1024 * 1024
BODY = (
    "Delegations from Kazakhstan and Uzbekistan met in Tashkent to resume talks on the disputed river border "
    "and agreed to set up a joint technical commission that will report to both governments within six months."
)
ARTICLE = f"""Border Talks Resume

{BODY}

Officials said trade between the two countries reached 4.5 billion dollars in 2019 and could double by 2025
if the new crossings open on time, a prospect that the Uzbek foreign minister welcomed in a short statement.
"""


def ingest(corpus: Path) -> tuple[dict[str, LoadedDocument], dict[str, Rejection]]:
    documents, rejections = ingest_corpus(corpus, MB)
    return {d.source_path: d for d in documents}, {r.source_path: r for r in rejections}


def dated(doc: LoadedDocument) -> tuple[str | None, str | None, str]:
    return doc.published_date, doc.published_precision, doc.published_source


def test_each_metadata_source_gives_the_date_with_its_precision_and_source(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plain.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "listed.txt").write_text(ARTICLE.replace("Border", "River"), encoding="utf-8")
    (corpus / "front.md").write_text(
        "---\ntitle: Talks on the river\ndate: 2021-05-03\nauthor: Jane Doe\nsource: Steppe Wire\n"
        "url: https://example.org/talks\n---\n" + ARTICLE.replace("Border", "Frontier"),
        encoding="utf-8",
    )
    (corpus / "page.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Talks</title>"
        "<meta property='article:published_time' content='2022-11-09T08:00:00Z'></head><body>"
        f"<article><h1>Water Talks Resume</h1><p>{BODY}</p><p>{BODY.replace('six', 'nine')}</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    wire = ARTICLE.replace("Border Talks Resume\n\n", "BORDER TALKS RESUME\n    TASHKENT, March 3 (Reuters) - ")
    (corpus / "wire.txt").write_text(wire.replace("Delegations", "Officials"), encoding="utf-8")
    (corpus / "manifest.csv").write_text(
        "file,published,title,authors,source\nlisted.txt,2020-07,Listed title,A. Writer; B. Writer,Gazette\n",
        encoding="utf-8",
    )
    docs, rejected = ingest(corpus)
    assert rejected == {} and "manifest.csv" not in docs  # the manifest is metadata, not an article
    assert dated(docs["plain.txt"]) == (None, None, "none")
    assert dated(docs["listed.txt"]) == ("2020-07", "month", "manifest")
    assert (docs["listed.txt"].title, docs["listed.txt"].authors, docs["listed.txt"].source) == (
        "Listed title", ["A. Writer", "B. Writer"], "Gazette"
    )
    assert dated(docs["front.md"]) == ("2021-05-03", "day", "front_matter")
    assert (docs["front.md"].authors, docs["front.md"].url) == (["Jane Doe"], "https://example.org/talks")
    assert "title:" not in docs["front.md"].text  # the front matter is not article text
    assert dated(docs["page.html"]) == ("2022-11-09", "day", "html")
    # a dateline without a year takes the latest year the text writes out as past (2019, not "by 2025")
    assert dated(docs["wire.txt"]) == ("2019-03-03", "day", "inferred")
    assert docs["wire.txt"].text.startswith("BORDER TALKS RESUME\nTASHKENT, March 3 (Reuters) - Officials")


def test_the_manifest_wins_over_front_matter_and_bad_manifests_fail_clearly(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ndate: 2021-05-03\ntitle: Own title\n---\n" + ARTICLE, encoding="utf-8")
    (corpus / "manifest.jsonl").write_text(json.dumps({"file": "a.md", "published": "2019"}) + "\n", "utf-8")
    docs, _ = ingest(corpus)
    assert dated(docs["a.md"]) == ("2019", "year", "manifest")
    assert docs["a.md"].title == "Own title"  # fields the manifest does not give come from the next source
    (corpus / "manifest.jsonl").write_text(json.dumps({"file": "a.md", "published": "soon"}) + "\n", "utf-8")
    with pytest.raises(CorpusError, match=r"manifest.jsonl, line 1 \(a.md\): published date 'soon'"):
        ingest(corpus)
    (corpus / "manifest.csv").write_text("file\na.md\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"both manifest\.csv and manifest\.jsonl"):
        ingest(corpus)


def test_a_document_in_another_language_is_rejected_not_extracted(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fr.txt").write_text(
        "Reprise des pourparlers\n\nLes délégations du Kazakhstan et de l'Ouzbékistan se sont réunies à Tachkent "
        "pour reprendre les discussions sur la frontière fluviale contestée et ont convenu de créer une "
        "commission technique conjointe qui rendra compte aux deux gouvernements dans un délai de six mois.\n",
        encoding="utf-8",
    )
    (corpus / "en.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "listed.txt").write_text(ARTICLE.replace("Border", "River"), encoding="utf-8")
    (corpus / "manifest.csv").write_text("file,language\nlisted.txt,de\n", encoding="utf-8")
    docs, rejected = ingest(corpus)
    assert set(docs) == {"en.txt"} and docs["en.txt"].language == "en"
    assert rejected["fr.txt"].reason == "not_english" and "'fr'" in rejected["fr.txt"].detail
    assert rejected["listed.txt"].reason == "not_english" and "manifest" in rejected["listed.txt"].detail


LONG_ARTICLE = """Grain Corridor Extended

ISTANBUL (Reuters) - Turkey and Ukraine signed an agreement in Istanbul on Friday to extend the Black Sea grain
corridor by 120 days, officials said, after talks that the Russian delegation left without signing the text.

The Ukrainian infrastructure minister said exports could reach 20 million tonnes by the end of 2023 if the ports
stay open, and he criticised Moscow for what he called a deliberate campaign against shipping in the region.

The United Nations welcomed the deal, while the European Union pledged 50 million euros in aid to farmers and
urged Russia to return to the talks before the next deadline in March.
"""


def test_hard_wrapped_text_gives_the_same_sentences_and_rows_as_unwrapped(tmp_path: Path) -> None:
    flowed = "\n\n".join(" ".join(p.split()) for p in LONG_ARTICLE.strip().split("\n\n")) + "\n"
    wrapped = "\n\n".join(textwrap.fill(p, 68) for p in flowed.strip().split("\n\n")) + "\n"
    assert is_hard_wrapped(wrapped) and not is_hard_wrapped(flowed)
    assert reflow(wrapped) == flowed
    for name, text in (("flowed", flowed), ("wrapped", wrapped)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "article.txt").write_text(text, encoding="utf-8")
        run(tmp_path / name, tmp_path / f"{name}_out")
    tables = ("sentences", "events", "event_participants", "metrics", "stances", "mentions")
    for table in tables:
        flowed_rows = pl.read_parquet(tmp_path / "flowed_out" / "parquet" / f"{table}.parquet")
        wrapped_rows = pl.read_parquet(tmp_path / "wrapped_out" / "parquet" / f"{table}.parquet")
        assert flowed_rows.height > 0 or table == "event_participants"
        assert flowed_rows.equals(wrapped_rows), table


@pytest.mark.parametrize(
    "text, published, future, expected",
    [
        ("The talks were held in October.", "2020-07-15", False, "2019-10"),  # a past October
        ("The talks will be held in October.", "2020-07-15", True, "2020-10"),
        ("The talks were held in March.", "2020-07-15", False, "2020-03"),
        ("The talks will be held in March.", "2020-07-15", True, "2021-03"),
        ("They met on Monday.", "1987-03-04", False, "1987-03-02"),  # the Monday on or before a report
        ("They will meet on Monday.", "1987-03-04", True, "1987-03-09"),
        ("They met last Wednesday.", "1987-03-04", False, "1987-02-25"),
    ],
)
def test_relative_dates_point_the_right_way(text: str, published: str, future: bool, expected: str) -> None:
    context = DateContext(text, published)
    [mention] = context.mentions
    assert context.resolve(mention, future).iso == expected
