"""Find the quantities a news text states: money, percentages, head counts, counted things,
distances and energy volumes, with ranges, bounds and approximations.

``find_quantities`` is a fast, model-free scanner: compiled regexes over the data in
``facts/data`` plus a number-word parser. It leaves out what only looks like a quantity (years,
dates, ordinals, times, "G20", "10+3", durations, "the two countries").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from detente.facts.lexicon import Lexicon, alternation, lexicon
from detente.facts.numbers import Number, digit_numbers, word_numbers

SENTENCE_END = re.compile(r"[.!?]\s")


@dataclass(slots=True)
class Quantity:
    """A quantity found in text. Offsets are into the text given to ``find_quantities``."""

    start: int
    end: int
    text: str
    amount: float  # the figure as written, after scale words: 26e9 for "$26 billion"
    value: float  # ``amount`` in ``unit`` (unit factors applied: 38e9 cubic metres -> 38 bcm)
    unit: str | None = None  # percent, percentage points, persons, count, miles, km, bcm, ...; None for money
    currency: str | None = None  # ISO 4217 code of money
    noun: str | None = None  # the counted noun or unit as written ("troops", "joint projects")
    measure_hint: str | None = None  # the measure the unit implies (military_personnel, distance...)
    approx: str | None = None  # about, nearly, more than, at least, up to, less than
    value_max: float | None = None  # upper end of a range, in ``unit``
    is_percent: bool = False
    kind_hint: str | None = None  # "change" for "doubled", "tripled"
    inherited: bool = False  # unit taken from the figure before ("300,000 troops, including 3,000")
    digits: str = ""  # the digits as written, for rounding tolerance; "" for words
    scale: float = 1.0  # the scale words' factor ("billion" -> 1e9)

    @property
    def dimension(self) -> str | None:
        """money, percent, points, persons, count, distance, energy, or None for a bare number."""
        if self.currency:
            return "money"
        if self.is_percent:
            return "percent"
        if self.unit == "percentage points":
            return "points"
        return lexicon().unit_class(self.unit)


# -- compiled patterns ------------------------------------------------------------------------


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    symbols = alternation(list(lex.currency_symbols), flexible_space=False)
    codes = alternation(list(lex.currency_codes), flexible_space=False)
    names = alternation(list(lex.currency_names))
    units = alternation([u for u, form in lex.units.items() if not form.modifiers])
    counted = alternation([u for u, form in lex.units.items() if form.modifiers])
    approx = alternation(list(lex.approx))
    durations = alternation(lex.durations)
    per_time = alternation(list(lex.per_time))
    stop = alternation(sorted(lex.gap_stopwords | set(lex.ones) | set(lex.tens) | set(lex.scales)))
    modifier = rf"(?!(?:{stop})\b)[A-Za-z][\w'’]*(?:-\w+)*"
    points, percent = alternation(lex.points_forms), alternation(lex.percent_forms)
    return {
        # Currency written before the number: "$", "US$", "USD ", "Rs 1,000", "usd$ 15".
        "prefix": re.compile(rf"(?<![A-Za-z])(?:(?:{codes})\s?(?:{symbols})?|(?:{symbols}))[ \u00a0]?$"),
        "symbol_after": re.compile(rf"[ \u00a0]?(?:{symbols})(?![\d$])"),
        "code_after": re.compile(rf"[ \u00a0]?(?:{codes})(?![A-Za-z])"),
        "name_after": re.compile(rf"[ \u00a0-]?(?:{names})(?![A-Za-z])", re.I),
        "percent": re.compile(rf"[ \u00a0]?(?:(?P<points>{points})|(?P<pct>{percent}))(?![A-Za-z\d])", re.I),
        "unit": re.compile(rf"(?:[ \u00a0]?|[ \u00a0]*-[ \u00a0]*)(?P<u>{units})(?![A-Za-z])", re.I),
        # Up to two modifiers between the number and its noun ("60 joint projects", "24 Su-35 fighter jets").
        "counted": re.compile(rf"(?:[ \u00a0-]+{modifier}){{0,2}}?[ \u00a0-]+(?P<u>{counted})(?![A-Za-z])", re.I),
        "per_time": re.compile(rf"[ \u00a0]?(?P<p>{per_time})(?![A-Za-z])", re.I),
        "approx": re.compile(rf"(?<![A-Za-z])(?P<q>{approx})[ \u00a0]+$", re.I),
        "duration": re.compile(rf"(?:[ \u00a0]+|[ \u00a0]*-[ \u00a0]*)(?:{durations})(?![A-Za-z])", re.I),
        "multiple": re.compile(rf"(?<![A-Za-z])(?P<m>{alternation(list(lex.multiples))})(?![A-Za-z])", re.I),
        "range_gap": re.compile(r"^[ \u00a0]*(?P<j>-|–|—|to|and)[ \u00a0]*$", re.I),
        "inherit_gap": re.compile(
            r"^[\s,(]*(?:including|of whom|of them|of which|among them|among whom|and|or|plus|versus|vs\.?|"
            r"against|compared with|compared to|as well as)[\s,]+"
            rf"(?:(?:{approx})[ \u00a0]+)?(?:some[ \u00a0]+)?$",
            re.I,
        ),
        "time_after": re.compile(r"^(?::\d|[ \u00a0]?(?:[ap]\.?m\.?|GMT|UTC|hrs|h\b)(?![A-Za-z]))", re.I),
        "word_before": re.compile(r"([A-Za-z][A-Za-z.]*)[ \u00a0]+$"),
        "word_after": re.compile(r"^[ \u00a0]+(?:of[ \u00a0]+)?([A-Za-z]+)"),
    }


# -- building one quantity around a number ------------------------------------------------------


def _currency_before(text: str, start: int) -> tuple[str, int] | None:
    window_start = max(0, start - 12)
    m = _patterns()["prefix"].search(text, window_start, start)
    if not m or m.end() != start:
        return None
    surface = m.group().strip()
    lex = lexicon()
    # The code decides when both are written ("usd$ 15", "RMB¥"); else the symbol.
    for code in sorted(lex.currency_codes, key=len, reverse=True):
        if surface.startswith(code) and (len(surface) == len(code) or not surface[len(code)].isalpha()):
            return lex.currency_codes[code], m.start()
    key = re.sub(r"\s+", " ", surface)
    iso = lex.currency_symbols.get(key) or lex.currency_symbols.get(surface)
    return (iso, m.start()) if iso else None


def _currency_after(text: str, pos: int) -> tuple[str, int] | None:
    lex = lexicon()
    pats = _patterns()
    m = pats["name_after"].match(text, pos)
    if m:
        name = re.sub(r"\s+", " ", m.group().strip(" \u00a0-")).lower()
        return lex.currency_names[name], m.end()
    m = pats["code_after"].match(text, pos)
    if m:
        return lex.currency_codes[m.group().strip()], m.end()
    m = pats["symbol_after"].match(text, pos)
    if m:
        return lex.currency_symbols[m.group().strip()], m.end()
    return None


def _build(text: str, num: Number) -> Quantity | None:
    """The quantity around one number, or None when the number is glued into a word ("3rd", "G20")."""
    lex = lexicon()
    pats = _patterns()
    start, end = num.start, num.end
    amount = num.value
    q = Quantity(start, end, "", amount, amount, digits=num.digits, scale=num.scale)

    before = _currency_before(text, start)
    if before:
        q.currency, start = before
    elif start and text[start - 1].isalnum():
        return None  # "G20", "A380", "3rd4"

    pct = pats["percent"].match(text, end)
    if pct:
        q.is_percent = pct.group("pct") is not None
        q.unit = "percent" if q.is_percent else "percentage points"
        end = pct.end()
    elif not q.currency and (after := _currency_after(text, end)):
        q.currency, end = after
        # "75 USD million": the scale after the currency.
        scale = re.match(r"[ \u00a0]?(million|billion|trillion|bn|mn)\b", text[end:], re.I)
        if scale:
            factor = lex.scales[scale.group(1).lower()]
            q.amount *= factor
            q.scale *= factor
            end += scale.end()
    elif not q.currency:
        unit = pats["unit"].match(text, end) or pats["counted"].match(text, end)
        if unit:
            form = lex.units[re.sub(r"\s+", " ", unit.group("u")).lower()]
            q.unit, q.measure_hint, q.noun = (
                form.unit,
                form.measure,
                text[num.end : unit.end()].strip(" -\u00a0"),
            )
            q.value = q.amount * form.factor
            end = unit.end()
            per = pats["per_time"].match(text, end)
            if per and q.measure_hint == "energy" and "/" not in q.unit:
                period = lex.per_time[re.sub(r"\s+", " ", per.group("p")).lower()]
                q.unit = f"{q.unit}/{period}"
                end = per.end()
    if q.currency or q.is_percent:
        q.value = q.amount
    if end < len(text) and text[end].isalpha() and end == num.end:
        return None  # "1950s", "50th", "2pm"

    m = pats["approx"].search(text, max(0, start - 25), start)
    if m:
        q.approx = lex.approx[re.sub(r"\s+", " ", m.group("q")).lower()]
    # A sign: "minus five percent", "-6.7%" (but not the hyphen of a range "10-15").
    if re.search(r"(?:\bminus[ \u00a0]+|(?:^|[\s(])[-−])$", text[max(0, start - 7) : start], re.I):
        q.amount, q.value = -q.amount, -q.value
        start -= 1 if text[start - 1] in "-−" else 0
    q.start, q.end, q.text = start, end, text[start:end]
    return q


# -- whole-text passes -------------------------------------------------------------------------


def _is_bare(q: Quantity) -> bool:
    return not (q.currency or q.unit)


def _factor(q: Quantity) -> float:
    """How the unit converts the written amount (1 except for cubic metres, nautical miles...)."""
    return q.value / q.amount if q.amount else 1.0


def _merge_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Join "$10-15 billion", "between 5 and 7 percent", "from 3 to 4 million" into one quantity."""
    lex = lexicon()
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        q1 = qs[i]
        q2 = qs[i + 1] if i + 1 < len(qs) else None
        merged = _range(text, q1, q2, lex) if q2 else None
        if merged:
            out.append(merged)
            i += 2
        else:
            out.append(q1)
            i += 1
    return out


