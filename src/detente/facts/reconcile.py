"""Comparing figures across documents: do the sources agree on a number, and what series do they give?

Figures are comparable when they share the measure, the dyad (the unordered set of actor codes),
the kind, the unit and the period. Comparable figures agree when they are within 1 % of each other
or within the rounding of the written figure ("$87 billion" covers 86.5 to 87.5 billion); an
approximate figure ("about", "nearly") is allowed 5 %. Pure functions over ``Fact`` records or their
dict form (as exported or stored).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from detente.schemas import Fact, to_dict

RELATIVE_TOLERANCE = 0.01
APPROX_TOLERANCE = 0.05


@dataclass(slots=True)
class Variant:
    """One value the sources give, with the facts that give it."""

    value: float
    facts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sources(self) -> list[dict[str, Any]]:
        """Where each figure was read: document, sentence index and text, figure text."""
        return [
            {
                "doc_id": f.get("doc_id"),
                "sentence": f.get("sentence"),
                "sentence_text": f.get("sentence_text"),
                "text": f.get("text"),
                "value": f.get("value"),
                "source": f.get("source"),
            }
            for f in self.facts
        ]


@dataclass(slots=True)
class FactGroup:
    """Comparable figures: the same measure, dyad, kind, unit and period."""

    measure: str
    dyad: tuple[str, ...]
    kind: str
    unit: str
    period: str | None
    variants: list[Variant] = field(default_factory=list)

    @property
    def facts(self) -> list[dict[str, Any]]:
        """Every fact of the group, variant by variant."""
        return [f for v in self.variants for f in v.facts]

    @property
    def documents(self) -> list[str]:
        """The documents the group's figures come from."""
        return sorted({str(f.get("doc_id")) for f in self.facts})

    @property
    def discrepancy(self) -> bool:
        """Different sources give values that do not agree. Two figures of one article are two
        statements ("300,000 troops, including 3,000 from China"), not a dispute between sources."""
        if len(self.variants) < 2:
            return False
        docs = [{f.get("doc_id") for f in v.facts} for v in self.variants]
        return any(a != b or len(a) > 1 for i, a in enumerate(docs) for b in docs[i + 1 :])

    @property
    def status(self) -> str:
        """``conflict`` (values disagree), ``agree`` (two or more documents agree) or ``single``."""
        if self.discrepancy:
            return "conflict"
        return "agree" if len(self.documents) > 1 else "single"


def _as_dict(fact: dict[str, Any] | Fact) -> dict[str, Any]:
    return fact if isinstance(fact, dict) else to_dict(fact)


def _codes(actors: Iterable[Any] | None) -> set[str]:
    codes = set()
    for actor in actors or []:
        code = actor.get("code") if isinstance(actor, dict) else actor
        if code:
            codes.add(str(code))
    return codes


def dyad_of(fact: dict[str, Any]) -> tuple[str, ...]:
    """The unordered set of actor codes of a fact, sorted."""
    return tuple(sorted(_codes(fact.get("subject")) | _codes(fact.get("partner"))))


def period_of(fact: dict[str, Any]) -> str | None:
    """The period value of a fact, whether stored as a DateValue dict or a plain string."""
    period = fact.get("period")
    if isinstance(period, dict):
        return period.get("value")
    return str(period) if period else None


def rounding(fact: dict[str, Any]) -> float:
    """Half a unit of the last written digit, in the fact's unit ("$87 billion" -> 0.5e9)."""
    text, amount, value = str(fact.get("text") or ""), fact.get("amount"), fact.get("value")
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    if not m or not amount or value is None:
        return 0.0
    digits = m.group().replace(",", "")
    written = float(digits)
    if not written:
        return 0.0
    # Trailing zeros of plain digits ("300,000") are not read as rounding: 250,000 is another figure.
    step = 10.0 ** -len(m.group(1)) if m.group(1) else 1.0
    # The written number times its scale is the amount; the value may be converted (currency, unit).
    return 0.5 * step * abs(float(amount) / written) * abs(float(value) / float(amount))


def agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two comparable figures state the same value, allowing for rounding and approximation."""
    va, vb = float(a["value"]), float(b["value"])
    tolerance = max(RELATIVE_TOLERANCE * max(abs(va), abs(vb)), rounding(a), rounding(b))
    if a.get("approx") or b.get("approx"):
        tolerance = max(tolerance, APPROX_TOLERANCE * max(abs(va), abs(vb)))
    return abs(va - vb) <= tolerance


def reconcile(facts: Iterable[dict[str, Any] | Fact]) -> list[FactGroup]:
    """Comparable figures grouped, each group split into the values its sources agree on.

    Groups come sorted by measure, dyad, kind, unit and period; a group with more than one variant is a
    discrepancy listing each source document and sentence.
    """
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for fact in map(_as_dict, facts):
        if fact.get("value") is None:
            continue
        key = (fact.get("measure"), dyad_of(fact), fact.get("kind"), fact.get("unit"), period_of(fact))
        groups.setdefault(key, []).append(fact)
    result = []
    for key in sorted(groups, key=lambda k: tuple("" if part is None else str(part) for part in k)):
        group = FactGroup(*key)
        for fact in sorted(groups[key], key=lambda f: (float(f["value"]), str(f.get("doc_id")))):
            variant = next((v for v in group.variants if agree(v.facts[0], fact)), None)
            if variant is None:
                variant = Variant(float(fact["value"]))
                group.variants.append(variant)
            variant.facts.append(fact)
        result.append(group)
    return result


def conflicts(facts: Iterable[dict[str, Any] | Fact]) -> list[FactGroup]:
    """Only the groups whose sources disagree."""
    return [group for group in reconcile(facts) if group.discrepancy]


def fact_series(facts: Iterable[dict[str, Any] | Fact], measure: str, dyad: Iterable[str]) -> list[dict[str, Any]]:
    """Rows (period, value, unit, kind, doc_id, source, sentence...) of one measure for a dyad, by period.

    A fact belongs to the dyad when its actor codes include every code asked for; facts without a
    period come last.
    """
    wanted = {code.upper() for code in dyad}
    rows = []
    for fact in map(_as_dict, facts):
        if fact.get("measure") != measure or not wanted <= set(dyad_of(fact)):
            continue
        rows.append(
            {
                "period": period_of(fact),
                "value": fact.get("value"),
                "value_max": fact.get("value_max"),
                "unit": fact.get("unit"),
                "kind": fact.get("kind"),
                "approx": fact.get("approx"),
                "doc_id": fact.get("doc_id"),
                "source": fact.get("source"),
                "sentence": fact.get("sentence_text"),
                "text": fact.get("text"),
                "fact_id": fact.get("fact_id"),
            }
        )
    rows.sort(key=lambda r: (r["period"] is None, r["period"] or "", r["kind"] or "", str(r["doc_id"])))
    return rows
