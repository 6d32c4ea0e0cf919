"""Partner mix: with whom an actor cooperates and quarrels, per period, by partner, region or bloc.

This answers questions like "is Russia turning to Asia?": the share of Russia's cooperative
(QuadClass 1-2) and conflictual (3-4) events whose partner is in Asia, year by year.

The unit is an (event, partner) pair: an event of the actor with two coded partners on the other
side counts once for each. Shares are of all the actor's pairs in the period, so at the partner,
region and sub-region levels they sum to 1; at the bloc level a partner counts for every bloc it
belongs to (and partners in none for NO_BLOC), so they need not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from detente.actors.registry import Registry
from detente.analysis.common import DEFAULT_STATUS, Db, Row, cursor, event_base, period_sql, rows
from detente.analysis.groups import default_registry, memberships


def partner_mix(
    db: Db,
    actor: str,
    *,
    by: str = "year",
    level: str = "partner",
    since: str | None = None,
    until: str | None = None,
    status: str | Iterable[str] | None = DEFAULT_STATUS,
    types: Iterable[str] | None = None,
    source: str | None = None,
    blocs: Sequence[str] | None = None,
    registry: Registry | None = None,
) -> list[Row]:
    """The actor's events per period and partner group, with their shares.

    ``level``: partner (each code), region or subregion (UN geoscheme, from the registry), or bloc
    (``blocs``, default ``groups.DEFAULT_BLOCS``). Other filters as in ``dyad_series``.

    Rows, by period then most events first: period, group, events, coop (QuadClass 1-2), conflict
    (3-4), share (of the period's events), coop_share (of its cooperative events), conflict_share,
    intensity_mean.
    """
    actor = actor.upper()
    base, params = event_base(since=since, until=until, status=status, types=types, source=source)
    sql = f"""
        WITH ev AS ({base}),
        mine AS (SELECT DISTINCT doc_id, event_id, side FROM event_actors WHERE code = ?),
        pairs AS (
            SELECT DISTINCT x.doc_id, x.event_id, x.code FROM event_actors x
            JOIN mine m ON m.doc_id = x.doc_id AND m.event_id = x.event_id AND m.side <> x.side
            WHERE x.code IS NOT NULL AND x.code <> ?
        )
        SELECT {period_sql(by, "ev.day")} AS period, p.code, count(*) AS events,
            count(*) FILTER (WHERE ev.quad_class IN (1, 2)) AS coop,
            count(*) FILTER (WHERE ev.quad_class IN (3, 4)) AS conflict,
            sum(ev.intensity) AS intensity_sum
        FROM pairs p JOIN ev ON ev.doc_id = p.doc_id AND ev.event_id = p.event_id
        GROUP BY ALL
    """
    with cursor(db) as con:
        counts = rows(con, sql, [*params, actor, actor])
    groups: dict[str, list[str]] = {}
    for code, group in memberships({r["code"] for r in counts}, level, registry or default_registry(), blocs):
        groups.setdefault(code, []).append(group)
    return _shares(counts, groups)


def _shares(counts: list[Row], groups: dict[str, list[str]]) -> list[Row]:
    """Sum per (period, group) and divide by the period's totals."""
    totals: dict[str, dict[str, int]] = {}
    out: dict[tuple[str, str], Row] = {}
    for r in counts:
        total = totals.setdefault(r["period"], {"events": 0, "coop": 0, "conflict": 0})
        for key in total:
            total[key] += r[key]
        for group in groups[r["code"]]:
            agg = out.setdefault(
                (r["period"], group),
                {"period": r["period"], "group": group, "events": 0, "coop": 0, "conflict": 0, "intensity_sum": 0.0},
            )
            for key in ("events", "coop", "conflict"):
                agg[key] += r[key]
            agg["intensity_sum"] += r["intensity_sum"] or 0.0
    result = []
    for (period, _group), agg in out.items():
        total = totals[period]
        result.append(
            {
                "period": period,
                "group": agg["group"],
                "events": agg["events"],
                "coop": agg["coop"],
                "conflict": agg["conflict"],
                "share": agg["events"] / total["events"],
                "coop_share": agg["coop"] / total["coop"] if total["coop"] else None,
                "conflict_share": agg["conflict"] / total["conflict"] if total["conflict"] else None,
                "intensity_mean": agg["intensity_sum"] / agg["events"],
            }
        )
    result.sort(key=lambda r: (r["period"], -r["events"], r["group"]))
    return result
