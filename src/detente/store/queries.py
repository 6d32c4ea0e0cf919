"""Read queries over the store: filtered lists, rebuilt DocResults, the summary.

``Queries`` holds the query methods of ``Store`` and needs only its ``_rows(sql, params)``. Filters
become WHERE clauses with ``?`` parameters; the only names spliced into SQL are constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from detente.export.jsonl import Record, event_record, fact_record
from detente.schemas import DocResult
from detente.store import columns as C
from detente.store.rows import (
    Row,
    document_from_row,
    event_from_row,
    fact_from_row,
    iso_interval,
    mention_from_row,
    sentence_from_row,
)

READ_CHUNK = 200  # documents rebuilt per round of queries in read_results
IN_LIST = "(SELECT unnest(?::VARCHAR[]))"  # a list parameter as a subquery, for IN
# The record tables as the queries name them: table, alias, key, actor sides.
_EVENTS = ("events", "e", "event_id", C.EVENT_SIDES)
_FACTS = ("facts", "f", "fact_id", C.FACT_SIDES)


def date_bounds(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first day of ``since`` and the last day of ``until`` (ISO dates of any precision).

    Raises ValueError naming the value that is not an ISO date.
    """
    bounds = []
    for value, side in ((since, 0), (until, 1)):
        try:
            interval = iso_interval(value)
        except ValueError:
            raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from None
        bounds.append(interval[side] if interval else None)
    return bounds[0], bounds[1]


class Where:
    """WHERE clauses with their parameters, in order."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []
        self.documents = False  # whether a clause reads the documents table (aliased d)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return ("WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def _page(limit: int | None, offset: int) -> tuple[str, list[int]]:
    sql, params = "", []
    if limit is not None:
        sql, params = " LIMIT ?", [limit]
    if offset:
        sql, params = sql + " OFFSET ?", [*params, offset]
    return sql, params


def _has_actor(table: str, alias: str, key: str, side: bool) -> str:
    """EXISTS clause: the record has an actor with code ``?`` (on side ``?`` when ``side``)."""
    on_side = " AND x.side = ?" if side else ""
    return (
        f"EXISTS (SELECT 1 FROM {table} x WHERE x.doc_id = {alias}.doc_id AND x.{key} = {alias}.{key}"
        f" AND x.code = ?{on_side})"
    )


def _dyad(table: str, alias: str, key: str, sides: Sequence[str], dyad: Sequence[str]) -> tuple[str, list[str]]:
    """Clause and parameters: A on the first side and B on the second, or the other way round."""
    a, b = (code.upper() for code in dyad)
    has = _has_actor(table, alias, key, side=True)
    first, second = sides
    return f"(({has} AND {has}) OR ({has} AND {has}))", [a, first, b, second, b, first, a, second]


def _record_filters(
    where: Where,
    what: tuple[str, str, str, tuple[str, ...]],
    interval: str,
    *,
    actor: str | None,
    dyad: tuple[str, str] | None,
    since: str | None,
    until: str | None,
) -> None:
    """The filters events and facts share: an actor on either side, a dyad either way round, and
    a period overlapping the record's ``interval`` columns (``<interval>_start``/``_end``)."""
    table, alias, key, sides = what
    actors = f"{table[:-1]}_actors"
    start, end = date_bounds(since, until)
    if start:
        where.add(f"{alias}.{interval}_end >= ?", start)
    if end:
        where.add(f"{alias}.{interval}_start <= ?", end)
    if actor:
        where.add(_has_actor(actors, alias, key, side=False), actor.upper())
    if dyad:
        clause, params = _dyad(actors, alias, key, sides, dyad)
        where.add(clause, *params)


