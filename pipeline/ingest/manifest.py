"""The corpus manifest: metadata a researcher already has, one row per file, at the corpus root.

`manifest.csv` (a header row) or `manifest.jsonl` (one JSON object per line), with the columns `file` (the path
relative to the corpus folder, required) and any of `published` (or `date`), `title`, `authors` (several
separated by `;` or `|`; a list in JSONL), `source` (or `outlet`), `url`, `language`. Its values win over
everything the file itself says. The manifest is not an article: discovery skips it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pipeline.ingest.discover import MANIFEST_NAMES, CorpusError
from pipeline.ingest.document_meta import MANIFEST, DocumentMeta, from_fields


class ManifestError(CorpusError):
    """The manifest cannot be read, or one of its rows says something unusable."""


def manifest_path(corpus_dir: Path) -> Path | None:
    """The corpus's manifest file, if it has one (both at once is an error)."""
    found = [Path(corpus_dir) / name for name in MANIFEST_NAMES if (Path(corpus_dir) / name).is_file()]
    if len(found) > 1:
        raise ManifestError(f"{corpus_dir} has both manifest.csv and manifest.jsonl; keep one")
    return found[0] if found else None


def read_manifest(corpus_dir: Path) -> dict[str, DocumentMeta]:
    """source_path -> what the manifest says about it (empty when there is no manifest)."""
    path = manifest_path(corpus_dir)
    if path is None:
        return {}
    try:
        rows = _rows(path)
    except (OSError, UnicodeDecodeError, csv.Error, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path}: cannot be read ({exc})") from None
    entries: dict[str, DocumentMeta] = {}
    for number, row in enumerate(rows, start=2 if path.suffix == ".csv" else 1):
        where = f"{path}, {'row' if path.suffix == '.csv' else 'line'} {number}"
        if not isinstance(row, dict) or not str(row.get("file") or "").strip():
            raise ManifestError(f"{where}: no 'file' (the path of the article relative to the corpus folder)")
        name = Path(str(row["file"]).strip()).as_posix().removeprefix("./")
        try:
            entries[name] = from_fields(row, MANIFEST)
        except ValueError as exc:
            raise ManifestError(f"{where} ({name}): {exc}") from None
    return entries


def _rows(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":
        return list(csv.DictReader(text.splitlines()))
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def manifest_fields(meta: DocumentMeta) -> dict[str, object]:
    """A manifest row's fields (without `file`) for what `meta` says."""
    fields = {
        "published": meta.published_date,
        "title": meta.title,
        "authors": list(meta.authors) or None,
        "source": meta.source,
        "url": meta.url,
        "language": meta.language,
    }
    return {k: v for k, v in fields.items() if v}
