"""The events extractor's knowledge (plover_triggers.yaml): the PLOVER trigger rules and the word classes of role
assignment, dates, places and kept triggers, as a typed, frozen lexicon loaded once."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.knowledge import knowledge_file
from pipeline.knowledge.models import MODELS_DIR, ClassModel, LinearModel
from pipeline.knowledge.yaml_data import load_yaml

LEXICON_FILE = knowledge_file("plover_triggers.yaml")
MODEL_FILE = MODELS_DIR / "events.json"
TYPE_MODEL_FILE = MODELS_DIR / "event_types.json"
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


@dataclass(frozen=True)
class TriggerRule:
    lemmas: tuple[str, ...]  # one lemma, or a phrase as a lemma sequence
    pos: str  # verb | noun | phrase
    event_type: str
    confidence: float = 0.8
    requires: frozenset[str] = frozenset()
    requires_object: frozenset[str] | None = None  # None: no condition; empty: any object
    excludes: frozenset[str] = frozenset()
    object_types: tuple[tuple[str, str], ...] = ()
    joint_type: str | None = None
    poss_role: str = "source"
    requires_target: bool = False
    modifier_role: str = "source"
    prep_roles: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class EventLexicon:
    """The trigger rules and one field per word list of plover_triggers.yaml (lower case); the file's comments say
    what each class is for."""

    rules: tuple[TriggerRule, ...]
    quad_classes: dict[str, str]
    experiencer_verbs: frozenset[str]
    generic_determiners: frozenset[str]
    trend_verbs: frozenset[str]
    demonstratives: frozenset[str]
    reciprocals: frozenset[str]
    listing_verbs: frozenset[str]
    no_comment_verbs: frozenset[str]
    absorbing_preps: frozenset[str]
    content_preps: frozenset[str]
    content_types: frozenset[str]  # upper case: THREATEN
    place_object_verbs: frozenset[str]
    destination_verbs: frozenset[str]
    destination_preps: frozenset[str]
    departure_verbs: frozenset[str]
    departure_preps: frozenset[str]
    located_at_target: frozenset[str]
    target_place_preps: frozenset[str]
    verb_target_preps: frozenset[str]
    object_target_preps: frozenset[str]
    noun_target_preps: frozenset[str]
    noun_source_preps: frozenset[str]
    adjunct_preps: frozenset[str]
    version: str  # the file's content hash
    by_lemma: dict[tuple[str, str], tuple[TriggerRule, ...]]  # (lemma, verb | noun) -> its rules, file order
    phrases: tuple[TriggerRule, ...]  # the phrase rules, longest first
    filter_model: LinearModel | None = None  # the learned filter of candidates (models/events.json), if any
    type_model: ClassModel | None = None  # the learned PLOVER typing of candidates (models/event_types.json)

    @classmethod
    def load(
        cls, path: Path = LEXICON_FILE, model: Path | None = MODEL_FILE, types: Path | None = TYPE_MODEL_FILE
    ) -> EventLexicon:
        """Read a trigger dictionary; every word list must be present."""
        raw = path.read_bytes()
        data = load_yaml(raw) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of word lists and triggers")
        rules = tuple(r for entry in data.get("triggers") or [] for r in _rules_of(entry, path))
        by_lemma: dict[tuple[str, str], list[TriggerRule]] = {}
        for rule in rules:
            if rule.pos != "phrase":
                by_lemma.setdefault((rule.lemmas[0], rule.pos), []).append(rule)
        phrases = tuple(sorted((r for r in rules if r.pos == "phrase"), key=lambda r: -len(r.lemmas)))
        return cls(
            rules=rules,
            quad_classes={k.upper(): v for k, v in (data.get("quad_classes") or {}).items()},
            experiencer_verbs=_set(data["experiencer_verbs"]),
            generic_determiners=_set(data["generic_determiners"]),
            trend_verbs=_set(data["trend_verbs"]),
            demonstratives=_set(data["demonstratives"]),
            reciprocals=_set(data["reciprocals"]),
            listing_verbs=_set(data["listing_verbs"]),
            no_comment_verbs=_set(data["no_comment_verbs"]),
            absorbing_preps=_set(data["absorbing_preps"]),
            content_preps=_set(data["content_preps"]),
            content_types=frozenset(str(v).upper() for v in data["content_types"]),
            place_object_verbs=_set(data["place_object_verbs"]),
            destination_verbs=_set(data["destination_verbs"]),
            destination_preps=_set(data["destination_preps"]),
            departure_verbs=_set(data["departure_verbs"]),
            departure_preps=_set(data["departure_preps"]),
            located_at_target=frozenset(str(v).upper() for v in data["located_at_target"]),
            target_place_preps=_set(data["target_place_preps"]),
            verb_target_preps=_set(data["verb_target_preps"]),
            object_target_preps=_set(data["object_target_preps"]),
            noun_target_preps=_set(data["noun_target_preps"]),
            noun_source_preps=_set(data["noun_source_preps"]),
            adjunct_preps=_set(data["adjunct_preps"]),
            version=hashlib.sha256(raw).hexdigest()[:8],
            by_lemma={k: tuple(v) for k, v in by_lemma.items()},
            phrases=phrases,
            filter_model=LinearModel.load(model) if model is not None else None,
            type_model=ClassModel.load(types) if types is not None else None,
        )


def _set(values: object) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))  # type: ignore[union-attr]


def _rules_of(entry: dict, path: Path) -> list[TriggerRule]:
    event_type = str(entry["type"]).upper()
    if event_type not in PLOVER_TYPES:
        raise ValueError(f"unknown PLOVER type {event_type!r} in {path.name}")
    common = {
        "event_type": event_type,
        "confidence": float(entry.get("confidence", 0.8)),
        "requires": _set(entry.get("requires")),
        "requires_object": _set(entry["requires_object"]) if "requires_object" in entry else None,
        "excludes": _set(entry.get("excludes")),
        "object_types": tuple((k.lower(), v.upper()) for k, v in (entry.get("object_types") or {}).items()),
        "joint_type": entry.get("joint_type"),
        "poss_role": entry.get("poss_role", "source"),
        "requires_target": bool(entry.get("requires_target", False)),
        "modifier_role": entry.get("modifier_role", "source"),
        "prep_roles": tuple((k.lower(), v.lower()) for k, v in (entry.get("prep_roles") or {}).items()),
    }
    rules = []
    for pos, key in (("verb", "verbs"), ("noun", "nouns"), ("phrase", "phrases")):
        for words in entry.get(key) or []:
            lemmas = tuple(str(words).lower().split())
            rules.append(TriggerRule(lemmas=lemmas, pos="phrase" if len(lemmas) > 1 else pos, **common))
    return rules


@functools.cache
def default_lexicon() -> EventLexicon:
    """The lexicon of pipeline/knowledge/plover_triggers.yaml, loaded once per process."""
    return EventLexicon.load()