def _keys_clause(alias: str, key: str, keys: list[tuple[str, str]]) -> tuple[str, list[Any]]:
    """Clause and parameters: the row's (doc_id, ``key``) is one of ``keys``. The doc_id range
    comes first: rows are stored by document, so DuckDB skips the stretches outside it (a page
    read this way took a quarter of the time of a join on the keys)."""
    docs = [doc for doc, _id in keys]
    clause = (
        f"{alias}.doc_id BETWEEN ? AND ? AND ({alias}.doc_id, {alias}.{key})"
        " IN (SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]))"
    )
    return clause, [min(docs), max(docs), docs, [record for _doc, record in keys]]


def _in_ids(column: str, ids: list[str]) -> tuple[str, list[Any]]:
    """``column`` is one of ``ids``: ``= ?`` for one (DuckDB then reads only the row groups that
    can hold it; a list subquery scans the table), the list subquery otherwise."""
    return (f"{column} = ?", ids) if len(ids) == 1 else (f"{column} IN {IN_LIST}", [ids])


def document_filters(
    where: Where,
    *,
    source: str | None,
    doc_id: str | None,
    since: str | None = None,
    until: str | None = None,
) -> None:
    """Filters on the documents table, aliased ``d``; since/until overlap the publication date."""
    before = len(where.clauses)
    if source:
        where.add("contains(lower(d.source), lower(?))", source)
    if doc_id:
        where.add("d.doc_id = ?", doc_id)
    start, end = date_bounds(since, until)
    if start:
        where.add("d.published_end >= ?", start)
    if end:
        where.add("d.published_start <= ?", end)
    where.documents = where.documents or len(where.clauses) > before


