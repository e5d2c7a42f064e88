"""`python -m pipeline train`: fit the learned layers on the tune split of the gold.

Events: the rules propose candidates (every trigger with actors, with the reason the rules would drop it, its
actors, modality and date as features: extract/events/extractor.py `event_candidates`); a candidate is labelled
real when the scorer matches it to a gold event. Stances: every row the rules find, with its cue, voice, holder,
target and polarity as features (extract/stances/extractor.py `stance_candidates`), labelled by the scorer the
same way. For each, a logistic regression (scikit-learn, L2, liblinear: deterministic) is cross-validated by
document to choose the probability threshold that maximises F1 and to measure its calibration, then refitted on
every tune document and written as plain weights to pipeline/knowledge/models/ (events.json, stances.json),
which the extractors score without any machine-learning library; the PLOVER typing model is trained on the
matched event candidates (event_types.json). Only tune documents are read: the check split stays unseen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import polars as pl

from pipeline.core.model import DocumentContext
from pipeline.evaluate import DEFAULT_ARTICLE_DIRS, DEFAULT_GOLD, REPO, run_and_score
from pipeline.evaluation.figures import reliability
from pipeline.evaluation.gold import TUNE, GoldDocument, load_gold_dir
from pipeline.evaluation.scorer import evaluate
from pipeline.extract.events.extractor import Candidate, event_candidates
from pipeline.extract.runner import as_rows, iter_contexts
from pipeline.extract.stances.extractor import stance_candidates
from pipeline.knowledge.events import MODEL_FILE, TYPE_MODEL_FILE, EventLexicon
from pipeline.knowledge.models import ClassModel, LinearModel
from pipeline.knowledge.stances import MODEL_FILE as STANCE_MODEL_FILE
from pipeline.knowledge.stances import StanceLexicon
from pipeline.nlp.cache import ParseCache
from pipeline.publish.release import read_published

WORKDIR = REPO / "outputs" / ".train"
FOLDS = 5
C = 0.5  # inverse L2 strength: ~1,000 candidates, ~500 features
SMOOTHING = 5  # threshold steps (of 0.01) each side averaged when choosing the threshold


def _tune_contexts(
    gold: list[GoldDocument], workdir: Path, table: str
) -> tuple[dict[str, pl.DataFrame], Iterator[tuple[DocumentContext, str]]]:
    """The published tables of a pipeline run on the tune documents, and an iterator over their documents'
    contexts with each document's source file name."""
    run_and_score(gold, [d for d in DEFAULT_ARTICLE_DIRS if d.is_dir()], workdir=workdir, tables=(table,))
    tables = read_published(workdir / "outputs")
    parses = ParseCache(workdir / "outputs" / ".cache" / "parses")
    names = {r["doc_id"]: Path(r["source_path"]).name for r in tables["documents"].iter_rows(named=True)}
    contexts = iter_contexts(tables["documents"], tables["sentences"], parses, tables["mentions"], tables["actors"])
    return tables, ((ctx, names[ctx.doc_id]) for ctx in contexts)


def tune_candidates(
    gold: list[GoldDocument], workdir: Path
) -> tuple[list[Candidate], list[str], list[str | None], int]:
    """Every event candidate of the tune documents, its document, the type of the gold event it matches (None:
    it matches none), and the number of gold events there."""
    tables, contexts = _tune_contexts(gold, workdir, "events")
    rules_only = EventLexicon.load(model=None, types=None)
    candidates: list[Candidate] = []
    docs: list[str] = []
    for ctx, name in contexts:
        for n, candidate in enumerate(event_candidates(ctx, rules_only)):
            unique = f"{candidate.event.event_id}#{n}"  # one row per candidate, even where two share an id
            candidate.event = replace(candidate.event, event_id=unique)
            candidate.participants = [replace(p, event_id=unique) for p in candidate.participants]
            candidates.append(candidate)
            docs.append(name)
    golds, n_gold = _labels(candidates, gold, tables)
    return candidates, docs, golds, n_gold


def tune_stances(
    gold: list[GoldDocument], workdir: Path
) -> tuple[list[dict[str, float]], list[str], list[int], int]:
    """The features of every stance the rules find in the tune documents, its document, whether the scorer
    matches it to a gold stance, and the number of gold stances."""
    tables, contexts = _tune_contexts(gold, workdir, "stances")
    rules_only = StanceLexicon.load(model=None)
    rows, features, docs = [], [], []
    for ctx, name in contexts:
        for row, found in stance_candidates(ctx, rules_only):
            rows.append(row)
            features.append(found)
            docs.append(name)
    stances = pl.DataFrame(as_rows(rows), schema=tables["stances"].schema)
    report = evaluate(gold, {**tables, "stances": stances}, ("stances",))["stances"]
    matched = {p["id"] for preds in report["predictions"].values() for p in preds if p["matched"]}
    return features, docs, [int(r.stance_id in matched) for r in rows], report["tp"] + report["fn"]


