"""The gold is sound: every file passes the mechanical check against its article, the split follows its rule,
and malformed gold fails with one line naming the file (never a traceback, never a path outside the folder)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import ArticlesFolderError, EvaluationRefused, gather_sources, select_gold
from pipeline.evaluation.gold import CHECK, TUNE, GoldError, load_gold_dir, load_gold_file, parse_gold
from pipeline.evaluation.gold_check import check_file
from tests.conftest import CORPUS, DEV_ARTICLES, GOLD, NEEDS_SHARED, ROOT, SHARED

POOL = SHARED / "eval" / "pool"
ARTICLES = {"dev": [CORPUS, DEV_ARTICLES], "pool": [POOL], "fixtures": [ROOT / "eval" / "fixtures" / "articles"]}


def _manifest() -> list[dict[str, str]]:
    with (GOLD / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "collection",
    [
        pytest.param(name, marks=NEEDS_SHARED) if any(SHARED in d.parents for d in dirs) else name
        for name, dirs in sorted(ARTICLES.items())
    ],
)
def test_every_gold_file_passes_the_mechanical_check(collection: str) -> None:
    files = sorted((GOLD / collection).glob("*.json"))
    assert files
    problems = [p for f in files for p in check_file(f, ARTICLES[collection])]
    assert problems == []


@NEEDS_SHARED
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
        (json.dumps({"actors": []}), "source_file is missing"),
        (json.dumps({"source_file": "../../../etc/passwd"}), "must be a bare file name"),
        (json.dumps({"source_file": "a.txt", "events": [1]}), "events[0] must be an object, got 1"),
        (json.dumps({"source_file": "a.txt", "events": "none"}), "events must be a list"),
        (json.dumps({"source_file": "a.txt", "document": {"authors": "Jane Doe"}}), "document.authors: Input"),
        (json.dumps({"source_file": "a.txt", "document": "2020"}), "document must be an object"),
        (json.dumps({"source_file": "a.txt", "actors": [{"name": ["China"]}]}), "actors[0].name: Input should"),
        (json.dumps({"source_file": "a.txt", "events": [{"anchor": 17}]}), "events[0].anchor: Input should be"),
        (json.dumps({"source_file": "a.txt", "metrics": [{"anchor": "a", "value": "ten"}]}), "metrics[0].value"),
        (json.dumps({"source_file": "a.txt", "stances": [{"anchor": "a", "holder": None}]}), "stances[0].holder"),
        ("\ufeff" + json.dumps({"source_file": 5}), "source_file must be a bare file name, got 5"),
        (b"\xff\xfe{", "not a readable JSON file"),
    ],
)
def test_malformed_gold_fails_with_one_line_naming_the_file(
    tmp_path: Path, content: str | bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(GoldError) as error:
        load_gold_file(path)
    text = str(error.value)
    assert str(path) in text and message in text and "\n" not in text
    # and the command line says the same in one line, exit status 2, before running anything
    assert main(["eval", "--gold", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: {text}\n"


def test_a_gold_source_file_is_only_ever_read_from_inside_an_articles_folder(tmp_path: Path) -> None:
    articles, outside = tmp_path / "articles", tmp_path / "outside.txt"
    articles.mkdir()
    outside.write_text("secret", encoding="utf-8")
    (articles / "linked.txt").symlink_to(outside)
    (articles / "real.txt").write_text("an article", encoding="utf-8")
    gold = [parse_gold({"source_file": name}) for name in ("linked.txt", "real.txt")]
    corpus = tmp_path / "work" / "corpus"
    assert gather_sources(gold, [articles], corpus) == ["linked.txt"]
    assert sorted(p.name for p in corpus.iterdir()) == ["real.txt"]


def test_an_articles_folder_inside_the_evaluation_workspace_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "work" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text("an article", encoding="utf-8")
    with pytest.raises(ArticlesFolderError, match="inside the evaluation's own corpus"):
        gather_sources([parse_gold({"source_file": "a.txt"})], [corpus], corpus)
    assert (corpus / "a.txt").read_text(encoding="utf-8") == "an article"  # nothing deleted
