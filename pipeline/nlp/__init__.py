"""The single spaCy parse shared by every extractor."""

from pipeline.nlp.parse import MODEL_NAME, load_nlp, parse_texts
from pipeline.nlp.segment import segment_sentences

__all__ = ["MODEL_NAME", "load_nlp", "parse_texts", "segment_sentences"]
