"""Find date phrases in text and normalise them to partial ISO dates with a precision.

We find the phrases ourselves (regular expressions over month names, day numbers, years and a few relative
expressions) and let `dateparser` turn each found string into a calendar date. A phrase without a year
("September 11", "May 29") takes the year from the nearest earlier explicit year of its paragraph, else from
the publication date, else from the nearest earlier explicit year anywhere. Precision is `day`, `month` or `year`; an event with no date at all gets `None`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta as _timedelta
from functools import lru_cache

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = [n for n in _MONTHS if len(n) > 4 or n in ("may", "june", "july")]
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:1[0-9]\d\d|20\d\d)"
_QUAL_RE = r"(?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"
_WEEKDAY_RE = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_B = r"(?<![\w$€£¥])"  # not glued to a word, digit or currency sign
_E = r"(?![\w%])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(_B + r"(?P<y>" + _YEAR_RE + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)" + _E)),
    (
        "mdy",
        re.compile(
            _B + _WEEKDAY_RE + r"(?P<mon>" + _MONTH_RE + r")\s+(?P<d>" + _DAY_RE + r")"
            r"(?:,?\s+(?P<y>" + _YEAR_RE + r"))?" + _E
        ),
    ),
    (
        "dmy",
        re.compile(
            _B + _WEEKDAY_RE + r"(?:the\s+)?(?P<d>" + _DAY_RE + r")\s+(?:of\s+)?(?P<mon>" + _MONTH_RE + r")"
            r"(?:,?\s+(?P<y>" + _YEAR_RE + r"))?" + _E
        ),
    ),
    (
        "my",
        re.compile(
            _B + _QUAL_RE + r"(?P<mon>" + _MONTH_RE + r"),?\s+(?:of\s+)?(?P<y>" + _YEAR_RE + r")" + _E
        ),
    ),
    # a bare month only after "in"/"since"/"until"/"by" ("in September"): "May" is also a verb.
    (
        "m",
        re.compile(
            r"\b(?i:in|since|until|by|during|from)\s+(?P<core>"
            + _QUAL_RE
            + r"(?P<mon>"
            + _MONTH_RE
            + r"))"
            + _E
        ),
    ),
    (
        "y",
        re.compile(
            _B
            + r"(?:(?<![\d,.]\s)|(?<=(?:1[0-9]|20)\d\d,\s))(?P<y>"  # "1,200 2000" no; "1997, 2005" yes
            + _YEAR_RE
            + r")(?!\s*(?:%|per\s*cent|km|kilomet|mile|ton|billion|million|troop|soldier|people|tank|unit))"
            + _E
        ),
    ),
]
_RELATIVE = re.compile(
    r"\b(?P<rel>next|last|this|previous|the\s+following|the\s+previous|the\s+same|the\s+past)"
    r"\s+(?P<unit>year|month|week)\b",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "on Sunday", "last Wednesday": news reports name the weekday of an event of the past week
_WEEKDAY = re.compile(
    r"\b(?P<rel>on|last|this|next)\s+(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)
_DEICTIC = re.compile(r"\b(?P<word>yesterday|today)\b", re.IGNORECASE)
_EARLY_YEAR_CUE = re.compile(
    r"\b(?:in|since|to|from|until|by|of|during|before|after|year)\s+$", re.IGNORECASE
)
_PRECISION_ORDER = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in a text. Offsets are relative to the searched text."""

    char_start: int
    char_end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    relative: str | None = None  # e.g. "next year", resolved against a reference date


@dataclass(frozen=True)
class NormalisedDate:
    iso: str
    precision: str  # day | month | year


