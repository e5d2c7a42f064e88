"""One Pandera model per published table. The registry below is the single list of tables.

Adding a table = a model here + an asset returning a DataFrame named like the table; publishing,
validation, the data dictionary and DuckDB comments all follow from this registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.actors import Actors, Mentions
from schemas.base import TableModel
from schemas.documents import Documents, RejectedFiles, Sentences
from schemas.events import EventParticipants, Events
from schemas.integrated import ActorProfiles, Claims, DyadYears, Timeline
from schemas.lineage import Lineage
from schemas.metrics import MetricActors, Metrics
from schemas.places import Places
from schemas.stances import Stances


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: type[TableModel]
    sort_by: tuple[str, ...]  # deterministic row order


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in [
        TableSpec("documents", Documents, ("source_path",)),
        TableSpec("rejected_files", RejectedFiles, ("source_path",)),
        TableSpec("sentences", Sentences, ("doc_id", "ordinal")),
        TableSpec("actors", Actors, ("actor_id",)),
        TableSpec("mentions", Mentions, ("doc_id", "char_start", "char_end", "actor_id", "place_id")),
        TableSpec("places", Places, ("place_id",)),
        TableSpec("events", Events, ("doc_id", "char_start", "event_id")),
        TableSpec("event_participants", EventParticipants, ("event_id", "role", "actor_id")),
        TableSpec("metrics", Metrics, ("doc_id", "char_start", "metric_id")),
        TableSpec("metric_actors", MetricActors, ("metric_id", "actor_id")),
        TableSpec("stances", Stances, ("doc_id", "char_start", "stance_id")),
        TableSpec("dyad_years", DyadYears, ("actor_a", "actor_b", "year")),
        TableSpec("actor_profiles", ActorProfiles, ("actor_id",)),
        TableSpec("timeline", Timeline, ("event_date", "doc_id", "event_id")),
        TableSpec("claims", Claims, ("doc_id", "metric_id")),
        TableSpec("lineage", Lineage, ("table_name",)),
    ]
}

__all__ = ["TABLES", "TableModel", "TableSpec"]
