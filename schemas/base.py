"""Shared pieces of every table schema: common config and reusable field definitions."""

from __future__ import annotations

import pandera.polars as pa

PRECISIONS = ["day", "month", "year"]
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_BOUND = "date_bound"  # field metadata key: (source column, "start" | "end") of a derived DATE column


class TableModel(pa.DataFrameModel):
    """Base for every published table: strict columns, coerced types, descriptions required."""

    class Config:
        strict = True
        coerce = True


def date_bound_field(source: str, bound: str) -> object:
    """A typed DATE derived from the ISO date column `source`: the first (bound="start") or last ("end") day
    of the period it names. Computed when the table is validated (pipeline.core.tables), never by hand."""
    day, year, month = ("first", "2019-01-01", "2019-08-01")
    if bound == "end":
        day, year, month = ("last", "2019-12-31", "2019-08-31")
    return pa.Field(
        nullable=True,
        description=f"{day.capitalize()} day of the period {source} names, as a DATE for range queries "
        f"(2019 -> {year}, 2019-08 -> {month}, 2019-08-09 -> 2019-08-09); null when {source} is null.",
        metadata={DATE_BOUND: (source, bound)},
    )


def doc_id_field(**kwargs) -> object:
    return pa.Field(str_startswith="doc_", description="Document id (see documents.doc_id).", **kwargs)


def sentence_id_field(**kwargs) -> object:
    return pa.Field(str_startswith="sen_", description="Sentence id (see sentences.sentence_id).", **kwargs)


def offset_field(which: str) -> object:
    edge = "first character" if which == "start" else "character after the last one"
    return pa.Field(ge=0, description=f"0-based offset of the {edge} of the span in documents.text.")


def evidence_field() -> object:
    return pa.Field(description="The full sentence the row was extracted from (sentences.text).")


def extractor_field() -> object:
    return pa.Field(description="Component name and version that produced the row, e.g. 'events/1.0'.")


CALIBRATED = (
    "Probability in [0, 1] that the row is right, from the learned model trained on the tune split "
    "(pipeline/knowledge/models/): filter on it; evaluation.json gives the precision measured at each threshold."
)


def confidence_field(description: str = "Extractor confidence in [0, 1] (heuristic, higher is surer).") -> object:
    return pa.Field(ge=0.0, le=1.0, description=description)
