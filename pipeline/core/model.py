"""The in-memory data model shared by every extractor (no dagster, no polars).

An extractor receives one `DocumentContext` (a cleaned document, its single spaCy parse, its sentences and,
once actors have run, its resolved actor mentions) and returns plain dataclass rows. Table assembly,
validation and publishing happen elsewhere.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span


def stable_id(prefix: str, *parts: object) -> str:
    """A short id derived only from content: `prefix_` + 16 hex chars of sha256 over the parts."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


def document_batch(doc_id: str) -> str:
    """The document batch (one hex digit of a hash of `doc_id`, so stable across runs and machines) that splits
    per-document work into 16 partitions and partitions the Parquet files of large corpora."""
    return hashlib.sha256(doc_id.encode()).hexdigest()[0]


@dataclass(frozen=True)
class Sentence:
    sentence_id: str
    ordinal: int
    char_start: int
    char_end: int
    text: str


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published_date: str | None = None  # ISO, partial allowed: 2019 / 2019-08 / 2019-08-09
    published_precision: str | None = None  # day | month | year | None
    source: str | None = None  # the outlet or publisher

    @property
    def voices(self) -> tuple[str, ...]:
        """Who speaks in the article's own voice: its authors; for an unsigned piece, its outlet."""
        return self.authors or ((self.source,) if self.source else ())


@dataclass(frozen=True)
class Actor:
    """A canonical actor. Countries use ISO3 ids; others a stable slug such as `person:vasily-kashin`."""

    actor_id: str
    name: str
    actor_type: str  # country | person | organization | igo | group
    country_code: str | None = None


@dataclass(frozen=True)
class Mention:
    """A span naming an actor (`actor_id`), a place (`place_id`), or both ("France" names the country as an
    actor and as a place; "in Vladivostok" only a place: actor_id None, mention_kind "place")."""

    mention_id: str
    doc_id: str
    sentence_id: str
    actor_id: str | None
    char_start: int
    char_end: int
    text: str
    mention_kind: str  # name | metonym | demonym | title | abbreviation | pronoun | place | ...
    extractor: str
    place_id: str | None = None


@dataclass
class DocumentContext:
    """Everything an extractor may read about one document. Offsets are into `info.text`."""

    info: DocumentInfo
    doc: Doc  # the one spaCy parse of info.text
    sentences: list[Sentence]
    mentions: list[Mention] = field(default_factory=list)  # actor mentions (some also name a place)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: list[Mention] = field(default_factory=list)  # every mention naming a place, in text order

    def __post_init__(self) -> None:
        self._starts = [s.char_start for s in self.sentences]

    @property
    def doc_id(self) -> str:
        return self.info.doc_id

    def sentence_at(self, char: int) -> Sentence | None:
        """The sentence containing character offset `char`, if any."""
        i = bisect_right(self._starts, char) - 1
        if i >= 0 and self.sentences[i].char_start <= char < self.sentences[i].char_end:
            return self.sentences[i]
        return None

    def sentence_span(self, sentence: Sentence) -> Span:
        """The spaCy span of a sentence (token-aligned, expanded to token boundaries)."""
        span = self.doc.char_span(sentence.char_start, sentence.char_end, alignment_mode="expand")
        assert span is not None
        return span

    def mentions_in(self, char_start: int, char_end: int) -> list[Mention]:
        """Actor mentions lying entirely inside [char_start, char_end), in text order."""
        return [m for m in self.mentions if m.char_start >= char_start and m.char_end <= char_end]


def actor_slug(actor_type: str, name: str) -> str:
    """Stable id for an actor outside the knowledge base: `person:vasily-kashin`, `organization:xinhua`."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_name).split())
    return f"{actor_type}:{slug or stable_id('x', name)}"
