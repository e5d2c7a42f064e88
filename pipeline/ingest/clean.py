"""From decoded text to the cleaned article text that every offset refers to, plus its metadata.

HTML goes through trafilatura; a front matter block is read and removed; hard wrapping is undone; then markup,
furniture, captions, repeated lines and bylines are removed and broken paragraphs joined. Metadata from the
page or the front matter wins over what the text itself says (pipeline/ingest/document_meta.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.ingest.boilerplate import bio_lines, is_caption, is_furniture, repeated_lines
from pipeline.ingest.document_meta import INFERRED, TEXT, DocumentMeta
from pipeline.ingest.front_matter import split_front_matter
from pipeline.ingest.html import html_document, looks_like_html
from pipeline.ingest.markup import Line, strip_markup
from pipeline.ingest.metadata import Metadata, extract_metadata
from pipeline.ingest.reflow import reflow

_READ_TIME = re.compile(r"\s*\b\d+\s*min(?:ute)?s?\s+read\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;\"”’')\]…]$")
_DANGLING_WORDS = {
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "by", "from", "at", "as", "that",
    "which", "who", "its", "their", "his", "her", "is", "are", "was", "were", "be", "this", "these", "than",
}  # fmt: skip


@dataclass(frozen=True)
class CleanedDocument:
    text: str
    metadata: DocumentMeta
    chars_removed: int


def clean(text: str, *, is_html: bool = False) -> CleanedDocument:
    """Remove markup and boilerplate, extract metadata, repair broken paragraphs. Raises FrontMatterError for a
    front matter whose date is no date."""
    if is_html or looks_like_html(text):
        text, page = html_document(text)
    else:
        text, page = split_front_matter(text)
    visible = len(text)
    text = reflow(text)
    lines = [Line(_READ_TIME.sub("", line.text), line.heading) for line in strip_markup(text)]
    drop = {i for i, line in enumerate(lines) if line.text and (is_furniture(line) or is_caption(line))}
    drop |= repeated_lines(lines)
    kept = [line if i not in drop else Line("") for i, line in enumerate(lines)]
    metadata = extract_metadata(kept)
    drop = metadata.metadata_lines | bio_lines(kept, metadata.authors)
    kept = [line for i, line in enumerate(kept) if i not in drop]
    cleaned = _join_paragraphs(kept)
    removed = max(0, visible - len(cleaned))
    return CleanedDocument(text=cleaned, metadata=page.over(_text_meta(metadata)), chars_removed=removed)


def _text_meta(metadata: Metadata) -> DocumentMeta:
    """What the text itself says about the document."""
    return DocumentMeta(
        title=metadata.title,
        authors=tuple(metadata.authors),
        published_date=metadata.published_date,
        published_precision=metadata.published_precision,
        published_source=(INFERRED if metadata.date_inferred else TEXT) if metadata.published_date else None,
    )


def _join_paragraphs(lines: list[Line]) -> str:
    """Paragraphs separated by one blank line; a paragraph cut mid-sentence is joined to its continuation."""
    paragraphs: list[str] = []
    blank_before = False
    for line in lines:
        if not line.text:
            blank_before = True
            continue
        if paragraphs and _continues(paragraphs[-1], line.text):
            paragraphs[-1] += " " + line.text
        elif paragraphs and not blank_before:
            paragraphs[-1] += "\n" + line.text
        else:
            paragraphs.append(line.text)
        blank_before = False
    return "\n\n".join(paragraphs).strip() + "\n" if paragraphs else ""


def _continues(previous: str, line: str) -> bool:
    """True when `previous` stops mid-sentence and `line` carries on the same sentence."""
    last_line = previous.rsplit("\n", 1)[-1]
    if _SENTENCE_END.search(last_line) or len(last_line.split()) < 8:
        return False
    last_word = last_line.split()[-1].lower()
    return line[:1].islower() or last_word in _DANGLING_WORDS
