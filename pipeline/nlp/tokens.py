"""Small views of spaCy tokens shared by the extractors."""

from __future__ import annotations

from spacy.tokens import Token


def lemma(token: Token) -> str:
    """Lower-case lemma (the text when the lemmatiser gives none), curly apostrophes folded ("’s" is "'s")."""
    return (token.lemma_.lower() if token.lemma_ else token.lower_).replace("\u2019", "'")


TIGHT_DEPS = {
    "det", "amod", "compound", "poss", "nmod", "appos", "conj", "cc", "nummod", "case", "flat", "punct",
    "quantmod", "npadvmod", "predet", "preconj", "nn",
}  # fmt: skip


def argument_tokens(head: Token, tight: bool = True) -> set[int]:
    """Token indices of an argument phrase: tight keeps modifiers, `of` phrases and coordination only."""
    if not tight:
        return {t.i for t in head.subtree}
    seen: set[int] = set()
    stack = [head]
    while stack:
        token = stack.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        for child in token.children:
            of_phrase = child.dep_ == "prep" and child.lower_ == "of"
            if child.dep_ in TIGHT_DEPS or of_phrase or (child.dep_ == "pobj" and token.dep_ == "prep"):
                stack.append(child)
    return seen
