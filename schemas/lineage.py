"""The lineage table: what every published table was built from."""

from __future__ import annotations

import pandera.polars as pa

from schemas.base import TableModel


class Lineage(TableModel):
    """One row per produced table per run."""

    table_name: str = pa.Field(unique=True, description="Published table name.")
    row_count: int = pa.Field(ge=0, description="Rows in the table.")
    content_hash: str = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="sha256 of the table's rows.")
    upstream: list[str] = pa.Field(description="Tables it was built from.")
    code_version: str = pa.Field(description="Code version of the asset that produced it.")
    extractor_versions: list[str] = pa.Field(description="Extractor (and knowledge base) versions involved.")
    corpus_sha256: str = pa.Field(
        str_matches=r"^[0-9a-f]{64}$", description="sha256 over all input documents."
    )