def _month_number(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def _int(value: str | None) -> int | None:
    return int(re.sub(r"\D", "", value)) if value else None


def find_dates(text: str) -> list[DateMention]:
    """All date phrases in `text`, longest first where they overlap, in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("core") if "core" in pattern.groupindex else match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            groups = match.groupdict()
            month = _month_number(groups["mon"]) if groups.get("mon") else _int(groups.get("m"))
            day = _int(groups.get("d"))
            year = _int(groups.get("y"))
            if kind == "iso" and not (month and 1 <= month <= 12):
                continue
            if kind == "y" and year is not None and year < 1800 and not _EARLY_YEAR_CUE.search(text[:start]):
                continue  # "1500 tanks": an early bare year needs a cue ("in 1790", "since 1648")
            taken.append((start, end))
            found.append(DateMention(start, end, text[start:end], year, month, day))
    for match in _RELATIVE.finditer(text):
        start, end = match.span()
        if not any(start < b and a < end for a, b in taken):
            rel = " ".join(match.group("rel").lower().split()[-1:]) + " " + match.group("unit").lower()
            found.append(DateMention(start, end, match.group(0), None, None, None, relative=rel))
    for match in _WEEKDAY.finditer(text):
        start, end = match.span("day")
        if not any(start < b and a < end for a, b in taken):
            rel = f"{match.group('rel').lower()} {match.group('day').lower()}"
            found.append(DateMention(start, end, match.group("day"), None, None, None, relative=rel))
    for match in _DEICTIC.finditer(text):
        start, end = match.span()
        if not any(start < b and a < end for a, b in taken):
            rel = "last yesterday" if match.group("word").lower() == "yesterday" else "this today"
            found.append(DateMention(start, end, match.group(0), None, None, None, relative=rel))
    return sorted(found, key=lambda d: d.char_start)


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


@lru_cache(maxsize=4096)
def _via_dateparser(year: int, month: int | None, day: int | None) -> NormalisedDate | None:
    """Validate and format a date with dateparser ("February 30" is rejected); memoised (a pure function of
    its arguments: the phrase always carries a year, so today's date never matters)."""
    month_name = _MONTH_NAMES[month - 1] if month and 1 <= month <= 12 else None
    if month_name and day:
        phrase = f"{month_name} {day}, {year}"
    elif month_name:
        phrase = f"{month_name} {year}"
    else:
        phrase = str(year)
    try:
        data = _parser().get_date_data(phrase)
    except (ValueError, OverflowError):  # a date dateparser cannot represent is no date
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period if data.period in _PRECISION_ORDER else "day"
    if period == "day" and day:
        return NormalisedDate(data.date_obj.strftime("%Y-%m-%d"), "day")
    if month:
        return NormalisedDate(f"{year:04d}-{month:02d}", "month")
    return NormalisedDate(f"{year:04d}", "year")


def parse_iso(value: str | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a partial ISO string; Nones where absent or unreadable."""
    if not value:
        return None, None, None
    parts = [*value.split("-"), None, None][:3]
    try:
        return tuple(int(p) if p else None for p in parts)  # type: ignore[return-value]
    except ValueError:
        return None, None, None


def normalise(mention: DateMention, reference: str | None = None, future: bool = False) -> NormalisedDate | None:
    """ISO date and precision of a mention; a missing year (or a relative phrase) comes from `reference`;
    `future`: the clause speaks of what lies ahead ("will meet on Monday" is the coming Monday)."""
    ref_year, ref_month, _ = parse_iso(reference)
    if mention.relative:
        if ref_year is None:
            return None
        word, unit = mention.relative.split()
        if unit in _WEEKDAYS or unit in ("yesterday", "today"):
            return _weekday_date(reference, word, unit, future)
        shift = {"next": 1, "following": 1, "last": -1, "previous": -1, "past": -1}.get(word, 0)
        if unit == "week":
            return _week_month(reference, shift)
        if unit == "year":
            return NormalisedDate(f"{ref_year + shift:04d}", "year")
        if ref_month is None:
            return None
        index = ref_year * 12 + ref_month - 1 + shift
        return NormalisedDate(f"{index // 12:04d}-{index % 12 + 1:02d}", "month")
    year = mention.year if mention.year is not None else ref_year
    if year is None:
        return None
    return _via_dateparser(year, mention.month, mention.day)


def _week_month(reference: str, shift: int) -> NormalisedDate:
    """ "last week", "this week", "next week": the month of the day a week before (after, or of) the
    reference day; the reference's month when it has no day."""
    year, month, day = parse_iso(reference)
    if month is None:
        return NormalisedDate(f"{year:04d}", "year")
    if day is None:
        return NormalisedDate(f"{year:04d}-{month:02d}", "month")
    when = _date(year, month, day) + _timedelta(days=7 * shift)
    return NormalisedDate(f"{when.year:04d}-{when.month:02d}", "month")


def _weekday_date(reference: str | None, word: str, unit: str, future: bool = False) -> NormalisedDate | None:
    """ "on Sunday" (the Sunday on or before the reference day in a report of the past, on or after it in a
    clause about the future), "last Sunday", "next Sunday", "yesterday", "today"; only the reference's month
    when it has no day."""
    year, month, day = parse_iso(reference)
    if year is None:
        return None
    if month is None or day is None:
        return (
            NormalisedDate(f"{year:04d}-{month:02d}", "month")
            if month
            else NormalisedDate(f"{year:04d}", "year")
        )
    ref = _date(year, month, day)
    if unit == "today":
        delta = 0
    elif unit == "yesterday":
        delta = -1
    elif word == "next":
        delta = (_WEEKDAYS.index(unit) - ref.weekday()) % 7 or 7
    elif future and word in ("on", "this"):
        delta = (_WEEKDAYS.index(unit) - ref.weekday()) % 7
    elif word == "last":  # "last Wednesday" written on a Wednesday is a week ago
        delta = -((ref.weekday() - _WEEKDAYS.index(unit)) % 7 or 7)
    else:
        delta = -((ref.weekday() - _WEEKDAYS.index(unit)) % 7)
    when = ref + _timedelta(days=delta)
    return NormalisedDate(when.isoformat(), "day")


class DateContext:
    """Year context for one document: explicit years in text order plus the publication date."""

    def __init__(self, text: str, published_date: str | None = None) -> None:
        self.text = text
        self.published_date = published_date
        self.mentions = find_dates(text)
        explicit = [m for m in self.mentions if m.year is not None]
        self._starts = [m.char_start for m in explicit]
        self._explicit = explicit

    def reference_before(self, char: int) -> str | None:
        """The year context of `char`: the nearest earlier explicit year in the same paragraph, else the
        publication date, else the nearest earlier explicit year anywhere before."""
        i = bisect_right(self._starts, char) - 1
        paragraph = self.text.rfind("\n", 0, char) + 1
        if i >= 0 and (self._starts[i] >= paragraph or self.published_date is None):
            return f"{self._explicit[i].year:04d}"
        return self.published_date

    def in_range(self, start: int, end: int) -> list[DateMention]:
        return [m for m in self.mentions if m.char_start >= start and m.char_end <= end]

    def resolve(self, mention: DateMention, future: bool = False) -> NormalisedDate | None:
        """Normalise a mention found in the document text (offsets into the whole text). A month or day
        without a year that takes its year from the publication date lies before it ("in October" in a July
        article is last October), unless the clause speaks of the future (`future`): then after it."""
        if mention.relative:
            return normalise(mention, self.published_date, future)
        reference = self.reference_before(mention.char_start)
        resolved = normalise(mention, reference)
        if resolved is None or mention.year is not None or reference != self.published_date:
            return resolved
        return _toward(resolved, reference, future)

    def publication(self, precision: str | None) -> NormalisedDate | None:
        """The publication date as an ISO date of the given precision (or its own)."""
        year, month, day = parse_iso(self.published_date)
        if year is None:
            return None
        if day and precision == "day":
            return NormalisedDate(f"{year:04d}-{month:02d}-{day:02d}", "day")
        if month and precision in ("day", "month"):
            return NormalisedDate(f"{year:04d}-{month:02d}", "month")
        return NormalisedDate(f"{year:04d}", "year")


def _toward(date: NormalisedDate, reference: str | None, future: bool) -> NormalisedDate:
    """`date` (its year taken from `reference`) moved a year back when it falls after the reference, or a year
    forward in a clause about the future when it falls before it."""
    year, month, day = parse_iso(date.iso)
    _, ref_month, ref_day = parse_iso(reference)
    if year is None or month is None or ref_month is None:
        return date
    later = (month, day or 0) > (ref_month, ref_day or 32) if day else month > ref_month
    earlier = (month, day or 32) < (ref_month, ref_day or 0) if day else month < ref_month
    shift = 1 if future and earlier else -1 if not future and later else 0
    if not shift:
        return date
    return _via_dateparser(year + shift, month, day) or date


def coarser(a: str | None, b: str | None) -> str | None:
    """The less precise of two precisions."""
    if a is None or b is None:
        return None
    return a if _PRECISION_ORDER[a] <= _PRECISION_ORDER[b] else b
