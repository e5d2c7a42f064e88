"""A corpus nobody curated, through the real pipeline: every file ends in exactly one of documents or
rejected_files, the run completes, and the 50 MB file is refused without ever being opened.

Unreadable files: the tests run as root in CI, where `chmod 000` does not stop reading. The file is chmod 000
anyway and, when it can still be opened (root), opening it is refused by a Python audit hook raising the same
PermissionError the kernel would give another user. Independently of privileges, a FIFO named `.txt` (which
would block a reader forever) and a symlink loop must both be rejected as unreadable.
"""

from __future__ import annotations

import errno
import os
import random
import sys
from pathlib import Path

import polars as pl
import pytest

from pipeline.execute import run_pipeline
from pipeline.resources import PipelineConfig

BIG_MB = 50
OUTSIDE_SECRET = "Outside secret article that must never be read into the dataset"
SCRIPT_MARKER = "SCRIPT_MARKER_MUST_NOT_APPEAR"


def article(subject: str, place: str) -> str:
    """A short, distinct article (enough words to pass the boilerplate filter)."""
    return (
        f"{subject} Talks in {place}\n\n"
        f"Delegations met in {place} on Monday to discuss {subject.lower()} and agreed to set up a joint "
        f"technical commission before the end of the year, officials said after the meeting.\n\n"
        f"Both governments described the {subject.lower()} talks in {place} as constructive and said further "
        "rounds would follow in the spring.\n"
    )


# ------------------------------------------------------------------------------------- audit-hook helpers

_WATCH: dict[str, object] = {"active": False, "deny": set(), "opened": []}


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not _WATCH["active"] or isinstance(args[0], int) or args[0] is None:
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    _WATCH["opened"].append(path)  # type: ignore[union-attr]
    if path in _WATCH["deny"]:  # type: ignore[operator]
        raise PermissionError(errno.EACCES, "Permission denied (simulated: tests run as root)", path)


sys.addaudithook(_audit)  # hooks cannot be removed; this one is inert unless _WATCH["active"]


# ---------------------------------------------------------------------------------------------- corpus


