"""The Spark ingest: inputs to the Parquet store, with the same records as a local ingest.

1. List and read the inputs (``detente.spark.read``) into (order, Document | Skipped).
2. Keep what a local ingest would write: the first copy of each text (by content hash, in input
   order), minus texts the store already holds; then the last text of each doc_id.
3. Run ``detente.store.load.process_documents`` (the local pipeline and its per-document error
   handling) in ``mapPartitions``, turning each DocResult into the rows of every table.
4. Write each table under ``DIR/<table>/run=<id>/month=...``, then the run's manifest, which is
   what makes the run's files count (``detente.store.parquet``).

The rows are persisted (memory, then disk) after step 3: the first job over them (the counts of
the report) runs the NLP once, and the tables are then written from the cache, concurrently.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from detente.parallel import PipelineSpec
from detente.schemas import Document, Skipped
from detente.spark.read import Order, ReadOptions, empty_files, list_inputs, read_items
from detente.store import columns as C
from detente.store.load import DATA_ERRORS, _label, _reason, process_documents
from detente.store.parquet import MONTH, RUNS_DIR, SKIPPED, TABLES, column_types, table_rows

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DataType, StructType

    from detente.pipeline import Pipeline

DOCUMENTS_PER_PARTITION = 500  # small enough to spread a run over the cluster, large enough to batch well
PROBLEMS_SHOWN = 20  # skipped inputs and failed documents brought back to the driver for the summary
Row = tuple[str, str | None, tuple[Any, ...]]  # (table, month, values in column order)


@dataclass(slots=True)
class SparkReport:
    """What a Spark ingest did; every input left out is in the run's ``skipped`` table."""

    run_id: int
    out: str
    read: int = 0
    new: int = 0
    known: int = 0  # repeated texts, and texts the store already held
    skipped: int = 0  # inputs that could not be read
    failed: int = 0  # documents the pipeline or the store rejected
    mentions: int = 0
    actors: int = 0  # distinct resolved codes
    events: int = 0
    facts: int = 0
    problems: list[tuple[str, Skipped]] = field(default_factory=list)  # (stage, item), the first few

    @property
    def complete(self) -> bool:
        """True when every input went in."""
        return not self.skipped and not self.failed


