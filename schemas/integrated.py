"""Joined analytical tables: dyad_years, actor_profiles, timeline and claims."""

from __future__ import annotations

import datetime

import pandera.polars as pa

from schemas.actors import ACTOR_TYPES
from schemas.base import ISO_DATE, PRECISIONS, TableModel, date_bound_field, doc_id_field, evidence_field
from schemas.events import MODALITIES, PLOVER_TYPES, QUAD_CLASSES
from schemas.metrics import QUANTITY_KINDS, STATUSES

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


def _count(what: str) -> object:
    return pa.Field(ge=0, description=what)


class DyadYears(TableModel):
    """One row per unordered actor pair (actor_a < actor_b) and year: how cooperative or hostile they were."""

    class Config(TableModel.Config):
        unique = ["actor_a", "actor_b", "year"]  # noqa: RUF012 (Pandera reads it as the table's key)

    actor_a: str = pa.Field(description="First actor of the pair (actors.actor_id, alphabetically first).")
    actor_b: str = pa.Field(description="Second actor of the pair (actors.actor_id).")
    name_a: str = pa.Field(description="Name of actor_a.")
    name_b: str = pa.Field(description="Name of actor_b.")
    year: int | None = pa.Field(
        nullable=True,
        description="Event year; for an event whose text gives no date, and for stances, the year its "
        "document was published; null if neither is known.",
    )
    n_events: int = _count(
        "Events involving both actors (one as source/participant, the other as target or co-actor)."
    )
    n_verbal_cooperation: int = _count("Of n_events, quad class verbal_cooperation.")
    n_material_cooperation: int = _count("Of n_events, quad class material_cooperation.")
    n_verbal_conflict: int = _count("Of n_events, quad class verbal_conflict.")
    n_material_conflict: int = _count("Of n_events, quad class material_conflict.")
    cooperation_score: float | None = pa.Field(
        nullable=True,
        ge=-10.0,
        le=10.0,
        description=(
            "Mean Goldstein-style weight of the pair's asserted events, from -10 (most hostile) to +10 (most "
            "cooperative); weights per PLOVER type in pipeline/knowledge/plover_goldstein.csv; null without events."
        ),
    )
    n_event_clusters: int = _count("Distinct real-world events (events.event_cluster_id) among n_events.")
    a_supports_b: int = _count("Stances held by actor_a toward actor_b with polarity support.")
    a_opposes_b: int = _count("Stances held by actor_a toward actor_b with polarity oppose.")
    b_supports_a: int = _count("Stances held by actor_b toward actor_a with polarity support.")
    b_opposes_a: int = _count("Stances held by actor_b toward actor_a with polarity oppose.")
    n_documents: int = _count("Distinct source documents of these events and stances.")


class ActorProfiles(TableModel):
    """One row per actor: what it does, suffers, claims and is measured by."""

    actor_id: str = pa.Field(unique=True, description="The actor (actors.actor_id).")
    name: str = pa.Field(description="Canonical name.")
    actor_type: str = pa.Field(isin=ACTOR_TYPES, description="country, person, organization, igo or group.")
    country_code: str | None = pa.Field(nullable=True, description="ISO3 of the actor's country.")
    n_mentions: int = _count("Mentions across the corpus.")
    n_documents: int = _count("Documents mentioning the actor.")
    source_verbal_cooperation: int = _count(
        "Events with the actor as source/participant, verbal cooperation."
    )
    source_material_cooperation: int = _count(
        "Events with the actor as source/participant, material cooperation."
    )
    source_verbal_conflict: int = _count("Events with the actor as source/participant, verbal conflict.")
    source_material_conflict: int = _count("Events with the actor as source/participant, material conflict.")
    target_verbal_cooperation: int = _count("Events with the actor as target, verbal cooperation.")
    target_material_cooperation: int = _count("Events with the actor as target, material cooperation.")
    target_verbal_conflict: int = _count("Events with the actor as target, verbal conflict.")
    target_material_conflict: int = _count("Events with the actor as target, material conflict.")
    stances_held: int = _count("Stances the actor holds (stances.holder_actor_id).")
    stances_received: int = _count("Stances targeting the actor (stances.target_actor_id).")
    n_metrics: int = _count("Metrics about the actor (metric_actors).")
    first_event_date: str | None = pa.Field(
        nullable=True, str_matches=ISO_DATE, description="Earliest event_date of its events."
    )
    first_event_date_start: datetime.date | None = date_bound_field("first_event_date", "start")
    first_event_date_end: datetime.date | None = date_bound_field("first_event_date", "end")
    last_event_date: str | None = pa.Field(
        nullable=True, str_matches=ISO_DATE, description="Latest event_date of its events."
    )
    last_event_date_start: datetime.date | None = date_bound_field("last_event_date", "start")
    last_event_date_end: datetime.date | None = date_bound_field("last_event_date", "end")


