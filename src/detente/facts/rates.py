"""Converting money to US dollars with the dated table ``facts/data/exchange_rates.csv``.

The table holds approximate annual averages (USD per unit of the currency). A figure is
converted at the rate of the year it refers to; when the table has no rate for that currency and
year the figure stays in its own currency.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from detente.facts.lexicon import DATA

RATES_FILE = "exchange_rates.csv"


@dataclass(frozen=True, slots=True)
class Conversion:
    """A figure in US dollars and where the rate came from."""

    usd: float
    source: str  # "text" when the text gave dollars, else "exchange_rates.csv CNY 2017"


@functools.cache
def rates() -> dict[tuple[str, int], float]:
    """(ISO code, year) -> USD per unit, read once from the shipped table."""
    with open(DATA / RATES_FILE, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {(row["currency"], int(row["year"])): float(row["usd_per_unit"]) for row in rows}


def to_usd(amount: float, currency: str, year: int | None) -> Conversion | None:
    """``amount`` of ``currency`` in US dollars at the rate of ``year``, or None without a rate."""
    if currency == "USD":
        return Conversion(amount, "text")
    if year is None:
        return None
    rate = rates().get((currency, year))
    if rate is None:
        return None
    return Conversion(amount * rate, f"{RATES_FILE} {currency} {year}")
