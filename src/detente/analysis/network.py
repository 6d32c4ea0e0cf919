"""The network of who acts on whom: a directed graph of coded actors weighted by their events.

An edge A -> B sums the events with A as a source and B as a target; a symmetric event (talks, an
agreement) adds to both A -> B and B -> A. Unresolved actors (no code) are left out, and so are
events of an actor on itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from detente.actors.registry import Registry
from detente.analysis.common import DEFAULT_STATUS, Db, Row, cursor, event_base, rows
from detente.analysis.groups import actor_info, default_registry

BETWEENNESS_SAMPLE = 300  # above this many nodes, betweenness is estimated from this many sources


def network(
    db: Db,
    since: str | None = None,
    until: str | None = None,
    *,
    types: Iterable[str] | None = None,
    status: str | Iterable[str] | None = DEFAULT_STATUS,
    source: str | None = None,
    min_events: int = 1,
    days: bool = False,
    registry: Registry | None = None,
) -> nx.DiGraph:
    """The actor network of the events the filters keep (filters as in ``dyad_series``).

    Edges with fewer than ``min_events`` events are dropped (and nodes left without edges). Edge
    attributes: weight (events), intensity (mean), intensity_sum, quad1..quad4 (events per
    QuadClass), start and end (first and last day, ISO); with ``days``, also days: the sorted ISO
    days with events (what the GEXF export turns into time spells). Node attributes: name, kind
    (state, org, unknown), region and subregion when known, events (on its edges, in and out),
    start and end.
    """
    base, params = event_base(since=since, until=until, status=status, types=types, source=source)
    day_list = ", list(DISTINCT strftime(day, '%Y-%m-%d') ORDER BY strftime(day, '%Y-%m-%d')) AS days" if days else ""
    sql = f"""
        WITH ev AS ({base}),
        s AS (SELECT DISTINCT doc_id, event_id, code FROM event_actors WHERE side = 'source' AND code IS NOT NULL),
        t AS (SELECT DISTINCT doc_id, event_id, code FROM event_actors WHERE side = 'target' AND code IS NOT NULL),
        pairs AS (
            SELECT s.code AS a, t.code AS b, ev.* FROM ev
            JOIN s ON s.doc_id = ev.doc_id AND s.event_id = ev.event_id
            JOIN t ON t.doc_id = ev.doc_id AND t.event_id = ev.event_id
            WHERE s.code <> t.code
        ),
        directed AS (SELECT * FROM pairs UNION ALL SELECT * REPLACE (b AS a, a AS b) FROM pairs WHERE "symmetric")
        SELECT a, b, count(*) AS weight, avg(intensity) AS intensity, sum(intensity) AS intensity_sum,
            count(*) FILTER (WHERE quad_class = 1) AS quad1, count(*) FILTER (WHERE quad_class = 2) AS quad2,
            count(*) FILTER (WHERE quad_class = 3) AS quad3, count(*) FILTER (WHERE quad_class = 4) AS quad4,
            strftime(min(day), '%Y-%m-%d') AS start, strftime(max(day), '%Y-%m-%d') AS "end"{day_list}
        FROM directed GROUP BY a, b HAVING count(*) >= ? ORDER BY a, b
    """
    with cursor(db) as con:
        edges = rows(con, sql, [*params, min_events])
    return _graph(edges, registry or default_registry())


def _graph(edges: list[Row], registry: Registry) -> nx.DiGraph:
    g = nx.DiGraph()
    for e in edges:
        attrs = {k: v for k, v in e.items() if k not in ("a", "b") and v is not None}
        g.add_edge(e["a"], e["b"], **attrs)
    for node in g.nodes:
        data = g.nodes[node]
        data.update(actor_info(node, registry))
        spans = [d for _, _, d in (*g.in_edges(node, data=True), *g.out_edges(node, data=True))]
        data["events"] = sum(d["weight"] for d in spans)
        data["start"] = min(d["start"] for d in spans)
        data["end"] = max(d["end"] for d in spans)
    return g


def centrality(g: nx.DiGraph, *, seed: int = 0) -> list[Row]:
    """Each actor's place in the network, most events first.

    Rows: actor, name, events (weighted degree, in and out), out_events, in_events, partners
    (distinct neighbours), betweenness (shortest paths through it, unweighted, normalised; sampled
    on graphs of more than BETWEENNESS_SAMPLE nodes), eigenvector (of the undirected weighted
    graph; None when it does not converge).
    """
    if not len(g):
        return []
    k = BETWEENNESS_SAMPLE if len(g) > BETWEENNESS_SAMPLE else None
    between = nx.betweenness_centrality(g, k=k, seed=seed)
    undirected = _undirected(g)
    try:
        eigen: dict[Any, float] = nx.eigenvector_centrality(undirected, weight="weight", max_iter=1000)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        eigen = {}
    out = []
    for node, data in g.nodes(data=True):
        out_w = sum(d["weight"] for _, _, d in g.out_edges(node, data=True))
        in_w = sum(d["weight"] for _, _, d in g.in_edges(node, data=True))
        out.append(
            {
                "actor": node,
                "name": data.get("name", node),
                "events": out_w + in_w,
                "out_events": out_w,
                "in_events": in_w,
                "partners": len(set(g.successors(node)) | set(g.predecessors(node))),
                "betweenness": between.get(node),
                "eigenvector": eigen.get(node),
            }
        )
    out.sort(key=lambda r: (-r["events"], r["actor"]))
    return out


def _undirected(g: nx.DiGraph) -> nx.Graph:
    """The graph without direction, the weights of A -> B and B -> A summed."""
    u = nx.Graph()
    u.add_nodes_from(g.nodes(data=True))
    for a, b, d in g.edges(data=True):
        w = d.get("weight", 1)
        if u.has_edge(a, b):
            u[a][b]["weight"] += w
        else:
            u.add_edge(a, b, weight=w)
    return u


def communities(g: nx.DiGraph, *, method: str = "louvain", seed: int = 0) -> list[Row]:
    """Groups of actors that act on each other more than on the rest (on the undirected weighted graph).

    ``method``: louvain (networkx's Louvain, seeded: the same graph gives the same groups) or greedy
    (greedy modularity). Rows, largest first: community (0, 1, ...), size, events (inside it),
    members (codes, most events first).
    """
    u = _undirected(g)
    if not len(u):
        return []
    if method == "louvain":
        found = nx.community.louvain_communities(u, weight="weight", seed=seed)
    elif method == "greedy":
        found = nx.community.greedy_modularity_communities(u, weight="weight")
    else:
        raise ValueError(f"unknown method {method!r}: use louvain or greedy")
    strength = dict(u.degree(weight="weight"))
    groups = []
    for members in found:
        inside = u.subgraph(members).size(weight="weight")
        ordered = sorted(members, key=lambda n: (-strength[n], n))
        groups.append({"size": len(members), "events": int(inside), "members": ordered})
    groups.sort(key=lambda r: (-r["size"], -r["events"], r["members"][0]))
    return [{"community": i, **row} for i, row in enumerate(groups)]


def ego_network(g: nx.DiGraph, actor: str, radius: int = 1) -> nx.DiGraph:
    """The actor and everyone within ``radius`` steps of it (either direction), with the edges among them."""
    actor = actor.upper()
    if actor not in g:
        return nx.DiGraph()
    return nx.ego_graph(g, actor, radius=radius, undirected=True)
