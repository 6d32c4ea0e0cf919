"""The server's one DuckDB database: read-only cursors for requests, one writer for uploads.

DuckDB lets one process hold a database file read-write, and inside that process every connection
must share the same database instance (opening the file a second time, even read-only, fails). So
the server opens the file once and hands out *cursors* of that connection, which are connections
of their own to the same instance:

- each request gets a ``Store`` over a fresh cursor whose queries all run in one
  ``BEGIN TRANSACTION READ ONLY`` transaction (one snapshot of the data), so a query path that
  tried to write would fail in DuckDB itself, not only by convention;
- the upload worker (one thread, see ``jobs``) gets one writable ``Store`` over its own cursor.

``CursorStore.count`` gives list totals by wrapping the store's own page query in ``count(*)``.
What readers work out that no request changes is kept in the database's ``Memo`` until the writer
says the data changed: list totals, the ordered keys of every event and fact list asked for (so
any page of it, and its total, is a slice, not a sort of the whole table) and a few rebuilt
documents (the reader page and the document API ask for the same ones).

DuckDB's MVCC keeps the two apart: a reader sees the last committed state and never waits for
the writer's transaction, and the writer never waits for readers. With ``writable=False`` the
file is opened read-only (other processes may read it too) and there is no writer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path
from typing import Any

import duckdb

from detente.schemas import DocResult
from detente.store import Store, WriteSummary
from detente.store.queries import Where
from detente.store.rows import Row

MAX_TOTALS = 10_000  # remembered list totals
MAX_KEYS = 500_000  # remembered record keys, over all lists (about 100 bytes each)
MAX_LIST_KEYS = 200_000  # a longer list is paged by LIMIT/OFFSET in SQL, its keys not kept
MAX_DOCUMENT_RECORDS = 100_000  # records of the remembered rebuilt documents (about 1.2 KB each)

Keys = list[tuple[str, str]]


class _Lru:
    """A mapping that forgets its least recently used entries beyond ``capacity`` (in the units
    ``put`` is given). ``get`` gives None for a missing key, so None is never a value. Safe to
    share between threads."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: Any, size: int = 1) -> None:
        if size > self.capacity:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._used += size - (old[1] if old else 0)
            self._entries[key] = (value, size)
            while self._used > self.capacity:
                _key, (_value, dropped) = self._entries.popitem(last=False)
                self._used -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used = 0


class Memo:
    """What the readers share until the data changes: list totals, record keys, documents.

    Everything is filed under the data version it was read at, so an answer a reader worked out
    from the data before a change can never be taken for one after it."""

    def __init__(
        self,
        max_keys: int = MAX_KEYS,
        max_document_records: int = MAX_DOCUMENT_RECORDS,
        max_list_keys: int = MAX_LIST_KEYS,
    ) -> None:
        self.version = 0
        self.totals = _Lru(MAX_TOTALS)
        self.keys = _Lru(max_keys)
        self.documents = _Lru(max_document_records)
        self.max_list_keys = min(max_list_keys, max_keys)

    def changed(self) -> None:
        """The data changed: forget everything. Readers still at work on the old data file nothing more."""
        self.version += 1
        for part in (self.totals, self.keys, self.documents):
            part.clear()


