"""Timelines: the dated events of an actor or a dyad, each reported event counted once.

Reports of one event in several articles (or several sentences) are clustered by PLOVER type,
dyad and date, as GDELT clusters mentions into events: a cluster's ``mentions`` is GDELT's
NumMentions, ``articles`` its NumArticles, ``outlets`` its NumSources, and ``sources`` lists each
mention with its outlet, document and sentence. The dyad is the sorted list of codes on each side
(the text for an unresolved actor); a symmetric event is the same event whichever side is named
first, and joins the directed reports of its day, type and pair when there are any (their direction
is the event's; it is symmetric only when all its reports are). The date is the event's own date
interval, else its article's publication date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from detente.actors.registry import Registry
from detente.analysis.common import DEFAULT_STATUS, Db, Row, cursor, event_base, rows
from detente.analysis.groups import codes_of, default_registry

# The events of ``ev`` with the key of their cluster: date interval, type, and the two sides.
_KEYED = """
    acts AS (
        SELECT x.doc_id, x.event_id,
            list_sort(list_distinct(list(coalesce(x.code, x.text)) FILTER (WHERE x.side = 'source'))) AS src,
            list_sort(list_distinct(list(coalesce(x.code, x.text)) FILTER (WHERE x.side = 'target'))) AS tgt
        FROM event_actors x SEMI JOIN ev ON ev.doc_id = x.doc_id AND ev.event_id = x.event_id
        GROUP BY x.doc_id, x.event_id
    ),
    sided AS (
        SELECT ev.*, coalesce(a.src, []::VARCHAR[]) AS src, coalesce(a.tgt, []::VARCHAR[]) AS tgt
        FROM ev LEFT JOIN acts a ON a.doc_id = ev.doc_id AND a.event_id = ev.event_id
    ),
    named AS (
        SELECT *, coalesce("symmetric", false) AS sym, array_to_string(src, ';') AS src_s,
            array_to_string(tgt, ';') AS tgt_s
        FROM sided
    ),
    -- The direction the directed reports of an event give it (the first report's), for its
    -- symmetric reports to join them: "the two met" and "A visited B" on one day are one event.
    directed AS (
        SELECT day, day_end, event_type, least(src_s, tgt_s) AS lo, greatest(src_s, tgt_s) AS hi,
            arg_min(src, (day, doc_id, position)) AS d_src, arg_min(tgt, (day, doc_id, position)) AS d_tgt
        FROM named WHERE NOT sym GROUP BY ALL
    ),
    keyed AS (
        SELECT n.* EXCLUDE (sym, src_s, tgt_s),
            -- a symmetric event is one event whichever side the article names first
            CASE WHEN NOT n.sym THEN n.src WHEN d.d_src IS NOT NULL THEN d.d_src
                WHEN n.tgt_s < n.src_s THEN n.tgt ELSE n.src END AS side1,
            CASE WHEN NOT n.sym THEN n.tgt WHEN d.d_src IS NOT NULL THEN d.d_tgt
                WHEN n.tgt_s < n.src_s THEN n.src ELSE n.tgt END AS side2
        FROM named n LEFT JOIN directed d ON d.day = n.day AND d.day_end = n.day_end
            AND d.event_type = n.event_type AND d.lo = least(n.src_s, n.tgt_s) AND d.hi = greatest(n.src_s, n.tgt_s)
    )
"""
_CLUSTERS = """
    SELECT day AS date_start, day_end AS date_end, event_type, side1 AS source, side2 AS target,
        bool_and(coalesce("symmetric", false)) AS "symmetric",
        arg_min(quad_class, (day, doc_id, position)) AS quad_class,
        arg_min(cameo_root, (day, doc_id, position)) AS cameo_root,
        avg(intensity) AS intensity, count(*) AS mentions, count(DISTINCT doc_id) AS articles,
        count(DISTINCT coalesce(outlet, doc_id)) AS outlets,
        arg_min(doc_id, (day, doc_id, position)) AS doc_id,
        arg_min(event_id, (day, doc_id, position)) AS event_id
    FROM keyed GROUP BY day, day_end, event_type, side1, side2
"""
_SOURCES = """
    list({'outlet': outlet, 'doc_id': doc_id, 'event_id': event_id, 'sentence_index': sentences[1],
        'sentence': sentence_text, 'title': title, 'url': url, 'published': published, 'trigger': trigger,
        'span': [trigger_start, trigger_end]} ORDER BY day, doc_id, position) AS sources
"""


def cluster_sql(base: str) -> str:
    """SQL grouping the events that ``base`` (``common.event_base``) selects into clusters.

    Columns: date_start, date_end, event_type, source, target (lists), symmetric, intensity (mean),
    mentions, articles, outlets, and quad_class, cameo_root, doc_id and event_id of the first report
    (earliest day, then doc_id and position).
    """
    return f"WITH ev AS ({base}), {_KEYED} {_CLUSTERS}"


def event_clusters(
    db: Db,
    actor: str | None = None,
    partner: str | Iterable[str] | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    status: str | Iterable[str] | None = DEFAULT_STATUS,
    types: Iterable[str] | None = None,
    source: str | None = None,
    min_mentions: int = 1,
    min_outlets: int = 1,
    sort: str = "date",
    limit: int | None = None,
    registry: Registry | None = None,
) -> list[Row]:
    """Clustered events (see the module), optionally of an actor, or of an actor and a partner.

    ``partner``: a code, a group or region as in ``dyad_series``; the events must have the actor on
    one side and the partner on the other. ``min_mentions``, ``min_outlets``: clusters reported at
    least this many times, by at least this many outlets. ``sort``: date (oldest first) or mentions (most first);
    ``limit``: at most this many clusters after sorting. Rows: date (YYYY-MM-DD, or the month, year
    or start/end when the date is an interval), date_start, date_end, event_type, quad_class,
    cameo_root, source, target, symmetric, intensity, mentions, articles, outlets, doc_id,
    event_id, sources.
    """
    base, params = event_base(since=since, until=until, status=status, types=types, source=source)
    where, extra = ["mentions >= ?", "outlets >= ?"], [min_mentions, min_outlets]
    if actor:
        actor = actor.upper()
        # Only the actor's events are clustered: far fewer than all of them.
        base = (
            f"SELECT * FROM ({base}) b WHERE EXISTS (SELECT 1 FROM event_actors x"
            " WHERE x.doc_id = b.doc_id AND x.event_id = b.event_id AND x.code = ?)"
        )
        params = [*params, actor]
        if partner is None:
            where.append("(list_contains(source, ?) OR list_contains(target, ?))")
            extra += [actor, actor]
        else:
            others = [c for c in codes_of(partner, registry or default_registry()) if c != actor]
            # Events without any of the partner's codes cannot be in a chosen cluster (its events
            # all have the same sides): leaving them out first spares most of the clustering.
            base += (
                " AND EXISTS (SELECT 1 FROM event_actors y WHERE y.doc_id = b.doc_id"
                " AND y.event_id = b.event_id AND y.code IN (SELECT unnest(?::VARCHAR[])))"
            )
            params.append(others)
            where.append(
                "((list_contains(source, ?) AND list_has_any(target, ?::VARCHAR[]))"
                " OR (list_has_any(source, ?::VARCHAR[]) AND list_contains(target, ?)))"
            )
            extra += [actor, others, others, actor]
    if sort not in ("date", "mentions"):
        raise ValueError(f"unknown sort {sort!r}: use date or mentions")
    order = "date_start, mentions DESC" if sort == "date" else "mentions DESC, date_start"
    page = " LIMIT ?" if limit is not None else ""
    # Clusters are chosen first; only their reports are gathered, which is most of the work.
    sql = f"""
        WITH ev AS ({base}), {_KEYED},
        clusters AS ({_CLUSTERS}),
        chosen AS (
            SELECT * FROM clusters WHERE {" AND ".join(where)}
            ORDER BY {order}, event_type, source, target{page}
        ),
        reports AS (
            SELECT k.day, k.day_end, k.event_type, k.side1, k.side2, {_SOURCES}
            FROM keyed k SEMI JOIN chosen c ON c.date_start = k.day AND c.date_end = k.day_end
                AND c.event_type = k.event_type AND c.source = k.side1 AND c.target = k.side2
            GROUP BY k.day, k.day_end, k.event_type, k.side1, k.side2
        )
        SELECT c.*, r.sources FROM chosen c JOIN reports r ON c.date_start = r.day AND c.date_end = r.day_end
            AND c.event_type = r.event_type AND c.source = r.side1 AND c.target = r.side2
        ORDER BY {order}, c.event_type, c.source, c.target
    """
    with cursor(db) as con:
        found = rows(con, sql, [*params, *extra, *([limit] if limit is not None else [])])
    for row in found:
        row["date"] = date_label(row["date_start"], row["date_end"])
        row["date_start"], row["date_end"] = row["date_start"].isoformat(), row["date_end"].isoformat()
    return [{"date": r.pop("date"), **r} for r in found]


def timeline(
    db: Db,
    actor: str,
    partner: str | Iterable[str] | None = None,
    **filters: Any,
) -> list[Row]:
    """The clustered events of an actor (or of the actor and a partner), oldest first.

    Takes the filters of ``event_clusters`` (since, until, status, types, source, min_mentions,
    min_outlets, sort, limit, registry).
    """
    return event_clusters(db, actor, partner, **filters)


def date_label(start: dt.date, end: dt.date) -> str:
    """A date interval as its shortest label: 2018-11-13, 2018-11 (a whole month), 2018 (a whole
    year), else start/end."""
    s, e = start.isoformat(), end.isoformat()
    if s == e:
        return s
    whole_month = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if whole_month and s[:4] == e[:4] and start.month == 1 and end.month == 12:
        return s[:4]
    if whole_month and s[:7] == e[:7]:
        return s[:7]
    return f"{s}/{e}"
