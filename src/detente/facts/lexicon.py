"""The curated knowledge of the facts stage, read once from the files in ``facts/data``.

Currencies, number and scale words, units, qualifiers and measure keywords live in YAML files so
they can be extended without touching code; this module loads them and builds the lookups.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def alternation(phrases: list[str], *, flexible_space: bool = True) -> str:
    """A regex alternation of literal phrases, longest first so the longest phrase wins."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        part = re.escape(phrase)
        if flexible_space:
            part = part.replace(r"\ ", r"\s+")
        parts.append(part)
    return "|".join(parts)


@dataclass(frozen=True, slots=True)
class UnitForm:
    """One way of writing a unit after a number."""

    unit: str
    measure: str
    factor: float = 1.0
    modifiers: int = 0  # words allowed between the number and the noun


@dataclass(slots=True)
class Lexicon:
    """Every word list the quantity finder and the attribution use."""

    ones: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    attached_scales: dict[str, float]
    fractions: dict[str, float]
    multiples: dict[str, float]
    currency_symbols: dict[str, str]  # surface -> ISO (case-sensitive)
    currency_codes: dict[str, str]  # surface -> ISO (case-sensitive; lower-case forms included)
    currency_names: dict[str, str]  # lower-case surface -> ISO
    percent_forms: list[str]
    points_forms: list[str]
    units: dict[str, UnitForm]  # lower-case surface -> form
    per_time: dict[str, str]  # lower-case surface -> "day" / "year"
    gap_stopwords: frozenset[str]
    approx: dict[str, str]
    change_verbs_before_from: frozenset[str]
    reference_words: frozenset[str]
    months: frozenset[str]
    durations: list[str]
    measures: dict[str, dict[str, Any]] = field(default_factory=dict)
    measure_rules: dict[str, Any] = field(default_factory=dict)

    def unit_class(self, unit: str | None) -> str | None:
        """The broad class of a unit: persons, count, distance, energy (None for others)."""
        for form in self.units.values():
            if form.unit == unit:
                return {"military_personnel": "persons", "other": "persons"}.get(form.measure, form.measure)
        return None


@functools.cache
def lexicon() -> Lexicon:
    """The lexicon, loaded once per process."""
    numbers = _load("numbers.yaml")
    currencies = _load("currencies.yaml")
    units = _load("units.yaml")
    qualifiers = _load("qualifiers.yaml")
    measures = _load("measures.yaml")

    symbols: dict[str, str] = {}
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for iso, entry in currencies.items():
        for symbol in entry.get("symbols") or []:
            symbols[symbol] = iso
            letters = symbol.split("$")[0].rstrip()
            if symbol.endswith("$") and letters:
                # Tokenised text ("US $ 150 million"); in lower case only for two letters or more
                # ("us $", "hk $"): "a $400" and "exceeds $25" are plain dollars.
                variants = [f"{letters} $"]
                if len(letters.replace(".", "")) > 1:
                    variants += [symbol.lower(), f"{letters.lower()} $"]
                for variant in variants:
                    symbols[variant] = iso
        for code in entry.get("codes") or []:
            codes[code] = iso
            if entry.get("lower_ok"):
                codes[code.lower()] = iso
        for name in entry.get("names") or []:
            names[name.lower()] = iso

    forms: dict[str, UnitForm] = {}
    for entry in units["units"]:
        form = UnitForm(entry["unit"], entry["measure"], float(entry.get("factor", 1.0)), entry.get("modifiers", 0))
        for noun in entry["nouns"]:
            forms[noun.lower()] = form
    per_time = {surface.lower(): period for period, surfaces in units["per_time"].items() for surface in surfaces}

    rules = {k: v for k, v in measures.items() if k != "measures"}
    return Lexicon(
        ones=numbers["ones"],
        tens=numbers["tens"],
        scales={k: float(v) for k, v in numbers["scales"].items()},
        attached_scales={k: float(v) for k, v in numbers["attached_scales"].items()},
        fractions={k: float(v) for k, v in numbers["fractions"].items()},
        multiples={k: float(v) for k, v in numbers["multiples"].items()},
        currency_symbols=symbols,
        currency_codes=codes,
        currency_names=names,
        percent_forms=units["percent"]["percent"],
        points_forms=units["percent"]["points"],
        units=forms,
        per_time=per_time,
        gap_stopwords=frozenset(units["gap_stopwords"]),
        approx={k.lower(): v for k, v in qualifiers["approx"].items()},
        change_verbs_before_from=frozenset(qualifiers["change_verbs_before_from"]),
        reference_words=frozenset(qualifiers["reference_words"]),
        months=frozenset(qualifiers["months"]),
        durations=qualifiers["durations"],
        measures=measures["measures"],
        measure_rules=rules,
    )
