"""The actor extractor's context word lists (actor_lexicon.yaml) as a typed, frozen lexicon."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from pipeline.knowledge import knowledge_file
from pipeline.knowledge.yaml_data import load_yaml

LEXICON_FILE = knowledge_file("actor_lexicon.yaml")


@dataclass(frozen=True)
class ActorLexicon:
    """One field per list of actor_lexicon.yaml (lower case); the file's comments say what each class is for."""

    locative: frozenset[str]
    language_cues: frozenset[str]
    geo_heads: frozenset[str]
    non_actor_words: frozenset[str]
    title_modifiers: frozenset[str]
    anaphor_heads: frozenset[str]
    org_heads: frozenset[str]
    place_nouns: frozenset[str]
    credit_words: frozenset[str]
    org_descriptors: tuple[tuple[str, ...], ...]  # token sequences, the longest (in characters) first
    small_words: frozenset[str]
    leader_nouns: frozenset[str]
    bare_institutions: Mapping[str, frozenset[str]]  # institution key -> roles of its minister

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> ActorLexicon:
        """Read a lexicon file; every list must be present."""
        data = load_yaml(path.read_text("utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of word lists")
        descriptors = sorted(_words(data["org_descriptors"]), key=len, reverse=True)
        return cls(
            locative=frozenset(_words(data["locative"])),
            language_cues=frozenset(_words(data["language_cues"])),
            geo_heads=frozenset(_words(data["geo_heads"])),
            non_actor_words=frozenset(_words(data["non_actor_words"])),
            title_modifiers=frozenset(_words(data["title_modifiers"])),
            anaphor_heads=frozenset(_words(data["anaphor_heads"])),
            org_heads=frozenset(_words(data["org_heads"])),
            place_nouns=frozenset(_words(data["place_nouns"])),
            credit_words=frozenset(_words(data["credit_words"])),
            org_descriptors=tuple(tuple(w.split()) for w in descriptors),
            small_words=frozenset(_words(data["small_words"])),
            leader_nouns=frozenset(_words(data["leader_nouns"])),
            bare_institutions=MappingProxyType(
                {str(k): frozenset(_words(roles)) for k, roles in data["bare_institutions"].items()}
            ),
        )


def _words(values: list[object] | None) -> tuple[str, ...]:
    """A YAML list as lower-case strings, duplicates dropped, file order kept."""
    return tuple(dict.fromkeys(str(w).lower() for w in values or ()))


@functools.cache
def default_lexicon() -> ActorLexicon:
    """The lexicon of pipeline/knowledge/actor_lexicon.yaml, loaded once per process."""
    return ActorLexicon.load()
