"""Reading inputs in Spark: the files under the input paths as an RDD of (order, Document | Skipped).

Files are listed on the driver through Hadoop's FileSystem, so a path can be anything Spark reads
(local, ``hdfs://``, ``s3a://``, ``gs://``, globs), with the local reader's rules
(``detente.ingest.inputs``): folders walked recursively in name order; hidden files, OS
droppings and the README or licence of a folder ignored; the type given by the extension. A local
path (no scheme) keeps the name the local reader gives it, so records match a local ingest.

Each file then goes the way that spreads it best over the cluster:

- JSON lines (uncompressed): split into line ranges read by many tasks; each line becomes a
  record as in the local reader (lines are decoded as UTF-8 by Spark, not retried as cp1252).
- Parquet: each row is a record, with the same field names and aliases as JSON.
- WARC (``.warc``, ``.warc.gz``; e.g. Common Crawl news): each HTML response goes through the
  HTML path, as a fetched URL does (doc_id and path from the target URI).
- Everything else the local reader knows (text, HTML, JSON, CSV/TSV, gzip'd files): the whole
  file goes to one task and through the local reader itself.

``order`` is (file number, position in the file): it decides which copy of a repeated text is
kept, as input order does in a local ingest.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from detente.ingest import document_from_html, read_inputs, url_doc_id
from detente.ingest.errors import InputError
from detente.ingest.inputs import _DOC_FILE, _IGNORED, NO_RECORDS, Stems, _kind, _Reader
from detente.ingest.records import RAW_FACTOR, FieldMap, document_from_record, malformed_json
from detente.schemas import Document, Skipped

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

MAX_BYTES = 5_000_000  # per file, page or record: read_inputs' default
Order = tuple[int, int]
Item = tuple[Order, Document | Skipped]


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: its URI for Spark, the name records give it, its place in the input order."""

    uri: str
    name: str
    stem: str  # the file name without its extension (and .gz), name~2 for a second one: a one-article doc_id
    number: int
    kind: str  # lines, parquet, warc, file


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the readers need on the executors (small and picklable)."""

    csv_columns: Mapping[str, str] | None = None
    fetch_urls: bool = False
    max_bytes: int = MAX_BYTES

    @property
    def fields(self) -> FieldMap:
        """Where each document field is looked up in a record."""
        return FieldMap.from_columns(self.csv_columns)


def _route(name: str) -> tuple[str | None, str]:
    """(route, extension) of a file name; route None for a type no reader knows."""
    lowered = name.lower()
    if lowered.endswith((".warc", ".warc.gz")):
        return "warc", ".warc"
    if lowered.endswith(".parquet"):
        return "parquet", ".parquet"
    kind, ext, _ = _kind(name)
    if kind is None:
        return None, ext
    return ("lines" if kind == "jsonl" and not lowered.endswith(".gz") else "file"), ext


def list_inputs(spark: SparkSession, paths: Sequence[str]) -> tuple[list[InputFile], list[Skipped]]:
    """The files to read under ``paths``, in input order, and the inputs skipped on the way."""
    from py4j.protocol import Py4JJavaError

    jvm, conf = spark.sparkContext._jvm, spark.sparkContext._jsc.hadoopConfiguration()
    files: list[InputFile] = []
    skipped: list[Skipped] = []
    stems = Stems()  # as the local reader names files of one name, in the same order

    def add(fs: Any, status: Any, name: str, walked: bool) -> None:
        base = status.getPath().getName()
        if status.isDirectory():
            children = sorted(fs.listStatus(status.getPath()), key=lambda s: s.getPath().getName())
            for child in children:
                child_name = child.getPath().getName()
                if child_name.startswith(".") or child_name.endswith("~") or child_name in _IGNORED:
                    continue
                add(fs, child, f"{name}/{child_name}", walked=True)
            return
        if walked and _DOC_FILE.search(base):
            return  # documents the folder: not an article, not a failed input either
        route, ext = _route(base)
        if route is None:
            skipped.append(Skipped(name, f"unsupported file type {ext or '(no extension)'}"))
        else:
            stem = _kind(base)[2] if route == "warc" else stems.unique(_kind(base)[2])  # pages: ids from URLs
            files.append(InputFile(status.getPath().toString(), name, stem, len(files), route))

    for path in paths:
        hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
        try:
            fs = hadoop_path.getFileSystem(conf)
            matches = fs.globStatus(hadoop_path) or []
        except Py4JJavaError as err:  # no filesystem for the scheme, no access, ...
            message = str(err.java_exception.getMessage() or err.java_exception.toString())
            skipped.append(Skipped(path, f"cannot list ({message.splitlines()[0]})"))
            continue
        if not matches:
            skipped.append(Skipped(path, "no such file or folder"))
        # A local path is named as the local reader names it; a URI, or what a glob matched, by its URI.
        local = "://" not in path and not path.startswith("file:") and not any(c in path for c in "*?[{")
        for status in sorted(matches, key=lambda s: s.getPath().toString()):
            add(fs, status, str(Path(path)) if local else status.getPath().toString(), walked=False)
    return files, skipped


# The local reader's last step (no text left, not English), shared rather than copied.
_accept = _Reader._accept


def _record(record: Any, file: InputFile, number: int, options: ReadOptions) -> Item:
    where = f"{file.name}:{number}"
    fallback_id = f"{file.stem}:{number}"
    try:
        result: Document | InputError = document_from_record(
            record, fields=options.fields, where=where, fallback_id=fallback_id, max_bytes=options.max_bytes
        )
    except InputError as err:
        result = err
    return (file.number, number), _accept(where, result)


def _line(line: str, file: InputFile, number: int, options: ReadOptions) -> Item | None:
    """A JSON line as the local reader takes it: blank lines ignored, bad ones skipped with a reason."""
    where = f"{file.name}:{number}"
    limit = RAW_FACTOR * options.max_bytes
    if len(line.encode("utf-8", "surrogatepass")) > limit:
        return (file.number, number), Skipped(where, f"line over the size limit ({limit} bytes)")
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return (file.number, number), Skipped(where, malformed_json(err))
    return _record(record, file, number, options)


def _whole_file(file: InputFile, data: bytes, options: ReadOptions) -> Iterator[Item]:
    """The local reader on a copy of the file, with the names it gives turned back into the file's."""
    with tempfile.TemporaryDirectory(prefix="detente-") as folder:
        # Named with the file's stem for this run (``name~2`` for a second file of one name).
        base = unquote(PurePosixPath(file.uri).name)
        copy = Path(folder, file.stem + base[len(_kind(base)[2]) :])
        copy.write_bytes(data)
        local = str(copy)
        items = read_inputs(
            [local], csv_columns=options.csv_columns, fetch_urls=options.fetch_urls, max_bytes=options.max_bytes
        )
        for position, item in enumerate(items):
            if isinstance(item, Document) and item.path and item.path.startswith(local):
                item.path = file.name + item.path[len(local) :]
            elif isinstance(item, Skipped) and item.input.startswith(local):
                item.input = file.name + item.input[len(local) :]
            yield (file.number, position), item


