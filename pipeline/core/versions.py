"""Content hashes that key caches and lineage: of the knowledge files and of the code of a part of the pipeline."""

from __future__ import annotations

import hashlib
from functools import cache

from pipeline.knowledge import KNOWLEDGE_DIR
from pipeline.knowledge.gazetteer_build import source_versions


@cache
def knowledge_hash() -> str:
    """sha256 over every data file in pipeline/knowledge (names and bytes) and the versions of the packages
    the gazetteer is built from, first 12 hex chars."""
    digest = hashlib.sha256(source_versions().encode())
    for path in sorted(KNOWLEDGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".csv", ".tsv", ".json", ".txt"}:
            digest.update(path.relative_to(KNOWLEDGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


PACKAGE = KNOWLEDGE_DIR.parent
EXTRACTION_CODE = ("extract", "nlp", "knowledge", "core/model.py")  # what an extraction stage's output depends on


@cache
def code_hash(*parts: str) -> str:
    """sha256 over the source of the given parts of the pipeline (folders, searched recursively, or single
    files, relative to pipeline/; default EXTRACTION_CODE), so edited code never reuses stale cached results."""
    digest = hashlib.sha256()
    files = set()
    for part in parts or EXTRACTION_CODE:
        target = PACKAGE / part
        files.update(target.rglob("*.py") if target.is_dir() else [target])
    for path in sorted(files):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
