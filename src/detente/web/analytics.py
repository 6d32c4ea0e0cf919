"""What the web adds to ``detente.analysis``: full-text search, and the analyses' results shaped
for JSON and for the charts (network nodes with their centralities, conflicts with their
reports, partner shares, ranges of reported figures).

The search is parameterised SQL over the sentences (through ``CursorStore.rows``); everything
else takes what ``detente.analysis`` returns.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from statistics import median
from typing import Any

import networkx as nx

from detente.analysis import centrality, communities
from detente.analysis.dyads import fill_periods
from detente.facts.reconcile import FactGroup
from detente.store.queries import Where, document_filters
from detente.web.charts import OTHER
from detente.web.database import CursorStore

MAX_TERMS = 8  # search terms used from one query


def search_terms(query: str) -> list[str]:
    """The terms of a search: words, or "quoted phrases", each once (whatever its case).

    Raises ValueError when there is none, or more than MAX_TERMS: every term must occur, so
    dropping one would widen the search without saying so."""
    terms: dict[str, str] = {}
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        if term := (phrase or word).strip():
            terms.setdefault(term.lower(), term)
    if not terms:
        raise ValueError("no search terms (only blanks and quotes)")
    if len(terms) > MAX_TERMS:
        raise ValueError(f"{len(terms)} different search terms; at most {MAX_TERMS}")
    return list(terms.values())


def _pattern(term: str) -> str:
    """A case-insensitive regular expression (RE2, DuckDB's) matching ``term`` literally anywhere.
    DuckDB's RE2 finds a term in a third less time than ILIKE, which lowers every sentence first."""
    return "(?i)" + re.escape(term)


def search(
    store: CursorStore,
    query: str,
    *,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    doc_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Sentences holding every term of ``query`` (case-insensitive), newest documents first, and
    their total. Each hit carries the offsets of the terms in the sentence (``matches``). Raises
    ValueError for a query without terms or with too many (``search_terms``).
    """
    terms = search_terms(query)
    where = Where()
    for term in terms:
        where.add("regexp_matches(s.text, ?)", _pattern(term))
    document_filters(where, source=source, doc_id=doc_id, since=since, until=until)
    base = f"FROM sentences s JOIN documents d ON d.doc_id = s.doc_id {where.sql()}"
    # The total comes with the page (one scan of the sentences); only a page past the end counts again.
    hits = store.rows(
        f"""SELECT s.doc_id, s.idx AS sentence, s."start", s."end", s.text, d.title, d.published, d.source,
            count(*) OVER () AS total {base}
        ORDER BY d.published_start DESC NULLS LAST, s.doc_id, s.idx LIMIT ? OFFSET ?""",
        [*where.params, limit, offset],
    )
    total = hits[0]["total"] if hits else store.rows(f"SELECT count(*) AS n {base}", where.params)[0]["n"]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    for hit in hits:
        del hit["total"]
        hit["matches"] = [[m.start(), m.end()] for m in pattern.finditer(hit["text"])]
    return hits, total


def network_data(graph: nx.DiGraph, max_nodes: int, max_edges: int) -> dict[str, Any]:
    """The graph as nodes, edges and communities, cut to the ``max_nodes`` actors with most events,
    and to the ``max_edges`` edges with most events among them.

    The actors are cut first, so centralities and communities describe the actors drawn (and a big
    corpus still answers quickly); the edge cut only thins what is drawn.
    """
    if graph.number_of_nodes() > max_nodes:
        keep = sorted(graph, key=lambda n: (-graph.nodes[n].get("events", 0), n))[:max_nodes]
        graph = graph.subgraph(keep).copy()
    groups = communities(graph)
    community = {member: group["community"] for group in groups for member in group["members"]}
    nodes = []
    for row in centrality(graph):
        data = graph.nodes[row["actor"]]
        nodes.append(
            {
                **row,
                "id": row["actor"],
                "kind": data.get("kind"),
                "region": data.get("region"),
                "subregion": data.get("subregion"),
                "start": data.get("start"),
                "end": data.get("end"),
                "community": community.get(row["actor"], 0),
            }
        )
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))[:max_edges]
    edges = [{"source": a, "target": b, **data} for a, b, data in edges]
    return {"nodes": nodes, "edges": edges, "communities": groups}


def conflict_rows(groups: Sequence[FactGroup]) -> list[dict[str, Any]]:
    """Fact groups whose sources disagree, each value with the reports that give it."""
    return [
        {
            "measure": group.measure,
            "dyad": list(group.dyad),
            "kind": group.kind,
            "unit": group.unit,
            "period": group.period,
            "variants": [
                {
                    "value": variant.value,
                    "reports": [
                        {
                            "doc_id": f["doc_id"],
                            "fact_id": f["fact_id"],
                            "outlet": f.get("source"),
                            "published": f.get("published"),
                            "sentence_index": f.get("sentence"),
                            "sentence": f.get("sentence_text"),
                            "text": f.get("text"),
                            "value": f.get("value"),
                        }
                        for f in variant.facts
                    ],
                }
                for variant in group.variants
            ],
        }
        for group in groups
    ]


def chart_choice(rows: Sequence[dict[str, Any]], unit: str | None = None) -> tuple[str | None, str | None, list[str]]:
    """Which figures of a fact series to chart: their kind (levels when there are any, since a change
    or a share is another quantity) and unit (``unit`` when it has such figures, else the most
    common); and every unit of that kind, to offer the others."""
    kinds = Counter(r["kind"] for r in rows)
    kind = "level" if kinds["level"] else (kinds.most_common(1)[0][0] if kinds else None)
    units = Counter(r["unit"] for r in rows if r["kind"] == kind and r["unit"])
    chosen = unit if unit in units else (units.most_common(1)[0][0] if units else None)
    return kind, chosen, sorted(units)


def chart_points(rows: Sequence[dict[str, Any]], kind: str | None, unit: str | None) -> list[dict[str, Any]]:
    """The figures of one kind and unit that have a period and a value."""
    return [r for r in rows if r["kind"] == kind and r["unit"] == unit and r["period"] and r["value"] is not None]


def period_ranges(points: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per period, the median, lowest and highest figure, and how many there are."""
    values: dict[str, list[float]] = defaultdict(list)
    for point in points:
        values[point["period"]].append(point["value"])
    return [
        {"period": p, "median": median(v), "low": min(v), "high": max(v), "reports": len(v)}
        for p, v in sorted(values.items())
    ]


def partner_table(rows: Sequence[dict[str, Any]], top: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Partner-mix rows as one row per period (gaps filled) with events per group: the ``top``
    groups with most events by name, the rest as ``other``. Returns (groups, table)."""
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row["group"]] += row["events"]
    ranked = sorted(totals, key=lambda g: (-totals[g], g))
    kept = set(ranked[:top])
    groups = ranked[:top] + ([OTHER] if len(ranked) > top else [])
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        counts = table.setdefault(row["period"], {"period": row["period"], **dict.fromkeys(groups, 0)})
        counts[row["group"] if row["group"] in kept else OTHER] += row["events"]
    return groups, fill_periods([table[p] for p in sorted(table)])