class Timeline(TableModel):
    """Every event with its date, type, who did it to whom, document title and evidence, ordered by date."""

    event_id: str = pa.Field(unique=True, description="The event (events.event_id).")
    event_date: str | None = pa.Field(
        nullable=True, str_matches=ISO_DATE, description="ISO date, partial allowed."
    )
    date_precision: str | None = pa.Field(nullable=True, isin=PRECISIONS, description="day, month or year.")
    event_date_start: datetime.date | None = date_bound_field("event_date", "start")
    event_date_end: datetime.date | None = date_bound_field("event_date", "end")
    year: int | None = pa.Field(nullable=True, description="Year of event_date.")
    event_type: str = pa.Field(isin=PLOVER_TYPES, description="PLOVER event type.")
    quad_class: str = pa.Field(isin=QUAD_CLASSES, description="PLOVER quad class.")
    modality: str = pa.Field(isin=MODALITIES, description="asserted, negated, planned or hypothetical.")
    trigger: str = pa.Field(description="The word(s) naming the action.")
    source_names: list[str] = pa.Field(description="Names of the source actors (and participants).")
    target_names: list[str] = pa.Field(description="Names of the target actors.")
    source_actor_ids: list[str] = pa.Field(description="actor_ids of source actors (and participants).")
    target_actor_ids: list[str] = pa.Field(description="actor_ids of target actors.")
    location: str | None = pa.Field(nullable=True, description="Place named in the sentence.")
    event_cluster_id: str = pa.Field(description="Same real-world event across documents.")
    doc_id: str = doc_id_field()
    title: str | None = pa.Field(nullable=True, description="Title of the source document.")
    reported_date: str | None = pa.Field(
        nullable=True,
        str_matches=ISO_DATE,
        description="When the source document was published (documents.published_date): when the event was "
        "reported, the time to use for an event whose text gives no date (event_date null).",
    )
    reported_date_start: datetime.date | None = date_bound_field("reported_date", "start")
    reported_date_end: datetime.date | None = date_bound_field("reported_date", "end")
    evidence: str = evidence_field()


class Claims(TableModel):
    """Every metric with its actors and document: 'all trade figures for China-Russia by year' is one query."""

    metric_id: str = pa.Field(unique=True, description="The metric (metrics.metric_id).")
    measure: str | None = pa.Field(nullable=True, description="What is measured.")
    value: float = pa.Field(description="Fully scaled value.")
    value_high: float | None = pa.Field(nullable=True, description="Upper end of a range.")
    unit: str = pa.Field(description="Canonical unit.")
    quantity_kind: str = pa.Field(
        isin=QUANTITY_KINDS, description="currency, percentage, count, volume, mass, length, duration, other."
    )
    reference_year: int | None = pa.Field(nullable=True, description="Year the figure refers to.")
    status: str = pa.Field(isin=STATUSES, description="actual, forecast, target or limit.")
    approximate: bool = pa.Field(description="Stated approximately.")
    surface: str = pa.Field(description="The quantity as written.")
    actor_ids: list[str] = pa.Field(description="Actors the figure is about (metric_actors).")
    actor_names: list[str] = pa.Field(description="Names of those actors.")
    doc_id: str = doc_id_field()
    title: str | None = pa.Field(nullable=True, description="Title of the source document.")
    published_date: str | None = pa.Field(
        nullable=True, str_matches=ISO_DATE, description="Publication date of the source document."
    )
    published_date_start: datetime.date | None = date_bound_field("published_date", "start")
    published_date_end: datetime.date | None = date_bound_field("published_date", "end")
    evidence: str = evidence_field()
