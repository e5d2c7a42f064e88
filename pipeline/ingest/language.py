"""Which language a document is written in (py3langid: a model shipped inside the package, no download).

The extractors are English rules and an English model: a document in another language is rejected with reason
`not_english` rather than producing English-rule garbage. Detection reads the cleaned text's first
SAMPLE_CHARS characters.
"""

from __future__ import annotations

from functools import cache

SAMPLE_CHARS = 4000
ENGLISH = "en"


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the language of `text`."""
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(code), float(probability)
