"""HTML pages to article text and metadata with trafilatura (main-text extraction on lxml, dates by htmldate).

Navigation, scripts, styles, comments, captions and footers are dropped by a real HTML parser; nothing is ever
read from an attribute (`alt`, `srcdoc`, `title`), so markup cannot leak into the text. The page's metadata
(<meta> tags such as `article:published_time`, JSON-LD, <title>, <html lang>) becomes a DocumentMeta of source
"html". A page with no recognisable main text falls back to all of its visible text.
"""

from __future__ import annotations

import trafilatura

from pipeline.ingest.document_meta import HTML, DocumentMeta, parse_published

_OPTIONS = {"include_comments": False, "include_tables": True, "include_images": False, "favor_recall": True}


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def html_document(html: str) -> tuple[str, DocumentMeta]:
    """(visible article text, one paragraph per line with the headline first as a heading, page metadata)."""
    extracted = trafilatura.bare_extraction(html, with_metadata=True, **_OPTIONS)
    if extracted is None or not (extracted.text or "").strip():
        return trafilatura.html2txt(html) or "", DocumentMeta()
    date = parse_published(extracted.date) if extracted.date else None
    meta = DocumentMeta(
        title=extracted.title or None,
        authors=tuple(a.strip() for a in (extracted.author or "").split(";") if a.strip()),
        published_date=date[0] if date else None,
        published_precision=date[1] if date else None,
        published_source=HTML if date else None,
        source=extracted.sitename or None,
        url=extracted.url or None,
        language=extracted.language or None,
    )
    text = extracted.text
    if meta.title and not text.startswith(meta.title):
        text = f"{meta.title}\n\n{text}"
    return f"# {text}" if meta.title else text, meta
