"""Sentence segmentation with exact character offsets into the cleaned text."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.core.model import Sentence, stable_id


def segment_sentences(doc_id: str, doc: Doc) -> list[Sentence]:
    """Sentences of a parsed document, whitespace-trimmed, so `text[char_start:char_end] == sentence.text`.

    Boundaries come from the parser plus the paragraph rule (a line break always ends a sentence).
    """
    text = doc.text
    sentences: list[Sentence] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        # A parser sentence may still contain a line break when spaCy tokenised "\n" inside a token.
        for piece_start, piece_end in _split_lines(text, start, end):
            sentences.append(
                Sentence(
                    sentence_id=stable_id("sen", doc_id, piece_start, piece_end),
                    ordinal=len(sentences),
                    char_start=piece_start,
                    char_end=piece_end,
                    text=text[piece_start:piece_end],
                )
            )
    return sentences


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = start
    while cursor < end:
        newline = text.find("\n", cursor, end)
        stop = end if newline == -1 else newline
        a, b = cursor, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            pieces.append((a, b))
        cursor = stop + 1
    return pieces
