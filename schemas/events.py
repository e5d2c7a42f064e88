"""Event tables in PLOVER coding: events and their participants."""

from __future__ import annotations

import datetime

import pandera.polars as pa

from schemas.base import (
    CALIBRATED,
    ISO_DATE,
    PRECISIONS,
    TableModel,
    confidence_field,
    date_bound_field,
    doc_id_field,
    evidence_field,
    extractor_field,
    offset_field,
    sentence_id_field,
)

PLOVER_TYPES = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
LOCATION_PRECISIONS = ["city", "admin1", "country", "region", "none"]
LOCATION_SOURCES = ["sentence", "dateline", "inherited"]
QUAD_CLASSES = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
MODALITIES = ["asserted", "negated", "planned", "hypothetical"]


class Events(TableModel):
    """Each concrete action in the text: who did what to whom, when and where."""

    event_id: str = pa.Field(unique=True, description="Stable id of the event.")
    doc_id: str = doc_id_field()
    sentence_id: str = sentence_id_field()
    char_start: int = offset_field("start")
    char_end: int = offset_field("end")
    trigger: str = pa.Field(description="The word(s) naming the action, as written.")
    event_type: str = pa.Field(isin=PLOVER_TYPES, description="PLOVER event type.")
    quad_class: str = pa.Field(isin=QUAD_CLASSES, description="PLOVER quad class of event_type.")
    event_date: str | None = pa.Field(
        nullable=True,
        str_matches=ISO_DATE,
        description="When it happened as the text says (ISO, partial allowed): a date in its sentence, or the "
        "date its paragraph narrates for a past-tense report; null when the text gives none (the document's "
        "published_date says when it was reported, not when it happened).",
    )
    date_precision: str | None = pa.Field(nullable=True, isin=PRECISIONS, description="day, month or year.")
    event_date_start: datetime.date | None = date_bound_field("event_date", "start")
    event_date_end: datetime.date | None = date_bound_field("event_date", "end")
    location: str | None = pa.Field(
        nullable=True, description="Where it happened, as written (the sentence's place, or the dateline's)."
    )
    place_id: str | None = pa.Field(
        nullable=True, description="Where it happened (places.place_id), if known."
    )
    location_precision: str = pa.Field(
        isin=LOCATION_PRECISIONS,
        description="How exactly place_id locates it: city (or a landmark), admin1 (a state or province), "
        "country, region (a sea, a region, a continent) or none. A city-level mention is never widened to its "
        "country.",
    )
    location_source: str | None = pa.Field(
        nullable=True,
        isin=LOCATION_SOURCES,
        description="Where the place comes from: sentence (a place phrase on the event), dateline (the wire "
        "story's dateline, for statements and meetings reported from there) or inherited (an event it is "
        "coordinated with in the sentence).",
    )
    modality: str = pa.Field(
        isin=MODALITIES, description="Whether the event happened."
    )
    event_cluster_id: str = pa.Field(
        description="Same real-world event across documents (same type, actors, compatible date) share an id."
    )
    confidence: float = confidence_field(CALIBRATED)
    evidence: str = evidence_field()
    extractor: str = extractor_field()


class EventParticipants(TableModel):
    """Actors taking part in each event and their role."""

    class Config(TableModel.Config):
        unique = ["event_id", "actor_id", "role"]  # noqa: RUF012 (Pandera reads it as the table's key)

    event_id: str = pa.Field(description="The event (events.event_id).")
    actor_id: str = pa.Field(description="The actor (actors.actor_id).")
    role: str = pa.Field(
        isin=["source", "target", "participant"], description="source, target or participant."
    )
