"""Figures across outlets (series, conflicts) and what each outlet reports."""

from __future__ import annotations

import pytest
from store_builder import Ev, Fig, build

from detente.analysis import fact_conflicts, fact_groups, fact_series, group_rows, sources
from detente.store import Store


@pytest.fixture
def store(make_store) -> Store:
    return make_store(
        build(
            "a1",
            [Ev("CONSULT", "RUS", "CHN", "2018-01-10", symmetric=True)],
            [Fig("trade", 87e9, "RUS", "CHN", "2017"), Fig("trade", 69.5e9, "RUS", "CHN", "2016")],
            source="Outlet A",
            published="2018-01-11",
        ),
        build(
            "b1",
            [Ev("CONSULT", "CHN", "RUS", "2018-01-10", symmetric=True)],
            [Fig("trade", 87.4e9, "CHN", "RUS", "2017", text="$87.4 billion")],
            source="Outlet B",
            published="2018-01-12",
        ),
        build(
            "c1",
            [Ev("ACCUSE", "USA", "RUS", "2018-03-01")],
            [Fig("trade", 95e9, "RUS", "CHN", "2017"), Fig("exports", 5e9, "RUS", "VNM", "2017")],
            source="Outlet C",
            published="2018-03-02",
        ),
    )


def test_a_series_lists_each_figure_with_its_outlet(store) -> None:
    rows = fact_series(store, "trade", ["RUS", "CHN"])
    assert [(r["period"], r["value"], r["source"]) for r in rows] == [
        ("2016", 69.5e9, "Outlet A"), ("2017", 87e9, "Outlet A"), ("2017", 87.4e9, "Outlet B"),
        ("2017", 95e9, "Outlet C"),
    ]  # fmt: skip
    assert rows[0]["sentence"] == "RUS and CHN trade was $69.5 billion in 2016." and rows[0]["kind"] == "level"
    assert fact_series(store, "trade", ["RUS", "VNM"]) == []


def test_conflicts_split_values_the_sources_disagree_on(store) -> None:
    groups = fact_conflicts(store)
    assert len(groups) == 1
    group = groups[0]
    assert (group.measure, group.dyad, group.period, group.status) == ("trade", ("CHN", "RUS"), "2017", "conflict")
    # $87 billion and $87.4 billion agree within the rounding of "$87 billion"; $95 billion does not.
    assert [sorted(f["source"] for f in v.facts) for v in group.variants] == [["Outlet A", "Outlet B"], ["Outlet C"]]
    rows = group_rows(groups)
    assert [(r["value"], r["outlets"], r["facts"]) for r in rows] == [
        (87e9, ["Outlet A", "Outlet B"], 2), (95e9, ["Outlet C"], 1),
    ]  # fmt: skip
    assert len(fact_groups(store)) == 3 and len(fact_groups(store, measure="exports")) == 1


def test_sources_outlets_and_event_types(store) -> None:
    found = sources(store)
    assert [(r["outlet"], r["documents"], r["events"], r["facts"]) for r in found.outlets] == [
        ("Outlet A", 1, 1, 2), ("Outlet B", 1, 1, 1), ("Outlet C", 1, 1, 2),
    ]  # fmt: skip
    assert found.outlets[0]["first"] == "2018-01-11"
    assert {(r["outlet"], r["event_type"]) for r in found.event_types} == {
        ("Outlet A", "CONSULT"), ("Outlet B", "CONSULT"), ("Outlet C", "ACCUSE"),
    }  # fmt: skip


def test_sources_shared_events_and_disagreements(store) -> None:
    found = sources(store)
    assert [(r["event_type"], r["outlets"]) for r in found.shared_events] == [("CONSULT", 2)]
    assert {(r["outlet"], r["value"], tuple(r["values"])) for r in found.fact_conflicts} == {
        ("Outlet A", 87e9, (87e9,)), ("Outlet B", 87e9, (87.4e9,)), ("Outlet C", 95e9, (95e9,)),
    }  # fmt: skip
    pairs = {(r["outlet_a"], r["outlet_b"]): (r["groups"], r["agree"], r["disagree"]) for r in found.agreement}
    assert pairs == {
        ("Outlet A", "Outlet B"): (1, 1, 0),
        ("Outlet A", "Outlet C"): (1, 0, 1),
        ("Outlet B", "Outlet C"): (1, 0, 1),
    }
    assert found.to_dict()["agreement"] == found.agreement


def test_sources_in_a_period(store) -> None:
    found = sources(store, since="2018-02")
    assert [r["outlet"] for r in found.outlets] == ["Outlet C"]
    assert found.fact_conflicts == [] and found.agreement == []
