"""Ingest tables: documents, rejected_files and sentences."""

from __future__ import annotations

import datetime

import pandera.polars as pa

from schemas.base import (
    ISO_DATE,
    PRECISIONS,
    TableModel,
    date_bound_field,
    doc_id_field,
    offset_field,
    sentence_id_field,
)


class Documents(TableModel):
    """One row per article accepted from the corpus folder, with its cleaned text."""

    doc_id: str = doc_id_field(unique=True)
    source_path: str = pa.Field(unique=True, description="Path relative to the corpus folder (posix).")
    content_sha256: str = pa.Field(
        str_matches=r"^[0-9a-f]{64}$", description="sha256 of the raw file bytes (before decoding)."
    )
    encoding: str = pa.Field(
        description="Detected encoding of the file (utf-8, utf-8-sig, utf-16, cp1252...)."
    )
    title: str | None = pa.Field(nullable=True, description="Article title from the first heading/line.")
    authors: list[str] = pa.Field(description="Author names found in the byline (may be empty).")
    published_date: str | None = pa.Field(
        nullable=True,
        str_matches=ISO_DATE,
        description="Publication date, ISO, partial allowed (2019, 2019-08).",
    )
    published_precision: str | None = pa.Field(
        nullable=True, isin=PRECISIONS, description="Precision of published_date: day, month or year."
    )
    published_date_start: datetime.date | None = date_bound_field("published_date", "start")
    published_date_end: datetime.date | None = date_bound_field("published_date", "end")
    published_source: str = pa.Field(
        isin=["manifest", "front_matter", "html", "text", "inferred", "none"],
        description="Where published_date came from: the corpus manifest, the file's front matter, the HTML "
        "page's metadata, the text (a date line or dateline), inferred (a dateline without a year, its year "
        "the latest one the text writes out) or none (no date).",
    )
    source: str | None = pa.Field(
        nullable=True, description="Outlet or publisher (manifest, front matter or HTML metadata)."
    )
    url: str | None = pa.Field(nullable=True, description="Address of the article (manifest, front matter or HTML).")
    language: str = pa.Field(
        description="ISO 639-1 language of the text (detected, or from the manifest); only 'en' is extracted."
    )
    n_words: int = pa.Field(gt=0, description="Whitespace-separated words in the cleaned text.")
    n_sentences: int = pa.Field(ge=0, description="Number of rows in sentences for this document.")
    n_chars_removed: int = pa.Field(
        ge=0, description="Characters of boilerplate removed by cleaning (captions, share buttons, bios...)."
    )
    text: str = pa.Field(description="Cleaned article text; every offset in every table refers to it.")


class RejectedFiles(TableModel):
    """Every file under the corpus folder that did not become a document, and why."""

    source_path: str = pa.Field(unique=True, description="Path relative to the corpus folder (posix).")
    reason: str = pa.Field(
        isin=[
            "empty_file",
            "binary_file",
            "undecodable",
            "only_boilerplate",
            "duplicate_content",
            "unsupported_type",
            "unreadable",
            "too_large",
            "changing_file",
            "symlink_outside_corpus",
            "not_english",
            "bad_metadata",
        ],
        description="Machine-readable reason code.",
    )
    detail: str = pa.Field(description="Human-readable explanation.")


class Sentences(TableModel):
    """Sentences of every document with exact offsets: documents.text[char_start:char_end] == text."""

    sentence_id: str = sentence_id_field(unique=True)
    doc_id: str = doc_id_field()
    ordinal: int = pa.Field(ge=0, description="0-based position of the sentence in its document.")
    char_start: int = offset_field("start")
    char_end: int = offset_field("end")
    text: str = pa.Field(str_length={"min_value": 1}, description="The sentence text.")
