"""The actor knowledge base: data files under pipeline/knowledge/ loaded once into token-sequence lookups.

A *form* is a surface form of a KB actor (a name, abbreviation, demonym, metonym or combining form such as
"Sino"), stored as a tuple of normalised spaCy token texts so a document is matched with one dict lookup
per token n-gram. Single-token forms match case-sensitively ("US" is not "us"); multi-token forms match
case-insensitively once one of their tokens is capitalised in the text ("the Russian empire").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.core.model import Actor, actor_slug
from pipeline.knowledge import KNOWLEDGE_DIR

KNOWLEDGE = KNOWLEDGE_DIR
COUNTRY_FIELDS = {
    "names": "name",
    "abbreviations": "abbreviation",
    "demonyms": "demonym",
    "metonyms": "metonym",
    "combining": "combining",
}
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "VNM", "HKG", "MAC"})
LOCATION = "location"  # pseudo actor id of forms that must produce no mention


@dataclass(frozen=True)
class Form:
    actor_id: str
    kind: str  # name | abbreviation | demonym | metonym | combining | short


@dataclass(frozen=True)
class Person:
    actor_id: str
    roles: tuple[str, ...]  # one per row of people.csv, first = the main one
    country_code: str
    terms: tuple[tuple[int, int], ...]  # (start_year, end_year) pairs; 9999 = ongoing


@dataclass(frozen=True)
class Institution:
    key: str
    name_template: str
    resolves_to_country: bool


@dataclass
class ActorKB:
    actors: dict[str, Actor] = field(default_factory=dict)
    exact: dict[tuple[str, ...], Form] = field(default_factory=dict)
    folded: dict[tuple[str, ...], Form] = field(default_factory=dict)
    max_len: int = 1
    first_len: dict[str, int] = field(default_factory=dict)  # lower first token -> longest form length
    people: dict[str, Person] = field(default_factory=dict)
    short_names: dict[str, list[str]] = field(default_factory=dict)  # "Clinton" -> [bill, hillary]
    institutions: dict[tuple[str, ...], Institution] = field(default_factory=dict)
    institution_actor: dict[tuple[str, str], str] = field(default_factory=dict)  # (ISO3, key) -> actor id
    demonym_of: dict[str, str] = field(default_factory=dict)  # ISO3 -> first demonym
    titles: dict[tuple[str, ...], str] = field(default_factory=dict)  # lower tokens -> role
    title_len: int = 1
    first_words: frozenset[str] = frozenset()  # first (lower) tokens of titles and institution heads
    office_roles: frozenset[str] = frozenset()  # roles with identifiable holders ("president", not "analyst")
    honorifics: frozenset[str] = frozenset()
    abbreviation_of: dict[str, str] = field(default_factory=dict)  # organisation id -> its first abbreviation

    def add_form(self, tokens: tuple[str, ...], form: Form) -> None:
        """Register a surface form; the first registration of a form wins (files are read in priority order)."""
        if not tokens:
            return
        self.exact.setdefault(tokens, form)
        if len(tokens) > 1:
            self.folded.setdefault(tuple(t.lower() for t in tokens), form)
        first = tokens[0].lower()
        self.first_len[first] = max(self.first_len.get(first, 0), len(tokens))
        self.max_len = max(self.max_len, len(tokens))

    def longest_from(self, first: str) -> int:
        """The longest form starting with this (normalised) token; 0 when none does."""
        return self.first_len.get(first.lower(), 0)

    def lookup(self, tokens: tuple[str, ...]) -> Form | None:
        """The form of an exact token sequence (already normalised), else its case-folded multi-token form."""
        form = self.exact.get(tokens)
        if form is None and len(tokens) > 1 and any(t[:1].isupper() for t in tokens):
            form = self.folded.get(tuple(t.lower() for t in tokens))
        return form

    def title_role(self, tokens: tuple[str, ...]) -> str | None:
        return self.titles.get(tuple(t.lower() for t in tokens))


def norm(text: str) -> str:
    """Token normalisation shared by KB forms and document tokens (curly apostrophes, dashes)."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (KNOWLEDGE / name).open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines):
        yield {k: (v or "").strip() for k, v in row.items() if k}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _years(start: str, end: str) -> tuple[int, int]:
    return (int(start) if start else 0, int(end) if end else 9999)


