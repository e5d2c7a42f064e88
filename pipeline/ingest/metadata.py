"""Document metadata from the article header: title, authors and publication date with precision."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.ingest.markup import Line

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for m in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<m>\d{{2}})-(?P<d>\d{{2}})"),  # ISO
    re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<year>(?:19|20)\d{2})"),  # European day-first
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s*{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s*{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
]
_BYLINE = re.compile(r"^by\s+(?P<names>.+)$", re.IGNORECASE)
_SEGMENTS = re.compile(r"\s*(?:\||•|·|\s[–—-]\s)\s*")
_LABEL = re.compile(
    r"(?:updated|published|posted|analysis|commentary|opinion|news|interview|explainer)\s*:?", re.I
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{1,40})(?:,\s*(?P<when>[^()\n]{0,40}?))?\s*"
    r"(?:\((?P<agency>Reuters|AP|AFP|Bloomberg|dpa|TASS|Xinhua|UPI)\))?\s*[-–—]\s"
)
_MONTH_DAY = re.compile(rf"^(?:{_MONTH}\s+{_DAY}|{_DAY.replace('day', 'day2')}\s+{_MONTH.replace('month', 'month2')})$", re.IGNORECASE)
_YEAR_MENTION = re.compile(r"(?<![\w$€£¥/-])(?P<year>(?:19|20)\d{2})(?![\w%]|[/-]\d)")
# a year a text looks ahead to or schedules ("due in 1988", "until 1990", "by 2030"), within its clause
_AHEAD_BEFORE = re.compile(
    r"\b(?:due|until|till|by|through|maturity|maturing|matures?|repay\w*|next|target\w*|will|would)\b"
    r"[^.;!?]{0,60}$",
    re.IGNORECASE,
)
MAX_BYLINE_WORDS = 16
_NAME_WORD = r"[A-Z][a-zA-Z'’.\-]+"
_PERSON_LINE = re.compile(rf"^{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|van|von|de|der|bin|al|da|di|le)){{1,3}}$")
_NOT_NAME_WORDS = {
    "the", "and", "of", "in", "on", "for", "to", "with", "a", "an", "news", "analysis", "commentary", "opinion",
    "updated", "published", "email", "share", "relations", "china", "russia", "politics", "world", "home",
    "correspondent", "editor", "reporter", "staff", "writer", "contributor", "columnist", "analyst", "bureau",
    "desk", "chief", "senior", "press", "agency", "service", "times", "post", "journal", "review", "daily",
}  # fmt: skip
HEADER_LINES = 14
BODY_MIN_WORDS = 20
PROSE_MIN_WORDS = 10  # a bare-name author line must come before any prose line


@dataclass
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_date: str | None = None
    published_precision: str | None = None
    date_inferred: bool = False  # the date's year was not written with it (a yearless dateline)
    metadata_lines: set[int] = field(default_factory=set)  # indices of byline/date lines (not article text)


def find_date(text: str) -> tuple[str, str, tuple[int, int]] | None:
    """First calendar date in `text` as (iso, precision, span), or None."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        year = int(groups["year"])
        month = int(groups["m"]) if groups.get("m") else _MONTHS.get((groups.get("month") or "").lower())
        day = groups.get("d") or groups.get("day")
        if month is None or not 1 <= month <= 12:
            continue
        if day is not None and 1 <= int(day) <= 31:
            return f"{year:04d}-{month:02d}-{int(day):02d}", "day", match.span()
        return f"{year:04d}-{month:02d}", "month", match.span()
    return None


def header_indices(lines: list[Line]) -> list[int]:
    """Indices of the non-empty lines before the first body paragraph (at most HEADER_LINES)."""
    found: list[int] = []
    for i, line in enumerate(lines):
        if not line.text:
            continue
        if len(line.text.split()) >= BODY_MIN_WORDS and not line.heading:
            break
        found.append(i)
        if len(found) >= HEADER_LINES:
            break
    return found


