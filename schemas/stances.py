"""Stance table: who holds which position on what."""

from __future__ import annotations

import pandera.polars as pa

from schemas.base import (
    CALIBRATED,
    TableModel,
    confidence_field,
    doc_id_field,
    evidence_field,
    extractor_field,
    offset_field,
    sentence_id_field,
)


class Stances(TableModel):
    """Positions held by actors (attributed) or by the article's author (authorial)."""

    stance_id: str = pa.Field(unique=True, description="Stable id of the stance.")
    doc_id: str = doc_id_field()
    sentence_id: str = sentence_id_field()
    char_start: int = offset_field("start")
    char_end: int = offset_field("end")
    holder_actor_id: str | None = pa.Field(
        nullable=True,
        description="Actor holding the position; for the article's voice the author's actor (the outlet's for an "
        "unsigned piece: documents.source), or null for an unnamed author.",
    )
    holder_kind: str = pa.Field(
        isin=["actor", "author"], description="actor, or author for the article's voice."
    )
    target_actor_id: str | None = pa.Field(nullable=True, description="Actor the position is about, if any.")
    target_topic: str | None = pa.Field(
        nullable=True, description="Canonical topic id (pipeline/knowledge/topics)."
    )
    target_text: str = pa.Field(description="The target as written.")
    polarity: str = pa.Field(isin=["support", "oppose", "neutral"], description="support, oppose or neutral.")
    attributed: bool = pa.Field(
        description="True for reported speech/attribution, False for the author's claim."
    )
    cue: str = pa.Field(description="The verb or phrase signalling the stance.")
    confidence: float = confidence_field(CALIBRATED)
    evidence: str = evidence_field()
    extractor: str = extractor_field()
