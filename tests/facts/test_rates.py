"""Exchange-rate conversion with the shipped table."""

from __future__ import annotations

import pytest

from detente.facts.rates import rates, to_usd


def test_table_covers_the_main_currencies_for_2000_to_2025() -> None:
    table = rates()
    for code in (
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "RUB",
        "INR",
        "KRW",
        "SGD",
        "THB",
        "VND",
        "IDR",
        "MYR",
        "PHP",
        "AUD",
        "CAD",
        "CHF",
        "BRL",
        "TRY",
        "SAR",
    ):
        for year in range(2000, 2026):
            assert table[(code, year)] > 0, (code, year)


def test_dollars_need_no_rate() -> None:
    conversion = to_usd(87e9, "USD", None)
    assert conversion is not None and conversion.usd == 87e9 and conversion.source == "text"


def test_yuan_in_2017() -> None:
    conversion = to_usd(10e9, "CNY", 2017)
    assert conversion is not None
    assert conversion.usd == pytest.approx(10e9 / 6.75, rel=0.02)
    assert conversion.source == "exchange_rates.csv CNY 2017"


def test_no_rate_no_conversion() -> None:
    assert to_usd(5e9, "CNY", 1990) is None
    assert to_usd(5e9, "CNY", None) is None
    assert to_usd(5e9, "LAK", 2017) is None


@pytest.mark.slow
def test_fact_in_yuan_is_converted_at_its_period(facts_of) -> None:
    (fact,) = facts_of("Trade between Russia and China reached 600 billion yuan in 2017.", "2018-05-01")
    assert (fact.unit, fact.currency, fact.amount) == ("USD", "CNY", 600e9)
    assert fact.value == pytest.approx(600e9 / 6.75, rel=0.02)
    assert fact.usd_rate_source == "exchange_rates.csv CNY 2017"


@pytest.mark.slow
def test_publication_year_converts_an_undated_figure(facts_of) -> None:
    (fact,) = facts_of("Russia signed a 50 billion rouble deal with China.", "2015-03-01")
    assert fact.usd_rate_source == "exchange_rates.csv RUB 2015"


@pytest.mark.slow
def test_fact_without_rate_keeps_its_currency(facts_of) -> None:
    (fact,) = facts_of("Trade between Russia and Laos reached 600 billion kip.", extra={"Laos": "LAO"})
    assert (fact.unit, fact.value, fact.usd_value, fact.usd_rate_source) == ("LAK", 600e9, None, None)