class _Tokenize:
    """Tokenises forms with the same spaCy tokenizer as the documents."""

    def __init__(self) -> None:
        from pipeline.nlp import load_nlp

        self.tokenizer = load_nlp().tokenizer

    def __call__(self, texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
        texts = sorted(set(texts))
        return {
            text: tuple(norm(t.text) for t in doc if not t.is_space)
            for text, doc in zip(texts, self.tokenizer.pipe(texts), strict=True)
        }


def _load_countries(kb: ActorKB, pending: list[tuple[str, Form]]) -> None:
    for row in _rows("countries.csv"):
        actor_id = row["actor_id"]
        kb.actors[actor_id] = Actor(actor_id, row["name"], "country", row["country_code"] or actor_id)
        for column, kind in COUNTRY_FIELDS.items():
            for value in _split(row.get(column, "")):
                pending.append((value, Form(actor_id, kind)))
        demonyms = _split(row.get("demonyms", ""))
        if demonyms:
            kb.demonym_of[actor_id] = demonyms[0]


def _load_organizations(kb: ActorKB, pending: list[tuple[str, Form]]) -> None:
    for row in _rows("organizations.csv"):
        actor_type = row["actor_type"]
        actor_id = actor_slug(actor_type, row["name"])
        kb.actors[actor_id] = Actor(actor_id, row["name"], actor_type, row["country_code"] or None)
        for value in [row["name"], *_split(row["aliases"])]:
            pending.append((value, Form(actor_id, "name")))
        for value in _split(row["abbreviations"]):
            pending.append((value, Form(actor_id, "abbreviation")))
            kb.abbreviation_of.setdefault(actor_id, value)
        if row.get("institution") and row["country_code"]:
            kb.institution_actor[(row["country_code"], row["institution"])] = actor_id


def _load_groups(kb: ActorKB, pending: list[tuple[str, Form]]) -> None:
    for row in _rows("groups.csv"):
        actor_id = actor_slug("group", row["name"])
        kb.actors[actor_id] = Actor(actor_id, row["name"], "group", row.get("country_code") or None)
        for value in [row["name"], *_split(row["aliases"])]:
            pending.append((value, Form(actor_id, "name")))


def _load_people(kb: ActorKB, pending: list[tuple[str, Form]]) -> None:
    terms: dict[str, list[tuple[int, int]]] = {}
    rows = list(_rows("people.csv"))
    explicit_shorts = {short for row in rows for short in _split(row["short_names"])}
    for row in rows:
        actor_id = actor_slug("person", row["name"])
        kb.actors[actor_id] = Actor(actor_id, row["name"], "person", row["country_code"] or None)
        terms.setdefault(actor_id, []).append(_years(row["start_year"], row["end_year"]))
        roles = (*kb.people[actor_id].roles, row["role"]) if actor_id in kb.people else (row["role"],)
        kb.people[actor_id] = Person(actor_id, roles, row["country_code"], tuple(terms[actor_id]))
        pending.append((row["name"], Form(actor_id, "name")))
        explicit = _split(row["short_names"])
        for short in [*explicit, _default_short_name(row["name"], row["country_code"])]:
            if " " in short:  # an alternative full name ("Kim Jong-un")
                pending.append((short, Form(actor_id, "name")))
                continue
            ids = kb.short_names.setdefault(short, [])
            if actor_id not in ids:
                ids.append(actor_id)
    for short, ids in kb.short_names.items():
        # A listed short name is matched anywhere when it names exactly one KB person ("Putin", "Xi");
        # other short names ("Clinton") are resolved per document (actor_resolution).
        if len(ids) == 1 and short in explicit_shorts:
            pending.append((short, Form(ids[0], "short")))


def _default_short_name(name: str, country_code: str) -> str:
    """Surname: the first word for family-name-first cultures, else the last word."""
    words = name.split()
    return words[0] if country_code in FAMILY_NAME_FIRST else words[-1]


def _load_vocabularies(kb: ActorKB, tokenize: _Tokenize) -> None:
    inst_rows = list(_rows("institutions.csv"))
    title_rows = list(_rows("titles.csv"))
    heads = {h: r for r in inst_rows for h in _split(r["heads"])}
    tokens = tokenize([*heads, *(r["title"] for r in title_rows)])
    for head, row in heads.items():
        kb.institutions[tuple(t.lower() for t in tokens[head])] = Institution(
            row["institution"], row["name_template"], row["resolves_to_country"] == "1"
        )
    for row in title_rows:
        key = tuple(t.lower() for t in tokens[row["title"]])
        kb.titles[key] = row["role"]
        kb.title_len = max(kb.title_len, len(key))
    kb.first_words = frozenset(key[0] for key in [*kb.titles, *kb.institutions] if key)
    kb.office_roles = frozenset(row["role"] for row in title_rows if row.get("office") == "1")
    kb.honorifics = frozenset(row["honorific"] for row in _rows("honorifics.csv") if row["honorific"])


@lru_cache(maxsize=1)
def load_kb() -> ActorKB:
    """Load every knowledge file once per process."""
    kb = ActorKB()
    pending: list[tuple[str, Form]] = [
        (row["name"], Form(LOCATION, LOCATION)) for row in _rows("locations.csv")
    ]
    _load_organizations(kb, pending)  # before countries: "Russian Armed Forces" is not a demonym
    _load_countries(kb, pending)
    _load_groups(kb, pending)
    _load_people(kb, pending)
    tokenize = _Tokenize()
    tokens = tokenize(text for text, _ in pending)
    for text, form in pending:
        kb.add_form(tokens[text], form)
        if text.startswith("The "):  # "The Economist" is also written "the Economist"
            kb.add_form(("the", *tokens[text][1:]), form)
    _load_vocabularies(kb, tokenize)
    return kb
