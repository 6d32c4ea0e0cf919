"""Gathering what the report shows: the analyses of one store, and the sentences behind them.

Every event and figure the report shows cites the sentences it was read from; ``Citations``
numbers them and the appendix lists each once, with its outlet, date and document, and the
trigger or figure marked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from detente.actors.registry import Registry
from detente.analysis import (
    centrality,
    communities,
    dyad_series,
    event_clusters,
    fact_groups,
    fact_series,
    network,
    partner_mix,
    period_span,
    quad_table,
    sources,
)
from detente.analysis.common import Db, Row, cursor, queries, rows
from detente.analysis.groups import default_registry
from detente.report import charts
from detente.store.queries import IN_LIST, date_bounds

if TYPE_CHECKING:
    from detente.facts.reconcile import FactGroup


@dataclass(slots=True)
class ReportOptions:
    """What the report covers and how much of it it lists."""

    actor: str | None = None  # default: the most mentioned actor
    since: str | None = None
    until: str | None = None
    partners: int = 3  # dyad charts for this many of the actor's main partners
    timeline: int = 150  # at most this many timeline entries (the most reported ones)
    network_nodes: int = 40
    fact_groups: int = 60
    fact_charts: int = 4


@dataclass
class Citations:
    """Sentences cited by the report, numbered in order of first citation."""

    keys: dict[tuple[str, int], int] = field(default_factory=dict)
    marks: dict[tuple[str, int], list[tuple[int, int]]] = field(default_factory=dict)

    def cite(self, doc_id: str, sentence: int | None, span: tuple[int, int] | list[int] | None = None) -> dict:
        """The citation of a sentence ({n, anchor}); ``span``: characters (document offsets) to mark."""
        key = (doc_id, int(sentence or 0))
        n = self.keys.setdefault(key, len(self.keys) + 1)
        if span and span[0] is not None and span[1] is not None and span[0] >= 0:
            marks = self.marks.setdefault(key, [])
            if tuple(span) not in marks:
                marks.append((int(span[0]), int(span[1])))
        return {"n": n, "anchor": f"s{n}"}


COARSER = {"day": "week", "week": "month", "month": "quarter", "quarter": "year", "year": "year"}


def auto_period(first: dt.date | None, last: dt.date | None) -> str:
    """A period for series over this span: weeks up to four months, months up to four years, else years."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    return "week" if days <= 120 else "month" if days <= 4 * 366 else "year"


