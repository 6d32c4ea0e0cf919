"""Value-and-unit accuracy of ``detente.facts.find_quantities`` on public test cases.

Cases: the currency and percent models of Microsoft Recognizers-Text and quantulum3's test
sentences, from ``../shared/data/quantities`` (override with ``--data``). Expected items whose unit
the finder does not handle (grams, degrees, bytes, cents, bitcoins, old European currencies, bare
numbers...) are counted as out of scope, not as misses. A prediction is correct when its unit matches
and its value is within 0.5 % (ranges are compared by their midpoint, as quantulum3 writes them).

    .venv/bin/python benchmarks/quantities.py [--data DIR] [--failures N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from detente.facts import Quantity, find_quantities

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "quantities"
# File -> (format, the kinds of prediction the file annotates: others are neither right nor spurious).
FILES = {
    "RecognizersText_NumberWithUnit_English_CurrencyModel.json": ("recognizers", {"money"}),
    "RecognizersText_Number_English_PercentModel.json": ("recognizers", {"percent"}),
    "quantulum3_quantities.json": ("quantulum", None),
    "quantulum3_quantities.ambiguity.json": ("quantulum", None),
}
# Unit names of the two projects -> the finder's unit (ISO code for money).
UNITS = {
    "Dollar": "USD", "United States dollar": "USD", "Euro": "EUR", "Chinese yuan": "CNY", "Pound": "GBP",
    "British pound": "GBP", "Canadian dollar": "CAD", "Japanese yen": "JPY", "Australian dollar": "AUD",
    "Turkish lira": "TRY", "Rupee": "INR", "Mexican peso": "MXN", "Hong Kong dollar": "HKD",
    "Swiss franc": "CHF", "Costa Rican colón": "CRC", "Georgian lari": "GEL", "Lao kip": "LAK",
    "Sri Lankan rupee": "LKR", "New Zealand dollar": "NZD",
    "dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "percentage": "percent", "mile": "miles",
    "kilometre": "km", "tonne": "tonnes",
}  # fmt: skip
TOLERANCE = 0.005


@dataclass
class Expected:
    text: str
    value: float
    unit: str | None  # None: out of scope
    raw_unit: str
    start: int
    end: int


@dataclass
class FileResult:
    cases: int = 0
    in_scope: int = 0
    out_of_scope: int = 0
    correct: int = 0
    spurious: int = 0
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    out_units: Counter[str] = field(default_factory=Counter)


def _expected(case: dict, kind: str) -> tuple[str, list[Expected]]:
    if kind == "recognizers":
        text = case["Input"]
        items = []
        for r in case["Results"]:
            res = r.get("Resolution") or {}
            raw = str(res.get("value") or "")
            if r["TypeName"] == "percentage":
                unit, raw_unit = ("percent" if raw.endswith("%") else None), "percentage"
                raw = raw.rstrip("%")
            else:
                raw_unit = res.get("unit", "")
                unit = res.get("isoCurrency") or UNITS.get(raw_unit)
            try:
                value = float(raw)
            except ValueError:
                unit, value = None, float("nan")  # a bare currency word: nothing to measure
            items.append(Expected(r["Text"], value, unit, raw_unit, r["Start"], r["End"] + 1))
        return text, items
    text = case["req"]
    items = []
    for r in case["res"]:
        start = text.lower().find(r["surface"].lower())
        unit = UNITS.get(r["unit"])
        items.append(Expected(r["surface"], float(r["value"]), unit, r["unit"], start, start + len(r["surface"])))
    return text, items


def _predicted(q: Quantity) -> tuple[str | None, float]:
    unit = q.currency or q.unit
    value = q.amount if q.currency else q.value
    if q.value_max is not None:
        value = (value + q.value_max) / 2
    return unit, value


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9)


def _matches(q: Quantity, item: Expected) -> bool:
    unit, value = _predicted(q)
    return unit == item.unit and _close(value, item.value)


def evaluate(path: Path, kind: str, annotated: set[str] | None) -> tuple[FileResult, float, int]:
    """Score one file: the result, seconds spent in ``find_quantities`` and characters read."""
    result = FileResult()
    spent, chars = 0.0, 0
    for case in json.loads(path.read_text(encoding="utf-8")):
        text, expected = _expected(case, kind)
        t0 = time.perf_counter()
        found = [q for q in find_quantities(text) if q.currency or q.unit]
        spent += time.perf_counter() - t0
        if annotated is not None:
            found = [q for q in found if q.dimension in annotated]
        chars += len(text)
        result.cases += 1
        used: set[int] = set()
        for item in expected:
            if item.unit is None:
                result.out_of_scope += 1
                result.out_units[item.raw_unit] += 1
                continue
            result.in_scope += 1
            hit = next((i for i, q in enumerate(found) if i not in used and _matches(q, item)), None)
            if hit is not None:
                used.add(hit)
                result.correct += 1
                continue
            overlap = next(
                (i for i, q in enumerate(found) if i not in used and q.start < item.end and item.start < q.end),
                None,
            )
            if overlap is None:
                result.failures["missed"].append(f"{item.text!r} ({item.value:g} {item.unit}) in {text[:90]!r}")
                continue
            used.add(overlap)
            unit, value = _predicted(found[overlap])
            category = "wrong unit" if unit != item.unit else "wrong value"
            result.failures[category].append(
                f"{item.text!r}: expected {item.value:g} {item.unit}, got {value:g} {unit} from {found[overlap].text!r}"
            )
        for i, q in enumerate(found):
            if i in used or any(e.start < q.end and q.start < e.end for e in expected):
                continue
            result.spurious += 1
            unit, value = _predicted(q)
            result.failures["spurious"].append(f"{q.text!r} -> {value:g} {unit} in {text[:90]!r}")
    return result, spent, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--failures", type=int, default=15, help="failures listed per category (0: none)")
    args = parser.parse_args()
    find_quantities("warm-up: $1 billion, 5%")  # load the data files and compile the patterns once
    total = FileResult()
    total_spent, total_chars = 0.0, 0
    print(f"{'file':58} {'cases':>5} {'scope':>5} {'out':>4} {'right':>5} {'acc':>6} {'spur':>4}")
    results = {}
    for name, (kind, annotated) in FILES.items():
        result, spent, chars = evaluate(args.data / name, kind, annotated)
        results[name] = result
        total_spent += spent
        total_chars += chars
        accuracy = result.correct / result.in_scope if result.in_scope else 0.0
        print(
            f"{name:58} {result.cases:5} {result.in_scope:5} {result.out_of_scope:4} {result.correct:5} "
            f"{accuracy:6.1%} {result.spurious:4}"
        )
        for attr in ("cases", "in_scope", "out_of_scope", "correct", "spurious"):
            setattr(total, attr, getattr(total, attr) + getattr(result, attr))
    accuracy = total.correct / total.in_scope if total.in_scope else 0.0
    print(
        f"{'all':58} {total.cases:5} {total.in_scope:5} {total.out_of_scope:4} {total.correct:5} "
        f"{accuracy:6.1%} {total.spurious:4}"
    )
    print(f"speed: {total_chars / total_spent / 1e6:.2f} M characters/s ({total_spent * 1000:.0f} ms in all)")
    out_units: Counter[str] = Counter()
    for result in results.values():
        out_units.update(result.out_units)
    print("out of scope by unit:", ", ".join(f"{u or 'none'} {n}" for u, n in out_units.most_common()))
    if args.failures:
        for name, result in results.items():
            for category in ("wrong value", "wrong unit", "missed", "spurious"):
                items = result.failures.get(category, [])
                if items:
                    print(f"\n{name}: {category} ({len(items)})")
                    for line in items[: args.failures]:
                        print("   ", line)


if __name__ == "__main__":
    main()
