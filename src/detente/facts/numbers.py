"""Numbers as written: digit strings ("1,234.5", "12,34,567", "10 000") and number words
("two trillion", "a hundred and two", "three quarters"), found with their character spans."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from detente.facts.lexicon import alternation, lexicon

# Thousands with commas, Indian lakh/crore grouping, thin-space or space grouping, plain.
DIGITS = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)"
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d)"
    r"|\d+(?:\.\d+)?"
)
WORD = re.compile(r"[A-Za-z]+")


@dataclass(slots=True)
class Number:
    """A number in the text: its span and value, after any scale word glued to it."""

    start: int
    end: int
    value: float
    digits: str  # the digits as written, for rounding ("87", "31.5"); "" for words
    scale: float = 1.0  # the factor of the scale words read with the digits


@functools.cache
def _scale_re() -> re.Pattern[str]:
    lex = lexicon()
    words = alternation(list(lex.scales))
    attached = "|".join(sorted(map(re.escape, lex.attached_scales), key=len, reverse=True))
    # A spelled scale after a space or hyphen ("1.1 billion", "$10-million"), or a one-letter scale glued
    # to the digits ("£3m", "€10B", "0.5k").
    # glued letters are case-sensitive: "bn" and "B" are scales, "t" is not "T"
    return re.compile(rf"(?:[ \u00a0]?-?[ \u00a0]*(?P<word>{words})\b|(?-i:(?P<att>{attached}))(?![A-Za-z]))", re.I)


def _scale_at(text: str, pos: int) -> tuple[float, int] | None:
    """Scale words starting at ``pos`` ("billion", "lakh crore"): their product and end."""
    lex = lexicon()
    factor, end, found = 1.0, pos, False
    while True:
        m = _scale_re().match(text, end)
        if not m:
            break
        if m.group("att"):
            if found or m.start() != pos:  # a glued letter must touch the digits
                break
            factor *= lex.attached_scales[m.group("att")]
        else:
            word = m.group("word").lower()
            if word == "hundred" and found:
                break
            factor *= lex.scales[word]
        end, found = m.end(), True
    return (factor, end) if found else None


def parse_digits(surface: str) -> float:
    """The value of a digit string with any grouping ("1,234.5", "12,34,567", "10 000")."""
    return float(re.sub(r"[,\s\u00a0\u202f]", "", surface))


def digit_numbers(text: str) -> list[Number]:
    """Digit numbers in the text with glued or following scale words."""
    found = []
    for m in DIGITS.finditer(text):
        start, end = m.span()
        before = text[start - 1] if start else ""
        # Inside a decimal or a list of digits ("1,5" read as "1" then "5"), or URL-encoded ("%20"):
        # not a number of its own.
        if (before in ",." and start >= 2 and text[start - 2].isdigit()) or before == "%":
            continue
        value = parse_digits(m.group())
        scaled = _scale_at(text, end)
        if scaled:
            # Decimal arithmetic keeps "16.4 million" at 16400000, not 16399999.999999998.
            value = float(Decimal(repr(value)) * Decimal(repr(scaled[0])))
            end = scaled[1]
        found.append(Number(start, end, value, m.group(), scaled[0] if scaled else 1.0))
    return found


def _word_value(words: list[str]) -> float | None:
    """The value of a run of number words, or None when the run is not a number."""
    lex = lexicon()
    # A scale word alone ("billions of dollars") or a fraction alone ("in the quarter") is not a number;
    # "a million", "half a million", "a quarter million" are.
    counted = any(w in lex.ones or w in lex.tens for w in words)
    scaled = any(w in lex.scales for w in words)
    if not counted and not (scaled and any(w in lex.fractions or w in ("a", "an") for w in words)):
        return None
    total, current, seen, prev = 0.0, 0.0, False, ""
    for word in words:
        if word in lex.ones or word in lex.tens:
            current += lex.ones.get(word, 0) + lex.tens.get(word, 0)
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in lex.scales:
            total += (current or 1) * lex.scales[word]
            current = 0.0
            seen = True
        elif word in lex.fractions:
            fraction = lex.fractions[word]
            # "half a million", "a quarter", "two and a half", "three quarters", "one-half".
            if current == 0:
                current = fraction
            elif prev in ("a", "an"):
                current += fraction
            else:
                current *= fraction
            seen = True
        prev = word
    return total + current if seen else None


@functools.cache
def _word_run_re() -> re.Pattern[str]:
    lex = lexicon()
    number = alternation([*lex.ones, *lex.tens, *lex.scales, *lex.fractions, "hundred"])
    gap = r"(?:[ \u00a0]*-[ \u00a0]*|[ \u00a0]+)"
    # Number words joined by spaces, hyphens, "and", "a": "a hundred and two", "two and a half million".
    article = r"(?:(?:a|an)[ \u00a0]+)?"
    glue = r"(?:(?:and|a|an)[ \u00a0]+)*"
    return re.compile(rf"(?<![\w-]){article}(?:{number})(?:{gap}{glue}(?:{number}))*(?![\w])", re.I)


def word_numbers(text: str) -> list[Number]:
    """Runs of number words ("two trillion", "a hundred and two", "thirty-five")."""
    found = []
    for m in _word_run_re().finditer(text):
        value = _word_value(WORD.findall(m.group().lower()))
        if value is not None:
            found.append(Number(m.start(), m.end(), value, ""))
    return found