def _labels(
    candidates: list[Candidate], gold: list[GoldDocument], tables: dict[str, pl.DataFrame]
) -> tuple[list[str | None], int]:
    """Score every candidate as a prediction: the PLOVER type of the gold event it matched (None: none); and
    the number of gold events."""
    events = pl.DataFrame(as_rows(c.event for c in candidates), schema=tables["events"].drop("event_cluster_id").schema)
    participants = pl.DataFrame(
        as_rows(p for c in candidates for p in c.participants), schema=tables["event_participants"].schema
    )
    report = evaluate(gold, {**tables, "events": events, "event_participants": participants}, ("events",))
    matched = {p["id"]: p["gold"] for preds in report["events"]["predictions"].values() for p in preds if p["matched"]}
    return [_supervised(c, matched.get(c.event.event_id)) for c in candidates], report["events"]["tp"] + report[
        "events"
    ]["fn"]


def _supervised(candidate: Candidate, gold: dict | None) -> str | None:
    """The gold type a candidate learns from: that of the gold event it matched, when the match is about the
    same action (same PLOVER type, or the same trigger word); None otherwise. The scorer matches by sentence
    and actors alone, so a second trigger of a sentence can match a different event of it: such a match
    teaches nothing about the candidate."""
    if gold is None:
        return None
    trigger = candidate.event.trigger.lower()
    same_words = bool(set(trigger.split()) & set(str(gold.get("trigger") or "").lower().split()))
    return gold["type"] if gold["type"] == candidate.event.event_type or same_words else None


def _fit(x, y: list, rows: list[int], multiclass: bool = False):
    from sklearn.linear_model import LogisticRegression

    solver = "lbfgs" if multiclass else "liblinear"
    return LogisticRegression(C=C, solver=solver, max_iter=2000).fit(x[rows], [y[i] for i in rows])


def _folds(x, y: list, docs: list[str]) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import GroupKFold

    return [(list(a), list(b)) for a, b in GroupKFold(n_splits=FOLDS).split(x, y, groups=docs)]


def train(candidates: list[Candidate], docs: list[str], golds: list[str | None], n_gold: int) -> LinearModel:
    """The events filter."""
    labels = [int(g is not None) for g in golds]
    return fit_filter([c.features for c in candidates], [c.rules_keep for c in candidates], labels, docs, n_gold)


def fit_filter(
    features: list[dict[str, float]], rules_keep: list[bool], labels: list[int], docs: list[str], n_gold: int
) -> LinearModel:
    """A filter of candidates (`labels`: 1 = matches gold): cross-validate by document, choose the threshold,
    compare with what the rules keep, refit on everything."""
    from sklearn.feature_extraction import DictVectorizer

    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(features)
    out_of_fold = [0.0] * len(features)
    for train_rows, test_rows in _folds(x, labels, docs):
        model = _fit(x, labels, train_rows)
        for i, p in zip(test_rows, model.predict_proba(x[test_rows])[:, 1], strict=True):
            out_of_fold[i] = float(p)
    threshold, cv = _best_threshold(out_of_fold, labels, n_gold)
    rules = _scores(rules_keep, labels, n_gold)
    final = _fit(x, labels, list(range(len(features))))
    weights = {
        name: round(float(w), 6) for name, w in zip(vectorizer.feature_names_, final.coef_[0], strict=True) if w
    }
    calibration = reliability([{"confidence": p, "matched": y} for p, y in zip(out_of_fold, labels, strict=True)])
    meta = {
        "trained_on": "tune split of eval/gold (eval/gold/manifest.csv)",
        "documents": len(set(docs)),
        "candidates": len(features),
        "positives": sum(labels),
        "gold_events": n_gold,
        "cross_validated": {**cv, "folds": FOLDS, "calibration": calibration},
        "rules": rules,
        "decides": cv["f1"] > rules["f1"],  # the model keeps candidates only where it beats the rules
        "regularisation_C": C,
    }
    return LinearModel(weights, round(float(final.intercept_[0]), 6), threshold, meta)


