"""The language layer: the one spaCy parse per document (`parse`, cached by `cache`, cut into sentences by
`segment`) and the shared tools every extractor uses on it: dates (`dates`), numbers and units (`numbers`),
negation and modality (`modality`), which actors a phrase names (`mentions`), what "he", "it", "they", "the
minister" or "both countries" refer back to (`anaphora`, the one resolver every extractor uses) and who holds or
said something (`attribution`).

May import only core and knowledge.
"""

from pipeline.nlp.parse import MODEL_NAME, load_nlp, parse_texts
from pipeline.nlp.segment import segment_sentences

__all__ = ["MODEL_NAME", "load_nlp", "parse_texts", "segment_sentences"]