def build_hostile_corpus(root: Path) -> tuple[Path, Path, Path]:
    """Write the corpus; returns (corpus folder, the 50 MB file, the chmod 000 file)."""
    corpus = root / "corpus"
    outside = root / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(article(OUTSIDE_SECRET, "Nowhere"))
    (outside / "folder" / "inside.txt").write_text(article(OUTSIDE_SECRET, "Elsewhere"))
    trade = article("Trade", "Vienna")
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace only.md": b" \n\t\n   \n",
        "unicode blank.txt": "\u00a0\u2003\u3000\n\u200b\n".encode(),
        "photo.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64,
        "noise.txt": random.Random(7).randbytes(20_000),
        "utf16 no bom.txt": article("Fisheries", "Reykjavik").encode("utf-16-le"),
        "mixed/cp1252 quotes.txt": article("“Energy” Pipeline", "Baku").encode("cp1252"),
        "mixed/latin1 accents.txt": article("Café Diplomacy", "Genève").encode("latin-1"),
        "mixed/utf8 bom.md": b"\xef\xbb\xbf" + article("Water", "Tashkent").encode(),
        "mixed/utf8 plain.txt": article("Railway", "Astana").encode(),
        "page.html": (
            "<!DOCTYPE html><html><head><title>Grain Deal</title>"
            f"<script>var x = '{SCRIPT_MARKER}'; if (a < b) {{ x = 1; }}</script></head><body>"
            "<h1>Grain Deal &amp; Ports</h1><p>Negotiators in Istanbul agreed on Friday to reopen the ports "
            "for grain shipments &mdash; a deal officials called &ldquo;fragile&rdquo; but vital for food "
            "prices, the Caf&eacute; Europa meeting&#8217;s host said after nine hours of talks.</p>"
            "<p>The agreement will be reviewed every four months by a joint coordination centre.</p>"
            "</body></html>"
        ).encode(),
        "duplicates/trade.txt": trade.encode(),
        "duplicates/trade_copy.txt": trade.encode(),
        "duplicates/trade_utf16.txt": trade.encode("utf-16"),
        "статья о Пекине.md": article("Border", "Blagoveshchensk").encode(),
        "中国 俄罗斯 报告.txt": article("Gas", "Harbin").encode(),
        "a/b/c/deep nested article.txt": article("Satellite", "Baikonur").encode(),
        "report.pdf": b"%PDF-1.4 not an article",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",  # hidden: ignored by design (README "Guarantees")
        "locked.txt": article("Secret", "Bern").encode(),
    }
    for name, data in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (corpus / os.fsdecode(b"bad-\xff-name.txt")).write_bytes(article("Uranium", "Almaty").encode())
    big = corpus / "huge dump.txt"
    with big.open("wb") as handle:
        block = article("Big", "Nowhere").encode() * 64
        while handle.tell() < BIG_MB * 1024 * 1024:
            handle.write(block)
    (corpus / "link to secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "linked folder").symlink_to(outside / "folder")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    (corpus / "link to trade.txt").symlink_to(corpus / "duplicates" / "trade.txt")
    os.mkfifo(corpus / "pipe.txt")
    locked = corpus / "locked.txt"
    locked.chmod(0)
    return corpus, big, locked


def expected_entries(corpus: Path) -> set[str]:
    """Every non-hidden file, symlink and FIFO under the corpus, named as rejected_files/documents name them."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(corpus):
        entries = filenames + [d for d in dirnames if (Path(dirpath) / d).is_symlink()]
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in entries:
            if not name.startswith("."):
                relative = (Path(dirpath) / name).relative_to(corpus).as_posix()
                found.add(relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))
    return found


def _readable(path: Path) -> bool:
    try:
        with path.open("rb"):
            return True
    except PermissionError:
        return False


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path):
    root = tmp_path_factory.mktemp("hostile")
    corpus, big, locked = build_hostile_corpus(root)
    simulated = _readable(locked)  # True when running as root: chmod 000 does not stop us
    _WATCH.update(active=True, deny={str(locked.resolve())} if simulated else set(), opened=[])
    try:
        run_pipeline(
            PipelineConfig(
                corpus_dir=str(corpus), outputs_dir=str(root / "outputs"), gold_dir=str(root / "no_gold"),
                max_document_mb=1.0,
            )
        )  # fmt: skip
        opened = list(_WATCH["opened"])  # type: ignore[call-overload]
    finally:
        _WATCH.update(active=False, deny=set(), opened=[])
        locked.chmod(0o644)
    parquet = root / "outputs" / "parquet"
    return {
        "corpus": corpus,
        "big": big,
        "opened": opened,
        "documents": pl.read_parquet(parquet / "documents.parquet"),
        "rejected": pl.read_parquet(parquet / "rejected_files.parquet"),
        "sentences": pl.read_parquet(parquet / "sentences.parquet"),
    }


def _reasons(run) -> dict[str, str]:
    return dict(zip(run["rejected"]["source_path"], run["rejected"]["reason"], strict=True))


def _doc(run, source_path: str) -> dict:
    [row] = run["documents"].filter(pl.col("source_path") == source_path).to_dicts()
    return row


def test_every_file_ends_in_exactly_one_table(hostile_run) -> None:
    documents = hostile_run["documents"]["source_path"].to_list()
    rejected = hostile_run["rejected"]["source_path"].to_list()
    assert len(documents) == len(set(documents)) and len(rejected) == len(set(rejected))
    assert not set(documents) & set(rejected)
    assert set(documents) | set(rejected) == expected_entries(hostile_run["corpus"])
    assert all(hostile_run["rejected"]["detail"].str.len_chars() > 0)


def test_each_hostile_file_gets_the_right_outcome(hostile_run) -> None:
    reasons = _reasons(hostile_run)
    assert {k: reasons[k] for k in reasons if k not in {"noise.txt"}} == {
        "huge dump.txt": "too_large",
        "empty.txt": "empty_file",
        "whitespace only.md": "empty_file",
        "unicode blank.txt": "empty_file",
        "photo.txt": "binary_file",
        "report.pdf": "unsupported_type",
        "link to secret.txt": "symlink_outside_corpus",
        "linked folder": "symlink_outside_corpus",
        "loop.txt": "unreadable",
        "pipe.txt": "unreadable",
        "locked.txt": "unreadable",
        "duplicates/trade_copy.txt": "duplicate_content",
        "duplicates/trade_utf16.txt": "duplicate_content",
        "link to trade.txt": "duplicate_content",
    }
    assert reasons["noise.txt"] in {"binary_file", "undecodable", "only_boilerplate"}
    assert set(hostile_run["documents"]["source_path"]) == {
        "utf16 no bom.txt", "mixed/cp1252 quotes.txt", "mixed/latin1 accents.txt", "mixed/utf8 bom.md",
        "mixed/utf8 plain.txt", "page.html", "duplicates/trade.txt", "статья о Пекине.md",
        "中国 俄罗斯 报告.txt", "a/b/c/deep nested article.txt", "bad-\\xff-name.txt",
    }  # fmt: skip


def test_duplicates_are_kept_once_with_the_reason(hostile_run) -> None:
    details = dict(
        zip(hostile_run["rejected"]["source_path"], hostile_run["rejected"]["detail"], strict=True)
    )
    for copy in ("duplicates/trade_copy.txt", "duplicates/trade_utf16.txt", "link to trade.txt"):
        assert details[copy] == "same article text as duplicates/trade.txt"


def test_the_50mb_file_is_rejected_without_being_opened(hostile_run) -> None:
    big = hostile_run["big"]
    assert big.stat().st_size >= BIG_MB * 1024 * 1024
    assert str(big.resolve()) not in hostile_run["opened"]
    assert any("mixed" in path for path in hostile_run["opened"])  # the hook did see the other files opened
    detail = hostile_run["rejected"].filter(pl.col("source_path") == "huge dump.txt")["detail"].item()
    assert "exceeds the limit of 1048576 bytes" in detail


def test_encodings_are_detected_and_text_is_right(hostile_run) -> None:
    assert _doc(hostile_run, "utf16 no bom.txt")["encoding"] == "utf-16-le"
    assert _doc(hostile_run, "mixed/utf8 bom.md")["encoding"] == "utf-8-sig"
    cp1252 = _doc(hostile_run, "mixed/cp1252 quotes.txt")
    assert cp1252["encoding"] == "cp1252" and "“Energy” Pipeline" in cp1252["text"]
    assert "Genève" in _doc(hostile_run, "mixed/latin1 accents.txt")["text"]
    assert "Fisheries" in _doc(hostile_run, "utf16 no bom.txt")["text"]


def test_html_scripts_dropped_and_entities_decoded(hostile_run) -> None:
    page = _doc(hostile_run, "page.html")
    assert SCRIPT_MARKER not in page["text"] and "<" not in page["text"]
    assert "Grain Deal & Ports" in page["text"]
    assert "ports for grain shipments — a deal officials called “fragile”" in page["text"]
    assert "Café Europa meeting’s host" in page["text"]


def test_nothing_from_outside_the_corpus_is_read(hostile_run) -> None:
    assert not hostile_run["documents"]["text"].str.contains(OUTSIDE_SECRET).any()
    outside = hostile_run["corpus"].parent / "outside"
    assert not [path for path in hostile_run["opened"] if path.startswith(str(outside))]


def test_sentences_of_hostile_documents_are_exact(hostile_run) -> None:
    texts = dict(zip(hostile_run["documents"]["doc_id"], hostile_run["documents"]["text"], strict=True))
    for row in hostile_run["sentences"].iter_rows(named=True):
        assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["text"]