class CursorStore(Store):
    """A ``Store`` over a cursor of the server's connection instead of a connection of its own.

    Read-only ones run all their queries in one read-only transaction on that cursor. With a ``memo``,
    totals, record keys and documents come from it when it has them, and go into it filed under
    the data version the store was opened at.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: str,
        read_only: bool,
        memo: Memo | None = None,
        on_write: Callable[[], None] | None = None,
    ) -> None:
        # Not Store.__init__: the file is open already (and its schema checked) by the server.
        self.path = path
        self.read_only = read_only
        self._con = con
        self._arrow_schemas = {}
        self._counted: list[int] | None = None  # set while ``count`` runs a query method
        self._memo = memo
        self._version = memo.version if memo else 0
        self._in_transaction = False
        self._on_write = on_write  # called after every write that committed documents

    def write(self, results: Iterable[DocResult]) -> WriteSummary:
        summary = super().write(results)
        if summary.written and self._on_write is not None:
            self._on_write()
        return summary

    def _rows(self, sql: str, params: Sequence[Any] = (), cur: duckdb.DuckDBPyConnection | None = None) -> list[Row]:
        # Store._rows calls itself again with its own cursor: count at the outer call only.
        if self._counted is None or cur is not None:
            return super()._rows(sql, params, cur)
        self._counted.append(super()._rows(f"SELECT count(*) AS n FROM ({sql})", params)[0]["n"])
        return []

    def _cursor(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        return self._snapshot() if self.read_only else closing(self._con.cursor())

    @contextmanager
    def _snapshot(self) -> Iterator[duckdb.DuckDBPyConnection]:
        # One read-only transaction for all of a request's queries: one snapshot of the data, and
        # no new cursor per query (a fifth of a millisecond each). It ends, rolled back, when the
        # request's cursor closes, or at once when a query fails (DuckDB then refuses the rest).
        if not self._in_transaction:
            self._con.execute("BEGIN TRANSACTION READ ONLY")
            self._in_transaction = True
        try:
            yield self._con
        except Exception:
            self._con.execute("ROLLBACK")
            self._in_transaction = False
            raise

    def _remembered(self, part: str, key: Hashable, compute: Callable[[], Any], size: Callable[[Any], int]) -> Any:
        """The memo's ``part`` entry for ``key``, computed (and filed) when it has none."""
        if self._memo is None:
            return compute()
        lru = getattr(self._memo, part)
        found = lru.get((self._version, key))
        if found is None:
            found = compute()
            if self._memo.version == self._version:
                lru.put((self._version, key), found, size(found))
        return found

    def _list_size(self, what: tuple[str, str, str, tuple[str, ...]], where: Where, order: str) -> int:
        """How many records a list has (from the memo when it knows: reading a list's keys files it)."""
        sql, params = self._keys_sql(what, where, order, None, 0)
        return self._remembered(
            "totals", ("size", sql, repr(params)), lambda: self._value(f"SELECT count(*) FROM ({sql})", params), _one
        )

    def _all_keys(self, what: tuple[str, str, str, tuple[str, ...]], where: Where, order: str) -> Keys | None:
        """Every key of a record list, in list order (from the memo when it has them), or None when
        the list is longer than the memo keeps. Read with a limit, not counted first: the count
        evaluated the list's filters a second time (a third of a filtered first page)."""
        sql, params = self._keys_sql(what, where, order, None, 0)
        limit = self._memo.max_list_keys  # called only with a memo

        def read() -> Keys | bool:
            docs: dict[str, str] = {}  # one string per document, not one per record
            keys = [
                (docs.setdefault(doc, doc), record)
                for doc, record in self._con_rows(f"{sql} LIMIT {limit + 1}", params)
            ]
            if len(keys) > limit:
                return False  # too long to keep: remembered as such, so its pages do not read it again
            self._remembered("totals", ("size", sql, repr(params)), lambda: len(keys), _one)
            return keys

        keys = self._remembered("keys", (sql, repr(params)), read, lambda keys: len(keys) if keys else 1)
        return None if keys is False else keys

    def _con_rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._cursor() as cur:
            return cur.execute(sql, list(params)).fetchall()

    def _page_keys(
        self, what: tuple[str, str, str, tuple[str, ...]], where: Where, order: str, limit: int, offset: int
    ) -> Keys:
        # A list too long to keep (most of a big corpus's events) is paged in SQL, as Store does.
        keys = self._all_keys(what, where, order) if self._memo is not None else None
        if keys is None:
            return super()._page_keys(what, where, order, limit, offset)
        return keys[offset : offset + limit]

    def _paged(
        self, what: tuple[str, str, str, tuple[str, ...]], where: Where, order: str, limit: int | None, offset: int
    ) -> list[Row]:
        if self._counted is not None:  # counting: the actor lists do not change how many rows there are
            if self._memo is not None:
                self._counted.append(self._list_size(what, where, order))
                return []
            sql, params = self._page_sql(what, where, order, limit, offset)
            return self._rows(sql, params)
        return super()._paged(what, where, order, limit, offset)

    def document(self, doc_id: str) -> DocResult | None:
        # Shared by the requests that get it: nothing that reads a DocResult changes it.
        found = self._remembered(
            "documents", doc_id, lambda: super(CursorStore, self).document(doc_id) or False, _records
        )
        return found or None

    def count(self, query: Callable[..., list[Any]], **filters: Any) -> int:
        """How many rows ``query`` (a list method of this store, such as ``self.events``) gives for
        ``filters`` on all pages: the method's own SQL, wrapped in ``count(*)``, so a total can never
        disagree with the pages it counts, and the filters are written once, in the store. Totals are
        remembered (every page of one list needs the same one) until the database says it changed."""

        def counted() -> int:
            self._counted = []
            try:
                query(**filters, limit=None, offset=0)
                counts = self._counted
            finally:
                self._counted = None
            if len(counts) != 1:
                raise RuntimeError(f"{query.__name__} ran {len(counts)} queries; count needs exactly one")
            return counts[0]

        return self._remembered("totals", f"{query.__name__}{sorted(filters.items())}", counted, _one)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """The rows of one parameterised query, as dicts (the web layer's own queries use this)."""
        return self._rows(sql, params)


class Database:
    """The database file of one server process (see the module docstring for the design).

    Opening checks the file as ``Store`` does (and creates it and its tables when writable);
    raises ``StoreError`` with a one-line message when it cannot be used.
    """

    def __init__(self, path: str | Path, *, writable: bool = True) -> None:
        self.path = str(path)
        self.writable = writable
        self._store = Store(self.path, read_only=not writable)
        # Cursors are created under a lock: the connection object itself is shared by threads.
        self._lock = threading.Lock()
        self.memo = Memo()

    @property
    def version(self) -> int:
        """How many times the writer has said the data changed (what the response cache checks)."""
        return self.memo.version

    def changed(self) -> None:
        """Record that the writer committed something: answers computed before are out of date."""
        with self._lock:
            self.memo.changed()

    def _new_cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._store._con.cursor()

    @contextmanager
    def reader(self) -> Iterator[CursorStore]:
        """A read-only ``Store`` for one request (or one thread), closed afterwards."""
        con = self._new_cursor()
        try:
            yield CursorStore(con, self.path, read_only=True, memo=self.memo)
        finally:
            con.close()

    def writer(self) -> CursorStore:
        """A writable ``Store`` on a cursor of its own, for the one ingest thread (the caller closes it)."""
        if not self.writable:
            raise PermissionError(f"{self.path} is open read-only")
        return CursorStore(self._new_cursor(), self.path, read_only=False, on_write=self.changed)

    def close(self) -> None:
        """Close the connection (and with it every cursor)."""
        self._store.close()


def _records(result: DocResult | bool) -> int:
    """A rebuilt document's size in the memo, in records of about 1.2 KB: its sentences, mentions,
    events and facts, and its text (a document not stored counts one)."""
    if not result:
        return 1
    records = len(result.sentences) + len(result.mentions) + len(result.events) + len(result.facts)
    return 1 + records + len(result.document.text) // 1200


def _one(_value: object) -> int:
    return 1
