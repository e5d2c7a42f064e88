"""Build a `DocumentContext` for one text: parse once, segment, and (optionally) resolve actor mentions.

Used by the Dagster assets on the corpus and by tests and scripts on a single sentence or article.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.core.model import DocumentContext, DocumentInfo, Mention, stable_id
from pipeline.extract.actors import extract_actors
from pipeline.extract.places import locate_mentions
from pipeline.nlp import load_nlp, segment_sentences


def build_context(
    text: str,
    doc_id: str | None = None,
    *,
    title: str | None = None,
    authors: tuple[str, ...] = (),
    published_date: str | None = None,
    published_precision: str | None = None,
    source: str | None = None,
    doc: Doc | None = None,
    with_actors: bool = True,
) -> DocumentContext:
    """Parse `text` (unless `doc` is given) and return its context, with actor and place mentions resolved."""
    doc_id = doc_id or stable_id("doc", text)
    info = DocumentInfo(
        doc_id=doc_id,
        text=text,
        title=title,
        authors=tuple(authors),
        published_date=published_date,
        published_precision=published_precision,
        source=source,
    )
    doc = doc if doc is not None else load_nlp()(text)
    ctx = DocumentContext(info=info, doc=doc, sentences=segment_sentences(doc_id, doc))
    if with_actors:
        resolve_mentions(ctx)
    return ctx


def resolve_mentions(ctx: DocumentContext) -> list[Mention]:
    """Find the document's actors and places: sets `ctx.mentions` (actor mentions), `ctx.actors` and
    `ctx.places` (every mention naming a place); returns every mention, actor or place, in text order."""
    ctx.mentions, ctx.actors = extract_actors(ctx)
    located = locate_mentions(ctx)
    lost = {m.actor_id for m in ctx.mentions} - {m.actor_id for m in located}  # a "person" that is a place
    ctx.actors = {actor_id: actor for actor_id, actor in ctx.actors.items() if actor_id not in lost}
    ctx.mentions = [m for m in located if m.actor_id is not None]
    ctx.places = [m for m in located if m.place_id is not None]
    return located
