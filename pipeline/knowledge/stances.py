"""The stances extractor's knowledge as typed, frozen lexicons: its cue words (stance_cues.yaml) and its canonical
topics (topics.yaml)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pipeline.knowledge import knowledge_file
from pipeline.knowledge.models import MODELS_DIR, LinearModel
from pipeline.knowledge.yaml_data import load_yaml

CUES_FILE = knowledge_file("stance_cues.yaml")
TOPICS_FILE = knowledge_file("topics.yaml")
MODEL_FILE = MODELS_DIR / "stances.json"
SUPPORT, OPPOSE = "support", "oppose"

Polar = Mapping[str, str]  # word (lemma, or "lemma particle") -> support | oppose


@dataclass(frozen=True)
class Authorial:
    """The `authorial` section of stance_cues.yaml: signals of the article's own voice."""

    modals: frozenset[str]
    intensifiers: frozenset[str]
    expletive_subjects: frozenset[str]
    hedges: tuple[str, ...]  # the first one found is the cue
    conclusion_markers: tuple[str, ...]  # the first one found is the cue
    conclusion_headings: tuple[str, ...]
    strong_evaluatives: frozenset[str]
    judgment_nouns: frozenset[str]
    min_score: int
    min_score_agency: int


@dataclass(frozen=True, eq=False)
class StanceCues:
    """One field per list of stance_cues.yaml (lower case); the file's comments say what each class is for.

    Compared by identity, so that it can key the extractor's lemma memo.
    """

    stance_verbs: Polar
    intent_verbs: Polar
    commitment_verbs: frozenset[str]
    commitment_preps: frozenset[str]
    reduction_verbs: frozenset[str]
    reduction_nouns: frozenset[str]
    anti_words: frozenset[str]
    discourse_fragments: frozenset[str]
    perception_verbs: frozenset[str]
    as_only_perception: frozenset[str]
    experiencer_verbs: Polar
    nominal_cues: Polar
    nominal_verbs: frozenset[str]
    cause_verbs: frozenset[str]
    holder_preps: frozenset[str]
    speech_prep_verbs: frozenset[str]
    about_preps: frozenset[str]
    first_person: frozenset[str]
    relational_roles: Polar
    holder_phrases: tuple[str, ...]  # in file order: cues are reported in that order
    holder_phrase_patterns: tuple[re.Pattern[str], ...]
    positive: frozenset[str]  # evaluative.positive
    negative: frozenset[str]  # evaluative.negative
    contrast_before: tuple[str, ...]
    negated_oppose_polarity: str
    authorial: Authorial

    @classmethod
    def load(cls, path: Path = CUES_FILE) -> StanceCues:
        """Read a stance cue file; every key must be present."""
        data = _mapping(path)
        authorial, evaluative = data["authorial"], data["evaluative"]
        return cls(
            stance_verbs=_polar(data["stance_verbs"]),
            intent_verbs=_polar(data["intent_verbs"]),
            commitment_verbs=frozenset(_words(data["commitment_verbs"])),
            commitment_preps=frozenset(_words(data["commitment_preps"])),
            reduction_verbs=frozenset(_words(data["reduction_verbs"])),
            reduction_nouns=frozenset(_words(data["reduction_nouns"])),
            anti_words=frozenset(_words(data["anti_words"])),
            discourse_fragments=frozenset(_words(data["discourse_fragments"])),
            perception_verbs=frozenset(_words(data["perception_verbs"])),
            as_only_perception=frozenset(_words(data["as_only_perception"])),
            experiencer_verbs=_polar(data["experiencer_verbs"]),
            nominal_cues=_polar(data["nominal_cues"]),
            nominal_verbs=frozenset(_words(data["nominal_verbs"])),
            cause_verbs=frozenset(_words(data["cause_verbs"])),
            holder_preps=frozenset(_words(data["holder_preps"])),
            speech_prep_verbs=frozenset(_words(data["speech_prep_verbs"])),
            about_preps=frozenset(_words(data["about_preps"])),
            first_person=frozenset(_words(data["first_person"])),
            relational_roles=_polar(data["relational_roles"]),
            holder_phrases=_words(data["holder_phrases"]),
            holder_phrase_patterns=tuple(re.compile(str(p)) for p in data["holder_phrase_patterns"]),
            positive=frozenset(_words(evaluative["positive"])),
            negative=frozenset(_words(evaluative["negative"])),
            contrast_before=_words(data["contrast_before"]),
            negated_oppose_polarity=str(data["negated_oppose_polarity"]),
            authorial=Authorial(
                modals=frozenset(_words(authorial["modals"])),
                intensifiers=frozenset(_words(authorial["intensifiers"])),
                expletive_subjects=frozenset(_words(authorial["expletive_subjects"])),
                hedges=_words(authorial["hedges"]),
                conclusion_markers=_words(authorial["conclusion_markers"]),
                conclusion_headings=_words(authorial["conclusion_headings"]),
                strong_evaluatives=frozenset(_words(authorial["strong_evaluatives"])),
                judgment_nouns=frozenset(_words(authorial["judgment_nouns"])),
                min_score=int(authorial["min_score"]),
                min_score_agency=int(authorial["min_score_agency"]),
            ),
        )