def _range(text: str, q1: Quantity, q2: Quantity, lex: Lexicon) -> Quantity | None:
    m = _patterns()["range_gap"].match(text[q1.end : q2.start])
    if not m or (q1.approx and q2.approx and q1.approx != q2.approx):
        return None
    same = (q1.currency, q1.unit) == (q2.currency, q2.unit)
    if not (same or _is_bare(q1) or (q1.currency and q2.currency is None and q2.unit is None)):
        return None
    if _is_bare(q1) and _is_bare(q2):
        return None  # "2021-25", "7 to 10": no unit, nothing to report
    joiner = m.group("j").lower()
    opener_at = q1.start
    opener_word = _word_before(text, opener_at).lower()
    if opener_word in lex.approx:  # "between about 5 and 7"
        opener_at -= len(opener_word) + 1
        opener_word = _word_before(text, opener_at).lower()
    if joiner == "and" and opener_word != "between":
        return None
    if joiner == "to" and opener_word == "from":
        verb = _word_before(text, opener_at - len("from ")).lower()
        if verb in lex.change_verbs_before_from:
            return None  # "rose from $3 billion to $4 billion": two levels, not a range
    if q1.scale == 1 and q2.scale > 1:
        # "$10-15 billion", "from 3 to 4 million": the scale written once serves both ends.
        q1 = replace(q1, amount=q1.amount * q2.scale, value=q1.value * q2.scale, scale=q2.scale)
    factor = _factor(q2) if q2.unit else _factor(q1)
    return replace(
        q1,
        end=q2.end,
        text=text[q1.start : q2.end],
        currency=q1.currency or q2.currency,
        unit=q2.unit or q1.unit,
        noun=q2.noun or q1.noun,
        measure_hint=q2.measure_hint or q1.measure_hint,
        is_percent=q1.is_percent or q2.is_percent,
        value=q1.amount * factor,
        value_max=q2.amount * factor,
        approx=q1.approx or q2.approx,
    )


