"""The gold is sound: every file passes the mechanical check against its article, the split follows its rule,
and malformed gold fails with one line naming the file (never a traceback, never a path outside the folder)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from pipeline.evaluate import EvaluationRefused, select_gold
from pipeline.evaluation.gold import CHECK, TUNE, GoldError, load_gold_dir, load_gold_file
from pipeline.evaluation.gold_check import check_file
from tests.conftest import CORPUS, DEV_ARTICLES, GOLD, ROOT, SHARED

POOL = SHARED / "eval" / "pool"
ARTICLES = {"dev": [CORPUS, DEV_ARTICLES], "pool": [POOL], "fixtures": [ROOT / "eval" / "fixtures" / "articles"]}


def _manifest() -> list[dict[str, str]]:
    with (GOLD / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("collection", sorted(ARTICLES))
def test_every_gold_file_passes_the_mechanical_check(collection: str) -> None:
    files = sorted((GOLD / collection).glob("*.json"))
    assert files
    problems = [p for f in files for p in check_file(f, ARTICLES[collection])]
    assert problems == []


def test_every_pool_article_has_gold_and_the_split_follows_its_rule() -> None:
    rows = {r["source_file"]: r for r in _manifest()}
    articles = sorted(p.name for p in POOL.glob("*.txt"))
    assert len(articles) == 36
    assert sorted(p.name.removesuffix(".json") for p in (GOLD / "pool").glob("*.json")) == articles
    for name in articles:
        by_rule = CHECK if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 3 == 0 else TUNE
        assert rows[name]["split"] == by_rule, name
    assert {r["split"] for r in rows.values() if r["collection"] != "pool"} == {TUNE}
    loaded = {g.source_file: g for g in load_gold_dir(GOLD)}
    assert set(loaded) == set(rows)  # every gold document is in the manifest, with its split and genre
    assert sum(g.split == CHECK for g in loaded.values()) == 11


def test_errors_of_check_documents_are_refused() -> None:
    gold = load_gold_dir(GOLD)
    with pytest.raises(EvaluationRefused, match="refused for the check split"):
        select_gold(gold, CHECK, None, show_errors=True)
    check_doc = next(g.source_file for g in gold if g.split == CHECK)
    with pytest.raises(EvaluationRefused):
        select_gold(gold, "all", check_doc, show_errors=True)
    assert select_gold(gold, CHECK, None, show_errors=False)  # aggregate figures are fine


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not a readable JSON file"),
        ("[1, 2]", "top level is not an object"),
        (json.dumps({"actors": []}), "KeyError: 'source_file'"),
        (json.dumps({"source_file": "../../../etc/passwd"}), "must be a bare file name"),
        (json.dumps({"source_file": "a.txt", "events": [1]}), "not in the gold format"),
    ],
)
def test_malformed_gold_fails_with_one_line_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError) as error:
        load_gold_file(path)
    text = str(error.value)
    assert str(path) in text and message in text and "\n" not in text
