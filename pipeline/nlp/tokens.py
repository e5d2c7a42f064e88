"""Small views of spaCy tokens shared by the extractors."""

from __future__ import annotations

from spacy.tokens import Token


def lemma(token: Token) -> str:
    """Lower-case lemma (the text when the lemmatiser gives none), curly apostrophes folded ("’s" is "'s")."""
    return (token.lemma_.lower() if token.lemma_ else token.lower_).replace("\u2019", "'")
