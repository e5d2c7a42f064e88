"""Document-batch partitions: the per-document work (parse, actors, events/metrics/stances) split into 16
batches that separate runs — on separate machines, under Dagster's Celery or Kubernetes executor — fill into
the shared caches (`<outputs>/.cache/`), with exactly the cache keys of the unpartitioned assets. A normal run
afterwards finds every document cached and only assembles, validates and publishes.

Two phases, because an actor's row in the corpus-level actors table (its name and country, which events and
stances read) is merged from every document mentioning it: `document_batch_actors` parses a batch and extracts
its actors; `document_batches` (after every partition of the first) rebuilds the corpus-level actors table from
the cache, as the `actors` asset does, and extracts events, metrics and stances for its batch.
A document's batch is the first hex digit of a hash of its `doc_id` (content-derived, so stable across runs and
machines). Each partition reads the whole corpus folder (decode and clean, no parse) so that duplicates are
resolved exactly as in a normal run.
"""

from typing import NoReturn

import dagster as dg

from pipeline.assets.analysis import EXTRACTION_STAGES
from pipeline.assets.extract import ACTOR_STAGE, actor_tables
from pipeline.assets.ingest import load_corpus, parse_documents
from pipeline.core.model import document_batch
from pipeline.extract.runner import document_key, run_cached
from pipeline.ingest.load import LoadedDocument
from pipeline.resources import PipelineConfig, Workers

GROUP = "scale"
BATCHES = dg.StaticPartitionsDefinition([f"{i:x}" for i in range(16)])


batch_of = document_batch  # the partition key (one hex digit) of a document


def _batch(settings: PipelineConfig, key: str) -> tuple[list[LoadedDocument], list[LoadedDocument]]:
    """(every document of the corpus, the documents of batch `key`)."""
    loaded, _ = load_corpus(settings)
    return loaded, [d for d in loaded if batch_of(d.doc_id) == key]


@dg.asset(partitions_def=BATCHES, group_name=GROUP, code_version=ACTOR_STAGE.version)
def document_batch_actors(
    context: dg.AssetExecutionContext, settings: PipelineConfig, workers: Workers
) -> dg.MaterializeResult:
    """Parse one batch of documents (spaCy, into the parse cache) and extract their actors (into the actors
    cache). Materialize every partition of it before `document_batches`."""
    _, batch = _batch(settings, context.partition_key)
    documents, sentences, parsed = parse_documents(batch, settings, workers.pool, consolidate=False)
    _, extracted = ACTOR_STAGE.run(settings, documents, sentences, pool=workers.pool, consolidate=False)
    context.log.info(f"batch {context.partition_key}: {len(batch)} documents, {parsed} parsed")
    return dg.MaterializeResult(
        metadata={"documents": len(batch), "documents_parsed": parsed, "documents_extracted": extracted}
    )


def _actors_missing(missing: set[str]) -> NoReturn:
    raise dg.Failure(
        description=f"{len(missing)} documents have no cached actors: materialize every partition of "
        "document_batch_actors first (with the same corpus and outputs folders)"
    )


@dg.asset(
    partitions_def=BATCHES,
    group_name=GROUP,
    deps=[dg.AssetDep(document_batch_actors, partition_mapping=dg.AllPartitionMapping())],
    code_version="+".join(stage.version for stage in EXTRACTION_STAGES),
)
def document_batches(
    context: dg.AssetExecutionContext, settings: PipelineConfig, workers: Workers
) -> dg.MaterializeResult:
    """Extract events, metrics and stances of one batch of documents into their caches, with the corpus-level
    actors table rebuilt from the actors cache (filled by every partition of document_batch_actors)."""
    loaded, batch = _batch(settings, context.partition_key)
    keys = {
        d.doc_id: document_key(d.doc_id, d.title, d.authors, d.published_date, d.published_precision, d.source)
        for d in sorted(loaded, key=lambda d: d.doc_id)
    }
    frames, _ = run_cached(
        keys,
        _actors_missing,
        ACTOR_STAGE.extract,
        ACTOR_STAGE.cache(settings),
        ACTOR_STAGE.schemas,
        consolidate=False,
    )
    actors = actor_tables(frames)
    documents, sentences, parsed = parse_documents(batch, settings, workers.pool, consolidate=False)
    extracted = {
        f"{stage.name}_extracted": stage.run(
            settings, documents, sentences, actors["mentions"], actors["actors"], workers.pool, consolidate=False
        )[1]
        for stage in EXTRACTION_STAGES
    }
    context.log.info(f"batch {context.partition_key}: {len(batch)} documents, extracted {extracted}")
    return dg.MaterializeResult(
        metadata={
            "documents": len(batch),
            "documents_parsed": parsed,
            "documents_extracted": max(extracted.values(), default=0),
            **extracted,
        }
    )


BATCH_ASSETS = [document_batch_actors, document_batches]
BATCH_JOBS = [
    dg.define_asset_job("document_batch_actors_job", selection=[document_batch_actors]),
    dg.define_asset_job("document_batches_job", selection=[document_batches]),
    dg.define_asset_job("tables_job", selection=dg.AssetSelection.all() - dg.AssetSelection.groups(GROUP)),
]
