"""Remove Markdown residue from lines while remembering which line was a top-level heading."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every repetition below is bounded, so a hostile 100k-character line costs linear time (unbounded `[^)]*` or
# `.*?` here re-scanned the rest of the line from every '[' or '**' and took minutes).
_IMAGE = re.compile(r"!\[[^\]]{0,1000}\]\([^)]{0,2000}\)")
_LINK = re.compile(r"\[([^\]]{1,1000})\]\((?:[^()\s]|\([^()\s]{0,200}\)){0,2000}\)")
_HEADING = re.compile(r"^(#{1,6})\s+")
_QUOTE = re.compile(r"^(?:>\s?)+")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_EMPHASIS = re.compile(r"(\*\*|__)(\S(?:.{0,500}?\S)?)\1")
_URL_ONLY = re.compile(r"^<?(https?://|www\.)\S+>?$")


@dataclass(frozen=True)
class Line:
    text: str
    heading: int = 0  # Markdown heading level (1 = '# '), 0 for body text


def strip_markup(text: str) -> list[Line]:
    """Lines of `text` with images, link targets, heading/quote markers, rules and bare URLs removed."""
    lines: list[Line] = []
    for raw in text.split("\n"):
        line = _IMAGE.sub("", raw)
        line = _LINK.sub(r"\1", line)
        line = _EMPHASIS.sub(r"\2", line)
        level = 0
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            line = line[heading.end() :]
        line = _QUOTE.sub("", line)
        line = " ".join(line.split())
        if _RULE.match(line) or _URL_ONLY.match(line):
            line = ""
        lines.append(Line(line, level))
    return lines
