"""Dyad series: the events between two actors (or an actor and a group) per period.

An event belongs to the dyad when one side names A and the other side names a member of B, in
either direction. ``a_to_b`` counts those with A as source, ``b_to_a`` those with B as source;
a symmetric event (talks, an agreement) counts in both directions, once in ``events``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from detente.actors.registry import Registry
from detente.analysis.common import DEFAULT_STATUS, Db, Row, cursor, event_base, period_sql, rows
from detente.analysis.groups import codes_of, default_registry
from detente.store.queries import IN_LIST

QUADS = (1, 2, 3, 4)


def dyad_series(
    db: Db,
    a: str,
    b: str | Iterable[str] | None = None,
    *,
    by: str = "month",
    since: str | None = None,
    until: str | None = None,
    status: str | Iterable[str] | None = DEFAULT_STATUS,
    types: Iterable[str] | None = None,
    source: str | None = None,
    registry: Registry | None = None,
) -> list[Row]:
    """Events of a dyad per period, QuadClass and PLOVER type.

    ``a`` is one code. ``b`` is a code, a group (an organisation with members such as "ASEAN" or
    "EU": the organisation and its members), a UN region or sub-region ("Asia"), or several of
    these; None means anyone (every event of A with a coded partner). A itself is never its own
    partner. ``by``: day, week, month, quarter or year. ``status``: statuses kept (None or "all":
    every status); ``types``: PLOVER types kept; ``source``: outlet name contains.

    Rows, ordered by period, quad_class, event_type: period, quad_class, event_type, events,
    a_to_b, b_to_a, intensity_mean, intensity_sum.
    """
    a = a.upper()
    partner_sql, params = _partners(b, a, registry or default_registry())
    base, base_params = event_base(since=since, until=until, status=status, types=types, source=source)
    sql = f"""
        WITH ev AS ({base}),
        sides AS (
            SELECT x.doc_id, x.event_id,
                bool_or(x.side = 'source' AND x.code = ?) AS a_src,
                bool_or(x.side = 'target' AND x.code = ?) AS a_tgt,
                bool_or(x.side = 'source' AND {partner_sql}) AS b_src,
                bool_or(x.side = 'target' AND {partner_sql}) AS b_tgt
            FROM event_actors x WHERE x.code IS NOT NULL GROUP BY x.doc_id, x.event_id
        ),
        hits AS (
            SELECT ev.*, (s.a_src AND s.b_tgt) OR (ev."symmetric" AND s.b_src AND s.a_tgt) AS ab,
                (s.b_src AND s.a_tgt) OR (ev."symmetric" AND s.a_src AND s.b_tgt) AS ba
            FROM ev JOIN sides s ON s.doc_id = ev.doc_id AND s.event_id = ev.event_id
            WHERE (s.a_src AND s.b_tgt) OR (s.b_src AND s.a_tgt)
        )
        SELECT {period_sql(by)} AS period, quad_class, event_type, count(*) AS events,
            count(*) FILTER (WHERE ab) AS a_to_b, count(*) FILTER (WHERE ba) AS b_to_a,
            avg(intensity) AS intensity_mean, sum(intensity) AS intensity_sum
        FROM hits GROUP BY ALL ORDER BY period, quad_class, event_type
    """
    with cursor(db) as con:
        return rows(con, sql, [*base_params, a, a, *params, *params])


def _partners(b: str | Iterable[str] | None, a: str, registry: Registry) -> tuple[str, list[Any]]:
    """SQL condition on ``x.code`` (with parameters): the code is one of B's, and not A."""
    if b is None:
        return "x.code <> ?", [a]
    codes = [c for c in codes_of(b, registry) if c != a]
    return f"x.code IN {IN_LIST}", [codes]


def quad_table(
    series: Sequence[Row], fill: bool = True, span: tuple[str | None, str | None] = (None, None)
) -> list[Row]:
    """A dyad series summed per period: period, q1..q4 (events per QuadClass), events, a_to_b,
    b_to_a, intensity_mean, intensity_sum; with ``fill``, periods without an event are rows of
    zeros, from the first period to the last, or over ``span`` (``period_span`` of the since and
    until the series was asked for) where it reaches further."""
    out: dict[str, Row] = {}
    for row in series:
        agg = out.setdefault(
            row["period"],
            {"period": row["period"], **{f"q{q}": 0 for q in QUADS}, "events": 0, "a_to_b": 0, "b_to_a": 0,
             "intensity_sum": 0.0},
        )  # fmt: skip
        if row["quad_class"] in QUADS:
            agg[f"q{row['quad_class']}"] += row["events"]
        for key in ("events", "a_to_b", "b_to_a"):
            agg[key] += row[key]
        agg["intensity_sum"] += row["intensity_sum"] or 0.0
    table = [out[p] for p in sorted(out)]
    for row in table:
        row["intensity_mean"] = row["intensity_sum"] / row["events"] if row["events"] else None
    return fill_periods(table, span) if fill else table


def fill_periods(table: list[Row], span: tuple[str | None, str | None] = (None, None)) -> list[Row]:
    """Insert zero rows for the periods missing between consecutive labels (months, quarters, years,
    weeks, days as ``period_sql`` writes them), and before and after them up to the labels of
    ``span`` when given, so a chart shows the quiet periods of the whole span asked for."""
    if not table:
        return table
    labels = [r["period"] for r in table]
    first, last = span
    every = _labels_between(min(labels[0], first or labels[0]), max(labels[-1], last or labels[-1]))
    if every is None:
        return table
    have = dict(zip(labels, table, strict=True))
    zero = {k: (0 if isinstance(v, int) else None) for k, v in table[0].items() if k != "period"}
    return [have.get(label) or {"period": label, **zero} for label in every]


def _labels_between(first: str, last: str) -> list[str] | None:
    """Every period label from ``first`` to ``last``, or None for a format it does not know."""
    if len(first) == 4:
        return [str(y) for y in range(int(first), int(last) + 1)]
    if "-Q" in first:
        (y1, q1), (y2, q2) = (map(int, label.split("-Q")) for label in (first, last))
        return [f"{i // 4}-Q{i % 4 + 1}" for i in range(y1 * 4 + q1 - 1, y2 * 4 + q2)]
    if "-W" in first:
        day = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
        end = dt.date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
        out = []
        while day <= end:
            year, week, _ = day.isocalendar()
            out.append(f"{year}-W{week:02d}")
            day += dt.timedelta(days=7)
        return out
    if len(first) == 7:
        (y1, m1), (y2, m2) = (map(int, label.split("-")) for label in (first, last))
        return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(y1 * 12 + m1 - 1, y2 * 12 + m2)]
    if len(first) == 10:
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        return [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    return None
