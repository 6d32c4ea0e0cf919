"""Background ingest of uploaded articles: one writer thread, jobs polled through the API.

Uploads are queued on a single-thread executor, the database's one writer (see ``database``):
jobs run one after the other, each through ``ingest_documents`` as `detente ingest` would, so
every batch is one transaction and every run is logged in the ``runs`` table. The spaCy pipeline
is loaded by the first job and kept. Requests only read a job's snapshot, taken under a lock.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from detente.ingest import read_inputs
from detente.schemas import Document, Skipped
from detente.store.load import IngestReport, ingest_documents
from detente.store.queries import IN_LIST

if TYPE_CHECKING:
    from detente.pipeline import Pipeline
    from detente.web.database import Database

log = logging.getLogger(__name__)

KEEP_JOBS = 200  # finished jobs remembered for polling; older ones are forgotten
MAX_DOC_LINKS = 50  # stored documents listed per job


class PipelineFactory(Protocol):
    """Builds the extraction pipeline (tests pass one without spaCy)."""

    def __call__(self) -> Pipeline: ...


def default_pipeline() -> Pipeline:
    """The shipped pipeline (imports spaCy, so only when the first upload runs)."""
    from detente.pipeline import Pipeline

    return Pipeline()


class Cancelled(Exception):
    """The server is shutting down: the running job stops after its last committed batch."""


@dataclass(slots=True)
class Job:
    """One upload's ingest, as the API reports it."""

    id: str
    inputs: list[str]
    state: str = "queued"  # queued, reading, loading, extracting, done, failed, cancelled
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished: dt.datetime | None = None
    total: int | None = None  # documents to extract, known once the inputs are read
    read: int = 0
    new: int = 0
    known: int = 0
    events: int = 0
    facts: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)  # inputs skipped, documents failed
    documents: list[str] = field(default_factory=list)  # doc_ids stored from this upload
    message: str | None = None


@dataclass(slots=True)
class Submission:
    """What one upload asks for: saved files, pasted documents, URLs to fetch."""

    files: list[Path] = field(default_factory=list)
    pasted: list[Document] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        """The inputs as the ingest log records them."""
        return [*(str(p) for p in self.files), *(d.path or d.doc_id for d in self.pasted), *self.urls]


class IngestJobs:
    """The queue of upload jobs and the thread that runs them against the database's writer."""

    def __init__(
        self,
        database: Database,
        *,
        pipeline_factory: PipelineFactory = default_pipeline,
        fetch_urls: bool = False,
        max_bytes: int = 5_000_000,
    ) -> None:
        self.database = database
        self.fetch_urls = fetch_urls
        self.max_bytes = max_bytes
        self._pipeline_factory = pipeline_factory
        self._pipeline: Pipeline | None = None
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="detente-ingest")

    @staticmethod
    def new_id() -> str:
        """A fresh job id: hex only, so it is also a safe folder name."""
        return uuid.uuid4().hex[:16]

    def submit(self, job_id: str, submission: Submission) -> dict[str, Any]:
        """Queue a job; return its first snapshot."""
        job = Job(id=job_id, inputs=submission.names())
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._executor.submit(self._run, job, submission)
        return self.snapshot(job.id) or {}

    def snapshot(self, job_id: str) -> dict[str, Any] | None:
        """A consistent copy of a job's state, or None for an unknown id."""
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else _as_dict(job)

    def snapshots(self) -> list[dict[str, Any]]:
        """Every remembered job, newest first."""
        with self._lock:
            return [_as_dict(job) for job in reversed(self._jobs.values())]

    def shutdown(self) -> None:
        """Cancel queued jobs, stop the running one after its current batch, wait for the thread."""
        self._stopping.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for job in self._jobs.values():
                if job.state == "queued":
                    job.state, job.message = "cancelled", "the server stopped before the job ran"

    # The worker thread

    def _set(self, job: Job, **values: Any) -> None:
        with self._lock:
            for key, value in values.items():
                setattr(job, key, value)

    def _run(self, job: Job, submission: Submission) -> None:
        try:
            self._set(job, state="reading")
            items: list[Document | Skipped] = list(
                read_inputs(
                    [*submission.files, *submission.urls],
                    fetch_urls=self.fetch_urls,
                    max_bytes=self.max_bytes,
                )
            )
            items += submission.pasted
            documents = [item for item in items if isinstance(item, Document)]
            self._set(job, state="loading", total=len(documents))
            pipeline = self._load_pipeline()
            self._set(job, state="extracting")
            with self.database.writer() as store:
                report = ingest_documents(
                    store, items, pipeline, inputs=job.inputs, on_progress=lambda r: self._progress(job, r)
                )
                ids = [d.doc_id for d in documents]
                found = {
                    r["doc_id"] for r in store.rows(f"SELECT doc_id FROM documents WHERE doc_id IN {IN_LIST}", [ids])
                }
                stored = [doc_id for doc_id in ids if doc_id in found]
            self._progress(job, report)
            self._set(job, state="done", documents=stored[:MAX_DOC_LINKS], finished=dt.datetime.now(dt.UTC))
        except Cancelled:
            self._set(job, state="cancelled", message="the server stopped", finished=dt.datetime.now(dt.UTC))
        except Exception as exc:
            # A job's failure is reported on the job (one line), never raised into the server.
            log.exception("ingest job %s failed", job.id)
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            self._set(job, state="failed", message=message, finished=dt.datetime.now(dt.UTC))
        finally:
            self.database.changed()  # whatever batches were committed, answers cached before are stale

    def _load_pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = self._pipeline_factory()
        return self._pipeline

    def _progress(self, job: Job, report: IngestReport) -> None:
        if self._stopping.is_set():
            raise Cancelled
        self._set(
            job,
            read=report.read,
            new=report.new,
            known=report.known,
            events=report.events,
            facts=report.facts,
            problems=_problems(report.skipped, "skipped") + _problems(report.failed, "failed"),
        )


def _problems(items: Sequence[Skipped], what: str) -> list[dict[str, str]]:
    return [{"input": item.input, "problem": what, "reason": item.reason} for item in items]


def _as_dict(job: Job) -> dict[str, Any]:
    done = job.new + job.known + sum(p["problem"] == "failed" for p in job.problems)
    return {
        "id": job.id,
        "state": job.state,
        "inputs": list(job.inputs),
        "created": job.created,
        "finished": job.finished,
        "total": job.total,
        "processed": done,
        "read": job.read,
        "new": job.new,
        "known": job.known,
        "events": job.events,
        "facts": job.facts,
        "problems": [dict(p) for p in job.problems],
        "documents": list(job.documents),
        "message": job.message,
    }
