"""The ordered stages and the run loop: Document -> DocResult.

STUB while the stages are being written: only sentence splitting works yet. The public API
(``Pipeline``, ``Pipeline.process``, ``Pipeline.process_one``, ``extract_text``) is stable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.schemas import DocResult, Document, Sentence


class Pipeline:
    """Runs every extraction stage over documents.

    ``registry`` adds user actor files or folders to the shipped registry.
    """

    def __init__(self, registry: Iterable[str | Path] = (), model: str | None = None) -> None:
        self.registry_paths = [Path(p) for p in registry]
        self.model_name = model

    def process_one(self, document: Document) -> DocResult:
        """Extract everything from one document."""
        sentences = []
        start = 0
        for i, line in enumerate(document.text.split("\n")):
            if line.strip():
                sentences.append(Sentence(document.doc_id, len(sentences), start, start + len(line), line))
            start += len(line) + 1
            del i
        return DocResult(document=document, sentences=sentences)

    def process(self, documents: Iterable[Document], batch_size: int = 16, workers: int = 1) -> Iterator[DocResult]:
        """Extract everything from each document, in input order, streaming."""
        for document in documents:
            yield self.process_one(document)


def extract_text(
    text: str, *, doc_id: str = "doc", published: str | None = None, title: str | None = None,
    pipeline: Pipeline | None = None,
) -> DocResult:
    """Run the pipeline on one piece of text (convenience for notebooks, tests and benchmarks)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    document = Document(doc_id=doc_id, text=text, title=title, published=published, content_hash=digest)
    return (pipeline or Pipeline()).process_one(document)
