"""Undo hard wrapping (wire copy, mailing-list archives, text dumps wrapped at ~70 columns) before anything
reads the text, so that a sentence is never cut at a line break.

The stored document text is the reflowed one: every offset in every table refers to it. A text is hard-wrapped
when its lines end near one right margin. Within it, a line is joined to the line before when the wrapper must
have broken there: its first word would not have fitted on the line before. A blank line, an indented line (wire
copy indents each new paragraph) or a Markdown block (heading, list item, quote, table) starts a paragraph; a
list item or quote may continue on the next line, a heading or table row does not.
"""

from __future__ import annotations

import re

MIN_LINES = 4  # fewer lines than this: nothing to undo
MAX_MARGIN = 100  # lines wider than this are not a fixed-width dump
FULL_LINE = 0.75  # a line that reaches this share of the margin is "full"
FULL_SHARE = 0.5  # share of full lines in a hard-wrapped text
SLACK = 2  # columns a wrapper may leave unused at the margin
_BLOCK = re.compile(r"^\s*(?:#{1,6}\s|[-*+•]\s|\d{1,3}[.)]\s|>|\||```)")  # starts a block
_CLOSED = re.compile(r"^\s*(?:\||```)")  # a block that never continues on the next line (table, code)


def is_hard_wrapped(text: str) -> bool:
    """True when the lines of `text` look wrapped at a fixed right margin."""
    lengths = [len(line.rstrip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < MIN_LINES or max(lengths) > MAX_MARGIN:
        return False
    full = [n for n in lengths if n >= FULL_LINE * max(lengths)]
    return len(full) >= max(MIN_LINES, FULL_SHARE * len(lengths))


def reflow(text: str) -> str:
    """`text` with the line breaks of hard wrapping removed (unchanged when it is not hard-wrapped)."""
    if not is_hard_wrapped(text):
        return text
    lines = text.split("\n")
    margin = max(len(line.rstrip()) for line in lines)
    out: list[str] = []
    previous = ""  # the previous physical line
    for line in lines:
        if out and _wrapped(previous, line, margin):
            out[-1] = _join(out[-1], line.strip())
        else:
            out.append(line.rstrip())
        previous = line.rstrip()
    return "\n".join(out)


def _wrapped(previous: str, line: str, margin: int) -> bool:
    """Whether the wrapper broke between `previous` and `line` (rather than the author ending a paragraph)."""
    if not previous.strip() or not line.strip() or line[:1] in " \t":
        return False
    if _BLOCK.match(line) or _CLOSED.match(previous):
        return False
    first_word = line.split()[0]
    return len(previous) + 1 + len(first_word) > margin - SLACK


def _join(paragraph: str, line: str) -> str:
    """Join a wrapped line to its paragraph; a word hyphenated across the break keeps its hyphen."""
    hyphenated = paragraph.endswith("-") and paragraph[-2:-1].isalnum() and line[:1].isalnum()
    return paragraph + ("" if hyphenated else " ") + line
