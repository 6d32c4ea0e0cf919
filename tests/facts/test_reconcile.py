"""Reconciling figures across documents, and series for the CLI."""

from __future__ import annotations

from typing import Any

from detente.facts import fact_series, reconcile
from detente.facts.reconcile import agree, conflicts, rounding


def fact(
    doc_id: str,
    value: float,
    text: str,
    *,
    amount: float | None = None,
    period: Any = "2017",
    subject: str = "RUS",
    partner: str = "CHN",
    kind: str = "level",
    unit: str = "USD",
    approx: str | None = None,
    measure: str = "trade",
) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "measure": measure, "kind": kind, "unit": unit, "value": value,
        "amount": value if amount is None else amount, "text": text, "approx": approx,
        "subject": [{"code": subject}], "partner": [{"code": partner}],
        "period": {"value": period} if isinstance(period, str) else period,
        "sentence": 3, "sentence_text": f"... {text} ...",
    }  # fmt: skip


def test_rounding_of_the_written_figure() -> None:
    assert rounding(fact("a", 87e9, "$87 billion")) == 0.5e9
    assert rounding(fact("a", 86.9e9, "$86.9 billion")) == 0.05e9
    assert rounding(fact("a", 300000, "300,000 troops", unit="persons")) == 0.5


def test_agreeing_figures_form_one_variant() -> None:
    groups = reconcile(
        [
            fact("a", 87e9, "$87 billion"),
            fact("b", 86.6e9, "$86.6 billion"),
            fact("c", 87.2e9, "US$87.2 billion"),
        ]
    )
    assert len(groups) == 1
    (group,) = groups
    assert group.status == "agree" and not group.discrepancy
    assert group.documents == ["a", "b", "c"]
    assert group.dyad == ("CHN", "RUS")


def test_dyad_order_does_not_matter() -> None:
    groups = reconcile([fact("a", 87e9, "$87 billion"), fact("b", 87e9, "$87 billion", subject="CHN", partner="RUS")])
    assert len(groups) == 1 and groups[0].status == "agree"


def test_different_figures_are_a_discrepancy_with_their_sources() -> None:
    facts = [fact("a", 87e9, "$87 billion"), fact("b", 84e9, "$84 billion"), fact("c", 87e9, "$87bn")]
    (group,) = conflicts(facts)
    assert group.status == "conflict"
    assert [v.value for v in group.variants] == [84e9, 87e9]
    assert [s["doc_id"] for s in group.variants[1].sources] == ["a", "c"]
    assert group.variants[0].sources[0]["sentence_text"] == "... $84 billion ..."


def test_approximate_figures_get_five_percent() -> None:
    assert agree(fact("a", 100e9, "about $100 billion", approx="about"), fact("b", 96e9, "$96 billion"))
    assert not agree(fact("a", 100e9, "$100 billion"), fact("b", 96e9, "$96 billion"))


def test_periods_kinds_and_units_are_kept_apart() -> None:
    facts = [
        fact("a", 87e9, "$87 billion"),
        fact("b", 84e9, "$84 billion", period="2016"),
        fact("c", 31.5, "31.5 percent", unit="percent", kind="change"),
        fact("d", 84e9, "$84bn", period=None),
    ]
    groups = reconcile(facts)
    assert len(groups) == 4 and not any(g.discrepancy for g in groups)


def test_series_rows_by_period() -> None:
    facts = [
        fact("a", 87e9, "$87 billion"),
        fact("b", 69.5e9, "$69.5 billion", period="2016"),
        fact("c", 100e9, "$100 billion", period=None, kind="forecast"),
        fact("d", 15e9, "$15 billion", partner="ASEAN"),
    ]
    rows = fact_series(facts, "trade", ["RUS", "CHN"])
    assert [(r["period"], r["value"], r["doc_id"]) for r in rows] == [
        ("2016", 69.5e9, "b"),
        ("2017", 87e9, "a"),
        (None, 100e9, "c"),
    ]
    assert rows[0]["sentence"] == "... $69.5 billion ..." and rows[0]["unit"] == "USD"


def test_fact_records_and_plain_periods_are_accepted() -> None:
    from detente.schemas import ActorMention, DateValue, Fact

    def mention(code: str) -> ActorMention:
        return ActorMention("a", 0, 0, 6, code, code, "state")

    record = Fact(
        "f1",
        "a",
        "trade",
        "level",
        87e9,
        "USD",
        87e9,
        "USD",
        [mention("RUS")],
        [mention("CHN")],
        0,
        "Trade reached $87 billion.",
        14,
        25,
        "$87 billion",
        period=DateValue("2017", "year", "2017-01-01", "2017-12-31"),
    )
    groups = reconcile([record, fact("b", 87e9, "$87 billion", period="2017") | {"period": "2017"}])
    assert len(groups) == 1 and groups[0].status == "agree"