def _span(db: Db, since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The days the report covers: since/until, else the first and last publication or event day."""
    start, end = date_bounds(since, until)
    if start and end:
        return start, end
    with cursor(db) as con:
        first, last = con.execute(
            "SELECT least(min(published_start), (SELECT min(date_start) FROM events)),"
            " greatest(max(published_end), (SELECT max(date_end) FROM events)) FROM documents"
        ).fetchone()
    return start or first, end or last


def _segments(text: str, start: int, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The sentence as (text, marked) pieces, marks given in document offsets."""
    inside = sorted(
        (max(a - start, 0), min(b - start, len(text))) for a, b in marks if b > start and a < start + len(text)
    )
    out, pos = [], 0
    for a, b in inside:
        if a < pos:
            continue
        if a > pos:
            out.append((text[pos:a], False))
        out.append((text[a:b], True))
        pos = b
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def appendix(db: Db, citations: Citations) -> list[Row]:
    """The cited sentences in citation order: n, anchor, doc_id, sentence, outlet, published, title,
    url, segments (text pieces with the cited characters marked)."""
    if not citations.keys:
        return []
    ids = sorted({doc for doc, _ in citations.keys})
    with cursor(db) as con:
        found = rows(
            con,
            f"SELECT s.doc_id, s.idx, s.start, s.text, d.source, d.published, d.title, d.url FROM sentences s"
            f" JOIN documents d ON d.doc_id = s.doc_id WHERE s.doc_id IN {IN_LIST}",
            [ids],
        )
    by_key = {(r["doc_id"], r["idx"]): r for r in found}
    out = []
    for key, n in sorted(citations.keys.items(), key=lambda item: item[1]):
        r = by_key.get(key)
        text = r["text"] if r else "(sentence not stored)"
        out.append(
            {
                "n": n,
                "anchor": f"s{n}",
                "doc_id": key[0],
                "sentence": key[1],
                "outlet": r["source"] if r else None,
                "published": r["published"] if r else None,
                "title": r["title"] if r else None,
                "url": r["url"] if r else None,
                "segments": _segments(text, r["start"], citations.marks.get(key, [])) if r else [(text, False)],
            }
        )
    return out


def _overview(db: Db) -> dict[str, Any]:
    summary = queries(db).summary(top=10)
    with cursor(db) as con:
        span = rows(
            con,
            "SELECT min(published_start) AS first, max(published_end) AS last, count(DISTINCT source) AS outlets"
            " FROM documents",
        )[0]
        by_quad = rows(
            con,
            "SELECT quad_class, event_type, count(*) AS events FROM events WHERE status = 'occurred'"
            " GROUP BY ALL ORDER BY quad_class, events DESC",
        )
        statuses = rows(con, "SELECT status, count(*) AS events FROM events GROUP BY ALL ORDER BY events DESC")
    return {**summary, **span, "by_type": by_quad, "statuses": statuses}


def _timeline(db: Db, actor: str, options: ReportOptions, cites: Citations) -> list[Row]:
    entries = event_clusters(
        db, actor, since=options.since, until=options.until, sort="mentions", limit=options.timeline
    )
    entries.sort(key=lambda r: (r["date_start"], -r["mentions"]))
    for entry in entries:
        entry["cites"] = [cites.cite(s["doc_id"], s["sentence_index"], s["span"]) for s in entry["sources"]]
        entry["outlet_names"] = sorted({s["outlet"] for s in entry["sources"] if s["outlet"]})
    return entries


def _facts(db: Db, options: ReportOptions, cites: Citations) -> tuple[list[Row], list[FactGroup]]:
    groups = fact_groups(db, since=options.since, until=options.until)
    # Disputed figures first, then those most documents give.
    groups.sort(key=lambda g: (g.status != "conflict", -len(g.documents), g.measure, g.dyad))
    shown = []
    for group in groups[: options.fact_groups]:
        variants = []
        for variant in group.variants:
            variants.append(
                {
                    "value": variant.value,
                    "facts": [
                        {
                            "text": f.get("text"),
                            "outlet": f.get("source"),
                            "doc_id": f.get("doc_id"),
                            "cite": cites.cite(f["doc_id"], f.get("sentence"), f.get("span")),
                        }
                        for f in variant.facts
                    ],
                }
            )
        shown.append(
            {
                "measure": group.measure,
                "dyad": list(group.dyad),
                "kind": group.kind,
                "unit": group.unit,
                "period": group.period,
                "status": group.status,
                "variants": variants,
            }
        )
    return shown, groups


def _fact_charts(db: Db, groups: list[FactGroup], options: ReportOptions) -> list[dict[str, str]]:
    """Series charts of the (measure, dyad, kind, unit) with the most dated figures, two or more."""
    counts: dict[tuple[str, tuple[str, ...], str, str], int] = {}
    for group in groups:
        if group.dyad and group.period:
            key = (group.measure, group.dyad, group.kind, group.unit)
            counts[key] = counts.get(key, 0) + len(group.facts)
    out = []
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    for (measure, dyad, kind, unit), n in ranked[: options.fact_charts]:
        if n < 2:
            break
        series = [r for r in fact_series(db, measure, dyad) if r["kind"] == kind and r["unit"] == unit]
        title = f"{measure} ({kind}, {unit}), {' - '.join(dyad)}: {n} dated figures"
        out.append({"title": title, "svg": charts.svg_text(charts.fact_chart(series, title))})
    return out


def report_data(db: Db, options: ReportOptions | None = None, registry: Registry | None = None) -> dict[str, Any]:
    """Everything the report template needs, with charts as inline SVG text."""
    options = options or ReportOptions()
    registry = registry or default_registry()
    cites = Citations()
    overview = _overview(db)
    actor = (options.actor or next((a["code"] for a in overview["top_actors"]), None) or "").upper() or None
    since, until = options.since, options.until
    data: dict[str, Any] = {"options": options, "overview": overview, "actor": actor}
    if actor:
        name = registry.get(actor).name if registry.get(actor) else actor
        data["actor_name"] = name
        data["timeline"] = _timeline(db, actor, options, cites)
        by = auto_period(*_span(db, since, until))
        data["period"] = by
        mix = partner_mix(db, actor, by="year", level="partner", since=since, until=until, registry=registry)
        totals: dict[str, int] = {}
        for row in mix:
            totals[row["group"]] = totals.get(row["group"], 0) + row["events"]
        partners = sorted(totals, key=lambda p: (-totals[p], p))[: options.partners]
        data["dyads"] = []
        for partner in partners:
            series = dyad_series(db, actor, partner, by=by, since=since, until=until, registry=registry)
            table = quad_table(series, span=period_span(since, until, by))
            title = f"{actor} - {partner}: events per {by} by QuadClass"
            data["dyads"].append(
                {"partner": partner, "table": table, "svg": charts.svg_text(charts.dyad_chart(table, title))}
            )
        # Shares need more events per period than counts do: one period coarser than the dyads'.
        regions = partner_mix(db, actor, by=COARSER[by], level="region", since=since, until=until, registry=registry)
        data["regions"] = regions
        data["regions_svg"] = charts.svg_text(charts.partner_chart(regions, f"{name}: partners by UN region"))
    g = network(db, since, until, registry=registry)
    groups_found = communities(g)
    title = f"Who acts on whom: the {options.network_nodes} most active actors, coloured by community"
    data["network_svg"] = charts.svg_text(charts.network_chart(g, title, options.network_nodes, groups=groups_found))
    data["centrality"] = centrality(g)[:15]
    data["communities"] = groups_found[:8]
    data["network_size"] = (len(g), g.number_of_edges())
    data["facts"], groups = _facts(db, options, cites)
    data["fact_total"] = len(groups)
    data["fact_conflicts"] = sum(1 for g in groups if g.status == "conflict")
    data["fact_charts"] = _fact_charts(db, groups, options)
    found = sources(db, since=since, until=until, shared_limit=20)
    for entry in found.shared_events:
        entry["cites"] = [cites.cite(s["doc_id"], s["sentence_index"], s["span"]) for s in entry["sources"]]
    data["sources"] = found
    data["appendix"] = appendix(db, cites)
    return data
