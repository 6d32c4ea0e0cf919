"""What the analyses share: a cursor on the store, rows as dicts, periods, and the event filters.

Every analysis selects its events through ``event_base``: one row per stored event that passes
the filters, with the day it is counted on and the outlet of its document. The day is the first
day of the event's own date, else of its document's publication date (as GDELT counts an event
on the day of the article that reports it); ``since``/``until`` filter on that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from detente.store import Store
from detente.store.queries import IN_LIST, Queries, date_bounds

Db = Store | duckdb.DuckDBPyConnection
Row = dict[str, Any]

PERIODS = ("day", "week", "month", "quarter", "year")
# How a day becomes its period's label: 2014-01-06 -> 2014-W02, 2014-01, 2014-Q1, 2014.
_PERIOD_SQL = {
    "day": "strftime({d}, '%Y-%m-%d')",
    "week": "strftime({d}, '%G-W%V')",
    "month": "strftime({d}, '%Y-%m')",
    "quarter": "strftime({d}, '%Y') || '-Q' || quarter({d})",
    "year": "strftime({d}, '%Y')",
}
DEFAULT_STATUS = ("occurred",)
DAY = "coalesce(e.date_start, d.published_start)"
DAY_END = "coalesce(e.date_end, d.published_end)"


def cursor(db: Db) -> duckdb.DuckDBPyConnection:
    """A cursor on the database: its own handle on the connection, as ``Store`` uses internally.

    ``Store`` keeps its DuckDB connection private and offers no raw SQL; the analyses need SQL
    for speed, so they take a cursor of that connection (read-only stores work too).
    """
    if isinstance(db, duckdb.DuckDBPyConnection):
        return db.cursor()
    return db._con.cursor()


class _ConnectionQueries(Queries):
    """The store's query methods over a bare DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._con.cursor() as con:
            return rows(con, sql, params)


def queries(db: Db) -> Queries:
    """The store's query methods (``Store.facts``, ``Store.summary``, ...) for a Store or a connection."""
    return db if isinstance(db, Store) else _ConnectionQueries(db)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    """Run a query and return its rows as dicts."""
    con.execute(sql, list(params))
    names = [d[0] for d in con.description]
    return [dict(zip(names, values, strict=True)) for values in con.fetchall()]


def period_sql(by: str, day: str = "day") -> str:
    """SQL turning the DATE expression ``day`` into the label of its period (``by``: PERIODS)."""
    if by not in _PERIOD_SQL:
        raise ValueError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    return _PERIOD_SQL[by].format(d=day)


def period_label(day: dt.date, by: str) -> str:
    """The label ``period_sql`` gives ``day`` (``by``: PERIODS)."""
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    labels = {
        "day": day.isoformat(), "month": day.isoformat()[:7],
        "quarter": f"{day.year}-Q{(day.month - 1) // 3 + 1}", "year": str(day.year),
    }  # fmt: skip
    if by not in labels:
        raise ValueError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    return labels[by]


def period_span(since: str | None, until: str | None, by: str) -> tuple[str | None, str | None]:
    """The labels of the first and last periods that ``since`` and ``until`` take in (None: open)."""
    start, end = date_bounds(since, until)
    return (period_label(start, by) if start else None, period_label(end, by) if end else None)


def upper_codes(codes: Iterable[str] | None) -> list[str] | None:
    """Codes in capitals (as stored), or None for no filter."""
    return None if codes is None else [c.upper() for c in codes]


def statuses(status: str | Iterable[str] | None) -> list[str] | None:
    """The statuses to keep; None (or "all" among them) keeps every status."""
    if status is None:
        return None
    values = [status] if isinstance(status, str) else list(status)
    values = [v.lower() for v in values]
    return None if "all" in values or not values else values


def event_base(
    *,
    since: str | None = None,
    until: str | None = None,
    status: str | Iterable[str] | None = DEFAULT_STATUS,
    types: Iterable[str] | None = None,
    source: str | None = None,
) -> tuple[str, list[Any]]:
    """SQL (with its parameters) selecting the events the filters keep.

    Columns: doc_id, event_id, position, event_type, mode, cameo_root, quad_class, intensity,
    symmetric, status, sentences, sentence_text, trigger, trigger_start, trigger_end, date_value,
    date_start, date_end, place,
    place_code, day (the day it counts on), day_end (the last day of its date), outlet, published,
    title, url, path, ingested_at.
    ``types``: PLOVER types; ``source``: any part of the outlet's name.
    """
    clauses, params = [f"{DAY} IS NOT NULL"], []
    keep = statuses(status)
    if keep is not None:
        clauses.append(f"e.status IN {IN_LIST}")
        params.append(keep)
    if types is not None:
        clauses.append(f"e.event_type IN {IN_LIST}")
        params.append(upper_codes(types))
    if source:
        clauses.append("contains(lower(d.source), lower(?))")
        params.append(source)
    start, end = date_bounds(since, until)
    if start:
        clauses.append(f"{DAY} >= ?")
        params.append(start)
    if end:
        clauses.append(f"{DAY} <= ?")
        params.append(end)
    sql = f"""
        SELECT e.doc_id, e.event_id, e.position, e.event_type, e.mode, e.cameo_root, e.quad_class,
            e.intensity, e."symmetric", e.status, e.sentences, e.sentence_text, e.trigger, e.trigger_start,
            e.trigger_end, e.date_value,
            e.date_start, e.date_end, e.place, e.place_code,
            {DAY} AS day, {DAY_END} AS day_end, d.source AS outlet, d.published, d.title,
            d.url, d.path, d.ingested_at
        FROM events e JOIN documents d ON d.doc_id = e.doc_id
        WHERE {" AND ".join(clauses)}
    """
    return sql, params
