"""Ingest a corpus folder: every file becomes exactly one document or one rejection."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.ingest.discover import discover
from pipeline.ingest.document_meta import DocumentMeta
from pipeline.ingest.language import ENGLISH
from pipeline.ingest.load import LoadedDocument, Rejection, deduplicate, load_file
from pipeline.ingest.load_cache import LoadCache
from pipeline.ingest.manifest import read_manifest

INGEST_VERSION = "ingest/2.0"


def ingest_corpus(
    corpus_dir: Path, max_bytes: int, cache_dir: Path | None = None, outputs_dir: Path | None = None
) -> tuple[list[LoadedDocument], list[Rejection]]:
    """Load every file under `corpus_dir`, with the corpus manifest's metadata over what each file says;
    raises CorpusError if the folder is missing or empty, ManifestError if its manifest is unusable.

    With `cache_dir`, files unchanged since an earlier run are not read again (pipeline/ingest/load_cache.py).
    The outputs folder `outputs_dir` (and any other, see discover) is never read, even inside the corpus.
    """
    files = discover(corpus_dir, [outputs_dir] if outputs_dir is not None else [])
    manifest = read_manifest(corpus_dir)
    if cache_dir is None:
        loaded = [load_file(file, max_bytes) for file in files]
    else:
        cache = LoadCache(cache_dir, max_bytes)
        loaded = [cache.load(file) for file in files]
        cache.keep_only(files)
    loaded = deduplicate([_with_manifest(item, manifest.get(item.source_path)) for item in loaded])
    documents = [item for item in loaded if isinstance(item, LoadedDocument)]
    rejections = [item for item in loaded if isinstance(item, Rejection)]
    return documents, rejections


def _with_manifest(item: LoadedDocument | Rejection, entry: DocumentMeta | None) -> LoadedDocument | Rejection:
    """The document with the manifest's values over its own (or a rejection when the manifest says it is not
    in English)."""
    if entry is None or isinstance(item, Rejection):
        return item
    if entry.language and entry.language.lower() not in {ENGLISH, "eng", "english"}:
        detail = f"the manifest gives the language '{entry.language}'; the extractors read English only"
        return Rejection(item.source_path, "not_english", detail)
    own = DocumentMeta(
        title=item.title,
        authors=tuple(item.authors),
        published_date=item.published_date,
        published_precision=item.published_precision,
        published_source=item.published_source,
        source=item.source,
        url=item.url,
    )
    merged = entry.over(own)
    return replace(
        item,
        title=merged.title,
        authors=list(merged.authors),
        published_date=merged.published_date,
        published_precision=merged.published_precision,
        published_source=merged.published_source or item.published_source,
        source=merged.source,
        url=merged.url,
    )
