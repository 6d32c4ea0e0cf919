"""Charts: each builds from an analysis' rows and saves as PNG and SVG."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from detente.report import charts

TABLE = [
    {"period": "2018-01", "q1": 3, "q2": 1, "q3": 0, "q4": 2, "events": 6},
    {"period": "2018-02", "q1": 0, "q2": 0, "q3": 0, "q4": 0, "events": 0},
]
MIX = [
    {"period": "2018", "group": "Asia", "events": 3, "coop_share": 0.75, "conflict_share": None},
    {"period": "2019", "group": "Europe", "events": 1, "coop_share": 0.25, "conflict_share": 1.0},
]
SERIES = [
    {"period": "2017", "value": 87e9, "unit": "USD", "source": "CGTN"},
    {"period": "2017", "value": 95e9, "unit": "USD", "source": "Reuters"},
    {"period": "2018", "value": 107e9, "unit": "USD", "source": None},
]


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_edge("RUS", "CHN", weight=3, intensity=2.0)
    g.add_edge("USA", "RUS", weight=1, intensity=-8.0)
    for node in g:
        g.nodes[node]["events"] = g.degree(node, weight="weight")
    return g


@pytest.mark.parametrize(
    "figure",
    [
        lambda: charts.dyad_chart(TABLE, "RUS - CHN"),
        lambda: charts.partner_chart(MIX, "RUS by region"),
        lambda: charts.network_chart(_graph(), "network", groups=[{"community": 0, "members": ["RUS", "CHN"]}]),
        lambda: charts.network_chart(nx.DiGraph(), "empty"),
        lambda: charts.fact_chart(SERIES, "trade"),
        lambda: charts.dyad_chart([], "nothing"),
    ],
    ids=["dyad", "partners", "network", "empty-network", "facts", "empty-dyad"],
)
def test_charts_save_as_png_and_svg(figure, tmp_path: Path) -> None:
    fig = figure()
    for suffix in ("png", "svg"):
        path = charts.save(fig, tmp_path / f"chart.{suffix}")
        assert path.stat().st_size > 1000
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = charts.svg_text(fig)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")


def test_text_stays_text_in_svg() -> None:
    assert "RUS - CHN" in charts.svg_text(charts.dyad_chart(TABLE, "RUS - CHN"))


def test_only_png_and_svg(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        charts.save(charts.dyad_chart(TABLE), tmp_path / "chart.pdf")


def test_human_numbers() -> None:
    assert [charts.human_number(v) for v in (87e9, 1.5e12, 300000.0, 2_500_000.0, 35.0, -6.7, 12, None)] == [
        "87 bn", "1.5 tn", "300,000", "2.5 m", "35", "-6.7", "12", "",
    ]  # fmt: skip
