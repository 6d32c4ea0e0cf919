"""CSV and Parquet exports: one file per table of the store, rows as stored.

Tables: documents, sentences, mentions, events, event_actors, facts, fact_actors, with the
columns of ``detente.store.columns`` (docs/export-format.md describes the fields). Parquet keeps
the column types (lists, dates); CSV writes lists as ``[0, 1]`` and dates as ISO. DuckDB's COPY
writes the files, so exports of large stores stream without passing rows through Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from detente.analysis.common import Db, cursor
from detente.store import columns as C
from detente.store.queries import IN_LIST, Where, document_filters

TABLES = ("documents", "sentences", "mentions", "events", "event_actors", "facts", "fact_actors")
FORMATS = ("csv", "parquet")


def selected_documents(
    *,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    doc_id: str | None = None,
) -> tuple[str, list[Any]]:
    """SQL (with parameters) selecting the doc_ids the filters keep, or ("", []) for all documents.

    ``actor``: documents mentioning the code; ``since``/``until``: publication date overlaps;
    ``source``: outlet contains; ``doc_id``: that document.
    """
    where = Where()
    document_filters(where, source=source, doc_id=doc_id, since=since, until=until)
    if actor:
        where.add("EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.doc_id AND m.code = ?)", actor.upper())
    if not where.clauses:
        return "", []
    return f"SELECT d.doc_id FROM documents d {where.sql()}", where.params


def export_tables(
    db: Db,
    out: str | Path,
    fmt: str = "parquet",
    *,
    tables: Sequence[str] = TABLES,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    doc_id: str | None = None,
) -> dict[str, tuple[Path, int]]:
    """Write each table to ``out/<table>.<fmt>`` (the folder is created); return {table: (path, rows)}.

    ``fmt``: csv or parquet. The filters choose documents (``selected_documents``); every table
    then holds the rows of those documents.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown table format {fmt!r}: use csv or parquet")
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown table {unknown[0]!r}: use {', '.join(TABLES)}")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    chosen, params = selected_documents(actor=actor, since=since, until=until, source=source, doc_id=doc_id)
    options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER"
    written = {}
    with cursor(db) as con:
        if chosen:
            ids = [r[0] for r in con.execute(chosen, params).fetchall()]
        for table in tables:
            path = folder / f"{table}.{fmt}"
            where = f" WHERE doc_id IN {IN_LIST}" if chosen else ""
            select = f"SELECT {C.quoted(C.TABLES[table])} FROM {table}{where} ORDER BY {_order(table)}"
            # COPY takes no parameter for its target: the path goes in as a quoted literal.
            target = "'" + str(path).replace("'", "''") + "'"
            count = con.execute(f"COPY ({select}) TO {target} ({options})", [ids] if chosen else []).fetchone()[0]
            written[table] = (path, int(count))
    return written


def _order(table: str) -> str:
    """The primary key order of a table: stable output for identical stores."""
    keys = {
        "documents": "doc_id",
        "sentences": "doc_id, idx",
        "mentions": "doc_id, id",
        "events": "doc_id, position",
        "event_actors": "doc_id, event_id, side, position",
        "facts": "doc_id, position",
        "fact_actors": "doc_id, fact_id, side, position",
    }
    return keys[table]
