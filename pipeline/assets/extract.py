"""Extract stage: actors first, then events, metrics and stances, each per document and cached.

Every stage is the same shape (documents + sentences + actors in, tables out), so one factory builds them;
the NLP lives in pipeline/extract/, which never imports dagster.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import dagster as dg
import polars as pl

from pipeline.assets.metadata import staged, table_spec
from pipeline.checks import check_results, check_specs
from pipeline.core.memory import release_freed_memory
from pipeline.core.model import DocumentContext
from pipeline.core.tables import validate_table
from pipeline.core.versions import knowledge_hash
from pipeline.core.workers import SERIAL, WorkerPool
from pipeline.extract import actors as actor_extractor
from pipeline.extract import places as place_extractor
from pipeline.extract.context import resolve_mentions
from pipeline.extract.runner import (
    ACTOR_RECORDS,
    Frame,
    ResultCache,
    Rows,
    actor_keys,
    as_rows,
    document_keys,
    iter_contexts,
    row_schema,
    run_cached,
    stage_version,
)
from pipeline.integrate.actor_table import build_actor_table
from pipeline.integrate.place_table import build_place_table
from pipeline.nlp.cache import ParseCache
from pipeline.resources import OutputsOwner, PipelineConfig, Staging, Workers

ACTORS_VERSION = stage_version(actor_extractor.EXTRACTOR, place_extractor.EXTRACTOR)


@dataclass(frozen=True)
class Stage:
    """One per-document extraction stage: its cache name and version, its row function and the tables it
    returns rows for. The unpartitioned assets and the document-batch partitions (pipeline/assets/batches.py)
    run it the same way, on the same cache keys."""

    name: str
    version: str
    extract: Callable[[DocumentContext], Rows]
    tables: tuple[str, ...]
    reads_actors: bool = False  # downstream of actors: cached per document and its actors' records

    @property
    def schemas(self) -> dict[str, pl.Schema]:
        return {table: row_schema(table) for table in self.tables}

    def cache(self, settings: PipelineConfig) -> ResultCache:
        return ResultCache(settings.cache_path / "results", self.name, self.version, self.schemas)

    def run(
        self,
        settings: PipelineConfig,
        documents: Frame,
        sentences: Frame,
        mentions: pl.DataFrame | None = None,
        actors: pl.DataFrame | None = None,
        pool: WorkerPool = SERIAL,
        consolidate: bool = True,
    ) -> tuple[dict[str, pl.DataFrame], int]:
        """The rows of every document in `documents` (cached ones read back), one unvalidated frame per table,
        and how many documents were extracted (in `pool`'s workers). `documents` and `sentences` may be scans
        of the staged tables: the texts and sentences are then read only for the documents to extract.
        `consolidate`: see run_cached."""
        keys = document_keys(documents)
        if self.reads_actors and mentions is not None and actors is not None:
            keys = actor_keys(keys, mentions, actors)
        return run_cached(
            keys,
            lambda only: iter_contexts(documents, sentences, None, mentions, actors, only=only),
            self.extract,
            self.cache(settings),
            self.schemas,
            ParseCache(settings.cache_path / "parses"),
            pool,
            consolidate,
        )


def extraction_stage(
    name: str, extractor: str, extract: Callable[[DocumentContext], Rows], tables: tuple[str, ...]
) -> Stage:
    """A stage downstream of actors (its version includes the actors stage's)."""
    return Stage(name, stage_version(extractor, ACTORS_VERSION), extract, tables, reads_actors=True)


def _actor_rows(ctx: DocumentContext) -> Rows:
    mentions = resolve_mentions(ctx)
    return {"mentions": as_rows(mentions), ACTOR_RECORDS: as_rows(ctx.actors.values())}


ACTOR_STAGE = Stage("actors", ACTORS_VERSION, _actor_rows, ("mentions", ACTOR_RECORDS))


def actor_tables(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The corpus-level actors and mentions tables from the actors stage's per-document rows."""
    mentions = frames["mentions"]
    return {
        "actors": validate_table("actors", build_actor_table(frames[ACTOR_RECORDS], mentions)),
        "mentions": validate_table("mentions", mentions),
        "places": validate_table("places", build_place_table(mentions)),
    }


def _emit(
    context: dg.AssetExecutionContext,
    staging: Staging,
    tables: dict[str, pl.DataFrame],
    ran: int,
    inputs: dict[str, pl.DataFrame],
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """The step's tables (with counts of extracted and cached documents), then their checks' results."""
    total = inputs["documents"].height
    context.log.info(f"extracted {ran} new/changed documents; the rest came from the cache")
    counts = {"documents_extracted": ran, "documents_from_cache": total - ran}
    for name, df in tables.items():
        yield staged(context, staging, name, df, **counts)
    yield from check_results(tables, {**inputs, **tables})


ACTOR_VERSIONS = [actor_extractor.EXTRACTOR, place_extractor.EXTRACTOR, f"kb:{knowledge_hash()}"]
ACTOR_TABLES = ("actors", "mentions", "places")
DOCUMENT_TABLES = ("documents", "sentences")


@dg.multi_asset(
    specs=[
        table_spec(name, "extract", ACTOR_VERSIONS, ACTORS_VERSION, DOCUMENT_TABLES) for name in ACTOR_TABLES
    ],
    check_specs=check_specs(list(ACTOR_TABLES)),
)
def actor_assets(
    context: dg.AssetExecutionContext,
    settings: PipelineConfig,
    workers: Workers,
    staging: Staging,
    outputs_owner: OutputsOwner,
):
    """Every mention of a country, person, organisation, IGO or group, resolved to one canonical actor per
    real-world actor (knowledge base of countries/IGOs/leaders plus spaCy NER for the rest)."""
    release_freed_memory()
    documents = staging.read("documents")  # the texts: the mentions' span check reads them
    frames, ran = ACTOR_STAGE.run(settings, documents, staging.scan("sentences"), pool=workers.pool)
    yield from _emit(context, staging, actor_tables(frames), ran, {"documents": documents})


STAGE_INPUTS = ("documents", "sentences", "actors", "mentions")


def extraction_assets(
    stage: Stage,
    extractors: dict[str, str],
    description: str,
    finalize: Callable[[dict[str, pl.DataFrame], pl.DataFrame], dict[str, pl.DataFrame]] = lambda frames, _: frames,
) -> dg.AssetsDefinition:
    """A multi-asset running `stage` per document (with actors resolved) and publishing its tables, after
    `finalize` (corpus-level work on the per-document rows and the documents' doc_id and published_date).
    `extractors`: the extractor that writes each table (recorded in its lineage)."""

    def versions(table: str) -> list[str]:
        return [extractors[table], actor_extractor.EXTRACTOR, f"kb:{knowledge_hash()}"]

    @dg.multi_asset(
        name=stage.name,
        specs=[
            table_spec(table, "extract", versions(table), stage.version, STAGE_INPUTS) for table in stage.tables
        ],
        description=description,
        check_specs=check_specs(stage.tables),
    )
    def _assets(
        context: dg.AssetExecutionContext,
        settings: PipelineConfig,
        workers: Workers,
        staging: Staging,
        outputs_owner: OutputsOwner,
    ):
        release_freed_memory()
        sentences, actors, mentions = (staging.read(name) for name in ("sentences", "actors", "mentions"))
        frames, ran = stage.run(settings, staging.scan("documents"), sentences, mentions, actors, workers.pool)
        documents = staging.read("documents", columns=["doc_id", "published_date"])  # no texts: not needed
        frames = finalize(frames, documents)
        built = {table: validate_table(table, frames[table]) for table in stage.tables}
        yield from _emit(
            context, staging, built, ran, {"documents": documents, "sentences": sentences, "actors": actors}
        )

    return _assets
