"""Caches are disposable (#25.4): every kind of cache file, damaged in every way (garbage bytes, truncated, well
formed but of the wrong shape), is logged with its path and computed again, and the re-run publishes tables
and an evidence report byte-identical to a clean run's."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from spacy.tokens import DocBin

from pipeline.core.cache_files import checked
from pipeline.nlp.parse import parse_texts
from tests.small_runs import published_tables, run, write_articles

Damage = Callable[[Path], None]


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff not a cache file \xfe" * 40)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _write(data: bytes) -> Damage:
    return lambda path: path.write_bytes(data)


def _other_parquet(path: Path) -> None:
    pl.DataFrame({"unexpected": [1, 2]}).write_parquet(path)


def _other_parse(path: Path) -> None:
    path.write_bytes(DocBin(docs=[next(parse_texts(["A parse of some other text."]))]).to_bytes())


CACHES: dict[str, tuple[str, Damage]] = {  # kind -> (files under .cache/, its well-formed wrong-shape damage)
    "per-document results": (
        "results/*/*/*.json",
        _write(checked(b'{"mentions": [{"not_a_column": 1}], "nonsense": []}')),
    ),
    "sentence snapshots": ("parses/*/_snapshot/*.parquet", _other_parquet),
    "result snapshots": ("results/*/*/_snapshot/*.parquet", _other_parquet),
    "parses": ("parses/*/*.spacy", _other_parse),
    "stored sentences": ("parses/*/*.sentences.json", _write(b'[["s1", 0, 0, 4, "not the text"]]')),
    "ingest entries": ("ingest/*/*.json", _write(checked(b'{"kind": "document", "item": {"doc_id": "x"}}'))),
    "report pieces": ("report/*/*.txt", _write(checked(b'{"counts": {"events": "many"}}\n<article>'))),
}
DAMAGES: dict[str, Callable[[Damage], Damage]] = {
    "garbage": lambda _: _garbage,
    "truncated": lambda _: _truncated,
    "wrong shape": lambda wrong_shape: wrong_shape,
}


def _outputs(outputs: Path) -> dict[str, bytes]:
    return {**published_tables(outputs), "report": (outputs / "evidence_report.html").read_bytes()}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    """A corpus, the outputs folder of a run on it (with its caches) and what that run published."""
    folder = tmp_path_factory.mktemp("caches")
    corpus, outputs = folder / "corpus", folder / "outputs"
    write_articles(corpus, range(3))
    time.sleep(3.5)  # older than the ingest cache's racy window, so that its entries are written
    run(corpus, outputs)
    return corpus, outputs, _outputs(outputs)


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_every_damaged_cache_file_is_logged_and_recomputed_byte_identically(
    damage: str, clean: tuple[Path, Path, dict[str, bytes]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus, clean_outputs, expected = clean
    outputs = tmp_path / "outputs"
    shutil.copytree(clean_outputs, outputs)
    damaged = {}
    for kind, (pattern, wrong_shape) in CACHES.items():
        files = sorted((outputs / ".cache").glob(pattern))
        assert files, f"no {kind} in the cache"
        for path in files:
            DAMAGES[damage](wrong_shape)(path)
            damaged[path] = kind
    with caplog.at_level(logging.WARNING, logger="geoevents.cache"):
        run(corpus, outputs)
    logged = " ".join(record.getMessage() for record in caplog.records)
    unlogged = sorted({kind for path, kind in damaged.items() if str(path) not in logged})
    assert not unlogged, f"damaged {unlogged} read without a warning naming the file"
    assert _outputs(outputs) == expected
    for path in damaged:  # healed: a later run reads them without a warning
        assert path.exists()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="geoevents.cache"):
        run(corpus, outputs)
    assert not caplog.records
