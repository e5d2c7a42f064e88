"""Integrate stage: the joined analytical tables (dyad_years, actor_profiles, timeline, claims)."""

import dagster as dg

from pipeline.assets.metadata import staged, table_spec
from pipeline.core.contract import derived_dates
from pipeline.core.memory import release_freed_memory
from pipeline.core.tables import project, validate_table
from pipeline.integrate import joins
from pipeline.integrate.column_lineage import COLUMN_LINEAGE
from pipeline.report.plots import plot_markdown
from pipeline.resources import OutputsOwner, Staging

VERSION = "integrate/1.0"


def _column_lineage(table: str) -> dg.TableColumnLineage:
    """Each column's upstream columns; a derived DATE column has those of its ISO date column."""
    lineage = dict(COLUMN_LINEAGE[table])
    for col in derived_dates(table):
        source = col.date_bound[0]  # type: ignore[index]
        if source in lineage:
            lineage[col.name] = lineage[source]
    return dg.TableColumnLineage(
        deps_by_column={
            column: [dg.TableColumnDep(asset_key=dg.AssetKey(t), column_name=c) for t, c in sources]
            for column, sources in lineage.items()
        }
    )


INPUTS = ("documents", "actors", "events", "event_participants", "metrics", "metric_actors", "stances")


@dg.multi_asset(specs=[table_spec(name, "integrate", [VERSION], VERSION, INPUTS) for name in COLUMN_LINEAGE])
def integrated_assets(context: dg.AssetExecutionContext, staging: Staging, outputs_owner: OutputsOwner):
    """Joined answers: how cooperative or hostile each actor pair is per year (dyad_years), what each actor does,
    suffers, claims and is measured by (actor_profiles), a dated event timeline with names and evidence, and every
    figure with its actors and source (claims)."""
    release_freed_memory()
    documents, actors, events, event_participants, metrics, metric_actors, stances = (
        staging.read(name) for name in INPUTS
    )
    built = {
        "dyad_years": joins.dyad_years(documents, actors, events, event_participants, stances),
        "actor_profiles": joins.actor_profiles(actors, events, event_participants, stances, metric_actors),
        "timeline": joins.timeline(documents, actors, events, event_participants),
        "claims": joins.claims(documents, actors, metrics, metric_actors),
    }
    for name, df in built.items():
        table = validate_table(name, project(name, df))
        extra: dict[str, object] = {"dagster/column_lineage": _column_lineage(name)}
        if plot := plot_markdown(name, table):
            extra["plot"] = dg.MetadataValue.md(plot)
        yield staged(context, staging, name, table, **extra)
