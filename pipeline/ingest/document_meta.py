"""Document metadata from every source a researcher may have, merged by a documented precedence.

Sources, strongest first: the corpus manifest (`manifest.csv` or `manifest.jsonl` at the corpus root), the YAML
front matter of a .md/.txt file, the metadata of an HTML page (<meta> tags, JSON-LD), and the text itself
(headline, byline, date line, wire dateline). Each field is taken from the strongest source that has it; the
publication date remembers where it came from (`published_source`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from pipeline.ingest.metadata import find_date

MANIFEST, FRONT_MATTER, HTML, TEXT, INFERRED, NONE = "manifest", "front_matter", "html", "text", "inferred", "none"
_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?(?:[T ][\d:.+\-Z]*)?$")


@dataclass(frozen=True)
class DocumentMeta:
    """What one source says about a document (None / empty: it says nothing)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published_date: str | None = None
    published_precision: str | None = None
    published_source: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None

    def over(self, weaker: DocumentMeta) -> DocumentMeta:
        """Every field of this source, and the `weaker` source's where this one says nothing (the date, its
        precision and its source travel together)."""
        merged = {f.name: getattr(self, f.name) or getattr(weaker, f.name) for f in fields(self)}
        if not self.published_date:
            merged.update(
                published_date=weaker.published_date,
                published_precision=weaker.published_precision,
                published_source=weaker.published_source,
            )
        return DocumentMeta(**merged)


def parse_published(value: Any) -> tuple[str, str] | None:
    """(ISO date, precision) of a date value from metadata: a date or datetime, "2021", "2021-05",
    "2021-05-03T10:00:00Z", "May 3, 2021", "3 May 2021"; None when it is no calendar date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    text = str(value or "").strip()
    if not text:
        return None
    iso = _ISO.match(text)
    if iso:
        year, month, day = iso.group("y"), iso.group("m"), iso.group("d")
        try:
            if day:
                return dt.date(int(year), int(month), int(day)).isoformat(), "day"
            if month:
                return dt.date(int(year), int(month), 1).isoformat()[:7], "month"
        except ValueError:
            return None
        return year, "year"
    found = find_date(text)
    return (found[0], found[1]) if found else None


def from_fields(values: dict[str, Any], source: str) -> DocumentMeta:
    """DocumentMeta from a manifest row or front matter: title, authors/author, published/date, source/outlet,
    url, language. Raises ValueError for a date value that is not a calendar date."""
    raw_authors = values.get("authors") or values.get("author") or ()
    if isinstance(raw_authors, str):
        raw_authors = [a for a in re.split(r"\s*[;|]\s*", raw_authors) if a]
    published = values.get("published") or values.get("date")
    date = parse_published(published) if published not in (None, "") else None
    if published not in (None, "") and date is None:
        raise ValueError(f"published date {published!r} is not a calendar date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    return DocumentMeta(
        title=_text(values.get("title")),
        authors=tuple(str(a).strip() for a in raw_authors if str(a).strip()),
        published_date=date[0] if date else None,
        published_precision=date[1] if date else None,
        published_source=source if date else None,
        source=_text(values.get("source") or values.get("outlet")),
        url=_text(values.get("url")),
        language=_text(values.get("language")),
    )


def _text(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def with_source(meta: DocumentMeta, source: str) -> DocumentMeta:
    """`meta` with its publication date attributed to `source` (when it has one)."""
    return replace(meta, published_source=source if meta.published_date else None)
