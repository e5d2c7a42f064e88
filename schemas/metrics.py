"""Metric tables: quantitative claims and the actors they are about."""

from __future__ import annotations

import pandera.polars as pa

from schemas.base import (
    TableModel,
    confidence_field,
    doc_id_field,
    evidence_field,
    extractor_field,
    offset_field,
    sentence_id_field,
)

QUANTITY_KINDS = ["currency", "percentage", "count", "volume", "mass", "length", "duration", "other"]
STATUSES = ["actual", "forecast", "target", "limit"]


class Metrics(TableModel):
    """Every quantitative claim, normalised: value, unit, what it measures, year and status."""

    metric_id: str = pa.Field(unique=True, description="Stable id of the metric.")
    doc_id: str = doc_id_field()
    sentence_id: str = sentence_id_field()
    char_start: int = offset_field("start")
    char_end: int = offset_field("end")
    surface: str = pa.Field(description="The quantity as written, e.g. 'US$88.1 billion'.")
    value: float = pa.Field(description="Fully scaled value: 'US$88.1 billion' -> 88100000000; '25%' -> 25.")
    value_high: float | None = pa.Field(nullable=True, description="Upper end of a range, else null.")
    unit: str = pa.Field(
        description="Canonical unit: USD, EUR, percent, person, count, tonne, cubic_metre, year..."
    )
    quantity_kind: str = pa.Field(
        isin=QUANTITY_KINDS,
        description="currency, percentage, count, volume, mass, length, duration or other.",
    )
    measure: str | None = pa.Field(nullable=True, description="What is measured, a short phrase.")
    reference_year: int | None = pa.Field(
        nullable=True,
        description="Year the figure refers to: the year its sentence (or paragraph, or running plan) gives it, "
        "else the publication year for a figure stated in the past or present tense; null for a planned or "
        "conditional figure without a year.",
    )
    status: str = pa.Field(isin=STATUSES, description="actual/forecast/target/limit.")
    approximate: bool = pa.Field(description="True for 'about', 'nearly', 'more than', 'just under'...")
    confidence: float = confidence_field()
    evidence: str = evidence_field()
    extractor: str = extractor_field()


class MetricActors(TableModel):
    """Actors each metric is about."""

    class Config(TableModel.Config):
        unique = ["metric_id", "actor_id"]  # noqa: RUF012 (Pandera reads it as the table's key)

    metric_id: str = pa.Field(description="The metric (metrics.metric_id).")
    actor_id: str = pa.Field(description="The actor (actors.actor_id).")
