"""The scorer on tiny hand-written documents and tables (no spaCy, no extractors)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from pipeline.assets.evaluation import _tables_to_score
from pipeline.evaluation.anchors import AnchorLocator
from pipeline.evaluation.gold import load_gold_dir, parse_gold
from pipeline.evaluation.report import render_errors, render_markdown, write_json
from pipeline.evaluation.scorer import evaluate, norm_name
from pipeline.publish.release import read_published as published_tables
from tests.conftest import GOLD

TEXT = (
    "Ruritania and Freedonia held joint naval drills in the Baltic Sea in March 2021. "
    "Their trade reached $12.5 billion in 2020, officials said. "
    "The Freedonian minister Ada Vell criticised the new tariffs. "
    "Such alliances are bound to fail."
)


def sentences_table(doc_id: str = "d1", text: str = TEXT) -> list[dict]:
    """One row per '.'-terminated sentence of `text`, with exact offsets."""
    rows = []
    for i, m in enumerate(re.finditer(r"\S.*?\.(?=\s|$)", text, re.DOTALL)):
        rows.append(
            {
                "sentence_id": f"{doc_id}-s{i}",
                "doc_id": doc_id,
                "ordinal": i,
                "char_start": m.start(),
                "char_end": m.end(),
                "text": m.group(),
            }
        )
    return rows


def gold_doc(**changes) -> object:
    raw = {
        "source_file": "tiny.txt",
        "document": {"title": "T", "authors": ["Jo Writer"], "published": None, "published_precision": None},
        "actors": [
            {"name": "Ruritania", "type": "country", "country": "RUT", "aliases": [], "core": True},
            {
                "name": "Freedonia",
                "type": "country",
                "country": "FRE",
                "aliases": ["Freedonian"],
                "core": True,
            },
            {"name": "Ada Vell", "type": "person", "country": "FRE", "aliases": ["minister"], "core": True},
        ],
        "events": [
            {
                "anchor": "Ruritania and Freedonia held joint naval drills",
                "type": "COOPERATE",
                "quad_class": "material_cooperation",
                "source": ["Ruritania"],
                "target": ["Freedonia"],
                "date": "2021-03",
                "location": "Baltic Sea",
            }
        ],
        "metrics": [
            {
                "anchor": "Their trade reached $12.5 billion in 2020",
                "value": 12.5e9,
                "unit": "USD",
                "year": 2020,
                "status": "actual",
            }
        ],
        "stances": [
            {
                "anchor": "minister Ada Vell criticised the new tariffs",
                "holder": "Ada Vell",
                "polarity": "oppose",
            },
            {"anchor": "Such alliances are bound to fail", "holder": "Jo Writer", "polarity": "oppose"},
        ],
    }
    raw.update(changes)
    return parse_gold(raw)


def actor(actor_id: str, name: str, actor_type: str, country: str | None) -> dict:
    return {"actor_id": actor_id, "name": name, "actor_type": actor_type, "country_code": country}


def mention(actor_id: str, text: str, doc_id: str = "d1") -> dict:
    start = TEXT.index(text)
    return {
        "mention_id": f"m-{actor_id}-{start}",
        "doc_id": doc_id,
        "sentence_id": f"{doc_id}-s0",
        "actor_id": actor_id,
        "char_start": start,
        "char_end": start + len(text),
        "text": text,
    }


def row(doc_id: str, sentence: int, needle: str, **values) -> dict:
    start = TEXT.index(needle)
    return {
        "doc_id": doc_id,
        "sentence_id": f"{doc_id}-s{sentence}",
        "char_start": start,
        "char_end": start + len(needle),
        **values,
    }


def perfect_tables(doc_id: str = "d1") -> dict[str, list[dict]]:
    """Rows that agree with `gold_doc()` in every scored respect."""
    return {
        "documents": [{"doc_id": doc_id, "source_path": "sub/tiny.txt", "text": TEXT}],
        "sentences": sentences_table(doc_id),
        "actors": [
            actor("RUT", "Ruritania", "country", "RUT"),
            actor("FRE", "Freedonia", "country", "FRE"),
            actor("person:ada-vell", "Ada Vell", "person", "FRE"),
        ],
        "mentions": [
            mention("RUT", "Ruritania", doc_id),
            mention("FRE", "Freedonia", doc_id),
            mention("FRE", "Freedonian", doc_id),
            mention("person:ada-vell", "Ada Vell", doc_id),
        ],
        "events": [
            row(
                doc_id,
                0,
                "drills",
                event_id="e1",
                event_type="COOPERATE",
                quad_class="material_cooperation",
                event_date="2021-03",
                location="the Baltic Sea",
                place_id="water:baltic-sea",
            )
        ],
        "event_participants": [
            {"event_id": "e1", "actor_id": "RUT", "role": "source"},
            {"event_id": "e1", "actor_id": "FRE", "role": "target"},
        ],
        "metrics": [
            row(
                doc_id,
                1,
                "$12.5 billion",
                metric_id="m1",
                value=12.5e9,
                unit="USD",
                reference_year=2020,
                status="actual",
            )
        ],
        "stances": [
            row(
                doc_id,
                2,
                "criticised",
                stance_id="s1",
                holder_actor_id="person:ada-vell",
                holder_kind="actor",
                polarity="oppose",
            ),
            row(
                doc_id,
                3,
                "bound to fail",
                stance_id="s2",
                holder_actor_id=None,
                holder_kind="author",
                polarity="oppose",
            ),
        ],
    }


def frames(rows: dict[str, list[dict]]) -> dict[str, pl.DataFrame]:
    return {name: pl.DataFrame(r, infer_schema_length=None) for name, r in rows.items() if r}


def test_perfect_prediction_scores_one() -> None:
    report = evaluate([gold_doc()], frames(perfect_tables()))
    for table in ("actors", "events", "metrics", "stances"):
        assert (report[table]["precision"], report[table]["recall"], report[table]["f1"]) == (1.0, 1.0, 1.0)
        assert report[table]["false_positives"] == report[table]["false_negatives"] == []
        assert all(a["accuracy"] == 1.0 for a in report[table]["attributes"].values())
    assert report["stances"]["tp"] == 2
    assert report["events"]["core_recall"] == report["actors"]["core_recall"] == 1.0
    assert report["meta"]["scored_documents"] == ["tiny.txt"]
    json.dumps(report)  # JSON-able


@pytest.mark.parametrize(
    ("location", "place_id", "agrees", "found"),
    [
        ("the Baltic", "water:baltic-sea", True, True),  # another name of the same gazetteer place
        ("Kaliningrad", "geonames:554234", False, True),  # a place, but another one
        (None, None, False, False),  # no place: wrong, and counted as not found
    ],
)
def test_event_location_is_the_same_place_by_id_or_name(location, place_id, agrees, found) -> None:
    tables = perfect_tables()
    tables["events"][0].update(location=location, place_id=place_id)
    attributes = evaluate([gold_doc()], frames(tables))["events"]["attributes"]
    assert attributes["location"]["accuracy"] == (1.0 if agrees else 0.0)
    assert attributes["location_found"]["accuracy"] == (1.0 if found else 0.0)


def test_empty_prediction_scores_zero_recall() -> None:
    rows = {"documents": perfect_tables()["documents"], "sentences": sentences_table()}
    report = evaluate([gold_doc()], frames(rows))
    for table in ("actors", "events", "metrics", "stances"):
        assert report[table]["recall"] == 0.0
        assert report[table]["tp"] == 0
    assert report["events"]["fn"] == 1
    assert report["events"]["core_recall"] == 0.0
    assert report["events"]["false_negatives"][0]["sentence"] == TEXT[: TEXT.index("2021.") + 5]


def test_missing_tables_and_documents_do_not_crash() -> None:
    report = evaluate([gold_doc()], {})
    assert report["meta"]["missing_documents"] == ["tiny.txt"]
    report = evaluate([gold_doc()], frames({"documents": perfect_tables()["documents"]}))
    assert report["stances"]["recall"] == 0.0 and report["stances"]["fn"] == 2


def test_wrong_metric_value_is_a_miss_and_a_false_positive() -> None:
    rows = perfect_tables()
    rows["metrics"][0]["value"] = 12.0e9
    report = evaluate([gold_doc()], frames(rows))
    assert (report["metrics"]["tp"], report["metrics"]["fp"], report["metrics"]["fn"]) == (0, 1, 1)
    assert report["metrics"]["false_positives"][0]["item"]["value"] == 12.0e9


def test_value_tolerance_is_relative_and_exact_for_zero() -> None:
    rows = perfect_tables()
    rows["metrics"][0]["value"] = 12.5e9 * 1.004
    assert evaluate([gold_doc()], frames(rows))["metrics"]["tp"] == 1
    rows["metrics"][0]["value"] = 12.5e9 * 1.01
    assert evaluate([gold_doc()], frames(rows))["metrics"]["tp"] == 0
    gold = gold_doc(metrics=[{"anchor": "Their trade reached", "value": 0, "unit": "USD"}])
    rows["metrics"][0]["value"] = 0.001
    assert evaluate([gold], frames(rows))["metrics"]["tp"] == 0


def test_wrong_attributes_are_counted_wrong_but_still_matched() -> None:
    rows = perfect_tables()
    rows["events"][0]["event_type"] = "CONSULT"
    rows["events"][0]["event_date"] = None
    rows["metrics"][0]["status"] = "forecast"
    rows["stances"][0]["polarity"] = "support"
    rows["actors"][2]["actor_type"] = "organization"
    report = evaluate([gold_doc()], frames(rows))
    events = report["events"]
    assert events["tp"] == 1
    assert events["attributes"]["type"]["accuracy"] == 0.0
    assert events["attributes"]["quad_class"]["accuracy"] == 1.0
    assert events["attributes"]["year"]["accuracy"] == 0.0
    assert report["metrics"]["attributes"]["status"]["accuracy"] == 0.0
    assert report["metrics"]["attributes"]["unit"]["accuracy"] == 1.0
    assert report["stances"]["tp"] == 2
    assert report["stances"]["attributes"]["polarity"]["correct"] == 1
    assert report["actors"]["attributes"]["type"]["correct"] == 2
    errors = {(e["attribute"], e["gold"], e["predicted"]) for e in events["attribute_errors"]}
    assert errors == {("type", "COOPERATE", "CONSULT"), ("year", "2021", None)}


def test_event_needs_a_matching_actor() -> None:
    rows = perfect_tables()
    rows["actors"].append(actor("XYZ", "Elbonia", "country", "XYZ"))
    rows["event_participants"] = [{"event_id": "e1", "actor_id": "XYZ", "role": "source"}]
    report = evaluate([gold_doc()], frames(rows))
    assert (report["events"]["tp"], report["events"]["fp"], report["events"]["fn"]) == (0, 1, 1)


def test_prediction_in_another_sentence_does_not_match() -> None:
    rows = perfect_tables()
    rows["stances"][0]["sentence_id"] = "d1-s3"
    report = evaluate([gold_doc()], frames(rows))
    assert report["stances"]["tp"] == 1 and report["stances"]["fn"] == 1


def test_one_to_one_matching() -> None:
    rows = perfect_tables()
    rows["metrics"].append({**rows["metrics"][0], "metric_id": "m2"})
    rows["events"].append({**rows["events"][0], "event_id": "e2", "event_type": "CONSULT"})
    rows["event_participants"].append({"event_id": "e2", "actor_id": "RUT", "role": "source"})
    rows["actors"].append(actor("org:freedonia-govt", "Freedonian", "organization", "FRE"))
    rows["mentions"].append(mention("org:freedonia-govt", "Freedonian"))
    report = evaluate([gold_doc()], frames(rows))
    assert (report["metrics"]["tp"], report["metrics"]["fp"], report["metrics"]["fn"]) == (1, 1, 0)
    assert (report["events"]["tp"], report["events"]["fp"], report["events"]["fn"]) == (1, 1, 0)
    assert report["events"]["false_positives"][0]["item"]["event_id"] == "e2"  # the better match was kept
    assert (report["actors"]["tp"], report["actors"]["fp"]) == (3, 1)
    assert report["actors"]["false_positives"][0]["item"]["actor_id"] == "org:freedonia-govt"


def test_actor_matching_by_alias_and_iso3() -> None:
    rows = perfect_tables()
    rows["actors"][1] = actor("FRE", "Republic of Freedonia", "country", "FRE")  # only the ISO3 agrees
    rows["actors"][2] = actor("person:vell", "Minister", "person", "FRE")  # name is a gold alias
    rows["mentions"][3].update(actor_id="person:vell", text="Vell")  # mention text matches nothing in gold
    report = evaluate([gold_doc()], frames(rows))
    assert report["actors"]["tp"] == 3


def test_authorial_stance_matches_author_actor_or_author_kind() -> None:
    rows = perfect_tables()
    rows["actors"].append(actor("person:jo-writer", "Jo Writer", "person", None))
    rows["stances"][1].update(holder_kind="actor", holder_actor_id="person:jo-writer")
    assert evaluate([gold_doc()], frames(rows))["stances"]["tp"] == 2
    rows["stances"][1].update(holder_kind="actor", holder_actor_id="person:ada-vell")
    assert evaluate([gold_doc()], frames(rows))["stances"]["tp"] == 1
    rows["actors"].pop()  # holder absent from the actors table: its slug still names it
    rows["stances"][1].update(holder_kind="actor", holder_actor_id="person:jo-writer")
    assert evaluate([gold_doc()], frames(rows))["stances"]["tp"] == 2


def test_the_outlet_of_an_unsigned_piece_is_one_of_its_actors_without_a_mention() -> None:
    gold = parse_gold(
        {
            "source_file": "tiny.txt",
            "actors": [{"name": "The Daily Ledger", "type": "organization", "country": None, "core": True}],
        }
    )
    rows = perfect_tables()
    rows["actors"].append(actor("organization:the-daily-ledger", "The Daily Ledger", "organization", None))
    assert evaluate([gold], frames(rows))["actors"]["tp"] == 0  # no byline, no outlet: not the document's
    rows["documents"][0].update(authors=[], source="The Daily Ledger")
    assert evaluate([gold], frames(rows))["actors"]["tp"] == 1
    rows["documents"][0].update(authors=["Jo Writer"])  # a signed piece speaks for its author, not its outlet
    assert evaluate([gold], frames(rows))["actors"]["tp"] == 0


def test_unnamed_author_placeholder_is_not_scored_as_an_actor() -> None:
    gold = gold_doc()
    placeholder = parse_gold({"source_file": "x", "actors": [{"name": "Author", "type": "person"}]}).actors
    gold = parse_gold(
        {
            "source_file": "tiny.txt",
            "document": {"authors": ["unknown"]},
            "actors": [*(vars(a) for a in gold.actors), *(vars(a) for a in placeholder)],
            "stances": [
                {"anchor": "Such alliances are bound to fail", "holder": "Author", "polarity": "oppose"}
            ],
        }
    )
    report = evaluate([gold], frames(perfect_tables()))
    assert report["actors"]["fn"] == 0
    assert report["stances"]["tp"] == 1


def test_documents_without_gold_are_ignored() -> None:
    rows = perfect_tables()
    other = perfect_tables("d2")
    other["documents"][0]["source_path"] = "other.txt"
    for name, extra in other.items():
        rows[name] = rows[name] + extra
    report = evaluate([gold_doc()], frames(rows))
    assert report["events"]["fp"] == 0 and report["actors"]["fp"] == 0


def test_anchor_located_despite_whitespace_and_link_residue() -> None:
    text = TEXT.replace("joint naval drills", "joint  naval\n drills")
    rows = perfect_tables()
    rows["documents"][0]["text"] = text
    rows["sentences"] = sentences_table("d1", text)
    gold = gold_doc(
        events=[
            {
                "anchor": "[Ruritania](https://example.org) and Freedonia held joint naval drills",
                "type": "COOPERATE",
                "quad_class": "material_cooperation",
                "source": ["Ruritania"],
                "target": ["Freedonia"],
                "date": "2021-03",
            }
        ]
    )
    report = evaluate([gold], frames(rows))
    assert report["events"]["tp"] == 1
    assert report["meta"]["anchors"]["normalized"] == 1


def test_locator_exact_normalized_fuzzy_and_unlocated() -> None:
    loc = AnchorLocator("He said: \u201cWe  will\nnot yield\u201d to pressure today.")
    assert loc.locate("He said").method == "exact"
    hit = loc.locate('"We will not yield"')
    assert hit.method == "normalized"
    assert loc.text[hit.start : hit.end] == "\u201cWe  will\nnot yield\u201d"
    assert loc.locate("We will not yeild to pressure").method == "fuzzy"
    assert loc.locate("completely unrelated words about weather").method == "unlocated"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("The  Kremlin", "kremlin"), ("China\u2019s", "china"), ("the United States", "united states")],
)
def test_norm_name(raw: str, expected: str) -> None:
    assert norm_name(raw) == expected


def test_report_rendering_and_json(tmp_path) -> None:
    rows = perfect_tables()
    rows["metrics"][0]["value"] = 1.0
    report = evaluate([gold_doc()], frames(rows))
    markdown = render_markdown(report)
    assert "| metrics | 0.000 | 0.000 | 0.000 | 0 | 1 | 1 |" in markdown
    assert "| events | 1.000 | 1.000 | 1.000 |" in markdown
    errors = render_errors(report, ["metrics"])
    assert "Their trade reached" in errors and "false positives" in errors
    path = write_json(report, tmp_path / "out" / "report.json")
    assert json.loads(path.read_text())["metrics"]["fn"] == 1


def test_the_evaluation_step_reads_the_tables_only_when_a_corpus_document_has_gold(published: Path) -> None:
    gold = load_gold_dir(GOLD)
    assert _tables_to_score(published, gold)["events"].height > 0  # the corpus has gold documents
    elsewhere = [replace(doc, source_file=f"not-in-corpus-{doc.source_file}") for doc in gold]
    skipped = _tables_to_score(published, elsewhere)
    assert all(df.height == 0 for df in skipped.values())
    assert evaluate(elsewhere, skipped) == evaluate(elsewhere, published_tables(published))
