#!/usr/bin/env python3
"""Throughput benchmark: articles/s, words/s and peak memory of detente against plain spaCy.

Run from the repository root:

    .venv/bin/python benchmarks/throughput.py [--corpus bbc|reuters] [--limit N] [--workers N]
        [--batch-size 16] [--shared ../shared] [--profile FILE]

On ``shared/corpus/bulk/<corpus>.jsonl`` (the first ``--limit`` records with text), one run
measures, one after the other:

1. the tokenizer alone, in this process: the ceiling of anything that reads every word;
2. bare spaCy: ``nlp.pipe`` of the same model over the whole articles, ``n_process`` = workers
   (stages 1 and 2 run in a spawned process, stage 2 first, so that spaCy's vocabulary starts
   as empty as in detente's workers and this process does not keep what they read);
3. detente without a database: reading and cleaning the JSON lines, then the full pipeline
   (``process_documents``, the ingest's own loop) with the same workers;
4. the same with the DuckDB write (``ingest_documents`` into a new database file).

Words are whitespace-separated words of the records' text, the same count for every line, so
words/s compare. Peak RSS is the largest sum of resident memory over this process and all its
children (worker processes included), sampled every 50 ms during each stage; CPU seconds are
summed over the same processes (on a shared machine, words per CPU second is the steadier
figure). Each detente stage gets a new pipeline with new worker processes, started and warmed
up on two batches before its clock starts (the time that takes is reported apart).
``--profile FILE`` also writes a pyinstrument profile of detente's pipeline in one process over
the same articles.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import psutil

from datasets import DEFAULT_SHARED
from detente.ingest import read_inputs
from detente.nlp.model import load_model
from detente.parallel import available_cores, close_workers
from detente.pipeline import Pipeline
from detente.schemas import Document
from detente.store import Store
from detente.store.load import ingest_documents, process_documents

CORPORA = {"bbc": "bbc.jsonl", "reuters": "reuters21578.jsonl"}
SAMPLE_EVERY = 0.05  # seconds between memory samples
COLUMNS = ("stage", "articles", "seconds", "articles/s", "words/s", "x spaCy", "CPU s", "words/CPU s", "x spaCy",
           "peak RSS MB")  # fmt: skip


class TreeMonitor:
    """Peak resident memory and CPU time of this process tree, sampled on a thread in a ``with`` block.

    CPU time counts every process seen (workers started during the block included) from its first
    sample to its last, so it misses at most one sampling interval of a process that ends.
    """

    def __init__(self) -> None:
        self.peak = 0
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @property
    def cpu(self) -> float:
        """CPU seconds (user + system) the tree used during the block."""
        return sum(self._last[pid] - self._first[pid] for pid in self._last)

    def _take(self) -> None:
        me = psutil.Process()
        total = 0
        for process in (me, *me.children(recursive=True)):
            try:
                with process.oneshot():
                    total += process.memory_info().rss
                    times = process.cpu_times()
            except psutil.Error:  # a child that just ended
                continue
            self._first.setdefault(process.pid, times.user + times.system)
            self._last[process.pid] = times.user + times.system
        self.peak = max(self.peak, total)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self._take()
            self._stop.wait(SAMPLE_EVERY)

    def __enter__(self) -> TreeMonitor:
        self._take()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._take()


@dataclass(slots=True)
class Stage:
    name: str
    articles: int
    seconds: float
    cpu: float
    peak: int


def _records(corpus: Path, limit: int | None) -> Iterator[str]:
    """The raw JSON lines with a non-empty text, the first ``limit`` of them."""
    with corpus.open(encoding="utf-8") as lines:
        with_text = (line for line in lines if (json.loads(line).get("text") or "").strip())
        yield from itertools.islice(with_text, limit)


def _texts(corpus: Path, limit: int | None) -> Iterator[str]:
    return (json.loads(line)["text"] for line in _records(corpus, limit))


def _measure(name: str, run: Callable[[], int]) -> Stage:
    with TreeMonitor() as monitor:
        start = time.perf_counter()
        articles = run()
        seconds = time.perf_counter() - start
    return Stage(name, articles, seconds, monitor.cpu, monitor.peak)


def _count(items: Iterator[object]) -> int:
    return sum(1 for _ in items)


def _documents(path: Path) -> Iterator[Document]:
    return (d for d in read_inputs([path]) if isinstance(d, Document))


def _plain_spacy(sample: Path, batch: int, workers: int, conn: Connection) -> None:
    """In a process of its own: load the model, then run each stage asked for; send back counts."""
    nlp = load_model()
    conn.send("ready")
    while (stage := conn.recv()) is not None:
        if stage == "spacy":
            conn.send(_count(nlp.pipe(_texts(sample, None), batch_size=batch, n_process=workers)))
        else:
            conn.send(_count(nlp.tokenizer.pipe(_texts(sample, None))))


class _SpacyStages:
    """The plain spaCy stages, run by a spawned process whose model is loaded before any clock starts."""

    def __init__(self, sample: Path, batch: int, workers: int) -> None:
        self._conn, self._child = multiprocessing.Pipe()
        args = (sample, batch, workers, self._child)
        self._process = multiprocessing.get_context("spawn").Process(target=_plain_spacy, args=args)

    def __enter__(self) -> _SpacyStages:
        self._process.start()
        self._child.close()  # the child's end lives in the child: if it dies, recv raises EOFError
        self._conn.recv()  # the model is loaded
        return self

    def measure(self, name: str, stage: str) -> Stage:
        def run() -> int:
            self._conn.send(stage)
            return self._conn.recv()

        return _measure(name, run)

    def __exit__(self, *exc: object) -> None:
        self._conn.send(None)
        self._process.join()


def _started(sample: Path, batch: int, workers: int) -> tuple[Pipeline, float]:
    """A new Pipeline with its worker processes started and warmed up, and the seconds that took."""
    start = time.perf_counter()
    pipeline = Pipeline()
    warm_up = itertools.islice(_documents(sample), 2 * batch + 1)  # more than one batch: starts the workers
    _count(pipeline.process(warm_up, batch_size=batch, workers=workers))
    _wait_until_idle()  # a worker that got no warm-up batch may still be loading its model
    return pipeline, time.perf_counter() - start


def _wait_until_idle(quiet: float = 1.0) -> None:
    """Return once this process's children have used no CPU for ``quiet`` seconds."""

    def used() -> float:
        total = 0.0
        for child in psutil.Process().children(recursive=True):
            try:
                total += sum(child.cpu_times()[:2])
            except psutil.Error:
                continue
        return total

    before = used()
    while True:
        time.sleep(quiet)
        now = used()
        if now - before < 0.05:
            return
        before = now


