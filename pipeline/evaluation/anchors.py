"""Locate a gold anchor (a substring of the raw source file) in a document's cleaned text.

Tried in order: exact substring; whitespace/quote/case-normalised substring (markdown links in the anchor
reduced to their label, as the cleaner does); fuzzy alignment with rapidfuzz. Offsets: the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

FUZZY_MIN_SCORE = 85.0

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Location:
    start: int
    end: int
    method: str  # exact | normalized | fuzzy | unlocated
    score: float = 100.0

    @property
    def found(self) -> bool:
        return self.method != "unlocated"


UNLOCATED = Location(-1, -1, "unlocated", 0.0)


def _fold_char(ch: str) -> str:
    low = ch.translate(_FOLD).lower()
    return low if len(low) == 1 else ch


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold quotes/dashes/case, collapse whitespace runs to one space; map each output char to its source."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            out.append(" ")
        else:
            out.append(_fold_char(ch))
        index.append(i)
    return "".join(out), index


def normalize(text: str) -> str:
    """The normalised form used for matching (markdown links reduced to their label, then folded)."""
    return normalize_with_map(_MD_LINK.sub(r"\1", text))[0].strip()


class AnchorLocator:
    """Finds anchors in one cleaned document text (normalised text computed once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._norm, self._index = normalize_with_map(text)

    def _span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        return self._index[norm_start], self._index[norm_end - 1] + 1

    def locate(self, anchor: str) -> Location:
        """Where `anchor` lies in the text, or `UNLOCATED`."""
        if not anchor or not anchor.strip():
            return UNLOCATED
        pos = self.text.find(anchor)
        if pos >= 0:
            return Location(pos, pos + len(anchor), "exact")
        needle = normalize(anchor)
        if not needle or not self._norm:
            return UNLOCATED
        pos = self._norm.find(needle)
        if pos >= 0:
            return Location(*self._span(pos, pos + len(needle)), "normalized")
        hit = fuzz.partial_ratio_alignment(needle, self._norm, score_cutoff=FUZZY_MIN_SCORE)
        if hit is None or hit.dest_end <= hit.dest_start:
            return UNLOCATED
        return Location(*self._span(hit.dest_start, hit.dest_end), "fuzzy", round(hit.score, 1))
