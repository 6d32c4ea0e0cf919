"""Whole-document parallelism: worker processes that each build their own Pipeline once and turn
chunks of Documents into DocResults, returned in input order with a bounded number in flight.

Why whole documents rather than spaCy's ``n_process`` on the sentence parse: a worker runs
``prepare`` and ``finish`` too (a sixth of the work, which would otherwise stay serial in the
parent), and ships back small picklable DocResults instead of serialized spaCy Docs. On 200 BBC
articles with two workers the pool ran at 1.4 to 2 times the serial speed, ``n_process=2`` at 0.9
to 1.1 times (docs/performance.md). The sentence parse gives the same analyses whatever the
batch it runs in, so the output does not depend on how documents are split among workers.

Workers are spawned, not forked: the parent may hold threads (DuckDB, a progress bar, a web
server) that a fork would copy in an unknown state. A worker ends when its parent dies, so a
killed ingest leaves no orphans behind.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING

from detente.schemas import DocResult, Document

if TYPE_CHECKING:
    from detente.pipeline import Pipeline

# Chunks queued per worker: two keep a worker busy while the parent collects the previous one,
# and bound what is in memory to 2 x workers x batch_size documents whatever the corpus size.
CHUNKS_PER_WORKER = 2


def available_cores() -> int:
    """The CPU cores this process may run on (containers and ``taskset`` narrow the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """The arguments of a Pipeline: what another process needs to build the same one."""

    registry: tuple[str | Path, ...] = ()
    model: str | None = None
    lexicon: tuple[str | Path, ...] = ()

    def build(self) -> Pipeline:
        """A new Pipeline with these arguments."""
        from detente.pipeline import Pipeline

        return Pipeline(registry=self.registry, model=self.model, lexicon=self.lexicon)


_worker_pipeline: Pipeline | None = None  # in a worker process: its own pipeline


def _exit_with_parent(sentinel: int) -> None:
    wait([sentinel])  # returns when the parent process is gone
    os._exit(1)


def _start_worker(spec: PipelineSpec) -> None:
    """Worker initializer: build the pipeline once; end the worker when its parent dies."""
    global _worker_pipeline
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()
    _worker_pipeline = spec.build()


def _run_chunk(documents: list[Document], batch_size: int) -> list[DocResult]:
    if _worker_pipeline is None:
        raise RuntimeError("worker pipeline not built (the pool initializer did not run)")
    return list(_worker_pipeline.process(documents, batch_size=batch_size))


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    source = iter(documents)
    while chunk := list(itertools.islice(source, size)):
        yield chunk


class WorkerPool:
    """``workers`` spawned processes, each with a Pipeline built from ``spec``."""

    def __init__(self, spec: PipelineSpec, workers: int) -> None:
        self.workers = workers
        self.broken = False
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(spec,),
        )

    def run(self, documents: Iterable[Document], batch_size: int) -> Iterator[DocResult]:
        """The DocResult of each document, in input order.

        Documents go out in chunks of ``batch_size`` (the batches ``Pipeline.process`` would make
        in one process), at most ``CHUNKS_PER_WORKER`` chunks per worker at a time; the next
        chunk is read from ``documents`` only when the oldest one has been handed on. A chunk's
        exception is raised when its turn comes, after the results of the chunks before it.
        """
        window: deque[Future[list[DocResult]]] = deque()
        try:
            for chunk in _chunks(documents, batch_size):
                window.append(self._executor.submit(_run_chunk, chunk, batch_size))
                if len(window) >= CHUNKS_PER_WORKER * self.workers:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        except BrokenProcessPool:
            self.broken = True  # a worker died (killed, out of memory): the next run gets a new pool
            self.close()
            raise
        finally:
            for future in window:  # the consumer stopped or a chunk failed: drop the work queued after it
                future.cancel()

    def close(self) -> None:
        """Stop the workers once their current chunk is done (without waiting for them)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


_pools: weakref.WeakKeyDictionary[Pipeline, WorkerPool] = weakref.WeakKeyDictionary()


def _pool_for(pipeline: Pipeline, workers: int) -> WorkerPool:
    """The pipeline's pool of ``workers`` processes, kept between calls (workers take seconds to start)."""
    pool = _pools.get(pipeline)
    if pool is not None and (pool.broken or pool.workers != workers):
        pool.close()
        pool = None
    if pool is None:
        pool = _pools[pipeline] = WorkerPool(pipeline.spec, workers)
        weakref.finalize(pipeline, pool.close)
    return pool


def close_workers(pipeline: Pipeline) -> None:
    """Stop the pipeline's worker processes, if any (a later ``process`` call starts new ones)."""
    pool = _pools.pop(pipeline, None)
    if pool is not None:
        pool.close()


def process_parallel(
    pipeline: Pipeline, documents: Iterable[Document], batch_size: int, workers: int
) -> Iterator[DocResult]:
    """``pipeline.process`` run by ``workers`` processes: the same DocResults in the same order.

    Input that fits in one batch runs in this process when no pool is running yet: starting
    workers would take longer than the batch.
    """
    source = iter(documents)
    head = list(itertools.islice(source, batch_size + 1))
    if len(head) <= batch_size and pipeline not in _pools:
        yield from pipeline.process(head, batch_size=batch_size)
        return
    yield from _pool_for(pipeline, workers).run(itertools.chain(head, source), batch_size)
