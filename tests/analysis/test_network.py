"""The actor network, centrality, communities and ego networks."""

from __future__ import annotations

import networkx as nx
import pytest
from store_builder import Ev, build

from detente.analysis import centrality, communities, ego_network, network
from detente.store import Store


@pytest.fixture
def store(make_store) -> Store:
    return make_store(
        build(
            "d1",
            [
                Ev("CONSULT", "RUS", "CHN", "2018-01-10", symmetric=True),
                Ev("ACCUSE", "CHN", "RUS", "2018-01-12"),
                Ev("ACCUSE", "CHN", "RUS", "2018-01-13"),
                Ev("ASSAULT", "RUS", "UKR", "2018-02-03"),
                Ev("CONSULT", "RUS", "text:Foo Institute", "2018-02-04"),
                Ev("CONSULT", "RUS", "RUS", "2018-02-05"),
                Ev("AGREE", "RUS", "USA", "2018-02-06", status="hoped"),
            ],
        )
    )


def test_edges_count_events_and_symmetric_events_go_both_ways(store) -> None:
    g = network(store)
    assert set(g.edges) == {("RUS", "CHN"), ("CHN", "RUS"), ("RUS", "UKR")}
    chn_rus = g["CHN"]["RUS"]
    assert (chn_rus["weight"], chn_rus["quad1"], chn_rus["quad3"]) == (3, 1, 2)
    assert chn_rus["intensity"] == pytest.approx((1 - 2 - 2) / 3)
    assert (chn_rus["start"], chn_rus["end"]) == ("2018-01-10", "2018-01-13")
    assert g["RUS"]["CHN"]["weight"] == 1


def test_nodes_carry_registry_attributes(store) -> None:
    g = network(store)
    assert g.nodes["RUS"]["name"] == "Russia" and g.nodes["RUS"]["kind"] == "state"
    assert g.nodes["RUS"]["region"] == "Europe" and g.nodes["CHN"]["subregion"] == "Eastern Asia"
    assert g.nodes["RUS"]["events"] == 5 and g.nodes["UKR"]["start"] == "2018-02-03"


def test_filters_min_events_and_days(store) -> None:
    assert set(network(store, min_events=2).edges) == {("CHN", "RUS")}
    assert set(network(store, "2018-02", "2018-02").edges) == {("RUS", "UKR")}
    assert set(network(store, types=["ACCUSE"]).edges) == {("CHN", "RUS")}
    assert ("RUS", "USA") in network(store, status="all").edges
    assert network(store, days=True)["CHN"]["RUS"]["days"] == ["2018-01-10", "2018-01-12", "2018-01-13"]


def test_centrality(store) -> None:
    rows = centrality(network(store))
    assert [r["actor"] for r in rows] == ["RUS", "CHN", "UKR"]
    rus = rows[0]
    assert (rus["events"], rus["out_events"], rus["in_events"], rus["partners"]) == (5, 2, 3, 2)
    assert rus["betweenness"] == max(r["betweenness"] for r in rows)
    assert centrality(nx.DiGraph()) == []


def test_communities_split_separate_groups() -> None:
    g = nx.DiGraph()
    for a, b in (("A", "B"), ("B", "C"), ("C", "A"), ("D", "E"), ("E", "F"), ("F", "D")):
        g.add_edge(a, b, weight=5)
    g.add_edge("C", "D", weight=1)
    for method in ("louvain", "greedy"):
        found = communities(g, method=method)
        assert sorted(sorted(c["members"]) for c in found) == [["A", "B", "C"], ["D", "E", "F"]]
        assert [c["community"] for c in found] == [0, 1] and found[0]["events"] == 15
    with pytest.raises(ValueError):
        communities(g, method="magic")


def test_ego_network(store) -> None:
    g = network(store)
    assert set(ego_network(g, "ukr").nodes) == {"UKR", "RUS"}
    assert set(ego_network(g, "UKR", radius=2).nodes) == {"UKR", "RUS", "CHN"}
    assert len(ego_network(g, "XXX")) == 0
