"""The DuckDB store: writes DocResults batch by batch, answers filtered queries, rebuilds records.

One ``write`` call is one transaction: a batch goes in whole or not at all, so an ingest that is
interrupted leaves every stored document with all of its rows. A document's identity is its
``content_hash``: writing the same text again changes nothing; a new text under a known ``doc_id``
replaces the old version. Every value reaches SQL as a parameter; the only names spliced into SQL
text are the constant table and column names of ``columns``. The queries are in ``queries``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from detente.schemas import DocResult, Skipped
from detente.store import columns as C
from detente.store.parquet import is_parquet_store, open_views
from detente.store.queries import IN_LIST, Queries
from detente.store.rows import Row, document_rows
from detente.store.rows import content_hash as document_hash

DEFAULT_PATH = "detente.duckdb"
_IN = f"doc_id IN {IN_LIST}"


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message is one line meant for the user."""


@dataclass(slots=True)
class WriteSummary:
    """What one ``Store.write`` call did, by doc_id."""

    written: list[str] = field(default_factory=list)  # new documents (including replacements)
    unchanged: list[str] = field(default_factory=list)  # same content_hash already stored
    replaced: list[str] = field(default_factory=list)  # doc_ids whose older text was replaced


def _now() -> dt.datetime:
    """UTC now without a zone: DuckDB TIMESTAMP columns hold UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class Store(Queries):
    """A detente database in one DuckDB file (``:memory:`` for a throwaway one).

    ``read_only=True`` opens an existing file for queries only (several processes may do so at once);
    otherwise the file and its tables are created when missing. A folder is opened as a Parquet
    store (``detente.store.parquet``), always read-only.
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no database at {self.path} (create one with: detente ingest PATH --db {self.path})")
        try:
            if is_parquet_store(self.path):  # a folder of Parquet tables: views over its files, read-only
                self.read_only = True
                self._con = open_views(self.path)
            else:
                self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {_first_line(exc)}") from exc
        try:
            self._prepare()
        except BaseException:
            self._con.close()
            raise
        self._arrow_schemas: dict[str, pa.Schema] = {}

    def _prepare(self) -> None:
        """Create missing tables (when writable) and check the file holds a detente schema we can read."""
        try:
            if not self.read_only:
                self._con.execute(resources.files("detente.store").joinpath("schema.sql").read_text("utf-8"))
                self._con.execute(
                    "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [C.SCHEMA_VERSION]
                )
            row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path} is not a detente database: {_first_line(exc)}") from exc
        if row is None or row[0] != C.SCHEMA_VERSION:
            found = row[0] if row else "none"
            raise StoreError(
                f"{self.path} has store schema version {found}, this detente reads {C.SCHEMA_VERSION}:"
                " ingest into a new database"
            )

    def close(self) -> None:
        """Close the connection (uncommitted work is rolled back)."""
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _cursor(self) -> closing[duckdb.DuckDBPyConnection]:
        # A cursor per operation: DuckDB connections are not shared across threads, cursors can be.
        return closing(self._con.cursor())

    def _rows(self, sql: str, params: Sequence[Any] = (), cur: duckdb.DuckDBPyConnection | None = None) -> list[Row]:
        """Run a query and return its rows as dicts (on ``cur``, inside its transaction, when given)."""
        if cur is None:
            with self._cursor() as own:
                return self._rows(sql, params, own)
        cur.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, values, strict=True)) for values in cur.fetchall()]

    def _value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._cursor() as cur:
            row = cur.execute(sql, list(params)).fetchone()
            return row[0] if row else None

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")

    # Writing

    def write(self, results: Iterable[DocResult]) -> WriteSummary:
        """Store a batch of results in one transaction: all of it or, on any error, none of it.

        Documents whose content_hash is stored already (or repeated in the batch) are left alone;
        a new text under a stored doc_id replaces that document and all of its records.
        Raises ValueError for records that cannot be stored (a date that is not ISO).
        """
        self._writable()
        summary = WriteSummary()
        with self._cursor() as cur:
            cur.begin()
            try:
                batch = self._new_documents(cur, list(results), summary)
                tables: dict[str, list[Row]] = {t: [] for t in C.DOCUMENT_TABLES}
                now = _now()
                for result in batch.values():
                    for table, rows in document_rows(result, now).items():
                        tables[table] += rows
                stored = [
                    r["doc_id"] for r in self._rows(f"SELECT doc_id FROM documents WHERE {_IN}", [list(batch)], cur)
                ]
                for table in C.DOCUMENT_TABLES:
                    if stored:
                        cur.execute(f"DELETE FROM {table} WHERE {_IN}", [stored])
                    if tables[table]:
                        self._insert(cur, table, tables[table])
                cur.commit()
            except BaseException:
                cur.rollback()
                raise
        summary.written = list(batch)
        summary.replaced += stored
        return summary

    def _new_documents(
        self, cur: duckdb.DuckDBPyConnection, results: list[DocResult], summary: WriteSummary
    ) -> dict[str, DocResult]:
        """The results to write, by doc_id: those whose content is not stored yet, each text once."""
        hashes = [document_hash(r.document) for r in results]
        known = {
            r["content_hash"]
            for r in self._rows(f"SELECT content_hash FROM documents WHERE content_hash IN {IN_LIST}", [hashes], cur)
        }
        batch: dict[str, DocResult] = {}
        for result, digest in zip(results, hashes, strict=True):
            doc_id = result.document.doc_id
            if digest in known:
                summary.unchanged.append(doc_id)
                continue
            known.add(digest)
            if doc_id in batch:  # two texts for one doc_id in a batch: the later one is the newer
                summary.replaced.append(doc_id)
            batch[doc_id] = result
        return batch

    def _insert(self, cur: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> None:
        """Bulk insert through Arrow, typed by the table's own schema (executemany is row by row)."""
        names = C.TABLES[table]
        if table not in self._arrow_schemas:
            self._arrow_schemas[table] = (
                cur.sql(f"SELECT {C.quoted(names)} FROM {table} LIMIT 0").to_arrow_table().schema
            )
        data = pa.Table.from_pylist([{c: r[c] for c in names} for r in rows], schema=self._arrow_schemas[table])
        cur.register("incoming_rows", data)
        try:
            cur.execute(f"INSERT INTO {table} ({C.quoted(names)}) SELECT {C.quoted(names)} FROM incoming_rows")
        finally:
            cur.unregister("incoming_rows")

    def has(self, content_hash: str) -> bool:
        """Whether a document with this content hash is stored."""
        return self._value("SELECT count(*) FROM documents WHERE content_hash = ?", [content_hash]) > 0

    def known_hashes(self) -> set[str]:
        """The content hashes of every stored document (what a resumed ingest skips)."""
        return {r["content_hash"] for r in self._rows("SELECT content_hash FROM documents")}

    # The ingest log

    def start_run(self, inputs: Sequence[str]) -> int:
        """Record the start of an ingest run; return its run_id."""
        self._writable()
        return self._value(
            "INSERT INTO runs (started_at, inputs) VALUES (?, ?) RETURNING run_id", [_now(), list(inputs)]
        )

    def log_skipped(self, run_id: int | None, stage: str, items: Iterable[Skipped]) -> None:
        """Record inputs or documents left out (``stage``: read, pipeline or store) with their reasons."""
        self._writable()
        rows = [(run_id, s.input, stage, s.reason, _now()) for s in items]
        if rows:
            with self._cursor() as cur:
                cur.executemany(f"INSERT INTO skipped ({C.quoted(C.SKIPPED)}) VALUES (?, ?, ?, ?, ?)", rows)

    def finish_run(self, run_id: int, counts: Mapping[str, int]) -> None:
        """Record the end of a run with its counts (keys: the count columns of ``runs``)."""
        self._writable()
        names = [c for c in C.RUNS[4:] if c in counts]
        sets = "".join(f', "{c}" = ?' for c in names)
        with self._cursor() as cur:
            cur.execute(
                f"UPDATE runs SET finished_at = ?{sets} WHERE run_id = ?",
                [_now(), *(counts[c] for c in names), run_id],
            )
