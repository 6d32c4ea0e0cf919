"""Charts of the analyses (matplotlib, no pyplot: Agg and SVG canvases only, safe in any process).

Each ``*_chart`` function takes the rows an analysis returns and gives a ``Figure``; ``save``
writes it as PNG or SVG by the file's suffix, ``svg_text`` returns inline SVG for the report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from detente.analysis.common import Row

matplotlib.use("Agg")  # no display: charts are files and inline SVG

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLOURS = {1: "#8fd19e", 2: "#2e8b57", 3: "#f4a259", 4: "#c0392b"}
_SVG_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "detente"}  # text stays text; ids are stable
MAX_TICKS = 16


def human_number(value: float | int | None) -> str:
    """A figure for people: 87000000000 -> 87 bn, 1500 -> 1,500."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    x = float(value)
    for size, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
        if abs(x) >= size:
            return f"{x / size:,.3g}{suffix}"
    return f"{x:,.0f}" if x.is_integer() or abs(x) >= 1000 else f"{x:.3g}"


def _ticks(ax: Any, labels: Sequence[str]) -> None:
    """Category labels on the x axis, thinned to at most MAX_TICKS."""
    step = max(1, -(-len(labels) // MAX_TICKS))
    ax.set_xticks(range(0, len(labels), step))
    ax.set_xticklabels(labels[::step], rotation=45, ha="right", fontsize=8)


def dyad_chart(table: Sequence[Row], title: str = "") -> Figure:
    """Stacked bars of events per period by QuadClass (rows of ``analysis.quad_table``)."""
    fig = Figure(figsize=(9, 3.6), layout="constrained")
    ax = fig.add_subplot()
    periods = [r["period"] for r in table]
    bottom = [0] * len(table)
    for quad, name in QUAD_NAMES.items():
        values = [r[f"q{quad}"] for r in table]
        ax.bar(range(len(table)), values, bottom=bottom, color=QUAD_COLOURS[quad], label=name, width=0.85)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _ticks(ax, periods)
    ax.set_ylabel("events")
    ax.set_title(title, fontsize=11, loc="left")
    ax.legend(fontsize=8, ncols=4, loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    if bottom:
        ax.set_ylim(0, max(bottom) * 1.25 or 1)
    return fig


def partner_chart(rows: Sequence[Row], title: str = "", top: int = 6) -> Figure:
    """Two panels, cooperative and conflictual: each group's share per period (rows of
    ``analysis.partner_mix``), for the ``top`` groups with the most events."""
    periods = sorted({r["period"] for r in rows})
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["group"]] = totals.get(r["group"], 0) + r["events"]
    groups = sorted(totals, key=lambda g: (-totals[g], g))[:top]
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    index = {(r["period"], r["group"]): r for r in rows}
    panels = (("coop_share", "cooperation (QuadClass 1-2)"), ("conflict_share", "conflict (QuadClass 3-4)"))
    for ax, (key, label) in zip(axes, panels, strict=True):
        # A period without events of this kind has no share at all: a gap, not a zero.
        has = {r["period"] for r in rows if r.get(key) is not None}
        for group in groups:
            values = [((index.get((p, group)) or {}).get(key) or 0.0) if p in has else float("nan") for p in periods]
            ax.plot(range(len(periods)), values, marker="o", markersize=3, label=group)
        _ticks(ax, periods)
        ax.set_title(label, fontsize=10, loc="left")
        ax.set_ylim(0, 1)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel("share of events")
    if groups:
        axes[1].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    return fig


def network_chart(
    g: nx.DiGraph,
    title: str = "",
    top: int = 40,
    max_edges: int = 120,
    groups: Sequence[Row] = (),
    seed: int = 0,
) -> Figure:
    """The ``top`` actors with most events and the ``max_edges`` heaviest edges among them: node
    size by events, edge width by events, edge colour by mean intensity (red conflictual, green
    cooperative), node colour by community (rows of ``analysis.communities``, when given)."""
    fig = Figure(figsize=(8, 6.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, fontsize=11, loc="left")
    keep = sorted(g.nodes, key=lambda n: (-g.nodes[n].get("events", 0), n))[:top]
    sub = g.subgraph(keep)
    if not len(sub):
        ax.text(0.5, 0.5, "no events", ha="center", va="center")
        return fig
    # Layout of the undirected graph; strong ties pull closer.
    pos = nx.spring_layout(sub.to_undirected(), weight="weight", seed=seed, k=1.5 / max(len(sub), 1) ** 0.5)
    most = max(sub.nodes[n].get("events", 1) for n in sub)
    sizes = [80 + 1200 * sub.nodes[n].get("events", 1) / most for n in sub]
    # The heaviest edges only: hundreds of thin ones hide the structure (and take long to draw).
    edges = sorted(sub.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))[:max_edges]
    heaviest = max((d["weight"] for _, _, d in edges), default=1)
    widths = [0.4 + 4 * d["weight"] / heaviest for _, _, d in edges]
    colours = [d.get("intensity", 0.0) for _, _, d in edges]
    cmap = matplotlib.colormaps["RdYlGn"]
    nx.draw_networkx_edges(
        sub, pos, ax=ax, edgelist=[(a, b) for a, b, _ in edges], width=widths, edge_color=colours,
        edge_cmap=cmap, edge_vmin=-10, edge_vmax=10,
        alpha=0.7, arrows=True, arrowsize=8, node_size=sizes, connectionstyle="arc3,rad=0.08",
    )  # fmt: skip
    palette = matplotlib.colormaps["Pastel1"].colors
    community = {m: row["community"] for row in groups for m in row["members"]}
    fill = [palette[community[n] % len(palette)] if n in community else "#dfe7f2" for n in sub]
    nx.draw_networkx_nodes(sub, pos, ax=ax, node_size=sizes, node_color=fill, edgecolors="#4a6fa5")
    nx.draw_networkx_labels(sub, pos, ax=ax, font_size=8)
    return fig


def fact_chart(series: Sequence[Row], title: str = "") -> Figure:
    """The figures of one measure and dyad per period (rows of ``analysis.fact_series``, of one unit),
    one colour per outlet, so disagreeing sources show as separate points in a period."""
    fig = Figure(figsize=(8, 3.4), layout="constrained")
    ax = fig.add_subplot()
    dated = [r for r in series if r.get("period") and r.get("value") is not None]
    periods = sorted({r["period"] for r in dated})
    outlets = sorted({r.get("source") or "(unknown outlet)" for r in dated})
    for outlet in outlets:
        points = [r for r in dated if (r.get("source") or "(unknown outlet)") == outlet]
        ax.scatter([periods.index(r["period"]) for r in points], [r["value"] for r in points], label=outlet, s=28)
    _ticks(ax, periods)
    unit = dated[0]["unit"] if dated else ""
    ax.set_ylabel(unit)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: human_number(value)))
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    if outlets:
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def save(fig: Figure, path: str | Path) -> Path:
    """Write a chart as PNG or SVG, by the file's suffix."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"charts are .png or .svg files, not {path.name}")
    with matplotlib.rc_context(_SVG_STYLE):
        fig.savefig(path, format=fmt, dpi=120)
    return path


def svg_text(fig: Figure) -> str:
    """The chart as an ``<svg>`` element to put inside HTML (without the XML prolog and doctype)."""
    buf = io.StringIO()
    with matplotlib.rc_context(_SVG_STYLE):
        fig.savefig(buf, format="svg")
    text = buf.getvalue()
    return text[text.index("<svg") :]
