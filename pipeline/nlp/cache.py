"""A per-document cache of spaCy parses (DocBin files keyed by document id and model version).

Parse once: the sentences asset parses every new document and stores it here; every extractor reloads the
parse instead of re-running the model. Loading a DocBin is many times faster than parsing.

Every read is checked against the document's text: a parse that cannot be loaded or is of another text, and
stored sentences that are not exact spans of the text, are logged with their path, removed and made again
(pipeline/core/cache_files.py), so a damaged cache file costs one parse, never a failed or wrong run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from spacy.tokens import Doc, DocBin

from pipeline.core.cache_files import discard, write_bytes_atomic
from pipeline.core.model import Sentence
from pipeline.core.versions import code_hash
from pipeline.core.workers import SERIAL, WorkerPool, chunks
from pipeline.nlp.parse import load_nlp, model_version, parse_texts
from pipeline.nlp.segment import segment_sentences

PARSE_BATCH = 8  # documents per nlp.pipe batch (and per worker task)
STREAM_DOCS = 1024  # documents whose sentences sentences_all holds at once (a multiple of PARSE_BATCH)
PARSE_FILES = (".spacy", ".sentences.json")
PARSE_CODE = ("nlp/parse.py", "nlp/segment.py", "core/model.py")  # the code a stored parse depends on  # what is stored per document: `<doc_id><suffix>`


class ParseCache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @property
    def folder(self) -> Path:
        """Where this model and segmentation code's parses are (another version: another folder)."""
        return self.directory / f"{model_version()}-{code_hash(*PARSE_CODE)}"

    def path_for(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}{PARSE_FILES[0]}"

    def sentences_all(
        self, items: Iterable[tuple[str, str]], pool: WorkerPool = SERIAL
    ) -> Iterator[tuple[str, list[Sentence], bool]]:
        """Yield (doc_id, sentences, was_parsed) for (doc_id, text) pairs, in input order.

        Sentences are stored beside the parse, so a document parsed in an earlier run costs one small file
        read here, not a DocBin load. The others are parsed in batches of PARSE_BATCH, in `pool`'s worker
        processes when there are enough of them; a worker stores the parse and the sentences itself and sends
        back only the sentences (never a Doc), and the batches are the same whatever the pool's size. The
        documents go through STREAM_DOCS at a time, so only that many documents' sentences are ever held here.
        """
        items = list(items)
        n_todo = sum(not self._sentences_path(doc_id).exists() for doc_id, _ in items)  # sizes the pool
        for window in chunks(items, STREAM_DOCS):
            known = {doc_id: self._read_sentences(doc_id, text) for doc_id, text in window}
            todo = [(doc_id, text) for doc_id, text in window if known[doc_id] is None]
            parsed: set[str] = set()
            batches = chunks(todo, PARSE_BATCH)
            for doc_id, sentences, was_parsed in pool.map(
                partial(_parse_batch, self), batches, max(n_todo, len(todo)), _describe_batch
            ):
                known[doc_id] = sentences
                if was_parsed:
                    parsed.add(doc_id)
            for doc_id, _ in window:
                yield doc_id, known[doc_id] or [], doc_id in parsed

    def _sentences_path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}{PARSE_FILES[1]}"

    def _read_sentences(self, doc_id: str, text: str) -> list[Sentence] | None:
        """The stored sentences of `text`, None when they (or the parse) are missing or do not fit `text`."""
        path = self._sentences_path(doc_id)
        try:
            rows = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            discard(path, exc)
            return None
        if not _fit(rows, text):
            discard(path, "its sentences are not spans of the document's text")
            return None
        if not self.path_for(doc_id).exists():
            return None  # the parse is gone: parse again
        return [Sentence(*row) for row in rows]

    def write_sentences(self, doc_id: str, sentences: list[Sentence]) -> None:
        rows = [[s.sentence_id, s.ordinal, s.char_start, s.char_end, s.text] for s in sentences]
        write_bytes_atomic(self._sentences_path(doc_id), json.dumps(rows, ensure_ascii=False).encode())

    def store(self, doc_id: str, doc: Doc) -> None:
        write_bytes_atomic(self.path_for(doc_id), DocBin(docs=[doc], store_user_data=False).to_bytes())

    def load(self, doc_id: str, text: str) -> Doc:
        """The parse of `text` (document `doc_id`): the stored one, or, when it is missing, unreadable or of
        another text, a new one (stored, and a damaged file logged)."""
        path = self.path_for(doc_id)
        try:
            [doc] = DocBin().from_bytes(path.read_bytes()).get_docs(load_nlp().vocab)
        except FileNotFoundError:
            doc = None
        except Exception as exc:  # a damaged DocBin fails in zlib, msgpack or spaCy: no one exception type
            discard(path, f"{type(exc).__name__}: {exc}")
            doc = None
        if doc is not None and doc.text != text:
            discard(path, "it is the parse of another text")
            doc = None
        if doc is None:
            doc = next(parse_texts([text], batch_size=1))
            self.store(doc_id, doc)
        return doc


def _fit(rows: object, text: str) -> bool:
    """Whether `rows` are stored sentences of `text`: [id, ordinal, start, end, sentence text] in order, each
    sentence exactly text[start:end]."""
    if not isinstance(rows, list):
        return False
    for ordinal, row in enumerate(rows):
        if not (isinstance(row, list) and len(row) == 5):
            return False
        sentence_id, number, start, end, sentence = row
        if not (isinstance(sentence_id, str) and number == ordinal and isinstance(start, int) and isinstance(end, int)):
            return False
        if not (isinstance(sentence, str) and 0 <= start <= end and text[start:end] == sentence):
            return False
    return True


def _describe_batch(batch: list[tuple[str, str]]) -> str:
    return "documents " + ", ".join(doc_id for doc_id, _ in batch)


def _parse_batch(cache: ParseCache, batch: list[tuple[str, str]]) -> list[tuple[str, list[Sentence], bool]]:
    """Parse (or reload) and segment one batch of documents, storing both; (doc_id, sentences, was_parsed)."""
    stored = [cache.path_for(doc_id).exists() for doc_id, _ in batch]
    docs = parse_texts(
        [text for (_, text), done in zip(batch, stored, strict=True) if not done], batch_size=PARSE_BATCH
    )
    out = []
    for (doc_id, text), done in zip(batch, stored, strict=True):
        doc = cache.load(doc_id, text) if done else next(docs)
        if not done:
            cache.store(doc_id, doc)
        sentences = segment_sentences(doc_id, doc)
        cache.write_sentences(doc_id, sentences)
        out.append((doc_id, sentences, not done))
    return out
