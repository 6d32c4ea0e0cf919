"""find_quantities: each written form, and what must not be read as a quantity (no model needed)."""

from __future__ import annotations

import pytest

from detente.facts import Quantity, find_quantities


def one(text: str) -> Quantity:
    found = [q for q in find_quantities(text) if q.currency or q.unit]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("a $25 billion deal", 25e9, "USD"),
        ("reached US$23 billion", 23e9, "USD"),
        ("worth about 1.1 billion US dollars", 1.1e9, "USD"),
        ("USD 4.5bn in loans", 4.5e9, "USD"),
        ("RMB 10 billion", 10e9, "CNY"),
        ("10 billion yuan", 10e9, "CNY"),
        ("€2 million", 2e6, "EUR"),
        ("£3m", 3e6, "GBP"),
        ("¥500 billion", 500e9, "JPY"),
        ("Rs 1,000 crore", 1e10, "INR"),
        ("35 lakh rupees", 3.5e6, "INR"),
        ("two trillion roubles", 2e12, "RUB"),
        ("S$1.2 billion", 1.2e9, "SGD"),
        ("16.4 million Canadian dollars", 16.4e6, "CAD"),
        ("a $400 billion natural gas supply deal", 400e9, "USD"),
        ("75 USD million", 75e6, "USD"),
        ("€10B", 10e9, "EUR"),
        ("12,34,567.89 rupees", 1234567.89, "INR"),
        ("a quarter million us dollars", 250e3, "USD"),
    ],
)
def test_money(text: str, amount: float, currency: str) -> None:
    q = one(text)
    assert q.currency == currency
    assert q.amount == pytest.approx(amount)
    assert q.dimension == "money"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("35%", 35),
        ("grew 31.5 percent", 31.5),
        ("43 per cent", 43),
        ("twenty percent", 20),
        ("minus five percent", -5),
    ],
)
def test_percent(text: str, value: float) -> None:
    q = one(text)
    assert q.is_percent and q.unit == "percent"
    assert q.value == pytest.approx(value)


def test_percentage_points_are_not_percent() -> None:
    q = one("up 2 percentage points")
    assert q.unit == "percentage points" and not q.is_percent


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("involving 300,000 troops", 300000, "persons"),
        ("3,000 Chinese soldiers", 3000, "persons"),
        ("about 60 joint projects", 60, "count"),
        ("12 agreements", 12, "count"),
        ("24 Su-35 fighter jets", 24, "count"),
        ("an approximately 2,000-mile gas pipeline", 2000, "miles"),
        ("2,000 miles", 2000, "miles"),
        ("4,000 km", 4000, "km"),
        ("3,000 kilometres", 3000, "km"),
        ("200 nautical miles", 370.4, "km"),
        ("38 bcm", 38, "bcm"),
        ("38 billion cubic metres of gas", 38, "bcm"),
        ("1 million barrels per day", 1e6, "barrels/day"),
        ("30 million tonnes", 30e6, "tonnes"),
    ],
)
def test_units(text: str, value: float, unit: str) -> None:
    q = one(text)
    assert q.unit == unit
    assert q.value == pytest.approx(value)


def test_troop_count_unit_is_inherited() -> None:
    found = find_quantities("war games involving 300,000 troops, including 3,000 from China")
    assert [(q.value, q.unit) for q in found] == [(300000, "persons"), (3000, "persons")]
    assert found[1].inherited and found[1].text == "3,000"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("$10-15 billion", 10e9, 15e9, "USD"),
        ("between 5 and 7 percent", 5, 7, "percent"),
        ("from 3 to 4 million troops", 3e6, 4e6, "persons"),
        ("$10 billion to $15 billion", 10e9, 15e9, "USD"),
    ],
)
def test_ranges(text: str, low: float, high: float, unit: str) -> None:
    q = one(text)
    assert (q.currency or q.unit) == unit
    assert q.value == pytest.approx(low) and q.value_max == pytest.approx(high)


def test_change_from_to_is_two_levels() -> None:
    found = find_quantities("trade rose from $3 billion to $4 billion")
    assert [q.amount for q in found] == [3e9, 4e9]
    assert all(q.value_max is None for q in found)


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("about 60 joint projects", "about"),
        ("around $5 billion", "about"),
        ("approximately 2,000 miles", "about"),
        ("nearly $5 billion", "nearly"),
        ("almost 40%", "nearly"),
        ("more than 300 troops", "more than"),
        ("over $2 billion", "more than"),
        ("investment exceeds $25 billion", "more than"),
        ("at least 12 ships", "at least"),
        ("up to 5,000 troops", "up to"),
        ("some 60 projects", "about"),
    ],
)
def test_qualifiers(text: str, approx: str) -> None:
    assert one(text).approx == approx


@pytest.mark.parametrize(
    ("text", "value", "approx"),
    [
        ("trade nearly doubled", 100, "nearly"),
        ("exports tripled", 200, "about"),
        ("is expected to double", 100, "about"),
    ],
)
def test_multiples_are_changes(text: str, value: float, approx: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.kind_hint, q.approx) == (value, "percent", "change", approx)


@pytest.mark.parametrize(
    "text",
    [
        "in 2017",
        "on November 14, 2018",
        "14 November",
        "the 3rd ASEAN-Russia Summit",
        "the 13th East Asia Summit and the 50th anniversary",
        "the G20 summit and the G-20",
        "the 10+3 framework",
        "at 2:20 p.m. local time",
        "at 2pm",
        "talked for about two minutes",
        "the two countries",
        "a four-day trip",
        "the 1950s",
        "its strategic partnership for 2021–25",
        "UN Security Council Resolution 2231",
        "a double standard",
        "in the quarter",
        "billions of dollars",
        "all 10 ASEAN member states",
        "https://example.com/search?q=30%25%2020%",
    ],
)
def test_not_quantities(text: str) -> None:
    assert [q for q in find_quantities(text) if q.currency or q.unit] == []


def test_years_and_dates_are_not_even_bare_numbers() -> None:
    assert find_quantities("In 2017, on November 14 and in May 2016") == []


def test_spans_point_at_the_figure() -> None:
    text = "Bilateral trade grew by 31.5 percent, reaching $87 billion in 2017."
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == ["31.5 percent", "$87 billion"]
    assert [q.text for q in found] == ["31.5 percent", "$87 billion"]


def test_money_amounts_are_exact() -> None:
    assert one("$16.4 million").amount == 16_400_000