def _stop(pipeline: Pipeline) -> None:
    """End the pipeline's worker processes, and wait for them, before the next stage."""
    children = psutil.Process().children(recursive=True)
    close_workers(pipeline)
    psutil.wait_procs(children, timeout=60)


def _profile(pipeline: Pipeline, path: Path, out: Path, batch_size: int) -> None:
    from pyinstrument import Profiler

    profiler = Profiler()
    with profiler:
        _count(pipeline.process(_documents(path), batch_size=batch_size))
    out.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="bbc")
    parser.add_argument("--limit", type=int, default=None, help="only the first N records with text")
    parser.add_argument("--workers", type=int, default=available_cores(), help="processes (default: all cores)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    parser.add_argument("--profile", type=Path, default=None, help="also write a pyinstrument profile here")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus" / "bulk" / CORPORA[args.corpus]
    if not corpus.is_file():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        # The same records for every stage: the first --limit with text, as a JSON-lines file.
        sample = Path(tmp, f"{args.corpus}.jsonl")
        with sample.open("w", encoding="utf-8") as out:
            out.writelines(_records(corpus, args.limit))
        words = sum(len(text.split()) for text in _texts(sample, None))
        workers, batch = args.workers, args.batch_size
        which = f"first {args.limit}" if args.limit else "all"
        print(f"corpus: {corpus} ({which} records with text), {words:,} words; workers: {workers}; batch: {batch}")
        print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")

        # spaCy's vocabulary and tokenizer cache grow with every new word read: the plain spaCy
        # stages run in a process of their own (spaCy first, so its forked processes start as cold
        # as detente's), and each detente stage gets worker processes of its own.
        with _SpacyStages(sample, batch, workers) as plain:
            spacy_stage = plain.measure(f"spaCy nlp.pipe, whole articles ({workers} processes)", "spacy")
            stages = [plain.measure("tokenizer only (1 process)", "tokenizer"), spacy_stage]

        pipeline, startup = _started(sample, batch, workers)
        stages.append(
            _measure(
                f"detente, read + extract, no DB ({workers} workers)",
                lambda: _count(process_documents(pipeline, _documents(sample), batch_size=batch, workers=workers)),
            )
        )
        _stop(pipeline)

        pipeline, _ = _started(sample, batch, workers)
        repeated = 0

        def with_store() -> int:
            nonlocal repeated
            with Store(Path(tmp, "bench.duckdb")) as store:
                report = ingest_documents(store, read_inputs([sample]), pipeline, batch_size=batch, workers=workers)
            repeated = report.known  # repeated texts are read but not extracted again
            return report.read

        stages.append(_measure(f"detente + DuckDB write ({workers} workers)", with_store))
        _stop(pipeline)
        print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"detente start-up (pipeline, workers, two warm-up batches; not in the times): {startup:.1f} s")
        print(f"repeated texts the DuckDB stage read but did not extract again: {repeated}")
        print()
        spacy_rate = words / stages[1].seconds
        spacy_cpu = words / stages[1].cpu
        print(
            "| stage | articles | seconds | articles/s | words/s | x spaCy | CPU s | words/CPU s | x spaCy | RSS MB |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for s in stages:
            rate, per_cpu = words / s.seconds, words / s.cpu
            cells = [s.name, f"{s.articles:,}", f"{s.seconds:.1f}", f"{s.articles / s.seconds:,.1f}", f"{rate:,.0f}"]
            cells += [f"{rate / spacy_rate:.2f}", f"{s.cpu:.1f}", f"{per_cpu:,.0f}", f"{per_cpu / spacy_cpu:.2f}"]
            cells.append(f"{s.peak / 2**20:,.0f}")
            print(f"| {' | '.join(cells)} |")
        if args.profile:
            _profile(pipeline, sample, args.profile, batch)
            print(f"\nprofile of the pipeline in one process: {args.profile}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
