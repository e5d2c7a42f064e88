"""The lexicon of the metrics extractor and its number layer (metric_units.yaml), as one typed, frozen object.

Multi-word entries (currency words, units, approximators...) are keyed by their words as the number grammar
splits them, so the loader is given that split (`pipeline.nlp.numbers` loads the default lexicon with it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.knowledge import knowledge_file
from pipeline.knowledge.yaml_data import load_yaml

METRIC_UNITS_PATH = knowledge_file("metric_units.yaml")

Phrase = tuple[str, ...]  # a multi-word entry as its lowercase words


@dataclass(frozen=True)
class StatusCues:
    """Cue words of one status: lemmas among a number's governors, phrases in the text before it."""

    lemmas: frozenset[str]
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class MetricLexicon:
    """Every English word list of metric_units.yaml (one field per list; see the file for what each is for)."""

    scales: dict[str, float]
    currency_only_scales: frozenset[str]
    number_words: dict[str, float]
    ordinal_words: dict[str, int]
    ordinal_suffixes: frozenset[str]
    fractions: dict[str, float]  # fraction word -> percent of the whole
    currency_prefixes: dict[str, str]
    currency_words: dict[Phrase, str]
    percent_words: frozenset[Phrase]
    units: dict[Phrase, tuple[str, str, float]]  # -> (canonical unit, quantity kind, factor)
    person_nouns: frozenset[str]
    person_compounds: frozenset[str]
    discourse_nouns: frozenset[str]
    approximators: tuple[Phrase, ...]  # longest first
    determiners: frozenset[str]
    status_cues: dict[str, StatusCues]
    verb_only_cues: frozenset[str]
    non_metric_after: frozenset[Phrase]
    ordinal_counts: frozenset[str]
    ordinal_durations: frozenset[str]
    ordinal_editions: frozenset[str]
    superlatives: frozenset[str]
    rank_verbs: frozenset[str]
    change_verbs: dict[str, tuple[float, str, str]]  # -> (value, unit, quantity kind)
    year_blockers_before: frozenset[str]
    year_blockers_after: frozenset[str]
    open_time_words: tuple[str, ...]
    relative_years: dict[str, int]  # word before "year" -> years from the publication year
    generic_measures: frozenset[str]
    months: frozenset[str]

    @classmethod
    def load(cls, phrase: Callable[[str], Phrase], path: Path = METRIC_UNITS_PATH) -> MetricLexicon:
        """Read the lexicon file; `phrase` splits a multi-word entry into the words it is matched as."""
        raw = load_yaml(path.read_text(encoding="utf-8"))
        return cls(
            scales={k.lower(): float(v) for k, v in raw["scales"].items()},
            currency_only_scales=frozenset(raw["currency_only_scales"]),
            number_words={k: float(v) for k, v in raw["number_words"].items()},
            ordinal_words=dict(raw["ordinal_words"]),
            ordinal_suffixes=frozenset(raw["ordinal_suffixes"]),
            fractions={k: 100 / v for k, v in raw["fractions"].items()},
            currency_prefixes=dict(raw["currency_prefixes"]),
            currency_words={phrase(k): v for k, v in raw["currency_words"].items()},
            percent_words=frozenset(phrase(p) for p in raw["percent_words"]),
            units={phrase(k): (v[0], v[1], float(v[2])) for k, v in raw["units"].items()},
            person_nouns=frozenset(raw["person_nouns"]),
            person_compounds=frozenset(raw["person_compounds"]),
            discourse_nouns=frozenset(raw["discourse_nouns"]),
            approximators=tuple(sorted((phrase(a) for a in raw["approximators"]), key=len, reverse=True)),
            determiners=frozenset(raw["determiners"]),
            status_cues={
                k: StatusCues(frozenset(v["lemmas"]), tuple(v["phrases"]))
                for k, v in raw["status_cues"].items()
            },
            verb_only_cues=frozenset(raw["verb_only_cues"]),
            non_metric_after=frozenset(phrase(p) for p in raw["non_metric_after"]),
            ordinal_counts=frozenset(raw["ordinal_counts"]),
            ordinal_durations=frozenset(raw["ordinal_durations"]),
            ordinal_editions=frozenset(raw["ordinal_editions"]),
            superlatives=frozenset(raw["superlatives"]),
            rank_verbs=frozenset(raw["rank_verbs"]),
            change_verbs={k: (float(v[0]), v[1], v[2]) for k, v in raw["change_verbs"].items()},
            year_blockers_before=frozenset(raw["year_blockers_before"]),
            year_blockers_after=frozenset(raw["year_blockers_after"]),
            open_time_words=tuple(raw["open_time_words"]),
            relative_years=dict(raw["relative_years"]),
            generic_measures=frozenset(raw["generic_measures"]),
            months=frozenset(raw["month_names"]),
        )
