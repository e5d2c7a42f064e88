"""The lineage table: per published table, its row count, content hash, upstream tables and versions."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import polars as pl


def content_hash(df: pl.DataFrame) -> str:
    """sha256 of the table's rows serialised as sorted-key NDJSON (independent of file format and library)."""
    return hashlib.sha256(df.write_ndjson().encode("utf-8")).hexdigest()


def corpus_hash(documents: pl.DataFrame) -> str:
    """sha256 over the sorted content hashes of all documents."""
    return hashlib.sha256("\n".join(sorted(documents["content_sha256"].to_list())).encode()).hexdigest()


def lineage_rows(tables: Mapping[str, pl.DataFrame], sidecars: Mapping[str, dict]) -> list[dict]:
    corpus = corpus_hash(tables["documents"])
    return [
        {
            "table_name": name,
            "row_count": df.height,
            "content_hash": content_hash(df),
            "upstream": sidecars.get(name, {}).get("upstream", []),
            "code_version": sidecars.get(name, {}).get("code_version", "unversioned"),
            "extractor_versions": sidecars.get(name, {}).get("extractor_versions", []),
            "corpus_sha256": corpus,
        }
        for name, df in sorted(tables.items())
    ]