class Queries:
    """The read side of ``Store``: every method returns plain data built from parameterised SQL."""

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def runs(self, limit: int | None = 20) -> list[Row]:
        """The latest ingest runs, newest first."""
        page, params = _page(limit, 0)
        return self._rows(f"SELECT * FROM runs ORDER BY run_id DESC{page}", params)

    def skipped(self, run_id: int | None = None, limit: int | None = None) -> list[Row]:
        """Inputs and documents left out, with stage and reason (of one run, or of all runs)."""
        where = Where()
        if run_id is not None:
            where.add("run_id = ?", run_id)
        page, params = _page(limit, 0)
        return self._rows(f'SELECT * FROM skipped {where.sql()} ORDER BY "at", input{page}', where.params + params)

    def documents(
        self,
        *,
        actor: str | None = None,
        source: str | None = None,
        doc_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """Document metadata (no text) with record counts, newest publication first.

        ``actor``: documents mentioning that code; ``since``/``until``: publication date overlaps.
        """
        where = Where()
        document_filters(where, source=source, doc_id=doc_id, since=since, until=until)
        if actor:
            where.add("EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.doc_id AND m.code = ?)", actor.upper())
        meta = [c for c in C.DOCUMENTS if c not in ("text", "captions")]
        counts = ", ".join(
            f"(SELECT count(*) FROM {t} x WHERE x.doc_id = d.doc_id) AS {t}"
            for t in ("sentences", "mentions", "events", "facts")
        )
        page, params = _page(limit, offset)
        return self._rows(
            f"SELECT {C.quoted(tuple(meta), 'd.')}, {counts} FROM documents d {where.sql()}"
            f" ORDER BY d.published_start DESC NULLS LAST, d.doc_id{page}",
            where.params + params,
        )

    def mentions(
        self,
        *,
        actor: str | None = None,
        source: str | None = None,
        doc_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        resolved: bool | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """Actor mentions (rows of ``mentions``) in document order.

        ``resolved``: True for mentions with a code, False for those without, None for both.
        """
        where = Where()
        document_filters(where, source=source, doc_id=doc_id, since=since, until=until)
        if actor:
            where.add("m.code = ?", actor.upper())
        if resolved is not None:
            where.add(f"m.code IS {'NOT ' if resolved else ''}NULL")
        page, params = _page(limit, offset)
        return self._rows(
            f"SELECT m.* FROM mentions m JOIN documents d ON d.doc_id = m.doc_id {where.sql()}"
            f" ORDER BY m.doc_id, m.id{page}",
            where.params + params,
        )

    def actors(
        self,
        *,
        actor: str | None = None,
        source: str | None = None,
        doc_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        resolved: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """Actors with their counts, most mentioned first.

        Resolved (default): one row per code. ``resolved=False``: one row per unresolved name
        (``code`` None). Rows: code, kind, mentions, documents, events (events it takes part in),
        names (its most frequent surface forms, up to five).
        """
        where = Where()
        document_filters(where, source=source, doc_id=doc_id, since=since, until=until)
        where.add(f"m.code IS {'NOT ' if resolved else ''}NULL")
        if actor:
            where.add("m.code = ?", actor.upper())
        key = "code" if resolved else "text"  # the grouping column: a constant, never user input
        page, params = _page(limit, offset)
        sql = f"""
            WITH m AS (SELECT m.* FROM mentions m JOIN documents d ON d.doc_id = m.doc_id {where.sql()}),
            forms AS (SELECT {key} AS k, text, count(*) AS n FROM m GROUP BY ALL),
            ev AS (
                SELECT k, count(*) AS events FROM (
                    SELECT DISTINCT a.doc_id, a.event_id, a.{key} AS k FROM event_actors a
                    WHERE a.doc_id IN (SELECT doc_id FROM m) AND a.code IS {"NOT " if resolved else ""}NULL
                ) GROUP BY k
            )
            SELECT {"m.code" if resolved else "NULL"} AS code,
                coalesce(mode(m.kind) FILTER (WHERE m.kind <> 'person'), 'person') AS kind,
                count(*) AS mentions, count(DISTINCT m.doc_id) AS documents,
                coalesce(any_value(ev.events), 0) AS events,
                (SELECT list(f.text ORDER BY f.n DESC, f.text)[1:5] FROM forms f WHERE f.k = m.{key}) AS names
            FROM m LEFT JOIN ev ON ev.k = m.{key}
            GROUP BY m.{key} ORDER BY mentions DESC, m.{key}{page}
        """
        return self._rows(sql, where.params + params)

    def events(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        type: str | None = None,
        quad_class: int | None = None,
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        """Events as export records (docs/export-format.md), by date, then document order.

        ``actor``: the code on either side; ``dyad``: (A, B) as source and target, either direction;
        ``type``: PLOVER type; ``since``/``until``: the event date's interval overlaps; events
        without a date are left out when either is given. ``source`` is the outlet (substring).
        """
        where = Where()
        document_filters(where, source=source, doc_id=doc_id)
        if type:
            where.add("e.event_type = ?", type.upper())
        if quad_class is not None:
            where.add("e.quad_class = ?", quad_class)
        if status:
            where.add("e.status = ?", status.lower())
        what = _EVENTS
        _record_filters(where, what, "date", actor=actor, dyad=dyad, since=since, until=until)
        rows = self._paged(what, where, "e.date_start NULLS LAST, e.doc_id, e.position", limit, offset)
        return [event_record(event_from_row(r)) for r in rows]

    def facts(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        measure: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        """Facts as export records (docs/export-format.md), by period, then document order.

        ``actor``: the code as subject or partner; ``dyad``: (A, B) as subject and partner, either
        direction; ``since``/``until``: the period's interval overlaps.
        """
        where = Where()
        document_filters(where, source=source, doc_id=doc_id)
        if measure:
            where.add("f.measure = ?", measure.lower())
        what = _FACTS
        _record_filters(where, what, "period", actor=actor, dyad=dyad, since=since, until=until)
        rows = self._paged(what, where, "f.period_start NULLS LAST, f.doc_id, f.position", limit, offset)
        return [fact_record(fact_from_row(r)) for r in rows]

    def _page_sql(
        self,
        what: tuple[str, str, str, tuple[str, ...]],
        where: Where,
        order: str,
        limit: int | None,
        offset: int,
        columns: str | None = None,
    ) -> tuple[str, list[Any]]:
        """The query of one page of a record table (``what``: table, alias, key, sides), without actors:
        its ``columns`` (default: all). The documents table is joined only for a filter on it (a
        quarter of the time of a page)."""
        table, alias, _key, _sides = what
        page, params = _page(limit, offset)
        join = f" JOIN documents d ON d.doc_id = {alias}.doc_id" if where.documents else ""
        selected = columns or f"{alias}.*"
        sql = f"SELECT {selected} FROM {table} {alias}{join} {where.sql()} ORDER BY {order}{page}"
        return sql, where.params + params

    def _paged(
        self, what: tuple[str, str, str, tuple[str, ...]], where: Where, order: str, limit: int | None, offset: int
    ) -> list[Row]:
        """One page of a record table with its actor lists (``<side>_actors``) attached.

        A page is found by its keys alone and its rows read after: sorting every matching row
        with all of its columns to keep 50 cost twice as long on ICEWS14's 72,000 events."""
        if limit is None:
            sql, params = self._page_sql(what, where, order, limit, offset)
            return self._with_actors(what, self._rows(sql, params))
        return self._with_actors(what, self._rows_by_keys(what, self._page_keys(what, where, order, limit, offset)))

    def _keys_sql(
        self, what: tuple[str, str, str, tuple[str, ...]], where: Where, order: str, limit: int | None, offset: int
    ) -> tuple[str, list[Any]]:
        """The query of the keys (doc_id, record id) of a page of a record table, in page order."""
        _table, alias, key, _sides = what
        return self._page_sql(what, where, order, limit, offset, columns=f"{alias}.doc_id, {alias}.{key}")

    def _page_keys(
        self, what: tuple[str, str, str, tuple[str, ...]], where: Where, order: str, limit: int, offset: int
    ) -> list[tuple[str, str]]:
        """The keys of one page, in page order (the server's store keeps whole lists of them)."""
        sql, params = self._keys_sql(what, where, order, limit, offset)
        return [(r["doc_id"], r[what[2]]) for r in self._rows(sql, params)]

    def _rows_by_keys(self, what: tuple[str, str, str, tuple[str, ...]], keys: list[tuple[str, str]]) -> list[Row]:
        """The rows of a record table with these keys, in their order."""
        table, alias, key, _sides = what
        if not keys:
            return []
        clause, params = _keys_clause(alias, key, keys)
        position = {k: i for i, k in enumerate(keys)}
        rows = self._rows(f"SELECT {alias}.* FROM {table} {alias} WHERE {clause}", params)
        return sorted(rows, key=lambda r: position[(r["doc_id"], r[key])])

    def _with_actors(
        self, what: tuple[str, str, str, tuple[str, ...]], rows: list[Row], whole_documents: bool = False
    ) -> list[Row]:
        """``rows`` with each side's actor rows attached as ``<side>_actors``, read in one query
        over the rows' keys (over their documents when ``rows`` are all the records of those).
        DuckDB's ordered ``list()`` of struct rows per record cost ten times as much as reading
        the plain rows and grouping them here."""
        table, _alias, key, sides = what
        if not rows:
            return rows
        docs = list(dict.fromkeys(r["doc_id"] for r in rows))
        if whole_documents or len(docs) == 1:  # of one document, all its actors are few enough
            clause, params = _in_ids("x.doc_id", docs)
        else:
            clause, params = _keys_clause("x", key, [(r["doc_id"], r[key]) for r in rows])
        lists: dict[tuple[str, str, str], list[Row]] = {}
        for actor in self._rows(f"SELECT * FROM {table[:-1]}_actors x WHERE {clause} ORDER BY x.position", params):
            lists.setdefault((actor["doc_id"], actor[key], actor["side"]), []).append(actor)
        for row in rows:
            for side in sides:
                row[f"{side}_actors"] = lists.get((row["doc_id"], row[key], side), [])
        return rows

    def read_results(
        self,
        doc_ids: Iterable[str] | None = None,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Iterator[DocResult]:
        """Rebuild the stored DocResults (all, or those with the given doc_ids), in doc_id order.

        ``source``/``since``/``until`` filter documents as in ``documents``. Streams in chunks.
        """
        where = Where()
        document_filters(where, source=source, doc_id=None, since=since, until=until)
        if doc_ids is not None:
            where.add(f"d.doc_id IN {IN_LIST}", list(doc_ids))
        # Ids first, fully fetched: later queries on the connection would cut off a pending result.
        ids = [
            r["doc_id"] for r in self._rows(f"SELECT d.doc_id FROM documents d {where.sql()} ORDER BY 1", where.params)
        ]
        for i in range(0, len(ids), READ_CHUNK):
            yield from self._results(ids[i : i + READ_CHUNK])

    def _results(self, ids: list[str]) -> Iterator[DocResult]:
        chunk, params = _in_ids("doc_id", ids)

        def grouped(rows: list[Row]) -> dict[str, list[Row]]:
            out: dict[str, list[Row]] = {}
            for row in rows:
                out.setdefault(row["doc_id"], []).append(row)
            return out

        def table(name: str, order: str = "") -> list[Row]:
            return self._rows(f"SELECT * FROM {name} WHERE {chunk}{order}", params)

        docs = grouped(table("documents"))
        if not docs:  # none of them is stored (``document`` asks for any id it is given)
            return
        sentences = grouped(table("sentences", " ORDER BY doc_id, idx"))
        mentions = grouped(table("mentions", " ORDER BY doc_id, id"))
        events = grouped(self._with_actors(_EVENTS, table("events", " ORDER BY doc_id, position"), True))
        facts = grouped(self._with_actors(_FACTS, table("facts", " ORDER BY doc_id, position"), True))
        for doc_id in filter(docs.__contains__, ids):
            yield DocResult(
                document=document_from_row(docs[doc_id][0]),
                sentences=[sentence_from_row(r) for r in sentences.get(doc_id, [])],
                mentions=[mention_from_row(r) for r in mentions.get(doc_id, [])],
                events=[event_from_row(r) for r in events.get(doc_id, [])],
                facts=[fact_from_row(r) for r in facts.get(doc_id, [])],
            )

    def document(self, doc_id: str) -> DocResult | None:
        """One document with its text and all of its records, or None when it is not stored."""
        return next(self._results([doc_id]), None)

    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts of everything stored, the most mentioned actors and the dyads with most events.

        Keys: documents, sentences, mentions, resolved_mentions, actors (distinct codes), events,
        facts, top_actors [{code, mentions, documents}], top_dyads [{actors: [A, B], events}]
        (dyads are unordered pairs of a source and a target code, self-pairs left out).
        """
        counts = self._rows(
            "SELECT (SELECT count(*) FROM documents) AS documents,"
            " (SELECT count(*) FROM sentences) AS sentences, (SELECT count(*) FROM mentions) AS mentions,"
            " (SELECT count(code) FROM mentions) AS resolved_mentions,"
            " (SELECT count(DISTINCT code) FROM mentions) AS actors,"
            " (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM facts) AS facts"
        )[0]
        top_actors = self._rows(
            "SELECT code, count(*) AS mentions, count(DISTINCT doc_id) AS documents FROM mentions"
            " WHERE code IS NOT NULL GROUP BY code ORDER BY mentions DESC, code LIMIT ?",
            [top],
        )
        top_dyads = self._rows(
            """
            SELECT [a, b] AS actors, count(*) AS events FROM (
                SELECT DISTINCT s.doc_id, s.event_id,
                    least(s.code, t.code) AS a, greatest(s.code, t.code) AS b
                FROM event_actors s JOIN event_actors t
                    ON t.doc_id = s.doc_id AND t.event_id = s.event_id AND t.side = 'target'
                WHERE s.side = 'source' AND s.code IS NOT NULL AND t.code IS NOT NULL AND s.code <> t.code
            ) GROUP BY a, b ORDER BY events DESC, a, b LIMIT ?
            """,
            [top],
        )
        return {**counts, "top_actors": top_actors, "top_dyads": top_dyads}
