"""Extract stage: actors first, then events, metrics and stances, each per document and cached.

Every stage is the same shape (documents + sentences + actors in, tables out), so one factory builds them;
the NLP lives in pipeline/extract/, which never imports dagster.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import dagster as dg
import polars as pl

from pipeline.assets.metadata import table_out, versioned_output
from pipeline.extract import actors as actor_extractor
from pipeline.extract.runner import ResultCache, Rows, actor_keys, as_rows, iter_contexts, run_cached
from pipeline.extract.types import DocumentContext
from pipeline.extract.versions import knowledge_hash, stage_version
from pipeline.integrate.actor_table import build_actor_rows
from pipeline.nlp.cache import ParseCache
from pipeline.resources import PipelineConfig
from pipeline.validate import rows_to_table

ACTORS_VERSION = stage_version(actor_extractor.EXTRACTOR)


@dataclass(frozen=True)
class Stage:
    """One per-document extraction stage: its cache name and version and its row function. The unpartitioned
    assets and the document-batch partitions (pipeline/assets/batches.py) run it the same way, on the same
    cache keys."""

    name: str
    version: str
    extract: Callable[[DocumentContext], Rows]
    reads_actors: bool = False  # downstream of actors: cached per document and its actors' records

    def cache(self, settings: PipelineConfig) -> ResultCache:
        return ResultCache(settings.cache_path / "results", self.name, self.version, self.reads_actors)

    def run(
        self,
        settings: PipelineConfig,
        documents: pl.DataFrame,
        sentences: pl.DataFrame,
        mentions: pl.DataFrame | None = None,
        actors: pl.DataFrame | None = None,
    ) -> tuple[Rows, int]:
        """Rows of every document in `documents` (cached ones read back) and how many were extracted."""
        doc_ids = documents["doc_id"].to_list()
        keys = actor_keys(doc_ids, mentions, actors) if self.reads_actors and mentions is not None else None
        return run_cached(
            doc_ids,
            lambda only: iter_contexts(documents, sentences, None, mentions, actors, only=only),
            self.extract,
            self.cache(settings),
            ParseCache(settings.cache_path / "parses"),
            settings.n_process,
            keys,
        )


def extraction_stage(name: str, extractor: str, extract: Callable[[DocumentContext], Rows]) -> Stage:
    """A stage downstream of actors (its version includes the actors stage's)."""
    return Stage(name, stage_version(extractor, ACTORS_VERSION), extract, reads_actors=True)


def _actor_rows(ctx: DocumentContext) -> Rows:
    mentions, actors = actor_extractor.extract_actors(ctx)
    return {"mentions": as_rows(mentions), "actor_records": as_rows(actors.values())}


ACTOR_STAGE = Stage("actors", ACTORS_VERSION, _actor_rows)


def actor_tables(rows: Rows) -> dict[str, pl.DataFrame]:
    """The corpus-level actors and mentions tables from the actors stage's per-document rows."""
    mentions = rows.get("mentions", [])
    return {
        "actors": rows_to_table("actors", build_actor_rows(rows.get("actor_records", []), mentions)),
        "mentions": rows_to_table("mentions", mentions),
    }


def _emit(
    context: dg.AssetExecutionContext, tables: dict[str, pl.DataFrame], ran: int, total: int
) -> Iterator[dg.Output]:
    context.log.info(f"extracted {ran} new/changed documents; the rest came from the cache")
    counts = {"documents_extracted": ran, "documents_from_cache": total - ran}
    for name, df in tables.items():
        yield versioned_output(name, df, **counts)


@dg.multi_asset(
    outs={
        "actors": table_out("actors", "extract", [actor_extractor.EXTRACTOR, f"kb:{knowledge_hash()}"]),
        "mentions": table_out("mentions", "extract", [actor_extractor.EXTRACTOR, f"kb:{knowledge_hash()}"]),
    },
    code_version=ACTORS_VERSION,
)
def actor_assets(
    context: dg.AssetExecutionContext,
    settings: PipelineConfig,
    documents: pl.DataFrame,
    sentences: pl.DataFrame,
):
    """Every mention of a country, person, organisation, IGO or group, resolved to one canonical actor per
    real-world actor (knowledge base of countries/IGOs/leaders plus spaCy NER for the rest)."""
    rows, ran = ACTOR_STAGE.run(settings, documents, sentences)
    yield from _emit(context, actor_tables(rows), ran, documents.height)


def extraction_assets(
    stage: Stage,
    extractor: str,
    tables: tuple[str, ...],
    description: str,
    finalize: Callable[[Rows], Rows] = lambda rows: rows,
) -> dg.AssetsDefinition:
    """A multi-asset running `stage` per document (with actors resolved) and publishing `tables`."""
    versions = [extractor, actor_extractor.EXTRACTOR, f"kb:{knowledge_hash()}"]

    @dg.multi_asset(
        name=stage.name,
        outs={table: table_out(table, "extract", versions) for table in tables},
        code_version=stage.version,
        description=description,
    )
    def _assets(
        context: dg.AssetExecutionContext,
        settings: PipelineConfig,
        documents: pl.DataFrame,
        sentences: pl.DataFrame,
        actors: pl.DataFrame,
        mentions: pl.DataFrame,
    ):
        rows, ran = stage.run(settings, documents, sentences, mentions, actors)
        rows = finalize(rows)
        built = {table: rows_to_table(table, rows.get(table, [])) for table in tables}
        yield from _emit(context, built, ran, documents.height)

    return _assets
