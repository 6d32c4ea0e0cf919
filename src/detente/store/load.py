"""Running the pipeline over a stream of inputs and loading the results into the store.

A broken document (the pipeline or the store raising on it) becomes a ``Skipped`` with its reason
and never stops the others. A missing spaCy model stops everything: no document could succeed.
Written batches are committed one by one, so an interrupted ingest keeps what it wrote and a rerun
skips those documents by content hash.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from detente.schemas import DocResult, Document, Skipped
from detente.store.duckdb_store import Store, WriteSummary
from detente.store.rows import content_hash

if TYPE_CHECKING:
    from detente.pipeline import Pipeline

# What a store write raises for bad records, as opposed to a database that cannot be written.
DATA_ERRORS = (
    ValueError,
    TypeError,
    OverflowError,
    pa.ArrowException,
    duckdb.DataError,
    duckdb.IntegrityError,
)


@dataclass(slots=True)
class IngestReport:
    """What a run did. ``new`` counts documents extracted (and, for an ingest, written)."""

    read: int = 0  # documents read from the inputs
    new: int = 0
    known: int = 0  # documents left out because their content hash was already stored
    skipped: list[Skipped] = field(default_factory=list)  # inputs that could not be read
    failed: list[Skipped] = field(default_factory=list)  # documents the pipeline or the store rejected
    replaced: list[str] = field(default_factory=list)  # doc_ids whose stored text was replaced
    mentions: int = 0
    actors: Counter[str] = field(default_factory=Counter)  # mentions per resolved code
    events: int = 0
    facts: int = 0
    run_id: int | None = None

    @property
    def complete(self) -> bool:
        """True when every input went in (nothing skipped, nothing failed)."""
        return not self.skipped and not self.failed

    def add(self, result: DocResult, sign: int = 1) -> None:
        """Count (or, with ``sign=-1``, uncount) a document and its records."""
        self.new += sign
        self.mentions += sign * len(result.mentions)
        for mention in result.mentions:
            if mention.code:
                self.actors[mention.code] += sign
        self.actors = +self.actors  # drop codes counted down to zero
        self.events += sign * len(result.events)
        self.facts += sign * len(result.facts)


class _InputError(Exception):
    """Reading the inputs failed: fatal, unlike a failure on one document."""


def _label(document: Document) -> str:
    return document.path or document.doc_id


def _reason(stage: str, exc: BaseException) -> str:
    message = str(exc).strip().splitlines()
    return f"{stage}: {type(exc).__name__}" + (f": {message[0]}" if message else "")


def process_documents(
    pipeline: Pipeline, documents: Iterable[Document], *, batch_size: int = 16, workers: int = 1
) -> Iterator[DocResult | Skipped]:
    """The pipeline's result for each document, in order; a ``Skipped`` for a document it fails on.

    Documents stream through ``pipeline.process`` (keeping its batching and workers). When it
    raises, the documents in flight are run one by one to find the broken one, then streaming
    resumes with the rest. ModelNotFound and errors reading ``documents`` propagate.
    """
    from detente.nlp.model import ModelNotFound  # imports spaCy: only when a pipeline really runs

    source = iter(documents)
    in_flight: deque[Document] = deque()

    def feed() -> Iterator[Document]:
        while True:
            try:
                document = next(source)
            except StopIteration:
                return
            except Exception as exc:
                raise _InputError from exc
            in_flight.append(document)
            yield document

    while True:
        try:
            for result in pipeline.process(feed(), batch_size=batch_size, workers=workers):
                in_flight.popleft()
                yield result
        except _InputError as exc:
            raise exc.__cause__ from None
        except (ModelNotFound, MemoryError):
            raise
        except Exception:
            while in_flight:
                document = in_flight.popleft()
                try:
                    yield pipeline.process_one(document)
                except (ModelNotFound, MemoryError):
                    raise
                except Exception as exc:
                    yield Skipped(_label(document), _reason("pipeline", exc))
            continue  # resume streaming with the documents not read yet
        # The pipeline ended without a result for some documents: a pipeline bug, said so per document.
        yield from (Skipped(_label(d), "pipeline: returned no result") for d in in_flight)
        return


def extract_results(
    items: Iterable[Document | Skipped],
    pipeline: Pipeline,
    report: IngestReport,
    *,
    batch_size: int = 16,
    workers: int = 1,
    known: set[str] | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
    on_skip: Callable[[str, Skipped], None] | None = None,
) -> Iterator[DocResult]:
    """Run the pipeline over what ``read_inputs`` yields, counting everything into ``report``.

    Unreadable inputs go to ``report.skipped``, documents the pipeline fails on to ``report.failed``;
    documents whose content hash is in ``known`` are counted as known and left out (``known`` grows
    with every new hash, so a text repeated in the inputs is processed once). ``on_progress`` is
    called with the report after each input, ``on_skip`` with the stage (read, pipeline) and the
    ``Skipped`` of each input left out.
    """
    known = set() if known is None else known

    def documents() -> Iterator[Document]:
        for item in items:
            if isinstance(item, Skipped):
                report.skipped.append(item)
                if on_skip:
                    on_skip("read", item)
            else:
                report.read += 1
                digest = content_hash(item)
                if digest not in known:
                    known.add(digest)
                    yield item
                    continue
                report.known += 1
            if on_progress:
                on_progress(report)

    for item in process_documents(pipeline, documents(), batch_size=batch_size, workers=workers):
        if isinstance(item, Skipped):
            report.failed.append(item)
            if on_skip:
                on_skip("pipeline", item)
        else:
            report.add(item)
            yield item
        if on_progress:
            on_progress(report)


def _write_one(store: Store, result: DocResult, report: IngestReport) -> WriteSummary | None:
    try:
        return store.write([result])
    except DATA_ERRORS as exc:
        report.add(result, -1)
        failed = Skipped(_label(result.document), _reason("store", exc))
        report.failed.append(failed)
        store.log_skipped(report.run_id, "store", [failed])
        return None


def _write(store: Store, batch: list[DocResult], report: IngestReport) -> None:
    """Write a batch in one transaction; if its records are rejected, write document by document."""
    try:
        summaries = [store.write(batch)]
    except DATA_ERRORS:
        summaries = [s for s in (_write_one(store, r, report) for r in batch) if s]
    by_id = {r.document.doc_id: r for r in batch}
    for summary in summaries:
        report.replaced += summary.replaced
        for doc_id in summary.unchanged:  # stored meanwhile by another process: known, not new
            report.add(by_id[doc_id], -1)
            report.known += 1


def ingest_documents(
    store: Store,
    items: Iterable[Document | Skipped],
    pipeline: Pipeline,
    *,
    batch_size: int = 16,
    workers: int = 1,
    inputs: Sequence[str] = (),
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Extract and store every document among ``items`` not stored yet; one transaction per batch.

    ``items`` is what ``detente.ingest.read_inputs`` yields. The run, and every input or document
    left out, is logged in the ``runs`` and ``skipped`` tables (``inputs`` names the run's inputs);
    an interrupted run keeps ``finished_at`` empty.
    """
    report = IngestReport(run_id=store.start_run(inputs))
    results = extract_results(
        items,
        pipeline,
        report,
        batch_size=batch_size,
        workers=workers,
        known=store.known_hashes(),
        on_progress=on_progress,
        on_skip=lambda stage, item: store.log_skipped(report.run_id, stage, [item]),
    )
    batch: list[DocResult] = []
    for result in results:
        batch.append(result)
        if len(batch) >= batch_size:
            _write(store, batch, report)
            batch = []
    if batch:
        _write(store, batch, report)
    counts = {
        "documents_read": report.read,
        "documents_new": report.new,
        "documents_known": report.known,
        "skipped": len(report.skipped),
        "failed": len(report.failed),
    }
    store.finish_run(report.run_id, counts)
    return report
