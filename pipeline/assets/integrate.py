"""Integrate stage: the joined analytical tables (dyad_years, actor_profiles, timeline, claims)."""

import dagster as dg
import polars as pl

from pipeline.assets.metadata import table_metadata, table_out
from pipeline.integrate import joins
from pipeline.integrate.column_lineage import COLUMN_LINEAGE
from pipeline.report.plots import plot_markdown
from pipeline.resources import OutputsOwner
from pipeline.validate import project, validate_table

VERSION = "integrate/1.0"


def _column_lineage(table: str) -> dg.TableColumnLineage:
    return dg.TableColumnLineage(
        deps_by_column={
            column: [dg.TableColumnDep(asset_key=dg.AssetKey(t), column_name=c) for t, c in sources]
            for column, sources in COLUMN_LINEAGE[table].items()
        }
    )


@dg.multi_asset(
    outs={name: table_out(name, "integrate", [VERSION]) for name in COLUMN_LINEAGE},
    code_version=VERSION,
)
def integrated_assets(
    outputs_owner: OutputsOwner,
    documents: pl.DataFrame,
    actors: pl.DataFrame,
    events: pl.DataFrame,
    event_participants: pl.DataFrame,
    metrics: pl.DataFrame,
    metric_actors: pl.DataFrame,
    stances: pl.DataFrame,
):
    """Joined answers: how cooperative or hostile each actor pair is per year (dyad_years), what each actor does,
    suffers, claims and is measured by (actor_profiles), a dated event timeline with names and evidence, and every
    figure with its actors and source (claims)."""
    built = {
        "dyad_years": joins.dyad_years(documents, actors, events, event_participants, stances),
        "actor_profiles": joins.actor_profiles(actors, events, event_participants, stances, metric_actors),
        "timeline": joins.timeline(documents, actors, events, event_participants),
        "claims": joins.claims(documents, actors, metrics, metric_actors),
    }
    for name, df in built.items():
        table = validate_table(name, project(name, df))
        metadata = {**table_metadata(name, table), "dagster/column_lineage": _column_lineage(name)}
        if plot := plot_markdown(name, table):
            metadata["plot"] = dg.MetadataValue.md(plot)
        yield dg.Output(table, output_name=name, metadata=metadata)
