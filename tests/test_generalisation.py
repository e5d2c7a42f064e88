"""Generalisation check: the real pipeline scored on three held-out style articles far from the dev corpus.

The fixture articles (tests/fixtures/generalisation/articles: an African Union summit on Sudan's war, OPEC+
output cuts, an India-Pakistan water-treaty analysis) and their gold annotations (…/gold, GOLD_FORMAT) were
written for this test and are used by no extraction rule. The floors sit a little below the scores measured
when they were set, so a change that makes the extractors worse on unseen text fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import run_and_score
from pipeline.evaluation.gold import load_gold_dir
from pipeline.extract.context import build_context
from pipeline.extract.metrics.extractor import extract_metrics
from pipeline.extract.stances.extractor import extract_stances

FIXTURES = Path(__file__).parent / "fixtures" / "generalisation"

# table -> minimum micro F1 on the three fixture articles
# measured 2026-11-23: actors 0.979, metrics 0.980, stances 0.621, events 0.736 (events still changing)
F1_FLOORS = {"actors": 0.94, "metrics": 0.95, "stances": 0.58, "events": 0.55}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    gold = load_gold_dir(FIXTURES / "gold")
    return run_and_score(gold, [FIXTURES / "articles"], workdir=tmp_path_factory.mktemp("generalisation"))


def test_fixture_gold_is_complete() -> None:
    gold = load_gold_dir(FIXTURES / "gold")
    articles = {p.name for p in (FIXTURES / "articles").iterdir()}
    assert len(gold) == 3
    assert {g.source_file for g in gold} == articles


def test_every_fixture_document_is_scored(report: dict) -> None:
    assert len(report["meta"]["scored_documents"]) == 3
    assert not report["meta"]["missing_documents"]
    assert not report["meta"]["unlocated_anchors"]


@pytest.mark.parametrize("table", sorted(F1_FLOORS))
def test_f1_floor(report: dict, table: str) -> None:
    result = report[table]
    assert result["f1"] >= F1_FLOORS[table], (
        f"{table} F1 {result['f1']:.3f} fell below {F1_FLOORS[table]} on the generalisation fixtures "
        f"(tp={result['tp']} fp={result['fp']} fn={result['fn']})"
    )


# -- the general rules behind the scores, on sentences unlike the fixtures ----------------------------------


def _actor_names(text: str) -> dict[str, str]:
    ctx = build_context(text)
    return {m.text: ctx.actors[m.actor_id].name for m in ctx.mentions}


def test_acronym_joins_the_name_it_abbreviates() -> None:
    names = _actor_names("The Karen National Union rejected the offer. Leaders of the KNU met in Bangkok.")
    assert names["the KNU"] == "Karen National Union"


def test_country_possessive_gives_a_described_person_a_country() -> None:
    ctx = build_context("Peru's interior minister, Juan Carlos Mendoza, said the border would stay closed.")
    person = next(a for a in ctx.actors.values() if a.actor_type == "person")
    assert person.country_code == "PER"


def _metrics(text: str) -> list:
    out = extract_metrics(build_context(text))
    return list(out[0] if isinstance(out, tuple) else out)


def test_oil_output_is_a_rate_and_clock_times_are_not_figures() -> None:
    rows = _metrics("Published 12 Mar 2024, 09:40 GMT. Nigeria pumped 1.5 million b/d in March.")
    assert [(m.value, m.unit) for m in rows] == [(1.5e6, "barrel_per_day")]


def test_fraction_after_by_and_an_approximator() -> None:
    rows = _metrics("The company cut its payout by almost a quarter.")
    assert [(m.value, m.unit, m.approximate) for m in rows] == [(25.0, "percent", True)]


def test_first_person_inside_a_quote_is_not_resolved_to_another_actor() -> None:
    ctx = build_context(
        'Brazil and Argentina signed the accord. "We expect both sides to honour it," Chile\'s president said.'
    )
    holders = {s.holder_actor_id for s in extract_stances(ctx) if s.holder_kind == "actor"}
    assert not holders & {"BRA", "ARG"}
