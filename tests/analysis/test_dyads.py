"""Dyad series on a hand-made store whose every event is written out in the ``store`` fixture."""

from __future__ import annotations

import pytest
from store_builder import Ev, build

from detente.analysis import dyad_series, period_span, quad_table
from detente.analysis.dyads import fill_periods
from detente.store import Store


@pytest.fixture
def store(make_store) -> Store:
    d1 = build(
        "d1",
        [
            Ev("CONSULT", "RUS", "CHN", "2018-01-10", symmetric=True),
            Ev("ACCUSE", "CHN", "RUS", "2018-01-12"),
            Ev("ASSAULT", "RUS", "UKR", "2018-02-03"),
            Ev("AGREE", "RUS", "CHN", "2018-02-05", status="future"),
        ],
        published="2018-02-06",
        source="Outlet A",
    )
    d2 = build(
        "d2",
        [
            Ev("COOPERATE", "RUS", "VNM"),  # undated: counted on the publication day, 2018-03-20
            Ev("CONSULT", "RUS", "SGP", "2018-03-21"),
            Ev("SANCTION", "USA", "RUS", "2018-03-22"),
        ],
        published="2018-03-20",
        source="Outlet B",
    )
    return make_store(d1, d2)


def _by(rows, *keys):
    return {tuple(r[k] for k in keys): r for r in rows}


def test_a_pair_counts_either_direction_and_symmetric_events_both_ways(store) -> None:
    rows = _by(dyad_series(store, "RUS", "CHN"), "period", "event_type")
    assert set(rows) == {("2018-01", "CONSULT"), ("2018-01", "ACCUSE")}
    consult, accuse = rows["2018-01", "CONSULT"], rows["2018-01", "ACCUSE"]
    assert (consult["events"], consult["a_to_b"], consult["b_to_a"], consult["quad_class"]) == (1, 1, 1, 1)
    assert (accuse["events"], accuse["a_to_b"], accuse["b_to_a"], accuse["quad_class"]) == (1, 0, 1, 3)
    assert accuse["intensity_mean"] == -2.0 and accuse["intensity_sum"] == -2.0


def test_the_order_of_the_pair_only_swaps_the_directions(store) -> None:
    ab = _by(dyad_series(store, "RUS", "CHN"), "period", "event_type")
    ba = _by(dyad_series(store, "CHN", "RUS"), "period", "event_type")
    assert ab.keys() == ba.keys()
    assert ab["2018-01", "ACCUSE"]["b_to_a"] == ba["2018-01", "ACCUSE"]["a_to_b"] == 1


def test_only_events_that_occurred_unless_asked(store) -> None:
    assert not any(r["event_type"] == "AGREE" for r in dyad_series(store, "RUS", "CHN"))
    everything = dyad_series(store, "RUS", "CHN", status="all")
    assert [r["period"] for r in everything if r["event_type"] == "AGREE"] == ["2018-02"]
    assert [r["event_type"] for r in dyad_series(store, "RUS", "CHN", status=["future"])] == ["AGREE"]


def test_an_organisation_stands_for_its_members(store) -> None:
    rows = dyad_series(store, "RUS", "ASEAN", by="year")
    assert {(r["period"], r["event_type"], r["events"]) for r in rows} == {
        ("2018", "COOPERATE", 1),
        ("2018", "CONSULT", 1),
    }


def test_a_region_stands_for_its_states(store) -> None:
    table = quad_table(dyad_series(store, "RUS", "Asia", by="year"))
    assert table == [
        {"period": "2018", "q1": 2, "q2": 1, "q3": 1, "q4": 0, "events": 4, "a_to_b": 3, "b_to_a": 2,
         "intensity_sum": 6.0, "intensity_mean": 1.5},
    ]  # fmt: skip


def test_no_partner_means_every_partner(store) -> None:
    table = quad_table(dyad_series(store, "RUS", by="quarter"))
    assert [(r["period"], r["events"], r["q1"], r["q2"], r["q3"], r["q4"]) for r in table] == [
        ("2018-Q1", 6, 2, 1, 1, 2),
    ]


def test_undated_events_count_on_the_publication_day(store) -> None:
    rows = dyad_series(store, "RUS", "VNM", by="day")
    assert [(r["period"], r["event_type"]) for r in rows] == [("2018-03-20", "COOPERATE")]


def test_filters_period_source_and_type(store) -> None:
    assert {r["period"] for r in dyad_series(store, "RUS", since="2018-02")} == {"2018-02", "2018-03"}
    assert {r["period"] for r in dyad_series(store, "RUS", until="2018-01")} == {"2018-01"}
    assert {r["event_type"] for r in dyad_series(store, "RUS", source="outlet b")} == {
        "COOPERATE", "CONSULT", "SANCTION",
    }  # fmt: skip
    assert {r["event_type"] for r in dyad_series(store, "RUS", types=["consult"])} == {"CONSULT"}


def test_week_labels_are_iso_weeks(store) -> None:
    assert [r["period"] for r in dyad_series(store, "RUS", "CHN", by="week")] == ["2018-W02", "2018-W02"]


def test_an_unknown_period_is_an_error(store) -> None:
    with pytest.raises(ValueError, match="unknown period"):
        dyad_series(store, "RUS", "CHN", by="fortnight")


def test_quad_table_fills_quiet_periods_with_zeros(store) -> None:
    table = quad_table(dyad_series(store, "RUS", "UKR") + dyad_series(store, "RUS", "VNM"))
    assert [(r["period"], r["events"]) for r in table] == [("2018-02", 1), ("2018-03", 1)]
    gaps = fill_periods([{"period": "2018-11", "events": 1}, {"period": "2019-02", "events": 2}])
    assert [(r["period"], r["events"]) for r in gaps] == [
        ("2018-11", 1),
        ("2018-12", 0),
        ("2019-01", 0),
        ("2019-02", 2),
    ]


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        ("2018", "2020", ["2018", "2019", "2020"]),
        ("2018-Q4", "2019-Q2", ["2018-Q4", "2019-Q1", "2019-Q2"]),
        ("2018-W52", "2019-W02", ["2018-W52", "2019-W01", "2019-W02"]),
        ("2018-12-31", "2019-01-02", ["2018-12-31", "2019-01-01", "2019-01-02"]),
    ],
)
def test_fill_periods_knows_every_label_format(first: str, last: str, labels: list[str]) -> None:
    assert [r["period"] for r in fill_periods([{"period": first, "n": 1}, {"period": last, "n": 1}])] == labels


def test_a_series_asked_for_a_span_has_every_period_of_it(store) -> None:
    table = quad_table(dyad_series(store, "RUS", "UKR", since="2018"), span=period_span("2018", "2018-06", "month"))
    assert [(r["period"], r["events"]) for r in table] == [
        ("2018-01", 0), ("2018-02", 1), ("2018-03", 0), ("2018-04", 0), ("2018-05", 0), ("2018-06", 0),
    ]  # fmt: skip
    assert period_span("2018-11-13", None, "week") == ("2018-W46", None)
    assert period_span(None, "2018-11", "quarter") == (None, "2018-Q4")
    assert quad_table([], span=("2018", "2019")) == []  # nothing to say which columns a zero row has
