"""HTML to plain text with the standard library: drop scripts/styles/navigation, keep block structure."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "section", "article", "header", "table", "tr",
    "blockquote", "figure", "figcaption", "pre", "hr", "title", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        if tag == "h1" and not self.skip_depth:
            self.parts.append("# ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


# A complete tag: '<', an optional '!', '?' or '/', a letter, then anything up to '>' that does not open another
# tag ('<' may only appear inside a quoted attribute value).
_TAG = re.compile(r"""<[!?/]?[A-Za-z](?:[^<>"']|"[^"<]*"|'[^'<]*')*>""")


def escape_stray_brackets(html: str) -> str:
    """`html` with every '<' that does not start a complete tag or comment written as '&lt;'.

    The standard library's HTMLParser re-scans the rest of the document from every unterminated '<a ' or
    '<!--' (minutes for a hostile 100 kB page); after this linear pass every '<' it meets is closed, and the
    visible text is unchanged ('&lt;' is decoded back to '<'). An unterminated comment runs to the end.
    """
    out: list[str] = []
    i = 0
    while (j := html.find("<", i)) >= 0:
        out.append(html[i:j])
        if html.startswith("<!--", j):
            end = html.find("-->", j + 4)
            if end < 0:
                return "".join(out)
            out.append(html[j : end + 3])
            i = end + 3
            continue
        tag = _TAG.match(html, j)
        out.append(tag.group() if tag else "&lt;")
        i = tag.end() if tag else j + 1
    out.append(html[i:])
    return "".join(out)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page; the <title> is dropped when an <h1> exists (it usually repeats it)."""
    parser = _TextExtractor()
    parser.feed(escape_stray_brackets(html))
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines)
