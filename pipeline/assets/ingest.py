"""Ingest stage: corpus files -> documents, rejected_files and sentences (one spaCy parse per document)."""

from dataclasses import asdict

import dagster as dg
import polars as pl

from pipeline.assets.metadata import table_out, versioned_output
from pipeline.ingest.corpus import INGEST_VERSION, ingest_corpus
from pipeline.ingest.discover import CorpusError
from pipeline.ingest.load import LoadedDocument, Rejection
from pipeline.nlp.cache import ParseCache
from pipeline.nlp.parse import model_version
from pipeline.resources import PipelineConfig
from pipeline.validate import rows_to_table

VERSIONS = [INGEST_VERSION, f"spacy:{model_version()}"]


def load_corpus(settings: PipelineConfig) -> tuple[list[LoadedDocument], list[Rejection]]:
    """Every file of the corpus as a document or a rejection; a missing or empty corpus fails the step."""
    try:
        return ingest_corpus(
            settings.corpus_path, settings.max_document_bytes, settings.cache_path / "ingest"
        )
    except CorpusError as exc:
        raise dg.Failure(description=str(exc)) from None


def parse_documents(
    loaded: list[LoadedDocument], settings: PipelineConfig
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """The documents and sentences tables of `loaded`, parsing (and caching) only the documents not parsed
    yet; also returns how many were parsed."""
    parses = ParseCache(settings.cache_path / "parses")
    sentence_rows: list[dict] = []
    n_sentences: dict[str, int] = {}
    parsed = 0
    for doc_id, sentences, was_parsed in parses.sentences_all(
        ((d.doc_id, d.text) for d in loaded), n_process=settings.n_process
    ):
        n_sentences[doc_id] = len(sentences)
        sentence_rows.extend({"doc_id": doc_id, **asdict(s)} for s in sentences)
        parsed += was_parsed
    documents = rows_to_table(
        "documents", [{**asdict(d), "n_sentences": n_sentences[d.doc_id]} for d in loaded]
    )
    return documents, rows_to_table("sentences", sentence_rows), parsed


@dg.multi_asset(
    outs={name: table_out(name, "ingest", VERSIONS) for name in ("documents", "rejected_files", "sentences")},
    code_version="+".join(VERSIONS),
)
def ingest_corpus_asset(context: dg.AssetExecutionContext, settings: PipelineConfig):
    """Read every file under the corpus folder, decode and clean it, extract title/authors/date, parse it once
    with spaCy (cached per document) and cut it into sentences with exact offsets. Files that cannot be used
    are listed in rejected_files with a reason; nothing is dropped silently."""
    loaded, rejections = load_corpus(settings)
    documents, sentences, parsed = parse_documents(loaded, settings)
    context.log.info(f"{len(loaded)} documents ({parsed} parsed, {len(loaded) - parsed} from cache)")
    tables = {
        "documents": documents,
        "rejected_files": rows_to_table("rejected_files", [asdict(r) for r in rejections]),
        "sentences": sentences,
    }
    counts = {"documents_parsed": parsed, "documents_from_cache": len(loaded) - parsed}
    for name, df in tables.items():
        yield versioned_output(name, df, **counts)