def _warc(file: InputFile, data: bytes, options: ReadOptions) -> Iterator[Item]:
    """The HTML responses of a WARC file, each as the page of its target URI."""
    from warcio.archiveiterator import ArchiveIterator

    for position, record in enumerate(ArchiveIterator(io.BytesIO(data))):
        if record.rec_type != "response" or record.http_headers is None:
            continue  # requests, metadata, DNS lookups: not pages
        url = record.rec_headers.get_header("WARC-Target-URI") or f"{file.name}#{position}"
        status = record.http_headers.get_statuscode()
        content_type = record.http_headers.get_header("Content-Type") or ""
        if status != "200":
            yield (file.number, position), Skipped(url, f"HTTP status {status}")
            continue
        if "html" not in content_type.lower():
            yield (file.number, position), Skipped(url, f"not an HTML page ({content_type or 'no content type'})")
            continue
        html = record.content_stream().read(options.max_bytes + 1)
        if len(html) > options.max_bytes:
            yield (file.number, position), Skipped(url, f"over the size limit (more than {options.max_bytes} bytes)")
            continue
        try:
            result: Document | InputError = document_from_html(html, doc_id=url_doc_id(url), path=url, url=url)
        except InputError as err:
            result = err
        yield (file.number, position), _accept(url, result)


def read_items(spark: SparkSession, files: Sequence[InputFile], options: ReadOptions) -> RDD[Item]:
    """Every record of ``files`` as (order, Document | Skipped), in no particular partition order."""
    sc = spark.sparkContext
    parts: list[RDD[Item]] = []
    for file in (f for f in files if f.kind == "lines"):
        numbered = sc.textFile(file.uri).zipWithIndex()
        items = numbered.map(lambda pair, file=file: _line(pair[0], file, pair[1] + 1, options))
        parts.append(items.filter(lambda item: item is not None))
    for file in (f for f in files if f.kind == "parquet"):
        rows = spark.read.parquet(file.uri).select("*", "_metadata.row_index").rdd
        parts.append(rows.map(lambda row, file=file: _record(_without_index(row), file, row["row_index"] + 1, options)))
    by_uri = {f.uri: f for f in files if f.kind in ("file", "warc")}
    if by_uri:
        # binaryFiles takes a comma-separated list; each file is read whole by one task.
        contents = sc.binaryFiles(",".join(by_uri), minPartitions=max(1, min(len(by_uri), sc.defaultParallelism)))

        def read(pair: tuple[str, bytes]) -> Iterator[Item]:
            file = by_uri[pair[0]]
            reader = _warc if file.kind == "warc" else _whole_file
            return reader(file, pair[1], options)

        parts.append(contents.flatMap(read))
    return sc.union(parts) if parts else sc.emptyRDD()


def empty_files(files: Sequence[InputFile], items: RDD[Item]) -> list[Skipped]:
    """The files read line by line or row by row that gave no record, Skipped as the local reader
    skips them (files read whole go through the local reader, which says so itself)."""
    counted = [f for f in files if f.kind in ("lines", "parquet")]
    if not counted:
        return []
    given = set(items.map(lambda item: item[0][0]).distinct().collect())
    return [Skipped(f.name, NO_RECORDS) for f in counted if f.number not in given]


def _without_index(row: Any) -> dict[str, Any]:
    record = row.asDict(recursive=True)
    del record["row_index"]
    return record