def _word_before(text: str, start: int) -> str:
    m = _patterns()["word_before"].search(text, max(0, start - 25), start)
    return m.group(1) if m and m.end() == start else ""


def _not_a_quantity(text: str, q: Quantity) -> bool:
    """Years, days of a month, times, references, durations and number words without a unit."""
    lex = lexicon()
    pats = _patterns()
    after = text[q.end : q.end + 12]
    before = text[max(0, q.start - 5) : q.start]
    if q.currency or q.is_percent or q.unit:
        return bool(re.search(r"[A-Za-z]-$", before))  # "Su-35 fighter jets" is a model, not a count
    if not q.digits:
        return True  # "the two countries", "one": words count only with a unit
    if pats["time_after"].match(after) or re.search(r"\d:$", before):
        return True
    if re.match(r"^(?:[+/]\d|-[A-Za-z])", after) or re.search(r"(?:\d[+/]|[A-Za-z]-|\d{4}[-–])$", before):
        return True  # "10+3", "11/14", "five-day", "G-20", "2021-25"
    if re.fullmatch(r"\d{4}", q.digits) and 1000 <= q.amount <= 2100 and q.scale == 1:
        return True  # a year
    word_before = _word_before(text, q.start)
    word_after = pats["word_after"].match(after)
    # Month names are capitalised; "may" and "march" in lower case are verbs.
    if _is_month(word_before) or (word_after and _is_month(word_after.group(1))):
        return True
    if word_before.lower().rstrip(".") in {w.rstrip(".") for w in lex.reference_words}:
        return True
    return bool(pats["duration"].match(text, q.end))


