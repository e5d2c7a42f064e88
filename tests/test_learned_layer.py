"""The learned layer: linear models shipped as data, trained by one deterministic command on the tune split,
used by the events extractor with hard linguistic exceptions no model may overrule, and by the stances extractor
for a calibrated confidence."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from pipeline import train as training
from pipeline.extract.context import build_context
from pipeline.extract.events import extract_events
from pipeline.knowledge.events import MODEL_FILE, TYPE_MODEL_FILE, default_lexicon
from pipeline.knowledge.models import ClassModel, LinearModel
from pipeline.knowledge.stances import MODEL_FILE as STANCE_MODEL_FILE
from pipeline.knowledge.stances import StanceLexicon
from pipeline.train import train_command
from tests.conftest import NEEDS_SHARED


def test_a_linear_model_scores_named_features_and_round_trips(tmp_path: Path) -> None:
    model = LinearModel({"lemma=meet": 2.0, "fallback": -3.0}, bias=-1.0, threshold=0.5, meta={"decides": True})
    keep, p = model.keeps({"lemma=meet": 1.0})
    assert keep and p == pytest.approx(0.7311, abs=1e-4)
    assert not model.keeps({"lemma=meet": 1.0, "fallback": 1.0})[0]
    assert model.probability({"unknown": 1.0}) == pytest.approx(0.2689, abs=1e-4)
    model.dump(tmp_path / "m.json")
    assert LinearModel.load(tmp_path / "m.json") == model
    assert LinearModel.load(tmp_path / "absent.json") is None
    types = ClassModel({"AID": {"lemma=lend": 3.0}}, {"AID": 0.0, "AGREE": 0.5}, {"decides": False})
    assert types.label({"lemma=lend": 1.0}) == "AID" and types.label({}) == "AGREE" and not types.decides


def test_the_shipped_models_are_trained_on_the_tune_split_and_read_what_the_extractor_writes() -> None:
    lexicon = default_lexicon()
    assert lexicon.filter_model is not None and lexicon.type_model is not None
    meta = lexicon.filter_model.meta
    assert "tune split" in meta["trained_on"] and meta["candidates"] > 500 and 0 < lexicon.filter_model.threshold < 1
    assert any(name.startswith("skip=") for name in lexicon.filter_model.weights)
    ctx = build_context("Japan and India signed a defence pact in Tokyo in 2024.")
    events, _ = extract_events(ctx)
    assert [(e.event_type, e.modality) for e in events] == [("AGREE", "asserted")]
    assert events[0].confidence == pytest.approx(lexicon.filter_model.probability(_features(ctx)), abs=1e-3)


def test_a_stance_s_confidence_is_the_shipped_model_s_probability_of_its_features() -> None:
    from pipeline.extract.stances.extractor import extract_stances, stance_candidates
    from pipeline.knowledge.stances import default_lexicon as stance_lexicon

    model = stance_lexicon().model
    assert model is not None and "tune split" in model.meta["trained_on"] and model.meta["candidates"] > 300
    ctx = build_context("Peru's president said the new tariffs were a grave mistake.", authors=("Ana Ruiz",))
    [(row, features)] = stance_candidates(ctx, StanceLexicon.load(model=None))
    assert features["voice=attributed"] == features["cue=say"] == features["holder=country"] == 1.0
    [stance] = extract_stances(ctx)
    assert stance.confidence == pytest.approx(model.probability(features), abs=1e-3) != row.confidence


def _features(ctx):
    from pipeline.extract.events.extractor import event_candidates

    [candidate] = [c for c in event_candidates(ctx) if c.event.event_type == "AGREE"]
    return candidate.features


@pytest.mark.parametrize(
    "sentence, wrong",
    [
        ("Kenya's reforms offer hope to investors, the IMF said.", {"AGREE", "AID"}),  # polysemous trigger
        ("Subsidies from the European Union would support growers in Portugal.", {"AID", "SUPPORT"}),
        ("The French proposal drew a cool reception in Germany.", {"CONSULT"}),
        ("The Chinese envoy speaks with journalists in Beijing.", {"CONSULT"}),  # no counterpart
        ("Egypt's foreign minister refused to elaborate on the plan.", {"REJECT"}),  # declining to comment
        ("Russia gave support to market reforms.", {"AID", "SUPPORT"}),  # aid goes to someone
    ],
)
def test_non_events_are_not_emitted(sentence: str, wrong: set[str]) -> None:
    events, _ = extract_events(build_context(sentence, published_date="2024-07-15", published_precision="day"))
    assert not [e for e in events if e.event_type in wrong]


@pytest.mark.parametrize(
    "sentence, event_type",
    [
        ("Russia's ministry dismissed claims of a blockade of Ukraine as invented.", "SANCTION"),  # denied
        ("India proposed scrapping all duties on American almonds.", "CONCEDE"),  # proposed, not decided
        ("Chad accused Libya of supplying weapons to the rebels.", "COOPERATE"),  # alleged
    ],
)
def test_denied_proposed_and_alleged_events_are_not_asserted(sentence: str, event_type: str) -> None:
    ctx = build_context(sentence, published_date="2024-07-15", published_precision="day")
    from pipeline.extract.events.extractor import event_candidates

    moods = {c.event.modality for c in event_candidates(ctx) if c.event.event_type == event_type}
    assert moods and "asserted" not in moods


def test_the_threshold_sits_on_the_broad_plateau_of_f1_not_on_a_lone_spike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    probabilities = [step / 100 for step in range(5, 96)]  # at threshold s, exactly 96 - s candidates are kept
    curve = {step: 0.1 for step in range(5, 96)} | {step: 0.8 for step in range(20, 41)} | {80: 0.9}

    def scores(kept: list[bool], labels: list[int], n_gold: int) -> dict[str, float]:
        return {"f1": curve[96 - sum(kept)]}

    monkeypatch.setattr(training, "_scores", scores)
    threshold, chosen = training._best_threshold(probabilities, [0] * len(probabilities), 10)
    assert 0.25 <= threshold <= 0.35 and chosen["f1"] == 0.8


@NEEDS_SHARED  # trains on the tune documents, most of them in ../shared
def test_one_command_reproduces_the_shipped_models(tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    assert train_command(argparse.Namespace(gold=None, out=str(out))) == 0
    for shipped, trained in (
        (MODEL_FILE, out),
        (TYPE_MODEL_FILE, out.with_name(TYPE_MODEL_FILE.name)),
        (STANCE_MODEL_FILE, out.with_name(STANCE_MODEL_FILE.name)),
    ):
        assert json.loads(trained.read_text()) == json.loads(shipped.read_text()), (
            f"{shipped.name} is out of date: run `python -m pipeline train`"
        )


def _stances(sentence: str) -> list[tuple]:
    from pipeline.extract.stances import extract_stances

    ctx = build_context(sentence, published_date="2024-07-15", published_precision="day")
    return [(s.holder_actor_id, s.target_actor_id, s.target_text, s.polarity) for s in extract_stances(ctx)]


def test_an_actor_inside_a_wanted_action_or_a_phrase_about_something_else_is_not_the_target() -> None:
    assert [t for _, t, _, _ in _stances("Germany wants Poland to slow down its purchases.")] == [None]
    [(holder, target, text, polarity)] = _stances("Hungary demanded an end to quotas on Ukrainian grain.")
    assert (holder, target, polarity) == ("HUN", None, "oppose") and "quotas" in text


def test_undoing_verbs_and_negative_evaluations_give_opposition() -> None:
    [(_, _, text, polarity)] = _stances("The African Union urged them to lift the embargo on Sudan.")
    assert (text, polarity) == ("embargo", "oppose")
    assert _stances("The United States thinks China is stalling.") == [("USA", "CHN", "China", "oppose")]


def test_discourse_markers_and_anti_words() -> None:
    assert not [s for s in _stances("For its part, Vietnam supports the plan.") if s[2] == "For its part"]
    assert _stances("Mexico anticipates a deal with Canada.") == []


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("The Arctic Council met in Tromso.", "Arctic Council"),
        ("The Mekong River Commission warned Laos.", "Mekong River Commission"),
        ("The Alliance of Sahel States expelled France.", "Alliance of Sahel States"),
        ("Ravi Shankar, an Indian diplomat, met Chinese officials.", "Ravi Shankar"),
    ],
)
def test_a_body_or_person_named_after_a_place_is_an_actor(sentence: str, name: str) -> None:
    ctx = build_context(sentence)
    assert name in {ctx.actors[m.actor_id].name for m in ctx.mentions}


def test_places_in_a_name_still_make_it_a_place() -> None:
    ctx = build_context("Amur Oblast borders China near the port city of Vladivostok.")
    assert {ctx.actors[m.actor_id].name for m in ctx.mentions} == {"China"}
