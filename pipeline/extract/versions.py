"""Versions that key caches and lineage: extractor name + knowledge-base content + model."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pipeline.nlp.parse import model_version

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


@cache
def knowledge_hash() -> str:
    """sha256 over every data file in pipeline/knowledge (names and bytes), first 12 hex chars."""
    digest = hashlib.sha256()
    for path in sorted(KNOWLEDGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".csv", ".tsv", ".json", ".txt"}:
            digest.update(path.relative_to(KNOWLEDGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def code_hash(*folders: str) -> str:
    """sha256 over the source of the given pipeline sub-packages (default: extract and nlp), so edited code
    never reuses stale cached results."""
    digest = hashlib.sha256()
    package = KNOWLEDGE_DIR.parent
    for path in sorted(p for folder in folders or ("extract", "nlp") for p in package.glob(f"{folder}/*.py")):
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def stage_version(extractor: str, *upstream: str) -> str:
    """A cache key for a stage: changes when the extractor (name or code), the knowledge base, the model or an
    upstream stage does."""
    parts = [extractor, f"code:{code_hash()}", f"kb:{knowledge_hash()}", f"spacy:{model_version()}", *upstream]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
