"""Build a `DocumentContext` for one text: parse once, segment, and (optionally) resolve actor mentions.

Used by the Dagster assets on the corpus and by tests and scripts on a single sentence or article.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.core.model import DocumentContext, DocumentInfo, stable_id
from pipeline.nlp import load_nlp, segment_sentences


def build_context(
    text: str,
    doc_id: str | None = None,
    *,
    title: str | None = None,
    authors: tuple[str, ...] = (),
    published_date: str | None = None,
    published_precision: str | None = None,
    doc: Doc | None = None,
    with_actors: bool = True,
) -> DocumentContext:
    """Parse `text` (unless `doc` is given) and return its context, with actor mentions resolved."""
    doc_id = doc_id or stable_id("doc", text)
    info = DocumentInfo(
        doc_id=doc_id,
        text=text,
        title=title,
        authors=tuple(authors),
        published_date=published_date,
        published_precision=published_precision,
    )
    doc = doc if doc is not None else load_nlp()(text)
    ctx = DocumentContext(info=info, doc=doc, sentences=segment_sentences(doc_id, doc))
    if with_actors:
        from pipeline.extract.actors.extractor import extract_actors

        ctx.mentions, ctx.actors = extract_actors(ctx)
    return ctx