def extract_metadata(lines: list[Line]) -> Metadata:
    """Title (first level-1 heading, else first line), byline authors and the first header date; a wire
    dateline ("BERLIN, May 3, 2021 (Reuters) -") opening the body supplies a date and agency when the header
    has none. A dateline without a year ("NAIROBI, March 3 (Reuters) -") takes the latest year the text writes
    out (not one it looks ahead to: "by 2030"), and says so (`date_inferred`)."""
    meta = Metadata()
    header = header_indices(lines)
    h1 = [i for i in header if lines[i].heading == 1]
    title_index = h1[0] if h1 else (header[0] if header else None)
    if title_index is not None:
        meta.title = lines[title_index].text
    seen_prose = False
    for i in header:
        if i == title_index:
            continue
        if _read_header_line(lines[i].text, meta, allow_bare_name=not seen_prose):
            meta.metadata_lines.add(i)
        else:
            seen_prose = seen_prose or len(lines[i].text.split()) >= PROSE_MIN_WORDS
    body = next((line.text for i, line in enumerate(lines) if line.text and i not in header), "")
    _read_dateline(body, meta, "\n".join(line.text for line in lines))
    return meta


def _read_header_line(text: str, meta: Metadata, allow_bare_name: bool) -> bool:
    """Take authors and a date from a byline-like line ("ANALYSIS | Jane Doe | Published 4 Jul 2025",
    "Jane Doe, Energy Correspondent", "By A and B"). True when the line is metadata, not article text."""
    if len(text.split()) > MAX_BYLINE_WORDS:
        return False
    used = False
    for segment in (s.strip() for s in _SEGMENTS.split(text)):
        byline = _BYLINE.match(segment)
        if byline and not meta.authors:
            names = _split_names(byline.group("names"))
            meta.authors = [n for n in names if _looks_like_person(n, None)] or names[:1]
            used = True
        elif (date := find_date(segment) if len(segment.split()) <= 8 else None) is not None:
            if meta.published_date is None:
                meta.published_date, meta.published_precision, _ = date
            used = True
        elif _LABEL.fullmatch(segment):
            used = True
        elif (
            allow_bare_name
            and not meta.authors
            and _looks_like_person(name := segment.split(",")[0], meta.title)
        ):
            meta.authors = [name.strip()]
            used = True
    return used


def _read_dateline(body: str, meta: Metadata, text: str) -> None:
    match = _DATELINE.match(body)
    if not match:
        return
    if meta.published_date is None and (date := find_date(match.group(0))) is not None:
        meta.published_date, meta.published_precision, _ = date
    elif meta.published_date is None and (when := _MONTH_DAY.match((match.group("when") or "").strip())):
        year = dateline_year(text, when.group(0))
        if year is not None and (date := find_date(f"{when.group(0)} {year}")) is not None:
            meta.published_date, meta.published_precision, _ = date
            meta.date_inferred = True
    if not meta.authors and match.group("agency"):
        meta.authors = [match.group("agency").strip()]


DATELINE_LINES = 4  # a wire story's dateline opens one of its first lines (after a headline, a byline)


def dateline_place(text: str) -> tuple[int, int] | None:
    """The character span of the place of a wire dateline ("TOKYO" in "TOKYO, March 3 (Reuters) - ...") in
    one of the first lines of `text`, or None."""
    offset = 0
    for line in text.split("\n")[:DATELINE_LINES]:
        match = _DATELINE.match(line)
        if match and match.group("place").strip(" .-'’"):
            start = offset + match.start("place")
            return start, start + len(match.group("place").rstrip(" .-'’"))
        offset += len(line) + 1
    return None


def dateline_year(text: str, month_day: str) -> int | None:
    """The year of a dateline that gives only a month and day: the latest year the text writes out as
    present or past (not a year it looks ahead to or schedules: "due in 1988", "by 2030", "1988/92"), when
    that is consistent with the text (no month of that year it writes out as past comes after the dateline);
    None when no year qualifies."""
    past = [
        m
        for m in _YEAR_MENTION.finditer(text)
        if not _AHEAD_BEFORE.search(text[max(0, m.start() - 70) : m.start()])
    ]
    if not past:
        return None
    year = max(int(m.group("year")) for m in past)
    dateline = find_date(f"{month_day} {year}")
    for m in past:
        found = find_date(text[max(0, m.start() - 12) : m.end()])
        if (
            dateline
            and found
            and found[1] != "year"
            and int(m.group("year")) == year
            and found[0] > dateline[0]
        ):
            return None  # the text reports a later month of that year as past: the year is not this one
    return year


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return [p.strip() for p in parts if p.strip()]


def _looks_like_person(text: str, title: str | None) -> bool:
    if text == title or not _PERSON_LINE.match(text) or text.isupper():
        return False
    return not any(word.lower().strip(".") in _NOT_NAME_WORDS for word in text.split())
