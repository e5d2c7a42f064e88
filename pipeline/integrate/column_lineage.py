"""Which upstream columns each column of the joined tables comes from (for Dagster column lineage)."""

from __future__ import annotations

from schemas.integrated import QUADS

_EVENT_COUNTS = {f"n_{q}": [("events", "quad_class"), ("event_participants", "actor_id")] for q in QUADS}
_PROFILE_COUNTS = {
    f"{side}_{q}": [("event_participants", "role"), ("events", "quad_class")]
    for side in ("source", "target")
    for q in QUADS
}
_STANCE_COUNTS = {
    c: [("stances", "holder_actor_id"), ("stances", "target_actor_id"), ("stances", "polarity")]
    for c in ("a_supports_b", "a_opposes_b", "b_supports_a", "b_opposes_a")
}

COLUMN_LINEAGE: dict[str, dict[str, list[tuple[str, str]]]] = {
    "dyad_years": {
        "actor_a": [("event_participants", "actor_id"), ("stances", "holder_actor_id")],
        "actor_b": [("event_participants", "actor_id"), ("stances", "target_actor_id")],
        "name_a": [("actors", "name")],
        "name_b": [("actors", "name")],
        "year": [("events", "event_date"), ("documents", "published_date")],
        "n_events": [("events", "event_id"), ("event_participants", "actor_id")],
        **_EVENT_COUNTS,
        "cooperation_score": [("events", "event_type"), ("events", "modality")],
        "n_event_clusters": [("events", "event_cluster_id")],
        **_STANCE_COUNTS,
        "n_documents": [("events", "doc_id"), ("stances", "doc_id")],
    },
    "actor_profiles": {
        "actor_id": [("actors", "actor_id")],
        "name": [("actors", "name")],
        "actor_type": [("actors", "actor_type")],
        "country_code": [("actors", "country_code")],
        "n_mentions": [("actors", "n_mentions")],
        "n_documents": [("actors", "n_documents")],
        **_PROFILE_COUNTS,
        "stances_held": [("stances", "holder_actor_id")],
        "stances_received": [("stances", "target_actor_id")],
        "n_metrics": [("metric_actors", "metric_id")],
        "first_event_date": [("events", "event_date")],
        "last_event_date": [("events", "event_date")],
    },
    "timeline": {
        **{
            c: [("events", c)]
            for c in ("event_id", "event_date", "date_precision", "event_type", "quad_class")
        },
        **{
            c: [("events", c)]
            for c in ("modality", "trigger", "location", "event_cluster_id", "doc_id", "evidence")
        },
        "year": [("events", "event_date")],
        "source_names": [("event_participants", "actor_id"), ("actors", "name")],
        "target_names": [("event_participants", "actor_id"), ("actors", "name")],
        "source_actor_ids": [("event_participants", "actor_id"), ("event_participants", "role")],
        "target_actor_ids": [("event_participants", "actor_id"), ("event_participants", "role")],
        "title": [("documents", "title")],
        "reported_date": [("documents", "published_date")],
    },
    "claims": {
        **{
            c: [("metrics", c)]
            for c in ("metric_id", "measure", "value", "value_high", "unit", "quantity_kind")
        },
        **{
            c: [("metrics", c)]
            for c in ("reference_year", "status", "approximate", "surface", "doc_id", "evidence")
        },
        "actor_ids": [("metric_actors", "actor_id")],
        "actor_names": [("metric_actors", "actor_id"), ("actors", "name")],
        "title": [("documents", "title")],
        "published_date": [("documents", "published_date")],
    },
}
