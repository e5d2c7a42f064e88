"""A per-document cache of spaCy parses (DocBin files keyed by document id and model version).

Parse once: the sentences asset parses every new document and stores it here; every extractor reloads the
parse instead of re-running the model. Loading a DocBin is many times faster than parsing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc, DocBin

from pipeline.extract.versions import code_hash
from pipeline.nlp.parse import load_nlp, model_version, parse_texts


class ParseCache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path_for(self, doc_id: str) -> Path:
        return self.directory / f"{model_version()}-{code_hash('nlp')}" / f"{doc_id}.spacy"

    def parse_all(
        self, items: Iterable[tuple[str, str]], n_process: int = 1
    ) -> Iterator[tuple[str, Doc, bool]]:
        """Yield (doc_id, Doc, was_cached) for (doc_id, text) pairs, parsing and storing only missing ones.

        Results come back in input order. The missing documents go through one streaming `nlp.pipe` call, so
        worker processes start once per run (not once per batch) and memory holds one batch of Docs at a time.
        """
        items = list(items)
        missing = [(doc_id, text) for doc_id, text in items if not self.path_for(doc_id).exists()]
        missing_ids = {doc_id for doc_id, _ in missing}
        parsed = parse_texts((text for _, text in missing), n_process=n_process)
        for doc_id, _ in items:
            if doc_id in missing_ids:
                doc = next(parsed)
                self.store(doc_id, doc)
                yield doc_id, doc, False
            else:
                yield doc_id, self.load(doc_id), True

    def store(self, doc_id: str, doc: Doc) -> None:
        path = self.path_for(doc_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(
            f".{path.name}.{os.getpid()}.tmp"
        )  # unique per process: concurrent runs never clash
        DocBin(docs=[doc], store_user_data=False).to_disk(tmp)
        tmp.replace(path)

    def load(self, doc_id: str) -> Doc:
        docs = list(DocBin().from_disk(self.path_for(doc_id)).get_docs(load_nlp().vocab))
        return docs[0]
