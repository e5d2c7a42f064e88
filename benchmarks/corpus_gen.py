"""Build a larger, realistic benchmark corpus from the paragraphs of an existing corpus folder.

Every generated article has a title line, an author line and a month/year line (the shape of the real
articles), followed by 3-12 paragraphs drawn (seeded, so reproducible) from the source corpus, in a varied
order. The paragraphs are real article prose, so every extractor does realistic work; the combinations are
distinct, so the deduplication step keeps every article.
"""

from __future__ import annotations

import random
from pathlib import Path

MIN_PARAGRAPH_WORDS = 25
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def source_paragraphs(corpus_dir: Path) -> list[str]:
    """Prose paragraphs (lines of at least MIN_PARAGRAPH_WORDS words) of every .txt/.md file under a folder."""
    paragraphs: list[str] = []
    for path in sorted(Path(corpus_dir).rglob("*")):
        if path.suffix.lower() in {".txt", ".md"} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            paragraphs += [
                line.strip() for line in text.splitlines() if len(line.split()) >= MIN_PARAGRAPH_WORDS
            ]
    if not paragraphs:
        raise ValueError(f"no paragraphs of {MIN_PARAGRAPH_WORDS}+ words under {corpus_dir}")
    return paragraphs


def article(index: int, paragraphs: list[str], seed: int = 0, n_paragraphs: int | None = None) -> str:
    """The text of generated article number `index` (deterministic for a given seed): 3-12 paragraphs, or
    exactly `n_paragraphs` (shorter articles for corpora too large to parse at full length)."""
    rng = random.Random(f"{seed}:{index}")
    k = rng.randint(3, 12) if n_paragraphs is None else n_paragraphs
    body = rng.sample(paragraphs, k=min(len(paragraphs), k))
    title = " ".join(rng.choice(paragraphs).split()[: rng.randint(4, 9)]).rstrip(",;:")
    date = f"{rng.choice(MONTHS)} {rng.randint(2005, 2024)}"
    return "\n\n".join([title, f"Benchmark Author {index % 97}", date, *body]) + "\n"


def write_corpus(
    target: Path, n_docs: int, source: Path, seed: int = 0, start: int = 0, n_paragraphs: int | None = None
) -> list[Path]:
    """Write articles `start .. start+n_docs-1` as `<target>/<bucket>/doc_<index>.txt`; returns their paths."""
    paragraphs = source_paragraphs(source)
    written = []
    for index in range(start, start + n_docs):
        path = Path(target) / f"{index // 1000:03d}" / f"doc_{index:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article(index, paragraphs, seed, n_paragraphs), encoding="utf-8")
        written.append(path)
    return written
