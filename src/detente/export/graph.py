"""The actor network as GraphML (any graph tool) or GEXF with time intervals (Gephi's timeline).

The graph is ``detente.analysis.network``: nodes are actor codes, edges A -> B carry the events
of A on B. GraphML gets every scalar attribute. GEXF is dynamic: each node lives from its first
to its last event day, each edge has one spell per run of consecutive days with events, so
Gephi's timeline shows a relation appear and fade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from detente.analysis.common import DEFAULT_STATUS, Db
from detente.analysis.network import network

GRAPH_FORMATS = ("graphml", "gexf")
_SCALARS = (str, int, float, bool)


def _scalar_copy(g: nx.DiGraph) -> nx.DiGraph:
    """The graph with only the attributes GraphML and GEXF can hold (lists and None dropped)."""
    out = nx.DiGraph()
    out.add_nodes_from((n, {k: v for k, v in d.items() if isinstance(v, _SCALARS)}) for n, d in g.nodes(data=True))
    out.add_edges_from(
        (a, b, {k: v for k, v in d.items() if isinstance(v, _SCALARS)}) for a, b, d in g.edges(data=True)
    )
    return out


def spells(days: Iterable[str]) -> list[tuple[str, str]]:
    """Runs of consecutive ISO days as (first, last) pairs: [d1, d2, d3, d7] -> [(d1, d3), (d7, d7)]."""
    out: list[list[dt.date]] = []
    for day in sorted({dt.date.fromisoformat(d) for d in days}):
        if out and (day - out[-1][1]).days == 1:
            out[-1][1] = day
        else:
            out.append([day, day])
    return [(a.isoformat(), b.isoformat()) for a, b in out]


def write_graphml(g: nx.DiGraph, path: str | Path) -> None:
    """Write the graph as GraphML (scalar attributes only)."""
    nx.write_graphml(_scalar_copy(g), str(path))


def write_gexf(g: nx.DiGraph, path: str | Path) -> None:
    """Write the graph as dynamic GEXF: node start/end, edge spells (from the ``days`` edge
    attribute when present, else the edge's start and end)."""
    out = _scalar_copy(g)
    for a, b, data in out.edges(data=True):
        # networkx writes start/end as the element's own interval; the spells carry it instead.
        first, last = data.pop("start", None), data.pop("end", None)
        data["first"], data["last"] = first, last
        days = g[a][b].get("days")
        data["spells"] = spells(days) if days else [(first, last)]
    nx.write_gexf(out, str(path))


def export_graph(
    db: Db,
    path: str | Path,
    fmt: str | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    types: Iterable[str] | None = None,
    status: str | Iterable[str] | None = DEFAULT_STATUS,
    source: str | None = None,
    min_events: int = 1,
) -> nx.DiGraph:
    """Build the network with these filters (``analysis.network``) and write it to ``path``.

    ``fmt``: graphml or gexf; by default the file's suffix decides. Returns the graph.
    """
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}: use graphml or gexf")
    g = network(db, since, until, types=types, status=status, source=source, min_events=min_events, days=fmt == "gexf")
    (write_gexf if fmt == "gexf" else write_graphml)(g, path)
    return g
