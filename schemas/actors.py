"""Actor tables: canonical actors and every mention of them."""

from __future__ import annotations

import pandera.polars as pa

from schemas.base import TableModel, doc_id_field, extractor_field, offset_field, sentence_id_field

ACTOR_TYPES = ["country", "person", "organization", "igo", "group"]


class Actors(TableModel):
    """One row per canonical actor across the corpus."""

    actor_id: str = pa.Field(unique=True, description="Countries: ISO 3166 alpha-3 (CHN); others a slug.")
    name: str = pa.Field(description="Canonical name.")
    actor_type: str = pa.Field(isin=ACTOR_TYPES, description="country, person, organization, igo or group.")
    country_code: str | None = pa.Field(
        nullable=True,
        str_matches=r"^[A-Z]{3}$",
        description="ISO3 of the country the actor is or belongs to; null for IGOs and groups.",
    )
    aliases: list[str] = pa.Field(description="Every surface form seen in the corpus, sorted.")
    n_mentions: int = pa.Field(ge=0, description="Number of mentions across the corpus.")
    n_documents: int = pa.Field(ge=0, description="Number of documents mentioning the actor.")


class Mentions(TableModel):
    """Every span naming an actor, however it is named, or a place (a place mentioned in passing has no actor)."""

    mention_id: str = pa.Field(unique=True, description="Stable id of the mention.")
    doc_id: str = doc_id_field()
    sentence_id: str = sentence_id_field()
    actor_id: str | None = pa.Field(
        nullable=True, description="The actor mentioned (actors.actor_id); null for a place that is no actor."
    )
    char_start: int = offset_field("start")
    char_end: int = offset_field("end")
    text: str = pa.Field(description="The mention as written.")
    mention_kind: str = pa.Field(
        isin=[
            "name",
            "metonym",
            "demonym",
            "combining",
            "title",
            "abbreviation",
            "description",
            "pronoun",
            "author",
            "place",
        ],
        description=(
            "How the actor is named: name, metonym (Beijing), demonym (Chinese), combining form (the Sino of "
            "Sino-Russian), title (his Chinese counterpart), abbreviation (PRC), description (the country's army), pronoun, place (a place that is no actor)."
        ),
    )
    extractor: str = extractor_field()
    place_id: str | None = pa.Field(
        nullable=True,
        description="The place the span names (places.place_id): countries by their name, capitals, cities, "
        "regions, seas; null when it names none.",
    )
