"""Ingest stage: corpus files -> documents, rejected_files and sentences (one spaCy parse per document)."""

from collections.abc import Iterator
from dataclasses import asdict

import dagster as dg
import polars as pl

from pipeline.assets.metadata import staged, table_spec
from pipeline.checks import check_results, check_specs
from pipeline.core.cache_pruning import drop_files_except, drop_other_versions
from pipeline.core.snapshot import Snapshot, collect_rows
from pipeline.core.tables import empty_table, rows_to_table, validate_table
from pipeline.core.workers import SERIAL, WorkerPool
from pipeline.extract.runner import Rows
from pipeline.ingest.corpus import INGEST_VERSION, ingest_corpus
from pipeline.ingest.discover import CorpusError
from pipeline.ingest.load import LoadedDocument, Rejection
from pipeline.nlp.cache import PARSE_FILES, ParseCache
from pipeline.nlp.parse import model_version
from pipeline.resources import OutputsOwner, PipelineConfig, Staging, Workers

VERSIONS = [INGEST_VERSION, f"spacy:{model_version()}"]
INGEST_TABLES = ("documents", "rejected_files", "sentences")


def load_corpus(settings: PipelineConfig) -> tuple[list[LoadedDocument], list[Rejection]]:
    """Every file of the corpus as a document or a rejection; a missing or empty corpus fails the step."""
    try:
        return ingest_corpus(
            settings.corpus_path, settings.max_document_bytes, settings.cache_path / "ingest", settings.outputs_path
        )
    except CorpusError as exc:
        raise dg.Failure(description=str(exc)) from None


def parse_documents(
    loaded: list[LoadedDocument], settings: PipelineConfig, pool: WorkerPool = SERIAL, consolidate: bool = True
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """The documents and sentences tables of `loaded`, parsing (and caching) only the documents not parsed
    yet (in `pool`'s workers); also returns how many were parsed. The sentences of earlier runs come from the parse cache's
    snapshot (`consolidate`: see collect_rows)."""
    parses = ParseCache(settings.cache_path / "parses")
    texts = {d.doc_id: d.text for d in loaded}
    parsed = 0

    def compute(todo: list[str]) -> Iterator[tuple[str, Rows]]:
        nonlocal parsed
        items = ((doc_id, texts[doc_id]) for doc_id in todo)
        for doc_id, sentences, was_parsed in parses.sentences_all(items, pool):
            parsed += was_parsed
            yield doc_id, {"sentences": [{"doc_id": doc_id, **asdict(s)} for s in sentences]}

    snapshot = Snapshot(parses.folder / "_snapshot", {"sentences": empty_table("sentences").schema})
    unparsed = [doc_id for doc_id in texts if not parses.path_for(doc_id).exists()]  # parse deleted: redo
    frames = collect_rows(snapshot, {d: d for d in texts}, compute, unparsed, consolidate)
    if consolidate:  # the whole corpus: forget other model/code versions and documents gone
        drop_other_versions(parses.folder)
        drop_files_except(parses.folder, {f"{d}{suffix}" for d in texts for suffix in PARSE_FILES})
    sentences = validate_table("sentences", frames["sentences"])
    n_sentences = dict(sentences.group_by("doc_id").len().iter_rows())
    documents = rows_to_table(
        "documents", [{**asdict(d), "n_sentences": n_sentences.get(d.doc_id, 0)} for d in loaded]
    )
    return documents, sentences, parsed


@dg.multi_asset(
    specs=[table_spec(name, "ingest", VERSIONS, "+".join(VERSIONS)) for name in INGEST_TABLES],
    check_specs=check_specs(INGEST_TABLES),
)
def ingest_corpus_asset(
    context: dg.AssetExecutionContext,
    settings: PipelineConfig,
    workers: Workers,
    staging: Staging,
    outputs_owner: OutputsOwner,
):
    """Read every file under the corpus folder, decode and clean it, extract title/authors/date, parse it once
    with spaCy (cached per document) and cut it into sentences with exact offsets. Files that cannot be used
    are listed in rejected_files with a reason; nothing is dropped silently."""
    loaded, rejections = load_corpus(settings)
    documents, sentences, parsed = parse_documents(loaded, settings, workers.pool)
    context.log.info(f"{len(loaded)} documents ({parsed} parsed, {len(loaded) - parsed} from cache)")
    tables = {
        "documents": documents,
        "rejected_files": rows_to_table("rejected_files", [asdict(r) for r in rejections]),
        "sentences": sentences,
    }
    counts = {"documents_parsed": parsed, "documents_from_cache": len(loaded) - parsed}
    for name, df in tables.items():
        yield staged(context, staging, name, df, **counts)
    yield from check_results(INGEST_TABLES, tables)