def train_types(candidates: list[Candidate], docs: list[str], golds: list[str | None]) -> ClassModel:
    """The typing: on the candidates that match a gold event, learn its PLOVER type; cross-validated by
    document against the rules' type, so that it decides only where it is more often right."""
    from sklearn.feature_extraction import DictVectorizer

    rows = [i for i, g in enumerate(golds) if g is not None]
    features = [candidates[i].typing for i in rows]
    types = [str(golds[i]) for i in rows]
    groups = [docs[i] for i in rows]
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(features)
    right = 0
    for train_rows, test_rows in _folds(x, types, groups):
        model = _fit(x, types, train_rows, multiclass=True)
        right += sum(p == types[i] for i, p in zip(test_rows, model.predict(x[test_rows]), strict=True))
    rules_right = sum(candidates[i].event.event_type == golds[i] for i in rows)
    final = _fit(x, types, list(range(len(rows))), multiclass=True)
    weights = {
        str(label): {n: round(float(w), 6) for n, w in zip(vectorizer.feature_names_, coef, strict=True) if w}
        for label, coef in zip(final.classes_, final.coef_, strict=True)
    }
    biases = {str(label): round(float(b), 6) for label, b in zip(final.classes_, final.intercept_, strict=True)}
    meta = {
        "trained_on": "tune split of eval/gold: the candidates that match a gold event",
        "examples": len(rows),
        "cross_validated_accuracy": round(right / len(rows), 4),
        "rules_accuracy": round(rules_right / len(rows), 4),
        "decides": right > rules_right,
        "regularisation_C": C,
    }
    return ClassModel(weights, biases, meta)


def _scores(kept: list[bool], labels: list[int], n_gold: int) -> dict[str, float]:
    """Micro precision, recall and F1 of keeping `kept` candidates, against every gold event."""
    tp = sum(1 for k, y in zip(kept, labels, strict=True) if k and y)
    fp = sum(1 for k, y in zip(kept, labels, strict=True) if k and not y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _best_threshold(probabilities: list[float], labels: list[int], n_gold: int) -> tuple[float, dict]:
    """The probability threshold at the middle of the best plateau of micro F1 against every gold event (those
    no candidate reaches count as misses): the one whose neighbours within SMOOTHING of it score best on
    average, so that a small change of the candidates does not move it across a flat curve; with the
    precision, recall and F1 it gives."""
    steps = range(5, 96)
    scores = {step: _scores([p >= step / 100 for p in probabilities], labels, n_gold) for step in steps}

    def plateau(step: int) -> float:
        near = [scores[s]["f1"] for s in steps if abs(s - step) <= SMOOTHING]
        return sum(near) / len(near)

    best = max(steps, key=lambda step: (plateau(step), -step))
    return best / 100, scores[best]


def train_command(args: argparse.Namespace) -> int:
    """`python -m pipeline train [--gold DIR] [--out FILE]`."""
    gold = [g for g in load_gold_dir(Path(args.gold or DEFAULT_GOLD)) if g.split == TUNE]
    if not gold:
        print("error: no tune gold documents", file=sys.stderr)
        return 2
    candidates, docs, golds, n_gold = tune_candidates(gold, WORKDIR)
    model = train(candidates, docs, golds, n_gold)
    out = Path(args.out or MODEL_FILE)
    model.dump(out)
    typing = train_types(candidates, docs, golds)
    typing.dump(out.with_name(TYPE_MODEL_FILE.name))
    features, stance_docs, labels, n_stances = tune_stances(gold, WORKDIR)
    stances = fit_filter(features, [True] * len(features), labels, stance_docs, n_stances)
    stances.dump(out.with_name(STANCE_MODEL_FILE.name))
    cv = model.meta["cross_validated"]
    rules = model.meta["rules"]
    role = "keeps the candidates" if model.meta["decides"] else "gives the confidence (the rules keep better)"
    print(
        f"events filter: {len(candidates)} candidates of {len(set(docs))} tune documents, {model.meta['positives']} real "
        f"of {n_gold} gold events; filter (cross-validated) P {cv['precision']:.3f} R {cv['recall']:.3f} "
        f"F1 {cv['f1']:.3f} at threshold {model.threshold:.2f}, rules P {rules['precision']:.3f} "
        f"R {rules['recall']:.3f} F1 {rules['f1']:.3f}: the filter {role}; written to {out}"
    )
    meta = typing.meta
    print(
        f"event types: {meta['examples']} matched candidates; model (cross-validated) accuracy "
        f"{meta['cross_validated_accuracy']:.3f}, rules {meta['rules_accuracy']:.3f}: "
        f"{'the model types the events' if meta['decides'] else 'the rules type the events'}"
    )
    cv, rules = stances.meta["cross_validated"], stances.meta["rules"]
    at_07 = cv["calibration"]["at_least"].get("0.7", {})
    print(
        f"stances: {len(features)} rows of {len(set(stance_docs))} tune documents, {sum(labels)} real of "
        f"{n_stances} gold stances; model (cross-validated) F1 {cv['f1']:.3f} at threshold {stances.threshold:.2f}, "
        f"rules F1 {rules['f1']:.3f}: the model "
        f"{'keeps the rows' if stances.meta['decides'] else 'gives the confidence (the rules keep better)'}; "
        f"precision at confidence >= 0.7: {at_07.get('precision')} ({at_07.get('rows')} rows)"
    )
    return 0
