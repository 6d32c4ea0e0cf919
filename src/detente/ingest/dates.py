"""Publication dates as ISO strings with the precision the input gives (day, month or year)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateparser.date import DateDataParser

# A date must name its year: dateparser fills a missing year (and resolves "yesterday") from
# today's date, which would make ingest depend on the day it runs.
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}.*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\d{2}:?\d{2}.*)?")
# Common English forms read without dateparser, which is slow: "26-FEB-1987 15:01:01.79",
# "18 November 2018", "Nov 18, 2018 10:00".
_TIME = r"(?:[\sT,]+\d{1,2}:\d{2}.*)?"
_DMY = re.compile(r"(\d{1,2})[-\s]([A-Za-z]{3,9})\.?,?[-\s](\d{4})" + _TIME)
_MDY = re.compile(r"([A-Za-z]{3,9})\.?\s(\d{1,2})(?:st|nd|rd|th)?,?\s(\d{4})" + _TIME)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}  # fmt: skip
_MIN_YEAR, _MAX_YEAR = 1800, 2100
_MAX_DATE_CHARS = 80

# Words allowed in a date phrase besides numbers: month and weekday names, clock words and
# time-zone abbreviations. Anything else means the string is a sentence, not a date.
_DATE_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "am", "pm", "a.m", "p.m", "at", "on", "of", "the", "th", "st", "nd", "rd", "t", "z", "h", "hrs",
    "local", "time",
})  # fmt: skip
_TIMEZONE = re.compile(r"[A-Z]{2,5}")
_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")

_PARSER = DateDataParser(
    languages=["en"],
    settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": False},
)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def is_date_phrase(text: str) -> bool:
    """True when ``text`` could be a date and nothing else: it names a year, and its words are
    only month/weekday names, clock words or time-zone abbreviations."""
    if len(text) > _MAX_DATE_CHARS or not _YEAR.search(text):
        return False
    for word in _WORD.findall(text):
        if word.lower().rstrip(".") not in _DATE_WORDS and not _TIMEZONE.fullmatch(word):
            return False
    return True


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> str | None:
    if match := _ISO.fullmatch(text) or _COMPACT.fullmatch(text):
        year, month, day = (int(g) if g else None for g in match.groups())
        return _iso(year, month, day)  # type: ignore[arg-type]
    if (match := _DMY.fullmatch(text)) and (month := _MONTHS.get(match[2].lower())):
        return _iso(int(match[3]), month, int(match[1]))
    if (match := _MDY.fullmatch(text)) and (month := _MONTHS.get(match[1].lower())):
        return _iso(int(match[3]), month, int(match[2]))
    if not _YEAR.search(text):
        return None
    try:
        data = _PARSER.get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd strings; none is fatal here
        return None
    if data is None or data.date_obj is None:
        return None
    found = data.date_obj
    if data.period == "year":
        return _iso(found.year)
    if data.period == "month":
        return _iso(found.year, found.month)
    return _iso(found.year, found.month, found.day)


def normalise_date(value: object) -> str | None:
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) from a date, datetime, year number
    or date string in English; ``None`` when the value names no year or cannot be read."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return _iso(value.year, value.month, value.day)
    if isinstance(value, int):
        return _iso(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > _MAX_DATE_CHARS:
        return None
    return _parse_text(text)