def _is_month(word: str) -> bool:
    return bool(word) and word[0].isupper() and word.lower().rstrip(".") in lexicon().months


def _inherit(text: str, qs: list[Quantity]) -> list[Quantity]:
    """A bare number next to a figure shares its unit: "300,000 troops, including 3,000 from China"."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if prev and _is_bare(q) and not _is_bare(prev) and q.start - prev.end <= 60:
            gap = text[prev.end : q.start]
            # Money shares its currency only with a scale word of its own ("$5 billion and 7 billion"):
            # in "$4.25 and 32" the 32 is something else.
            same_scale = prev.currency is None or (q.scale > 1 and q.scale == prev.scale)
            if not SENTENCE_END.search(gap) and _patterns()["inherit_gap"].match(gap) and same_scale:
                q = replace(
                    q,
                    unit=prev.unit,
                    currency=prev.currency,
                    noun=prev.noun,
                    is_percent=prev.is_percent,
                    measure_hint=prev.measure_hint,
                    value=q.amount * _factor(prev),
                    inherited=True,
                )
        out.append(q)
    return out


def _multiples(text: str) -> list[Quantity]:
    """ "doubled", "nearly tripled", "expected to double": a change of +100 %, +200 %..."""
    lex = lexicon()
    found = []
    for m in _patterns()["multiple"].finditer(text):
        word = m.group("m").lower()
        # The bare verb ("double", "triple") only after "to" or a modal: not "double standards".
        if not word.endswith(("ed", "ing")) and not re.search(
            r"\b(?:to|will|would|could|may|might|can|should)[ \u00a0]+$",
            text[max(0, m.start() - 8) : m.start()],
        ):
            continue
        qualifier = _patterns()["approx"].search(text, max(0, m.start() - 25), m.start())
        approx = lex.approx[re.sub(r"\s+", " ", qualifier.group("q")).lower()] if qualifier else "about"
        change = lex.multiples[word]
        found.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(),
                change,
                change,
                unit="percent",
                approx=approx,
                is_percent=True,
                kind_hint="change",
            )
        )
    return found


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity stated in ``text``, in order, without overlaps."""
    digits = digit_numbers(text)
    # A scale word already read with its digits ("$3 billion") is not a number of its own.
    words = [w for w in word_numbers(text) if not any(d.start < w.end and w.start < d.end for d in digits)]
    numbers = sorted(digits + words, key=lambda n: (n.start, -n.end))
    built = [q for n in numbers if (q := _build(text, n)) is not None]
    merged = _merge_ranges(text, built)
    kept = [q for q in merged if not _not_a_quantity(text, q)]
    kept = _inherit(text, kept)
    kept += _multiples(text)
    kept.sort(key=lambda q: (q.start, -(q.end - q.start)))
    result: list[Quantity] = []
    for q in kept:
        if result and q.start < result[-1].end:
            if q.end - q.start > result[-1].end - result[-1].start:
                result[-1] = q
            continue
        result.append(q)
    return result
