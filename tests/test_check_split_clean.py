"""No file of the repository (code, docstrings, knowledge, tests, docs) quotes an article of the check split.

The check split measures how the pipeline does on text nobody tuned to; a rule or a test written around one of
its sentences would make that figure a lie. Any run of 8 consecutive words of a check article found in a tracked
file fails here (the gold annotations, whose anchors quote their articles by design, are the one exception).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pipeline.evaluation.gold import CHECK, load_gold_dir
from tests.conftest import GOLD, NEEDS_SHARED, ROOT, SHARED

pytestmark = NEEDS_SHARED

SHINGLE = 8
EXEMPT = ("eval/gold/",)
WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("\u2019", "'"))


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def quoting(files: list[Path], quoted: set[tuple[str, ...]]) -> dict[str, str]:
    """file -> the first quoted run of words it contains."""
    found = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary
        hit = next((" ".join(s) for s in sorted(shingles(text)) if s in quoted), None)
        if hit:
            found[str(path.relative_to(ROOT))] = hit
    return found


def _check_shingles() -> set[tuple[str, ...]]:
    check = [g.source_file for g in load_gold_dir(GOLD) if g.split == CHECK]
    assert len(check) == 11
    return set().union(*(shingles((SHARED / "eval" / "pool" / name).read_text(encoding="utf-8")) for name in check))


def test_no_tracked_file_quotes_a_check_article() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    files = [ROOT / name for name in listed if not name.startswith(EXEMPT) and (ROOT / name).is_file()]
    assert len(files) > 100
    assert quoting(files, _check_shingles()) == {}


def test_a_quote_would_be_found(tmp_path: Path) -> None:
    quoted = _check_shingles()
    planted = " ".join(sorted(quoted)[len(quoted) // 2])
    path = ROOT / "outputs" / ".check_quote_probe.txt"
    path.parent.mkdir(exist_ok=True)
    try:
        path.write_text(f'RULE = "{planted.upper()}"  # an example', encoding="utf-8")
        assert quoting([path], quoted) == {str(path.relative_to(ROOT)): planted}
    finally:
        path.unlink()
