"""The shared language layer's word classes (language.yaml), as a typed lexicon loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.knowledge import knowledge_file
from pipeline.knowledge.yaml_data import load_yaml

Words = frozenset[str]


def words(values: Any) -> Words:
    """A word class from a YAML list (lower case)."""
    return frozenset(str(v).lower() for v in values or ())


@dataclass(frozen=True)
class Negation:
    negators: Words
    weak_negators: Words
    negating_verbs: Words
    denying_verbs: Words


@dataclass(frozen=True)
class Modality:
    future_aux: Words
    hypothetical_aux: Words
    planning_verbs: Words
    proposing_verbs: Words
    planning_modifiers: Words
    attitude_verbs: Words
    case_nouns: Words
    condition_marks: Words
    directive_verbs: Words
    speech_verbs: Words
    hearsay_nouns: Words
    noun_moods: dict[str, str]  # noun -> hypothetical | negated | planned


@dataclass(frozen=True)
class Reference:
    pronouns: dict[str, str]  # pronoun -> person | thing | plural
    relative_pronouns: Words
    title_nouns: Words
    pair_words: Words
    group_nouns: Words  # lemmas
    person_group_nouns: Words  # lemmas
    joint_nouns: Words
    pair_preps: Words


@dataclass(frozen=True)
class Bylines:
    placeholders: Words
    organisation_words: Words
    agencies: Words


@dataclass(frozen=True)
class PlaceWords:
    modifiers: Words  # "eastern" (Ukraine)
    suffixes: Words  # "-based" (Moscow-based)
    joiners: Words  # " and " (Poland and the Czech Republic)
    preps: Words  # "in" (met in Beijing)
    part_nouns: Words  # "coast" (off the coast of X)
    here: Words  # "arrive here" (at the dateline)
    there: Words  # "while there" (the scene last set)
    venue_verbs: Words  # "take place" (exercises to take place in X)
    gatherings: Words  # "forum", "summit": an organisation's name that names a gathering (lemmas)


@dataclass(frozen=True)
class LanguageLexicon:
    negation: Negation
    modality: Modality
    reference: Reference
    bylines: Bylines
    places: PlaceWords

    @classmethod
    def load(cls, path: Path) -> LanguageLexicon:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        neg, mod, ref, by = data["negation"], data["modality"], data["reference"], data["bylines"]
        moods = {str(noun).lower(): mood for mood, nouns in mod["noun_moods"].items() for noun in nouns}
        return cls(
            negation=Negation(**{field: words(neg[field]) for field in Negation.__dataclass_fields__}),
            modality=Modality(
                **{field: words(mod[field]) for field in Modality.__dataclass_fields__ if field != "noun_moods"},
                noun_moods=moods,
            ),
            reference=Reference(
                **{
                    field: words(ref[field])
                    for field in Reference.__dataclass_fields__
                    if field != "pronouns"
                },
                pronouns={str(k).lower(): str(v) for k, v in ref["pronouns"].items()},
            ),
            bylines=Bylines(**{field: words(by[field]) for field in Bylines.__dataclass_fields__}),
            places=PlaceWords(
                **{field: words(data["places"][field]) for field in PlaceWords.__dataclass_fields__}
            ),
        )


@cache
def language() -> LanguageLexicon:
    """The default language lexicon (pipeline/knowledge/language.yaml), loaded once per process."""
    return LanguageLexicon.load(knowledge_file("language.yaml"))
