"""Timelines: reports of one event in several articles and outlets are one entry."""

from __future__ import annotations

import datetime as dt

import pytest
from store_builder import Ev, build

from detente.analysis import event_clusters, timeline
from detente.analysis.timeline import date_label
from detente.store import Store


@pytest.fixture
def store(make_store) -> Store:
    return make_store(
        build(
            "a1",
            [
                Ev("CONSULT", "RUS", "CHN", "2018-01-10", symmetric=True),
                Ev("ACCUSE", "RUS", "CHN", "2018-01-12"),
                Ev("ASSAULT", "RUS", "UKR", "2018-02"),
            ],
            source="Outlet A",
            url="https://example.com/a1",
        ),
        build(
            "b1",
            [
                Ev("CONSULT", "CHN", "RUS", "2018-01-10", symmetric=True),  # the same talks, named the other way
                Ev("ACCUSE", "CHN", "RUS", "2018-01-12"),  # not the same: the other way round
                Ev("CONSULT", "RUS", "CHN", "2018-01-11", symmetric=True),  # another day
            ],
            source="Outlet B",
        ),
        build("b2", [Ev("CONSULT", "RUS", "CHN", "2018-01-10", symmetric=True)], source="Outlet B"),
    )


def test_reports_of_one_event_are_clustered(store) -> None:
    rows = timeline(store, "RUS")
    talks = [r for r in rows if r["event_type"] == "CONSULT" and r["date"] == "2018-01-10"]
    assert len(talks) == 1
    t = talks[0]
    assert (t["mentions"], t["articles"], t["outlets"]) == (3, 3, 2)
    assert (t["source"], t["target"], t["symmetric"]) == (["CHN"], ["RUS"], True)
    assert [(s["outlet"], s["doc_id"], s["sentence_index"]) for s in t["sources"]] == [
        ("Outlet A", "a1", 0), ("Outlet B", "b1", 0), ("Outlet B", "b2", 0),
    ]  # fmt: skip
    assert t["sources"][0]["sentence"] == "RUS consult CHN." and t["sources"][0]["url"] == "https://example.com/a1"
    assert t["sources"][0]["trigger"] == "consult" and (t["doc_id"], t["event_id"]) == ("a1", "a1-e0")


def test_directed_events_keep_their_direction(store) -> None:
    accusations = [r for r in timeline(store, "RUS") if r["event_type"] == "ACCUSE"]
    assert [(r["source"], r["target"], r["mentions"]) for r in accusations] == [
        (["CHN"], ["RUS"], 1),
        (["RUS"], ["CHN"], 1),
    ]


def test_entries_are_in_date_order_with_date_labels(store) -> None:
    rows = timeline(store, "RUS")
    assert [r["date"] for r in rows] == ["2018-01-10", "2018-01-11", "2018-01-12", "2018-01-12", "2018-02"]
    assert rows[-1]["date_start"] == "2018-02-01" and rows[-1]["date_end"] == "2018-02-28"


def test_a_partner_limits_the_timeline_to_the_dyad(store) -> None:
    assert {r["event_type"] for r in timeline(store, "RUS", "UKR")} == {"ASSAULT"}
    assert {r["event_type"] for r in timeline(store, "UKR", "Europe")} == {"ASSAULT"}
    assert timeline(store, "UKR", "CHN") == []


def test_sorting_limits_and_minimum_reports(store) -> None:
    top = timeline(store, "RUS", sort="mentions", limit=1)
    assert len(top) == 1 and top[0]["mentions"] == 3
    assert [r["mentions"] for r in timeline(store, "RUS", min_mentions=2)] == [3]
    assert [r["outlets"] for r in event_clusters(store, min_outlets=2)] == [2]
    with pytest.raises(ValueError):
        timeline(store, "RUS", sort="random")


def test_all_clusters_without_an_actor(store) -> None:
    assert len(event_clusters(store)) == 5
    assert len(event_clusters(store, source="outlet a")) == 3


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2018-11-13", "2018-11-13", "2018-11-13"),
        ("2018-11-01", "2018-11-30", "2018-11"),
        ("2018-01-01", "2018-12-31", "2018"),
        ("2018-11-12", "2018-11-18", "2018-11-12/2018-11-18"),
        ("2018-01-01", "2018-03-31", "2018-01-01/2018-03-31"),
    ],
)
def test_date_labels(start: str, end: str, label: str) -> None:
    assert date_label(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == label


def test_a_symmetric_report_joins_the_directed_reports_of_its_event(make_store) -> None:
    store = make_store(
        build("s1", [Ev("CONSULT", "CHN", "RUS", "2018-03-05", symmetric=True)], source="Outlet A"),  # "the two met"
        build("d1", [Ev("CONSULT", "RUS", "CHN", "2018-03-05")], source="Outlet B"),  # "Russia visited China"
        build("d2", [Ev("ACCUSE", "RUS", "CHN", "2018-03-05"), Ev("ACCUSE", "CHN", "RUS", "2018-03-05")]),
    )
    (talks,) = [r for r in timeline(store, "RUS") if r["event_type"] == "CONSULT"]
    assert (talks["source"], talks["target"], talks["symmetric"]) == (["RUS"], ["CHN"], False)
    assert (talks["mentions"], talks["outlets"]) == (2, 2)
    accusations = [(r["source"], r["target"]) for r in timeline(store, "RUS") if r["event_type"] == "ACCUSE"]
    assert accusations == [(["CHN"], ["RUS"]), (["RUS"], ["CHN"])]  # directed reports stay apart