@dataclass(frozen=True)
class TopicDef:
    """One canonical topic: its id, label, optional scope (pair | owner) and its compiled patterns."""

    topic_id: str
    label: str
    scope: str | None
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class TopicLexicon:
    """topics.yaml: the canonical topics in file order, actors' short names in topic ids, pair phrases."""

    topics: tuple[TopicDef, ...]
    short_names: Mapping[str, str]  # actor id -> how it is written inside a topic id ("USA" -> "us")
    pair_phrases: re.Pattern[str]  # "the two countries", "bilateral" (case-insensitive)

    @classmethod
    def load(cls, path: Path = TOPICS_FILE) -> TopicLexicon:
        """Read a topic file; topics without patterns are skipped."""
        data = _mapping(path)
        topics: list[TopicDef] = []
        for item in data["topics"]:
            alternatives = "|".join(f"(?:{p})" for p in item.get("patterns", []))
            if not alternatives:
                continue
            pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
            topics.append(TopicDef(item["id"], item.get("label", item["id"]), item.get("scope"), pattern))
        return cls(
            topics=tuple(topics),
            short_names=MappingProxyType({str(k): str(v) for k, v in data["short_names"].items()}),
            pair_phrases=re.compile("|".join(str(p) for p in data["pair_phrases"]), re.IGNORECASE),
        )


@dataclass(frozen=True)
class StanceLexicon:
    """Everything the stances extractor knows about English stance language: cue words and topics, and the
    learned model of its rows' confidence (models/stances.json), if any."""

    cues: StanceCues
    topics: TopicLexicon
    model: LinearModel | None = None

    @classmethod
    def load(
        cls, cues_path: Path = CUES_FILE, topics_path: Path = TOPICS_FILE, model: Path | None = MODEL_FILE
    ) -> StanceLexicon:
        return cls(
            StanceCues.load(cues_path),
            TopicLexicon.load(topics_path),
            LinearModel.load(model) if model is not None else None,
        )


def _mapping(path: Path) -> dict[str, Any]:
    data = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of word lists")
    return data


def _words(values: list[object] | None) -> tuple[str, ...]:
    """A YAML list as lower-case strings, in file order."""
    return tuple(str(w).lower() for w in values or ())


def _polar(section: dict[str, list[object]]) -> Polar:
    """A support/oppose section as word -> polarity; oppose wins on a clash."""
    return MappingProxyType(
        {word: polarity for polarity in (SUPPORT, OPPOSE) for word in _words(section.get(polarity))}
    )


@functools.cache
def default_lexicon() -> StanceLexicon:
    """The lexicon of pipeline/knowledge/stance_cues.yaml and topics.yaml, loaded once per process."""
    return StanceLexicon.load()
