"""YAML front matter (a `---` block at the top of a .md/.txt file) read with python-frontmatter."""

from __future__ import annotations

import frontmatter
import yaml

from pipeline.ingest.document_meta import FRONT_MATTER, DocumentMeta, from_fields


class FrontMatterError(ValueError):
    """The front matter is YAML but says something unusable (a date that is no date)."""


def split_front_matter(text: str) -> tuple[str, DocumentMeta]:
    """(the text without its front matter, what the front matter says). Text without a valid front matter
    block is returned whole: a `---` line that does not open YAML is article text, and nothing is lost."""
    if not text.startswith("---"):
        return text, DocumentMeta()
    try:
        values, body = frontmatter.parse(text)
    except (yaml.YAMLError, ValueError):
        return text, DocumentMeta()
    if not values:
        return text, DocumentMeta()
    try:
        return body, from_fields(values, FRONT_MATTER)
    except ValueError as exc:
        raise FrontMatterError(f"front matter: {exc}") from None
