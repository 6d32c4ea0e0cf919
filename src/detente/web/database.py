"""The server's one DuckDB database: read-only cursors for requests, one writer for uploads.

DuckDB lets one process hold a database file read-write, and inside that process every connection
must share the same database instance (opening the file a second time, even read-only, fails). So
the server opens the file once and hands out *cursors* of that connection, which are connections
of their own to the same instance:

- each request gets a ``Store`` over a fresh cursor whose every query runs in a
  ``BEGIN TRANSACTION READ ONLY`` transaction, so a query path that tried to write would fail
  in DuckDB itself, not only by convention;
- the upload worker (one thread, see ``jobs``) gets one writable ``Store`` over its own cursor.

``CursorStore.count`` gives list totals by wrapping the store's own page query in ``count(*)``.

DuckDB's MVCC keeps the two apart: a reader sees the last committed state and never waits for
the writer's transaction, and the writer never waits for readers. With ``writable=False`` the
file is opened read-only (other processes may read it too) and there is no writer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import duckdb

from detente.store import Store
from detente.store.queries import Where
from detente.store.rows import Row

MAX_TOTALS = 10_000  # remembered totals; beyond this the memory starts over


class CursorStore(Store):
    """A ``Store`` over a cursor of the server's connection instead of a connection of its own.

    Read-only ones run every query in a read-only transaction of its own cursor.
    """

    def __init__(
        self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool, totals: dict[str, int] | None = None
    ) -> None:
        # Not Store.__init__: the file is open already (and its schema checked) by the server.
        self.path = path
        self.read_only = read_only
        self._con = con
        self._arrow_schemas = {}
        self._counted: list[int] | None = None  # set while ``count`` runs a query method
        self._totals = {} if totals is None else totals  # count's answers, shared until the data changes

    def _rows(self, sql: str, params: Sequence[Any] = (), cur: duckdb.DuckDBPyConnection | None = None) -> list[Row]:
        # Store._rows calls itself again with its own cursor: count at the outer call only.
        if self._counted is None or cur is not None:
            return super()._rows(sql, params, cur)
        self._counted.append(super()._rows(f"SELECT count(*) AS n FROM ({sql})", params)[0]["n"])
        return []

    def _cursor(self) -> closing[duckdb.DuckDBPyConnection]:
        cur = self._con.cursor()
        if self.read_only:
            cur.execute("BEGIN TRANSACTION READ ONLY")  # ends (rolled back) when the cursor closes
        return closing(cur)

    def _paged(
        self, what: tuple[str, str, str, tuple[str, ...]], where: Where, order: str, limit: int | None, offset: int
    ) -> list[Row]:
        if self._counted is not None:  # counting: the actor lists do not change how many rows there are
            sql, params = self._page_sql(what, where, order, limit, offset)
            return self._rows(sql, params)
        return super()._paged(what, where, order, limit, offset)

    def count(self, query: Callable[..., list[Any]], **filters: Any) -> int:
        """How many rows ``query`` (a list method of this store, such as ``self.events``) gives for
        ``filters`` on all pages: the method's own SQL, wrapped in ``count(*)``, so a total can never
        disagree with the pages it counts, and the filters are written once, in the store. Totals are
        remembered (every page of one list needs the same one) until the database says it changed."""
        key = f"{query.__name__}{sorted(filters.items())}"
        if key in self._totals:
            return self._totals[key]
        self._counted = []
        try:
            query(**filters, limit=None, offset=0)
            counted = self._counted
        finally:
            self._counted = None
        if len(counted) != 1:
            raise RuntimeError(f"{query.__name__} ran {len(counted)} queries; count needs exactly one")
        if len(self._totals) >= MAX_TOTALS:
            self._totals.clear()
        self._totals[key] = counted[0]
        return counted[0]

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
        self._version = 0
        self._totals: dict[str, int] = {}  # CursorStore.count's, shared by the readers

    @property
    def version(self) -> int:
        """How many times the writer has said the data changed (what the response cache checks)."""
        return self._version

    def changed(self) -> None:
        """Record that the writer committed something: answers computed before are out of date."""
        with self._lock:
            self._version += 1
            self._totals.clear()

    def _new_cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._store._con.cursor()

    @contextmanager
    def reader(self) -> Iterator[CursorStore]:
        """A read-only ``Store`` for one request (or one thread), closed afterwards."""
        con = self._new_cursor()
        try:
            yield CursorStore(con, self.path, read_only=True, totals=self._totals)
        finally:
            con.close()

    def writer(self) -> CursorStore:
        """A writable ``Store`` on a cursor of its own, for the one ingest thread (the caller closes it)."""
        if not self.writable:
            raise PermissionError(f"{self.path} is open read-only")
        return CursorStore(self._new_cursor(), self.path, read_only=False)

    def close(self) -> None:
        """Close the connection (and with it every cursor)."""
        self._store.close()
