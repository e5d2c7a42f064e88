"""Compare the HTML cleaners on the pool: trafilatura (pipeline/ingest/html.py) against the standard-library
stripper it replaced (taken from git history, commit da71088^).

Every pool article (../shared/eval/pool/*.txt) is rendered as a news page: its paragraphs in <article><p>, around
them a navigation bar, a header, a related-links aside, a figure whose caption and `alt` text hold markup, an
<iframe srcdoc> holding a sentence of its own, and a footer. Both cleaners then run the rest of the cleaning
(pipeline.ingest.clean) and the figures say how much of the article survives and how much else gets in.

    .venv/bin/python benchmarks/html_cleaners.py [--pool DIR]
"""

from __future__ import annotations

import argparse
import html
import subprocess
import time
import types
from collections.abc import Callable
from pathlib import Path

from pipeline.ingest.clean import clean

ROOT = Path(__file__).resolve().parent.parent
OLD = "da71088^"  # the last commit with the standard-library stripper
FURNITURE = {
    "navigation": "Home World Politics Economy Subscribe Sign in",
    "header": "The Daily Analyst | Independent reporting since 1990",
    "aside": "Related: Ten things to know about the summit season",
    "caption": "Leaders meet in the capital (Photo: Agency)",
    "footer": "Copyright 2026 The Daily Analyst. All rights reserved. Privacy policy",
}
ALT = "The minister <em>smiles</em> as x<y talks begin"
SRCDOC = "Hidden troops attacked the border post in the embedded frame."


def page(title: str, paragraphs: list[str]) -> str:
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    figure = (
        f'<figure><img src="a.jpg" alt="{html.escape(ALT, quote=False)}">'
        f"<figcaption>{FURNITURE['caption']}</figcaption></figure>"
    )
    frame = f'<iframe srcdoc="<p>{SRCDOC}</p>"></iframe>'
    body[1:1] = [figure, frame]
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{html.escape(title)}</title></head><body>"
        f"<nav>{''.join(f'<a href=#>{w}</a> ' for w in FURNITURE['navigation'].split())}</nav>"
        f"<header><div>{FURNITURE['header']}</div></header>"
        f"<article><h1>{html.escape(title)}</h1>{''.join(body)}</article>"
        f"<aside><a href=#>{FURNITURE['aside']}</a></aside><footer><p>{FURNITURE['footer']}</p></footer>"
        "</body></html>"
    )


def old_stripper() -> Callable[[str], str]:
    source = subprocess.check_output(["git", "show", f"{OLD}:pipeline/ingest/html.py"], cwd=ROOT, text=True)
    module = types.ModuleType("old_html")
    exec(compile(source, "old_html.py", "exec"), module.__dict__)
    return lambda page_html: clean(module.html_to_text(page_html)).text


def new_cleaner(page_html: str) -> str:
    return clean(page_html, is_html=True).text


def squash(text: str) -> str:
    return " ".join(text.split())


def measure(name: str, cleaner: Callable[[str], str], articles: list[tuple[str, list[str]]]) -> None:
    kept = total = furniture = attribute = markup = 0
    start = time.perf_counter()
    outputs = [cleaner(page(title, paragraphs)) for title, paragraphs in articles]
    seconds = time.perf_counter() - start
    for (_, paragraphs), text in zip(articles, outputs, strict=True):
        flat = squash(text)
        body = [squash(p) for p in paragraphs if len(p.split()) >= 8]
        kept += sum(p in flat for p in body)
        total += len(body)
        furniture += sum(snippet in flat for snippet in FURNITURE.values())
        attribute += ("x<y" in flat or "smiles" in flat) + (SRCDOC in flat)
        markup += any(tag in text for tag in ("<em>", "<p>", "<img", "</"))
    n = len(articles)
    print(
        f"| {name} | {kept}/{total} ({kept / total:.1%}) | {furniture}/{n * len(FURNITURE)} | "
        f"{attribute}/{2 * n} | {markup}/{n} | {1000 * seconds / n:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=Path, default=ROOT.parent / "shared" / "eval" / "pool")
    args = parser.parse_args()
    articles = []
    for path in sorted(args.pool.glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        articles.append((blocks[0], [" ".join(b.split()) for b in blocks[1:]]))
    print(f"{len(articles)} pool articles as HTML pages\n")
    print(
        "| cleaner | body paragraphs kept | furniture lines kept | attribute texts kept | pages with markup | ms/page |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    plain = {page(title, paragraphs): "\n\n".join([title, *paragraphs]) for title, paragraphs in articles}
    measure(
        "(reference: the article as plain text)", lambda page_html: clean(plain[page_html]).text, articles
    )
    measure("standard-library stripper (before)", old_stripper(), articles)
    measure("trafilatura (now)", new_cleaner, articles)


if __name__ == "__main__":
    main()