def spark_session(cores: int | None = None) -> SparkSession:
    """The running Spark session, or a new one: local mode with ``cores`` cores (all when None)
    unless a master is configured (``spark-submit --master``, ``spark-defaults.conf``)."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("detente ingest")
    if not SparkConf().contains("spark.master"):
        # Local executors run this interpreter, the one with detente and the spaCy model.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.master(f"local[{cores or '*'}]").config("spark.ui.showConsoleProgress", "false")
    return builder.getOrCreate()


def _spark_type(duckdb_type: str) -> DataType:
    from pyspark.sql import types as T

    if duckdb_type.endswith("[]"):
        return T.ArrayType(_spark_type(duckdb_type[:-2]))
    return {
        "VARCHAR": T.StringType(),
        "JSON": T.StringType(),
        "INTEGER": T.IntegerType(),
        "DOUBLE": T.DoubleType(),
        "BOOLEAN": T.BooleanType(),
        "DATE": T.DateType(),
        "TIMESTAMP": T.TimestampNTZType(),  # no zone, as in DuckDB: the files read back as TIMESTAMP
    }[duckdb_type]


def spark_schema(table: str, partitioned: bool = True) -> StructType:
    """The Spark schema of a store table (types from schema.sql), with ``month`` when partitioned."""
    from pyspark.sql import types as T

    fields = [T.StructField(name, _spark_type(kind)) for name, kind in column_types()[table]]
    if partitioned:
        fields.append(T.StructField(MONTH, T.StringType()))
    return T.StructType(fields)


_pipelines: dict[PipelineSpec, Pipeline] = {}  # in a Python worker: reused by its later partitions


def _extract(spec: PipelineSpec, batch_size: int) -> Callable[[Iterator[tuple[Order, Document]]], Iterator[Row]]:
    """The partition function: the rows of every document, or a ``skipped`` row saying why not."""

    def run(items: Iterator[tuple[Order, Document]]) -> Iterator[Row]:
        documents = (document for _, document in items)
        first = next(documents, None)
        if first is None:
            return  # an empty partition builds no pipeline
        if spec not in _pipelines:
            _pipelines[spec] = spec.build()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        results = process_documents(_pipelines[spec], itertools.chain([first], documents), batch_size=batch_size)
        for result in results:
            if isinstance(result, Skipped):
                yield SKIPPED, None, (result.input, "pipeline", result.reason)
                continue
            try:
                rows = list(table_rows(result, now))
            except DATA_ERRORS as exc:
                yield SKIPPED, None, (_label(result.document), "store", _reason("store", exc))
                continue
            yield from rows

    return run


class _Files:
    """The few Hadoop FileSystem calls the driver makes on the output folder (any scheme Spark writes)."""

    def __init__(self, spark: SparkSession, root: str) -> None:
        self._jvm = spark.sparkContext._jvm
        self.root = self._path(root)
        self._fs = self.root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        self.root = self._fs.makeQualified(self.root)

    def _path(self, path: str) -> Any:
        return self._jvm.org.apache.hadoop.fs.Path(path)

    def uri(self, *parts: str) -> str:
        return "/".join([self.root.toString(), *parts])

    def children(self, *parts: str) -> list[str]:
        path = self._path(self.uri(*parts))
        return sorted(s.getPath().getName() for s in self._fs.listStatus(path)) if self._fs.exists(path) else []

    def exists(self, *parts: str) -> bool:
        return bool(self._fs.exists(self._path(self.uri(*parts))))

    def delete(self, *parts: str) -> None:
        self._fs.delete(self._path(self.uri(*parts)), True)

    def write_text(self, text: str, *parts: str) -> None:
        stream = self._fs.create(self._path(self.uri(*parts)), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()


def _committed_runs(files: _Files) -> list[int]:
    """Ids of the finished runs; the files of unfinished ones are deleted (they count for nothing)."""
    done = sorted(int(name.removesuffix(".json")) for name in files.children(RUNS_DIR) if name.endswith(".json"))
    for table in TABLES:
        for name in files.children(table):
            if name.startswith("run=") and int(name[4:]) not in done:
                files.delete(table, name)
    return done


def _stored(spark: SparkSession, files: _Files, runs: list[int]) -> RDD[tuple[str, str]] | None:
    """(content_hash, doc_id) of the documents of finished runs, or None when there are none."""
    paths = [files.uri("documents", f"run={r}") for r in runs if files.exists("documents", f"run={r}")]
    if not paths:
        return None
    frame = spark.read.option("basePath", files.uri("documents")).parquet(*paths)
    return frame.select("content_hash", "doc_id").rdd.map(tuple)


def _skipped_row(stage: str, item: Skipped) -> Row:
    return SKIPPED, None, (item.input, stage, item.reason)


def ingest(
    spark: SparkSession,
    paths: Sequence[str],
    out: str,
    *,
    spec: PipelineSpec | None = None,
    batch_size: int = 16,
    options: ReadOptions | None = None,
) -> SparkReport:
    """Read ``paths``, extract every new document and write the Parquet store at ``out``.

    Documents whose text ``out`` already holds are left out before any NLP; a text under a
    doc_id ``out`` holds with another text is left out as failed (a Parquet store is append-only).
    """
    spec, options = spec or PipelineSpec(), options or ReadOptions()
    sc = spark.sparkContext
    files = _Files(spark, out)
    runs = _committed_runs(files)
    report = SparkReport(run_id=(runs[-1] if runs else 0) + 1, out=files.root.toString())
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    found, unlisted = list_inputs(spark, paths)
    persisted: list[RDD[Any]] = []
    try:
        items = _persist(read_items(spark, found, options), persisted)
        documents: RDD[tuple[Order, Document]] = items.filter(lambda item: isinstance(item[1], Document))
        report.read = documents.count()
        partitions = max(2 * sc.defaultParallelism, math.ceil(report.read / DOCUMENTS_PER_PARTITION))
        # The first copy of each text, then (as a later text under a doc_id replaces the earlier) the last per doc_id.
        first = documents.map(lambda item: (item[1].content_hash, item)).reduceByKey(min, partitions)
        stored = _stored(spark, files, runs)
        if stored is not None:
            first = first.subtractByKey(stored, partitions)
        latest = first.map(lambda pair: (pair[1][1].doc_id, pair[1])).reduceByKey(max, partitions)
        problems = [_skipped_row("read", s) for s in [*unlisted, *empty_files(found, items)]]
        skipped = sc.parallelize(problems, 1).union(
            items.filter(lambda item: isinstance(item[1], Skipped)).map(lambda item: _skipped_row("read", item[1]))
        )
        if stored is not None:
            taken = _persist(latest.subtractByKey(stored.map(lambda pair: (pair[1], pair[0])), partitions), persisted)
            clashes = latest.join(stored.map(lambda pair: (pair[1], None)), partitions).map(_clash)
            skipped = skipped.union(clashes)
        else:
            taken = _persist(latest, persisted)
        rows = _persist(taken.values().mapPartitions(_extract(spec, batch_size)), persisted)
        _count(report, rows, skipped)  # the first job over the rows: it runs the NLP and fills the cache
        report.known = report.read - first.count()
        _write_tables(spark, files, report.run_id, rows, skipped, started)
        _write_manifest(files, report, paths, started)
    finally:
        for rdd in persisted:
            rdd.unpersist()
    return report


def _persist(rdd: RDD[Any], persisted: list[RDD[Any]]) -> RDD[Any]:
    from pyspark import StorageLevel

    persisted.append(rdd.persist(StorageLevel.MEMORY_AND_DISK))
    return rdd


def _clash(pair: tuple[str, tuple[tuple[Order, Document], None]]) -> Row:
    document = pair[1][0][1]
    reason = "store: doc_id already stored with another text (a Parquet store is append-only)"
    return _skipped_row("store", Skipped(_label(document), reason))


def _write_tables(
    spark: SparkSession, files: _Files, run_id: int, rows: RDD[Row], skipped: RDD[Row], at: dt.datetime
) -> None:
    """Write every table of the run, as concurrent Spark jobs over the cached rows.

    Eight small jobs one after the other would leave the cluster idle between them.
    """

    def table(name: str) -> None:
        values = rows.filter(lambda row: row[0] == name).map(lambda row: (*row[2], row[1]))
        frame = spark.createDataFrame(values, spark_schema(name))
        frame.write.mode("overwrite").partitionBy(MONTH).parquet(files.uri(name, f"run={run_id}"))

    def problems() -> None:
        stage_rows = rows.filter(lambda row: row[0] == SKIPPED).union(skipped)
        frame = spark.createDataFrame(stage_rows.map(lambda row: (run_id, *row[2], at)), spark_schema(SKIPPED, False))
        frame.coalesce(1).write.mode("overwrite").parquet(files.uri(SKIPPED, f"run={run_id}"))

    with ThreadPoolExecutor(max_workers=len(TABLES)) as threads:
        futures = [threads.submit(table, name) for name in C.DOCUMENT_TABLES] + [threads.submit(problems)]
        for future in futures:
            future.result()


_CODE = C.MENTIONS.index("code")


def _count_keys(row: Row) -> Iterator[str | tuple[str, str]]:
    table, _, values = row
    if table == SKIPPED:
        yield SKIPPED, values[1]  # by stage
        return
    yield table
    if table == "mentions" and values[_CODE] is not None:
        yield "code", values[_CODE]


def _count(report: SparkReport, rows: RDD[Row], skipped: RDD[Row]) -> None:
    """Record counts, problems by stage and the first few problems, into ``report`` (two Spark jobs)."""
    counts = rows.union(skipped).flatMap(_count_keys).countByValue()
    report.new, report.mentions = counts.get("documents", 0), counts.get("mentions", 0)
    report.events, report.facts = counts.get("events", 0), counts.get("facts", 0)
    report.actors = sum(1 for key in counts if isinstance(key, tuple) and key[0] == "code")
    report.skipped = counts.get((SKIPPED, "read"), 0)
    report.failed = counts.get((SKIPPED, "pipeline"), 0) + counts.get((SKIPPED, "store"), 0)
    problems = rows.filter(lambda row: row[0] == SKIPPED).union(skipped).map(lambda row: row[2])
    report.problems = [(stage, Skipped(name, reason)) for name, stage, reason in problems.take(PROBLEMS_SHOWN)]


def _write_manifest(files: _Files, report: SparkReport, inputs: Sequence[str], started: dt.datetime) -> None:
    manifest = {
        "run_id": report.run_id,
        "schema_version": C.SCHEMA_VERSION,
        "started_at": started.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
        "inputs": list(inputs),
        "documents_read": report.read,
        "documents_new": report.new,
        "documents_known": report.known,
        "skipped": report.skipped,
        "failed": report.failed,
    }
    files.write_text(json.dumps(manifest, indent=1), RUNS_DIR, f"{report.run_id}.json")
