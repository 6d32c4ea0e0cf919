"""Temporal expressions: find English dates in text and resolve them against a publication date.

Rule-based and fast: about twenty compiled regular expressions, each with a small resolver, run
over the text (a rule runs only when one of its key words occurs in it); overlapping candidates
are settled longest first; then neighbours are combined (a year written after a list of days,
"from X to Y" ranges) and anaphora ("the following year") are resolved against the previous date
in the text. Which Tuesday or which June is meant follows the tense the caller gives, else the
nearest verb cue in the sentence ("will", "said", "-ed").

Values (``DateValue.value``) are ISO 8601 strings at the expression's precision:

=========  ==========================  ==============================================
precision  value                       example
=========  ==========================  ==============================================
day        ``YYYY-MM-DD``              "November 14, 2018", "yesterday", "on Tuesday"
week       ``YYYY-MM-DD`` (Monday)     "this week", "two weeks ago"
month      ``YYYY-MM``                 "May 2015", "last month", "June's summit"
quarter    ``YYYY-MM/YYYY-MM``         "Q3 2017", "the first quarter of 2019"
half       ``YYYY-MM/YYYY-MM``         "the first half of the current year"
season     ``YYYY-MM/YYYY-MM``         "last summer", "the winter of 2019"
year       ``YYYY``                    "in 2021", "the 2021 coup", "by the end of 2018"
decade     ``YYYY/YYYY``               "the 1950s"
century    ``YYYY/YYYY``               "the 20th century"
=========  ==========================  ==============================================

Ranges ("2010 to 2014", "2021–25", "November 14-15", "in the coming months") are one value
``A/B`` (an ISO 8601 interval) at the precision of their ends. ``start`` and ``end`` always give
the covered days (``end`` inclusive); modifiers narrow them without changing the value:
"early 2022" is value ``2022`` with start 2022-01-01 and end 2022-04-30 (thirds of the period:
early/beginning, mid/middle, late/end), and "earlier this month" ends the day before publication.

Expressions that need the publication date are omitted when it is missing or too coarse
("on Tuesday" needs a day, "last month" a month, "last year" a year).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from detente.schemas import DateValue

__all__ = ["find_dates", "interval", "parse_date"]

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}  # fmt: skip
_WEEKDAYS = {
    name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_WEEKDAY_ABBR = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Vague quantities, used only for spans ("the past few months"), never for a point ("ago").
_VAGUE = {"few": 3, "a few": 3, "several": 3, "couple of": 2, "a couple of": 2}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22,
    "final": 4, "last": 4,
}  # fmt: skip
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

# Months that are also common given names or surnames ("Theresa May", "June Carter") need a
# stronger cue than "by"/"from"/"for" to be read as a month; these and "March" ("Long March 5")
# are not read as months right after a capitalised word.
_NAME_MONTHS = {"May", "June", "April", "August"}
_AMBIGUOUS_MONTHS = {"mar", "may", "jun", "apr", "aug"}
_MONTH_CUES = {
    "in", "on", "since", "until", "till", "through", "throughout", "during", "before", "after",
    "by", "from", "between", "around", "for", "last", "next", "this", "early", "late", "mid",
    "starting", "beginning", "ending", "as", "of", "to", "and", "or",
}  # fmt: skip
_NAME_MONTH_CUES = {
    "in", "since", "until", "till", "through", "throughout", "during", "between", "early", "late",
}  # fmt: skip
# Words that may stand capitalised before a month or "Today" without making it part of a name.
_FUNCTION_WORDS = _MONTH_CUES | {
    "the", "at", "but", "so", "then", "also", "only", "even", "both", "not", "when", "while",
    "if", "unlike", "despite", "over", "under", "within", "into", "upon", "via", "than", "past",
    "already", "still", "once", "dated", "updated", "published", "posted", "issued", "effective",
    "scheduled", "set", "due", "held", "signed", "until", "circa", "about", "that", "which",
    "where", "because", "although", "though", "however", "meanwhile", "earlier", "later",
} | set(_WEEKDAYS)  # fmt: skip
_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gen", "gov", "lt", "col", "capt", "sgt", "st", "pres",
}  # fmt: skip

# Year cues. Strong: the number after them is a year unless a count noun follows ("in 2017").
# Weak: a year only when no lowercase word follows ("the budget for 2019.", "the class of 2019,").
_YEAR_STRONG = {
    "in", "since", "until", "till", "through", "throughout", "during", "before", "after", "by",
    "from", "circa", "year", "fiscal", "fy", "early", "late", "mid", "spring", "summer", "autumn",
    "fall", "winter", "between", "starting", "beginning", "ending", "pre", "post",
}  # fmt: skip
_YEAR_WEAK = {"of", "for", "to", "and", "or", "around", "at", "as", "than", "on", "about", "until"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "this", "that", "whose"}
# Nouns that show a four-digit number is a count, not a year ("the 2000 troops").
_COUNT_NOUNS = (
    r"people|persons|residents|civilians|troops|soldiers|fighters|militants|police|officers|"
    r"workers|employees|staff|members|delegates|refugees|migrants|prisoners|students|children|"
    r"women|men|cases|deaths|victims|votes|seats|pages|words|beds|cars|vehicles|tanks|aircraft|"
    r"planes|jets|missiles|rockets|ships|vessels|homes|houses|buildings|units|shares|tons|tonnes|"
    r"barrels|points|dollars|euros|yuan|yen|rubles|roubles|rupees|pounds|won|feet|metres|meters|"
    r"kilometres|kilometers|km|miles|hectares|acres|kg|mw|gw|hours|hrs|gmt|utc|local|"
    r"million|billion|trillion|thousand|hundred|bn|mn|percent|per\s+cent|pc|times|companies|"
    r"firms|projects|sites|villages|towns|cities|items|products|jobs|patients|doses|flights|"
    r"households|families|animals|head|strong"
)
_COUNT_AFTER = re.compile(rf"\s*(?:%|[-\s]*(?:{_COUNT_NOUNS})\b)", re.I)

# ---------------------------------------------------------------------------------------------
# Regular-expression building blocks
# ---------------------------------------------------------------------------------------------

_MON_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MON_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH_WORDS = set(_MON_FULL.lower().split("|"))
# Month names are matched case-sensitively: "may" and "march" in lower case are a verb and a noun.
# The alternation is kept flat (plain words) so that the regex engine can skip to candidate
# first letters; the period of an abbreviation is taken only after one ("Nov.", not "March.").
_MONTH = rf"(?:{_MON_FULL}|{_MON_ABBR})\b(?:(?<=Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.|(?<=Sept)\.)?"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_ANY = rf"(?:{_WEEKDAY}|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?)"
_DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_DAY = rf"{_DAYNUM}{_ORD}\b"
_YEAR = r"(?:19|20)\d\d"
_FULL_YEAR = r"(?:1\d{3}|20\d\d)"  # next to a month and day, older years are safe
_NOT_NUMBER = r"(?![.,]\d|\d)"


def _words(*words: str) -> str:
    """Words (regex snippets starting with a letter) in lower case and capitalised, as a flat
    alternation whose branches all start with a literal: the regex engine then scans for their
    first letters instead of trying every position."""
    return "|".join(f"{w}|{w[0].upper()}{w[1:]}" for w in words)


_NUM = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_VAGUE_NUM = r"(?:a\s+few|few|several|a\s+couple\s+of|couple\s+of)"
_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+(?:to|through|until|till)\s+)"
_LIST_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"

_MOD_LEFT = re.compile(
    r"(?:\b(?:the\s+)?(?:very\s+)?(?P<m1>early|late|mid|middle|earlier|later)(?:\s*-\s*|\s+)"
    r"|\b(?P<m2>end)\s*-\s*"
    r"|\b(?:the\s+)?(?:very\s+)?(?P<m3>end|beginning|start|middle|close)\s+of(?:\s+the)?\s+)$",
    re.I,
)
_LEFT_WORD = re.compile(r"(?:^|[^\w'’.-])([\w'’.-]+?)(\.?)\s+$")
_MONTH_OF_LEFT = re.compile(r"\bmonths?\s+of\s+$", re.I)
_PREV_MONTH_LEFT = re.compile(
    rf"{_MONTH}(?:\s+{_DAY})?(?:,?\s+{_YEAR})?(?:\s*,\s*(?:and|or)?|\s+(?:and|or|to|through|until|till)|\s*[-–—/])\s*$"
)
_PREV_YEAR_LEFT = re.compile(
    rf"\b{_YEAR}(?:s|['’]s)?(?:\s*,\s*(?:and|or)?|\s+(?:and|or|&|to|through|until|till)|\s*[-–—/])\s*$"
)
_BETWEEN_LEFT = re.compile(r"\bbetween\s+$", re.I)
_SEASON_LEFT = re.compile(
    r"\b(?:in|during|over|through|throughout|by|until|till|since|before|after|for|of)\s+the\s+$", re.I
)
_MONEY_LEFT = re.compile(r"[$€£¥#№]\s*$|\b(?:No|Nos|Number|USD|Rs|RMB|EUR|GBP|JPY)\.?\s*$")
# "the US 2020 election": a determiner and a proper name before a year that modifies a noun.
_DET_NAME_LEFT = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that)\s+[A-Z][\w.-]*\s+$")

# Tense cues. Future ones first: at "was due to" the future reading wins over "was".
_DUE_TO = r"\s+(?:due|set|expected|scheduled|slated|poised|planned|likely)\s+to"
_PAST_CUES = {"said", "told", "was", "were", "had", "did", "ago"}
_CUE_WORDS = re.compile(
    "(?:"
    + _words(
        "will", "won['’]t", "shall", "would", r"going\s+to", f"is{_DUE_TO}", f"are{_DUE_TO}",
        f"was{_DUE_TO}", f"were{_DUE_TO}", f"be{_DUE_TO}", r"plans?\s+to", "planned", "planning",
        r"intends?\s+to", r"aims?\s+to", r"to\s+be\s+held", "upcoming", "scheduled", "slated",
        *sorted(_PAST_CUES),
    )
    + "|'ll|’ll)\\b"
)  # fmt: skip
# A future cue takes the verb it governs along ("will be organized"), which is then no past cue.
_CUE_TAIL = re.compile(r"(?:\s+(?:not|also|then|soon|likely|probably|be|have|been|now|again)\b)*(?:\s+\w+)?")
_PAST_ED = re.compile(r"[a-z]{3,}ed\b")

# ---------------------------------------------------------------------------------------------
# Periods and calendar arithmetic
# ---------------------------------------------------------------------------------------------


class _Period(NamedTuple):
    value: str
    precision: str
    start: date
    end: date


# Coarseness, to check that an anaphor's anchor is precise enough ("that day" needs a day).
_RANK = {
    "day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "half": 3, "year": 4, "decade": 5, "century": 6,
}  # fmt: skip


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _shift_date(d: date, unit: str, n: int) -> date:
    """``d`` moved by ``n`` units, keeping the day of month where the target month allows."""
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    months = {"month": n, "quarter": 3 * n, "year": 12 * n, "decade": 120 * n, "century": 1200 * n}[unit]
    y, m = _add_months(d.year, d.month, months)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _p_day(d: date) -> _Period:
    return _Period(d.isoformat(), "day", d, d)


def _p_days(a: date, b: date) -> _Period:
    return _Period(f"{a.isoformat()}/{b.isoformat()}", "day", a, b)


def _p_week(d: date) -> _Period:
    mon = _monday(d)
    return _Period(mon.isoformat(), "week", mon, mon + timedelta(days=6))


def _p_month(y: int, m: int) -> _Period:
    return _Period(f"{y:04d}-{m:02d}", "month", date(y, m, 1), _month_end(y, m))


def _p_months(y1: int, m1: int, y2: int, m2: int, precision: str) -> _Period:
    return _Period(f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", precision, date(y1, m1, 1), _month_end(y2, m2))


def _p_quarter(y: int, q: int) -> _Period:
    return _p_months(y, 3 * q - 2, y, 3 * q, "quarter")


def _p_half(y: int, h: int) -> _Period:
    return _p_months(y, 6 * h - 5, y, 6 * h, "half")


def _p_season(y: int, season: str) -> _Period:
    """The season of year ``y``; winter ``y`` is December ``y-1`` to February ``y``."""
    first, last = _SEASONS[season]
    if first > last:
        return _p_months(y - 1, first, y, last, "season")
    return _p_months(y, first, y, last, "season")


def _p_year(y: int) -> _Period:
    return _Period(f"{y:04d}", "year", date(y, 1, 1), date(y, 12, 31))


def _p_years(y1: int, y2: int, precision: str = "year") -> _Period:
    return _Period(f"{y1:04d}/{y2:04d}", precision, date(y1, 1, 1), date(y2, 12, 31))


def _p_unit(unit: str, d: date) -> _Period:
    """The calendar unit (day, week, month, quarter, year, decade, century) that contains ``d``."""
    if unit == "day":
        return _p_day(d)
    if unit == "week":
        return _p_week(d)
    if unit == "month":
        return _p_month(d.year, d.month)
    if unit == "quarter":
        return _p_quarter(d.year, (d.month - 1) // 3 + 1)
    if unit == "year":
        return _p_year(d.year)
    if unit == "decade":
        return _p_years(d.year // 10 * 10, d.year // 10 * 10 + 9, "decade")
    return _p_years(d.year // 100 * 100, d.year // 100 * 100 + 99, "century")


def _fmt_at(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "week":
        return _monday(d).isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _p_span(a: date, b: date, precision: str) -> _Period:
    """An interval of days described at a coarser precision ("the coming months")."""
    return _Period(f"{_fmt_at(a, precision)}/{_fmt_at(b, precision)}", precision, a, b)


def _narrow(p: _Period, mod: str | None, ref: _Ref | None) -> tuple[_Period, str | None]:
    """Narrow a period to the part a modifier names; returns the period and a direction, if any.

    "earlier"/"later" of a period containing the publication date cut at that date ("earlier this
    month"); otherwise modifiers take the first, middle or last third, counted in years for
    decades, months for periods of three months or more, else days.
    """
    if mod is None or p.start == p.end:
        return p, None
    if mod in ("earlier", "later") and ref is not None and ref.precision == "day" and p.start <= ref.day <= p.end:
        if mod == "earlier":
            return p._replace(end=max(p.start, ref.day - timedelta(days=1))), "past"
        return p._replace(start=min(p.end, ref.day + timedelta(days=1))), "future"
    which = {"early": 0, "beginning": 0, "start": 0, "earlier": 0, "mid": 1, "middle": 1}.get(mod, 2)
    start, end = p.start, p.end
    if end.year - start.year >= 2:
        n = end.year - start.year + 1

        def at(i: int, last: bool) -> date:
            return date(start.year + i, 12, 31) if last else date(start.year + i, 1, 1)
    elif (end.year * 12 + end.month) - (start.year * 12 + start.month) >= 2:
        n = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1

        def at(i: int, last: bool) -> date:
            y, m = _add_months(start.year, start.month, i)
            return _month_end(y, m) if last else date(y, m, 1)
    else:
        n = (end - start).days + 1

        def at(i: int, last: bool) -> date:
            return start + timedelta(days=i)

    if n < 3:
        return p, None
    cut1, cut2 = round(n / 3), n - round(n / 3)
    lo, hi = ((0, cut1), (cut1, cut2), (cut2, n))[which]
    return p._replace(start=at(lo, False), end=at(hi - 1, True)), None


# ---------------------------------------------------------------------------------------------
# Publication date and tense
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ref:
    day: date  # the publication date; the first day of its month or year when less precise
    precision: str  # day, month or year

    def at_least(self, precision: str) -> bool:
        return _RANK[self.precision] <= _RANK[precision]


_ISO_PREFIX = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@functools.lru_cache(maxsize=4096)
def _parse_ref(published: str | None) -> _Ref | None:
    if not published:
        return None
    m = _ISO_PREFIX.match(published)
    if not m or not 1000 <= int(m[1]) <= 2999:
        return None
    try:
        if m[3]:
            return _Ref(date(int(m[1]), int(m[2]), int(m[3])), "day")
        if m[2]:
            return _Ref(date(int(m[1]), int(m[2]), 1), "month")
        return _Ref(date(int(m[1]), 1, 1), "year")
    except ValueError:
        return None


def _local_tense(text: str, start: int, end: int) -> str | None:
    """Past or future from the verb cue nearest to ``text[start:end]`` in its sentence, if any."""
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    left = max(left, text.rfind("\n", 0, start), 0)
    right = len(text)
    for stop in (". ", "? ", "! ", "\n"):
        i = text.find(stop, end)
        if i != -1:
            right = min(right, i)
    left, right = max(left, start - 150), min(right, end + 150)
    cues: list[tuple[int, int, str]] = []
    for m in _CUE_WORDS.finditer(text, left, right):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if m[0].lower() in _PAST_CUES:
            cues.append((m.start(), m.end(), "past"))
        else:
            tail = _CUE_TAIL.match(text, m.end(), right)
            cues.append((m.start(), tail.end() if tail else m.end(), "future"))
    futures = [(s, e) for s, e, t in cues if t == "future"]
    for m in _PAST_ED.finditer(text, left, right):
        if not (m.start() and text[m.start() - 1].isalnum()) and not any(s <= m.start() < e for s, e in futures):
            cues.append((m.start(), m.end(), "past"))
    best: tuple[int, str] | None = None
    for s, e, t in cues:
        if s < end and e > start:
            continue  # a word of the expression itself ("ago")
        dist = start - e if e <= start else s - end
        if best is None or dist < best[0]:
            best = (dist, t)
    return best[1] if best else None


def _year_for(ref: _Ref, month: int, day: int | None, tense: str | None) -> int:
    """The year of a month (and day) written without one, as seen from a publication month or day.

    Past tense: the latest occurrence not after publication; future: the earliest not before it;
    unknown: the occurrence nearest to publication (within six months).
    """
    y = ref.day.year
    pub = (ref.day.month, ref.day.day if ref.precision == "day" and day is not None else 0)
    here = (month, day if day is not None and ref.precision == "day" else 0)
    if tense == "past":
        return y if here <= pub else y - 1
    if tense == "future":
        return y if here >= pub else y + 1
    if month - ref.day.month > 6:
        return y - 1
    if ref.day.month - month > 6:
        return y + 1
    return y


# ---------------------------------------------------------------------------------------------
# Hits: candidate matches before overlap resolution
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    periods: list[tuple[int, int, _Period]]  # (char start, char end, period); empty until anchored
    relative: bool = False
    direction: str | None = None
    # Resolve again with a year written next to the expression ("March and April 2019").
    reyear: Callable[[int], list[_Period] | None] | None = None
    month: int | None = None  # first month named, to step back a year across a range's new year
    unresolved: bool = False  # no year known yet: kept only if a neighbour gives one
    # Anaphora: resolve against the previous date in the text ("the following year").
    anchored: Callable[[_Period], _Period | None] | None = None
    anchor_max: str = "year"  # coarsest precision an anchor may have


@dataclass(slots=True)
class _Ctx:
    text: str
    ref: _Ref | None
    tense: str | None
    _cache: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def tense_at(self, start: int, end: int) -> str | None:
        """The caller's tense, else the one suggested by the nearest verb cue."""
        if self.tense:
            return self.tense
        key = (start, end)
        if key not in self._cache:
            self._cache[key] = _local_tense(self.text, start, end)
        return self._cache[key]

    def word_start(self, i: int, also: str = "") -> bool:
        """True when ``text[i]`` starts a word: no letter, digit or one of ``also`` just before."""
        if i == 0:
            return True
        c = self.text[i - 1]
        return not (c.isalnum() or c == "_" or c in also)

    def mod_left(self, start: int) -> tuple[int, str | None]:
        """A modifier just before ``start`` ("early", "the end of"): new start and the modifier."""
        m = _MOD_LEFT.search(self.text, max(0, start - 30), start)
        if not m:
            return start, None
        return m.start(), (m["m1"] or m["m2"] or m["m3"]).lower()

    def left_word(self, start: int) -> tuple[str, str]:
        """The word before ``start`` as written and a trailing period, if any ("Mr", ".")."""
        m = _LEFT_WORD.search(self.text, max(0, start - 30), start)
        return (m[1], m[2]) if m else ("", "")

    def name_before(self, start: int) -> bool:
        """True when a capitalised word that is not a function word stands just before ``start``.

        "Theresa May", "Long March 5", "USA Today": the date word is then part of a name.
        """
        word, dot = self.left_word(start)
        if not word or not word[0].isupper():
            return False
        low = re.sub(r"['’]s$", "", word.lower())
        if dot:
            return low in _TITLES
        return low not in _FUNCTION_WORDS and low not in _MONTH_WORDS


def _single(
    start: int,
    end: int,
    p: _Period,
    *,
    relative: bool = False,
    direction: str | None = None,
    reyear: Callable[[int], list[_Period] | None] | None = None,
    month: int | None = None,
    unresolved: bool = False,
) -> _Hit:
    return _Hit(start, end, [(start, end, p)], relative, direction, reyear, month, unresolved)


def _ordinal_day(s: str) -> int:
    return int(s.rstrip("stndrh"))  # "14th", "1st", "2nd", "3rd"


def _number(s: str) -> int | None:
    s = re.sub(r"\s+", " ", s.lower())
    if s.isdigit():
        return int(s)
    if s in _NUMBER_WORDS:
        return _NUMBER_WORDS[s]
    parts = re.split(r"[-\s]", s)
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _ONES:
        return _NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]]
    return _VAGUE.get(s)


def _unit(s: str) -> str:
    s = s.lower()
    if s.startswith("centur"):
        return "century"
    return s.rstrip("s")


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------
# Every rule's pattern starts with a required literal or character class (no leading \b, no
# optional prefix, no IGNORECASE), so that the regex engine can skip ahead to candidate
# positions; word boundaries and optional words before the anchor ("last", "the", a weekday)
# are checked by the handlers on the few characters to the left.

_REL_LEFT = re.compile(
    r"(?:\b(?P<the>[Tt]he)\s+)?\b(?P<rel>[Ll]ast|[Tt]his\s+(?:coming|upcoming|past)|[Tt]his|[Nn]ext|[Cc]oming|"
    r"[Uu]pcoming|[Pp]ast|[Pp]revious)\s+$"
)
_WD_LEFT = re.compile(rf"\b(?P<wd>{_WEEKDAY_ANY}),?\s+(?:the\s+)?$")
_THE_LEFT = re.compile(r"\b[Tt]he\s+$")
_NUM_LEFT = re.compile(rf"\b(?P<n>{_NUM})\s+$", re.I)
_ADV_LEFT = re.compile(r"\b(?P<adv>[Ll]ater|[Ee]arlier)\s+$")
_QUARTER_LEFT = re.compile(
    rf"(?:\b(?P<py>{_YEAR})['’]s\s+|\b(?P<prel>[Tt]his|[Ll]ast|[Nn]ext)\s+year['’]s\s+|\b[Tt]he\s+)$"
)
_CENTURY_LEFT = re.compile(
    r"(?:\bthe\s+)?\b(?P<n>\d{1,2}(?:st|nd|rd|th)|(?:twenty-)?(?:first|second)|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth)[-\s]+$",
    re.I,
)


def _rel_left(cx: _Ctx, start: int) -> tuple[int, str | None]:
    """ "last", "this coming", "the past"... just before ``start``: new start and the words, lowered."""
    m = _REL_LEFT.search(cx.text, max(0, start - 30), start)
    if not m:
        return start, None
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    return m.start(), f"the {rel}" if m["the"] else rel


def _the_left(cx: _Ctx, start: int) -> int:
    m = _THE_LEFT.search(cx.text, max(0, start - 6), start)
    return m.start() if m else start


_RE_ISO = re.compile(rf"(?P<y>{_FULL_YEAR})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>{_DAYNUM})\b{_NOT_NUMBER}")


def _h_iso(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    if not cx.word_start(m.start()):
        return None
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return _single(m.start(), m.end(), _p_day(d))


_RE_NUMERIC = re.compile(rf"(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_FULL_YEAR})\b{_NOT_NUMBER}")


def _h_numeric(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """31/12/2018 or 12/31/2018, only when the order is clear; 31.12.2018 is day first."""
    if not cx.word_start(m.start(), ".,/-"):
        return None
    a, b = int(m["a"]), int(m["b"])
    if a > 12 or (m["sep"] == "." and b <= 12):
        day, month = a, b
    elif b > 12 or a == b:
        day, month = b, a
    else:
        return None  # 03/04/2018: April 3 or March 4
    try:
        d = date(int(m["y"]), month, day)
    except ValueError:
        return None
    return _single(m.start(), m.end(), _p_day(d))


_DAY_LIST = rf"(?P<more>(?:{_LIST_SEP}(?:the\s+)?{_DAY})+|{_RANGE_SEP}(?:the\s+)?{_DAY})?"
_YEAR_AFTER_DAY = rf"(?:(?:\s*,\s*|\s+)(?P<y>{_FULL_YEAR})\b{_NOT_NUMBER})?"
_RE_MDY = re.compile(
    rf"(?P<mon>{_MONTH})\s*(?P<d1>{_DAY}){_DAY_LIST}(?!\s*(?::\d|\.\d|,\d{{3}}|%|[ap]\.?m\b)){_YEAR_AFTER_DAY}"
)
# "\d\d?" rather than _DAY at the start keeps the fast scan; the handler checks the range.
_RE_DMY = re.compile(rf"(?P<d1>\d\d?{_ORD}\b){_DAY_LIST}\s+(?:of\s+)?(?P<mon>{_MONTH}){_YEAR_AFTER_DAY}")
_RE_DAYNUM = re.compile(_DAY)


def _h_month_day(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Month and day(s), either order, with an optional weekday and year.

    "November 14 and 15" gives two dates; "November 14-15" and "between 3 and 12 September" one
    range of days.
    """
    mdy = m.re is _RE_MDY
    if not cx.word_start(m.start(), "" if mdy else ".,$€£:/-"):
        return None
    key = m["mon"][:3].lower()
    start = m.start()
    wd_m = _WD_LEFT.search(cx.text, max(0, start - 16), start)
    if wd_m:
        start = wd_m.start()
    elif mdy and key in _AMBIGUOUS_MONTHS and cx.name_before(start):
        return None
    elif not mdy:
        start = _the_left(cx, start)
    month = _MONTHS[key]
    days = [(m.start("d1"), m.end("d1"), _ordinal_day(m["d1"]))]
    if not 1 <= days[0][2] <= 31:
        return None
    is_range = False
    if m["more"]:
        is_range = re.match(_RANGE_SEP, m["more"]) is not None or (
            len(_RE_DAYNUM.findall(m["more"])) == 1
            and _BETWEEN_LEFT.search(cx.text, max(0, start - 10), start) is not None
        )
        off = m.start("more")
        days += [(off + d.start(), off + d.end(), _ordinal_day(d[0])) for d in _RE_DAYNUM.finditer(m["more"])]
    if any(d > calendar.monthrange(2000, month)[1] for _, _, d in days):
        return None
    if is_range and days[1][2] <= days[0][2]:
        return None
    # Spans: the first date from the match start; the last one to the match end.
    spans = [(s, e) for s, e, _ in days]
    spans[0] = (start, spans[0][1])
    spans[-1] = (spans[-1][0], m.end())
    nums = [d for _, _, d in days]

    def build(y: int) -> list[_Period] | None:
        try:
            dates = [date(y, month, d) for d in nums]
        except ValueError:
            return None  # February 29 of a common year
        if is_range:
            return [_p_days(dates[0], dates[-1])]
        return [_p_day(d) for d in dates]

    def pack(periods: list[_Period] | None, relative: bool = False, unresolved: bool = False) -> _Hit | None:
        if periods is None:
            return None
        if is_range:
            items = [(start, m.end(), periods[0])]
        else:
            items = [(s, e, p) for (s, e), p in zip(spans, periods, strict=True)]
        floating = relative or unresolved
        return _Hit(
            start,
            m.end(),
            items,
            relative,
            reyear=build if floating else None,
            month=month,
            unresolved=unresolved,
        )

    if m["y"]:
        return pack(build(int(m["y"])))
    ref = cx.ref
    if ref is None or not ref.at_least("month"):
        return pack(build(_LEAP_YEAR), unresolved=True)
    y = _year_for(ref, month, nums[0], cx.tense_at(start, m.end()))
    if wd_m and not cx.tense:
        # A weekday written with the date picks the year when exactly one nearby year fits.
        key = wd_m["wd"].lower().rstrip(".")
        wd = _WEEKDAYS.get(key, _WEEKDAY_ABBR.get(key))
        fits = [c for c in (y - 1, y, y + 1) if _valid(c, month, nums[0]) and date(c, month, nums[0]).weekday() == wd]
        if len(fits) == 1:
            y = fits[0]
    return pack(build(y), relative=True)


_LEAP_YEAR = 2000  # a stand-in year until a neighbour gives the real one: February 29 is valid


def _valid(y: int, m: int, d: int) -> bool:
    return d <= calendar.monthrange(y, m)[1]


_RE_MONTH_YEAR = re.compile(rf"(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})\b{_NOT_NUMBER}(?!['’]?s\b)")


def _h_month_year(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    if not cx.word_start(m.start()):
        return None
    start, mod = cx.mod_left(m.start())
    key = m["mon"][:3].lower()
    if mod is None and key in _AMBIGUOUS_MONTHS and cx.name_before(m.start()):
        return None
    p, direction = _narrow(_p_month(int(m["y"]), _MONTHS[key]), mod, cx.ref)
    return _single(start, m.end(), p, direction=direction)


_RE_MONTH = re.compile(rf"(?P<mon>{_MONTH})(?P<poss>['’]s\b)?")
_MONTH_RANGE_RIGHT = re.compile(rf"\s*(?:[-–—/]|to\b|through\b|until\b|till\b)\s*{_MONTH}")
_FULL_MONTHS = set(_MON_FULL.split("|")) | {"Sept"}


def _h_month(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """A month without a day or year: "in June", "last May", "June's summit", "mid-March"."""
    if not cx.word_start(m.start()):
        return None
    name = m["mon"].rstrip(".")
    start, rel_words = _rel_left(cx, m.start())
    rel = rel_words.split()[-1] if rel_words else None
    start, mod = cx.mod_left(start)
    # "from May to September", "Jan-Feb 2017": a month range makes both ends months.
    if not _MONTH_RANGE_RIGHT.match(cx.text, m.end()):
        if name not in _FULL_MONTHS:
            return None  # "Mar", "Jan" alone are too often something else
        if rel is None and mod is None:
            if cx.name_before(m.start()):
                return None
            if not m["poss"] and not _month_cue(cx, m.start(), name):
                return None
    ref = cx.ref
    month = _MONTHS[name[:3].lower()]

    def rebuild(year: int) -> list[_Period]:
        return [_narrow(_p_month(year, month), mod, ref)[0]]

    if ref is None or not ref.at_least("month"):
        if rel is not None:
            return None
        end = m.end("mon")
        return _single(start, end, rebuild(_LEAP_YEAR)[0], reyear=rebuild, month=month, unresolved=True)
    pm, py = ref.day.month, ref.day.year
    this = bool(rel_words and rel_words.startswith("this "))
    direction = None
    if rel in ("last", "past", "previous"):
        y, direction = (py if month < pm or (this and month == pm) else py - 1), "past"
    elif rel in ("next", "coming", "upcoming"):
        y, direction = (py if month > pm or (this and month == pm) else py + 1), "future"
    elif rel == "this":
        y = py
    else:
        y = _year_for(ref, month, None, cx.tense_at(m.start(), m.end()))
    p, d2 = _narrow(_p_month(y, month), mod, ref)
    # Only a month written without last/next takes a year from its neighbour.
    return _single(
        start, m.end("mon"), p, relative=True, direction=direction or d2,
        reyear=rebuild if rel is None else None, month=month,
    )  # fmt: skip


def _month_cue(cx: _Ctx, start: int, name: str) -> bool:
    """Whether the word before a bare month makes it a month ("in May", not "May reach")."""
    word, _ = cx.left_word(start)
    low = word.lower()
    text = cx.text
    if low in ("and", "or", "to", "through", "until", "till") or text[max(0, start - 3) : start].strip() in (
        "-", "–", "—", "/", ",",
    ):  # fmt: skip
        if _PREV_MONTH_LEFT.search(text, max(0, start - 40), start):
            return True
        if low in ("to", "and", "or", ""):
            return False
    if low == "of":
        return _MONTH_OF_LEFT.search(text, max(0, start - 12), start) is not None
    cues = _NAME_MONTH_CUES if name in _NAME_MONTHS else _MONTH_CUES
    return low in cues


_RE_WEEKDAY = re.compile(rf"(?P<wd>{_WEEKDAY})(?P<poss>['’]s)?\b(?:\s+(?:morning|afternoon|evening|night))?")


def _h_weekday(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """A weekday near the publication date: the latest one for past events, the next for future."""
    ref = cx.ref
    if ref is None or ref.precision != "day" or not cx.word_start(m.start()):
        return None
    start, rel = _rel_left(cx, m.start())
    start, _ = cx.mod_left(start)  # "late Tuesday": still that day
    wd = _WEEKDAYS[m["wd"].lower()]
    pub, pwd = ref.day, ref.day.weekday()
    direction = None
    if rel in ("last", "past", "this past", "previous", "the past", "the previous"):
        d, direction = pub - timedelta(days=(pwd - wd - 1) % 7 + 1), "past"
    elif rel in ("next", "coming", "this coming", "upcoming", "this upcoming", "the coming", "the next"):
        d, direction = pub + timedelta(days=(wd - pwd - 1) % 7 + 1), "future"
    elif rel == "this":
        d = _monday(pub) + timedelta(days=wd)
    elif cx.tense_at(m.start(), m.end()) == "future":
        d = pub + timedelta(days=(wd - pwd) % 7)
    else:
        # News reports past events by default: "said Tuesday" is the latest Tuesday.
        d = pub - timedelta(days=(pwd - wd) % 7)
    end = m.end("wd") if m["poss"] else m.end()
    return _single(start, end, _p_day(d), relative=True, direction=direction)


_DEICTIC_WORDS = _words(
    r"the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    r"last\s+night",
    r"this\s+(?:morning|afternoon|evening)",
)
_RE_DEICTIC = re.compile(rf"(?P<w>{_DEICTIC_WORDS})\b(?P<poss>['’]s)?(?:\s+(?:morning|afternoon|evening|night))?")
_DEICTIC_SHIFT = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "night": -1}


def _h_deictic(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    ref = cx.ref
    if ref is None or ref.precision != "day" or not cx.word_start(m.start()):
        return None
    w = m["w"].lower()
    if m["w"][0] == "T" and cx.name_before(m.start()):
        return None  # "USA Today"
    if w.startswith("the day"):
        shift = -2 if w.endswith("yesterday") else 2
    elif w.startswith("this"):
        shift = 0
    else:
        shift = _DEICTIC_SHIFT[w.split()[-1]]
    direction = "past" if shift < 0 else "future" if shift > 0 else None
    end = m.end("w") if m["poss"] else m.end()
    return _single(m.start(), end, _p_day(ref.day + timedelta(days=shift)), relative=True, direction=direction)


_CAL_UNITS = r"week|weekend|month|quarter|year|decade|century|(?:fiscal|financial)\s+year"
_RE_REL_UNIT = re.compile(
    rf"(?P<rel>{_words('this', 'last', 'next', 'current', 'present', 'previous', 'past', 'coming')})\s+"
    rf"(?P<unit>{_CAL_UNITS})\b"
    r"(?![-–]\w)(?!\s+of\b)(?!\s+(?:or|and)\s+(?:so|two|more))"
)


def _h_rel_unit(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Calendar units around publication: "this week", "last month", "the current year".

    "the past week" and "the coming year" are spans ending or starting at publication.
    """
    ref = cx.ref
    if ref is None or not cx.word_start(m.start()):
        return None
    start = _the_left(cx, m.start())
    rel = m["rel"].lower()
    if start < m.start() or rel == "past":
        rel = f"the {rel}"
    unit = m["unit"].split()[-1]
    if unit == "weekend":
        return _weekend(start, m.end(), cx, rel)
    start, mod = cx.mod_left(start)
    if rel == "the next" and cx.tense_at(m.start(), m.end()) == "past":
        return None  # "the next year, he ..." follows the story, not the publication date
    if rel in ("the past", "the last", "the coming", "the next"):
        if unit in ("quarter",) or mod:
            offset = -1 if rel in ("the past", "the last") else 1
        else:
            return _rolling(start, m.end(), cx, unit, 1, rel in ("the past", "the last"))
    else:
        offset = {"last": -1, "previous": -1, "the previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    need = {"week": "day", "month": "month", "quarter": "month"}.get(unit, "year")
    if not ref.at_least(need):
        return None
    p = _p_unit(unit, _shift_date(ref.day, unit, offset))
    p, d2 = _narrow(p, mod, ref)
    direction = "past" if offset < 0 else "future" if offset > 0 else d2
    hit = _single(start, m.end(), p, relative=True, direction=direction)
    if "previous" in rel:
        # "the previous year" follows the last date in the text when there is one.
        hit.anchored = lambda a: _narrow(_p_unit(unit, _shift_date(a.start, unit, -1)), mod, None)[0]
        hit.anchor_max = unit
    return hit


def _weekend(start: int, end: int, cx: _Ctx, rel: str) -> _Hit | None:
    """Weekends: "this weekend" (of the publication week), "last weekend", "the coming weekend"."""
    ref = cx.ref
    if ref is None or ref.precision != "day":
        return None
    sat = _monday(ref.day) + timedelta(days=5)
    if rel in ("last", "previous", "the previous", "the past", "the last"):
        sat, direction = sat - timedelta(weeks=1), "past"
    elif rel == "next" or (rel in ("coming", "the coming", "the next") and ref.day > sat):
        sat, direction = sat + timedelta(weeks=1), "future"
    else:
        direction = "future" if rel != "this" else None
    return _single(start, end, _p_days(sat, sat + timedelta(days=1)), relative=True, direction=direction)


_RE_THE_WEEKEND = re.compile(rf"(?:{_words('over', 'at', 'on', 'during')})\s+(?P<w>the\s+weekend)\b(?!\s+of\b)")


def _h_the_weekend(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Bare "over the weekend": the latest weekend for past events, else the coming one."""
    ref = cx.ref
    if ref is None or ref.precision != "day" or not cx.word_start(m.start()):
        return None
    sat = _monday(ref.day) + timedelta(days=5)
    future = cx.tense_at(m.start("w"), m.end("w")) == "future"
    if not future and ref.day < sat:
        sat -= timedelta(weeks=1)
    return _single(m.start("w"), m.end(), _p_days(sat, sat + timedelta(days=1)), relative=True)


_RE_SPAN = re.compile(
    rf"(?P<dir>{_words('past', 'last', 'previous', 'coming', 'next', 'recent', 'upcoming')})\s+"
    rf"(?:(?P<n>{_NUM}|{_VAGUE_NUM})\s+)?(?P<unit>days|weeks|months|years|decades|centuries)\b(?!\s+of\b)"
)
_RE_AHEAD = re.compile(r"(?P<unit>days|weeks|months|years|decades)\s+(?:ahead|to\s+come)\b")


def _h_span(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Spans ending or starting at publication: "the coming months", "the past two years"."""
    if not cx.word_start(m.start()):
        return None
    start = _the_left(cx, m.start())
    n = _number(m["n"]) if m["n"] else 3  # a plural with no number: a few
    if n is None:
        return None
    direction = m["dir"].lower()
    if start == m.start() and direction in ("past", "last", "next") and not m["n"]:
        return None  # "last years" is not English; "next months" rarely a span
    past = direction in ("past", "last", "previous", "recent")
    return _rolling(start, m.end(), cx, _unit(m["unit"]), n, past)


def _h_ahead(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """ "the months ahead", "the years to come"."""
    start = _the_left(cx, m.start())
    if start == m.start():
        return None
    return _rolling(start, m.end(), cx, _unit(m["unit"]), 3, past=False)


def _rolling(start: int, end: int, cx: _Ctx, unit: str, n: int, past: bool) -> _Hit | None:
    ref = cx.ref
    need = {"day": "day", "week": "day", "month": "month"}.get(unit, "year")
    if ref is None or not ref.at_least(need):
        return None
    if unit in ("decade", "century"):
        n, unit = n * (10 if unit == "decade" else 100), "year"
    if past:
        a, b = _shift_date(ref.day, unit, -n), ref.day
    else:
        a, b = ref.day, _shift_date(ref.day, unit, n)
    return _single(start, end, _p_span(a, b, unit), relative=True, direction="past" if past else "future")


_UNIT_WORD = r"(?:days?|weeks?|months?|years?|decades?)"
# "a month earlier than usual" compares; it does not date.
_RE_AGO = re.compile(rf"(?P<unit>{_UNIT_WORD})\s+(?P<dir>ago|from\s+now|hence|earlier|later)\b(?!\s+than\b)")
_RE_IN_UNITS = re.compile(rf"(?:in|In)\s+(?P<n>{_NUM})\s+(?P<unit>{_UNIT_WORD})(?P<time>['’]?s?\s+time)?\b")


def _h_ago(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Offsets: "two years ago", "three months from now", "in two weeks' time", "two years later".

    "later"/"earlier" count from the previous date in the text, the others from publication.
    """
    if m.re is _RE_IN_UNITS:
        if not cx.word_start(m.start()):
            return None
        # "in two years" is a future date only in a future sentence ("the first time in two years").
        if not m["time"] and cx.tense_at(m.start(), m.end()) != "future":
            return None
        n, sign, start = _number(m["n"]), 1, m.start("n")
    else:
        num = _NUM_LEFT.search(cx.text, max(0, m.start() - 20), m.start())
        if not num:
            return None
        n, start = _number(num["n"]), num.start()
        sign = -1 if m["dir"] in ("ago", "earlier") else 1
    unit = _unit(m["unit"])
    if n is None:
        return None
    if unit == "decade":
        n, unit = n * 10, "year"
    step = sign * n
    if m.re is _RE_AGO and m["dir"] in ("earlier", "later"):
        return _Hit(
            start,
            m.end(),
            [],
            anchored=lambda a: _p_unit(unit, _shift_date(a.start, unit, step)),
            anchor_max=unit,
        )
    ref = cx.ref
    if ref is None or not ref.at_least({"day": "day", "week": "day", "month": "month"}.get(unit, "year")):
        return None
    p = _p_unit(unit, _shift_date(ref.day, unit, step))
    return _single(start, m.end(), p, relative=True, direction="past" if sign < 0 else "future")


_RE_YEAR_RANGE = re.compile(
    rf"(?P<y1>{_YEAR})(?P<sep>\s*[-–—/]\s*|\s+(?:to|through|until|till|and)\s+)"
    rf"(?P<y2>{_YEAR}|\d\d)\b{_NOT_NUMBER}(?!\s*[-–—/]\s*\d)"
)


def _h_year_range(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Year ranges: "2010 to 2014", "2021–25", "between 2010 and 2014": one value spanning both years."""
    if not cx.word_start(m.start(), ".,$€£-"):
        return None
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    sep = m["sep"].strip()
    if not y1 < y2 <= y1 + 100:
        return None
    if len(m["y2"]) == 2 and (y2 > y1 + 10 or sep not in ("-", "–", "—", "/")):
        return None  # "2015-32" is no range; "in 2019 to 28 June" no year
    if sep == "and" and not _BETWEEN_LEFT.search(cx.text, max(0, m.start() - 10), m.start()):
        return None
    if sep == "/" and y2 != y1 + 1:
        return None  # a fiscal year "2019/20", not a ratio
    if _MONEY_LEFT.search(cx.text, max(0, m.start() - 5), m.start()) or _COUNT_AFTER.match(cx.text, m.end()):
        return None
    start, mod = cx.mod_left(m.start())
    p, _ = _narrow(_p_years(y1, y2), mod, cx.ref)
    return _single(start, m.end(), p)


_RE_YEAR = re.compile(rf"(?P<y>{_YEAR})(?P<poss>['’]s)?\b{_NOT_NUMBER}(?![-–]\d)(?!\s*%)")
_WORD_AFTER = re.compile(r"\s+([A-Za-z][\w-]*)")
_OF_AFTER = re.compile(r"\s+of\b", re.I)


def _h_year(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """A four-digit year where the words around it make it one ("in 2017", "the 2021 coup")."""
    text, s = cx.text, m.start()
    fiscal = text[max(0, s - 2) : s] in ("FY", "fy")  # "FY2020"
    if not (fiscal or cx.word_start(s, ".,$€£¥#:/+")) or (s >= 2 and text[s - 1] in "-–" and text[s - 2].isdigit()):
        return None
    if _MONEY_LEFT.search(text, max(0, s - 5), s) or _COUNT_AFTER.match(text, m.end()):
        return None
    start, mod = cx.mod_left(s)
    if not (m["poss"] or mod or _year_cue(cx, s, m.end())):
        return None
    p, direction = _narrow(_p_year(int(m["y"])), mod, cx.ref)
    return _single(start, m.end("y"), p, direction=direction)


def _year_cue(cx: _Ctx, start: int, end: int) -> bool:
    text = cx.text
    if text[max(0, start - 2) : start] in ("FY", "fy"):
        return True
    word, _ = cx.left_word(start)
    low = word.lower().rstrip(",")
    if _PREV_YEAR_LEFT.search(text, max(0, start - 30), start):
        return True  # coordinated with a year: "in 2009, 2010 and 2012"
    nxt = _WORD_AFTER.match(text, end)
    if low in _YEAR_STRONG:
        return True
    if low in _YEAR_WEAK:
        return nxt is None or not nxt[1][0].islower()
    if low in _DETERMINERS or low.endswith(("'s", "’s")) or _DET_NAME_LEFT.search(text, max(0, start - 30), start):
        return nxt is not None  # a modifier: "the 2021 coup", "China's 2019 budget"
    return False


_RE_DECADE = re.compile(r"1[89]\d0['’]?s\b|20\d0['’]?s\b|'\d0s\b|’\d0s\b")


def _h_decade(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Decades: "the 1950s", "the early 1990s", "the '80s"."""
    four = m[0][0].isdigit()
    if four:
        if not cx.word_start(m.start(), ".,$"):
            return None
        y = int(m[0][:4])
    else:
        yy = int(m[0][1:3])
        y = 1900 + yy if yy >= 30 else 2000 + yy
    start, mod = cx.mod_left(m.start())
    if start == m.start():
        start = _the_left(cx, start)
        if not four and start == m.start():
            return None  # "'80s" needs "the": quotes end in "'s" too
    p, _ = _narrow(_p_years(y, y + 9, "decade"), mod, cx.ref)
    return _single(start, m.end(), p)


_RE_CENTURY = re.compile(r"[Cc]entury\b")


def _h_century(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Centuries: "the 20th century", "the early nineteenth century"."""
    left = _CENTURY_LEFT.search(cx.text, max(0, m.start() - 30), m.start())
    if not left:
        return None
    raw = left["n"].lower()
    n = int(raw[:-2]) if raw[0].isdigit() else _ORDINALS.get(raw)
    if not n or n > 22:
        return None
    start, mod = cx.mod_left(left.start())
    p, _ = _narrow(_p_years(max(1, (n - 1) * 100), (n - 1) * 100 + 99, "century"), mod, cx.ref)
    return _single(start, m.end(), p)


_YEAR_PHRASE = (
    rf"(?:(?:the\s+)?(?:fiscal\s+|financial\s+)?(?:year\s+)?(?P<y>{_YEAR})\b"
    r"|(?P<rel>this|last|next|the\s+current|current|the\s+previous|previous|the\s+past|the\s+coming)"
    r"\s+(?:fiscal\s+|financial\s+)?year"
    r"|(?P<the_year>the\s+year))"
)
_RE_QUARTER = re.compile(
    rf"(?P<ord>{_words('first', 'second', 'third', 'fourth', 'final', 'last')}|1st|2nd|3rd|4th)\s+"
    r"(?P<unit>quarter|half)\b"
    rf"(?:\s+(?:of|in)\s+{_YEAR_PHRASE}|,?\s+(?P<y2>{_YEAR})\b)?"
)
_RE_QUARTER_CODE = re.compile(
    rf"(?P<q>Q[1-4]|H[12]|1Q|2Q|3Q|4Q|1H|2H)(?:\s*(?:of\s+)?(?P<y3>{_YEAR})\b|\s*['’]?(?P<yy>\d\d))?\b{_NOT_NUMBER}"
)
_RE_YEAR_QUARTER = re.compile(rf"(?P<y4>{_YEAR})[-\s]?(?P<q2>Q[1-4]|H[12])\b")


def _h_quarter(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Quarters and halves: "the first quarter of 2019", "Q3 2017", "the first half of this year"."""
    if not cx.word_start(m.start()):
        return None
    ref = cx.ref
    start = m.start()
    if m.re is not _RE_QUARTER:
        code = m["q2"] if m.re is _RE_YEAR_QUARTER else m["q"]
        unit = "quarter" if "Q" in code else "half"
        k = int(code.strip("QH"))
        if m.re is _RE_YEAR_QUARTER:
            year: str | None = m["y4"]
        else:
            year = m["y3"] or (str(2000 + int(m["yy"])) if m["yy"] else None)
        rel = None
        if not year and unit == "half":
            return None  # "H1" alone is too often something else (visas, flu strains)
    else:
        left = _QUARTER_LEFT.search(cx.text, max(0, start - 20), start)
        if left:
            start = left.start()
        unit = m["unit"]
        ordinal = m["ord"].lower()
        k = _ORDINALS.get(ordinal) or int(ordinal[0])
        if unit == "half" and k > 2:
            k = 2 if ordinal in ("final", "last") else 0
        if not k:
            return None
        year = m["y"] or m["y2"] or (left["py"] if left else None)
        rel = m["rel"] or (left["prel"] if left else None) or ("this" if m["the_year"] else None)
        if not (year or rel):
            if unit == "half" or _OF_AFTER.match(cx.text, m.end()):
                return None  # "the second half" of a match, "the first quarter of the century"
            if ordinal == "last":
                return None  # the last three months, or the fourth quarter: unclear
    if year:
        y = int(year)
        relative = False
    else:
        if ref is None:
            return None
        relative = True
        py = ref.day.year
        if rel:
            r = re.sub(r"\s+", " ", rel.lower())
            offsets = {
                "last": -1,
                "previous": -1,
                "the previous": -1,
                "the past": -1,
                "next": 1,
                "the coming": 1,
            }
            y = py + offsets.get(r, 0)
        elif not ref.at_least("month"):
            return None
        else:
            tense = cx.tense_at(m.start(), m.end())
            cur = (ref.day.month - 1) // (3 if unit == "quarter" else 6) + 1
            y = py - 1 if tense == "past" and k > cur else py + 1 if tense == "future" and k < cur else py
    p = _p_quarter(y, k) if unit == "quarter" else _p_half(y, k)
    return _single(start, m.end(), p, relative=relative)


_RE_SEASON = re.compile(
    rf"(?P<s>{_words('spring', 'summer', 'autumn', 'fall', 'winter')})(?P<poss>['’]s)?\b"
    rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})\b{_NOT_NUMBER})?"
)


def _h_season(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Seasons: "last summer", "the winter of 2019", "in the spring" (northern-hemisphere seasons)."""
    if not cx.word_start(m.start()):
        return None
    season = m["s"].lower()
    start, rel_words = _rel_left(cx, m.start())
    rel = rel_words.split()[-1] if rel_words else None
    start, mod = cx.mod_left(start)
    if m["y"]:
        p, _ = _narrow(_p_season(int(m["y"]), season), mod, cx.ref)
        return _single(_the_left(cx, start) if start == m.start() else start, m.end(), p)
    if m["s"][0].isupper() and rel is None:
        return None  # "the Arab Spring"
    if (
        rel is None
        and mod is None
        and (
            season == "fall"
            or _OF_AFTER.match(cx.text, m.end())
            or not _SEASON_LEFT.search(cx.text, max(0, m.start() - 20), m.start())
        )
    ):
        return None
    ref = cx.ref
    if ref is None or not ref.at_least("month"):
        return None
    pub = ref.day
    first = _SEASONS[season][0]
    # The occurrences around publication, named by the year of their last month.
    cands = [_p_season(y, season) for y in range(pub.year - 2, pub.year + 3)]
    current = next((c for c in cands if c.start <= pub <= c.end), None)
    before = [c for c in cands if c.end < pub]
    after = [c for c in cands if c.start > pub]
    direction = None
    if rel in ("last", "past", "previous"):
        p, direction = before[-1], "past"
    elif rel in ("next", "coming", "upcoming"):
        p, direction = after[0], "future"
    else:
        tense = cx.tense_at(m.start(), m.end())
        this_year = current or next(c for c in cands if c.start.year == pub.year and c.start.month == first)
        if current is None and tense == "past" and this_year.start > pub:
            this_year = before[-1]
        elif current is None and tense == "future" and this_year.end < pub:
            this_year = after[0]
        p = this_year
    p, _ = _narrow(p, mod, ref)
    end = m.end("s") if m["poss"] else m.end()
    return _single(start, end, p, relative=True, direction=direction)


_RE_THE_UNIT = re.compile(
    rf"(?P<mod>{_words('end', 'beginning', 'start', 'middle', 'close', 'rest')})\s+of\s+(?:the\s+)?"
    r"(?P<unit>week|month|year|decade)\b(?!\s+(?:of|before|after|in|when|that)\b)"
)


def _h_the_unit(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Parts of the current unit: "the end of the year", "the rest of the month".

    In a past-tense sentence a part still to come means the previous unit ("the flu peaked by the
    end of the year" in March), in a future one a part gone by the next.
    """
    ref = cx.ref
    unit = m["unit"]
    need = {"week": "day", "month": "month"}.get(unit, "year")
    if ref is None or not ref.at_least(need) or not cx.word_start(m.start()):
        return None
    start = _the_left(cx, m.start())
    p = _p_unit(unit, ref.day)
    mod = m["mod"].lower()
    if mod == "rest":
        if ref.precision != "day":
            return None
        return _single(start, m.end(), p._replace(start=ref.day), relative=True, direction="future")
    part, _ = _narrow(p, mod, ref)
    tense = cx.tense_at(m.start(), m.end())
    if tense == "past" and part.start > ref.day:
        part, _ = _narrow(_p_unit(unit, _shift_date(ref.day, unit, -1)), mod, ref)
    elif tense == "future" and part.end < ref.day:
        part, _ = _narrow(_p_unit(unit, _shift_date(ref.day, unit, 1)), mod, ref)
    return _single(start, m.end(), part, relative=True)


_RE_ANAPHOR = re.compile(
    rf"(?P<det>{_words('that', 'the')})\s+(?:(?P<rel>same|following|next|previous|preceding)\s+)?"
    r"(?P<unit>day|week|month|quarter|year)\b(?!-)(?!\s+of\b)"
)


def _h_anaphor(m: re.Match[str], cx: _Ctx) -> _Hit | None:
    """Anaphora: "that year", "the following day", "later that month", against the previous date."""
    if not cx.word_start(m.start()):
        return None
    unit = m["unit"]
    start, adv = m.start(), None
    if m["det"].lower() == "the" and m["rel"] is None:
        return None  # "the day", "the year": not an anaphor on its own
    if m["rel"] and m["rel"] != "same":
        step = 1 if m["rel"] in ("following", "next") else -1
        if m["rel"] == "next" and cx.tense_at(m.start(), m.end()) != "past":
            return None  # "the next year" in a present or future sentence is a span from now
    else:
        step = 0
        left = _ADV_LEFT.search(cx.text, max(0, start - 10), start)
        if left:
            start, adv = left.start(), left["adv"].lower()

    def resolve(a: _Period) -> _Period | None:
        p = _p_unit(unit, _shift_date(a.end if step > 0 else a.start, unit, step))
        if adv:
            p = _narrow(p, adv, None)[0]
        return p

    return _Hit(start, m.end(), [], anchored=resolve, anchor_max=unit)


# Order matters only to break ties between equally long matches: earlier rules win.
# Each rule runs only when one of its needles (lower case) occurs in the text: on a sentence,
# most rules are skipped without a regex scan.
_DIGITS = ("0",)  # stands for any digit: see _present_needles
_MONTH_NEEDLES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_QUARTER_CODES = ("q1", "q2", "q3", "q4", "h1", "h2", "1q", "2q", "3q", "4q", "1h", "2h")
_UNIT_NEEDLES = ("day", "week", "month", "quarter", "year", "decade", "centur")
_RULES: tuple[tuple[tuple[str, ...], re.Pattern[str], Callable[[re.Match[str], _Ctx], _Hit | None]], ...] = (
    (_DIGITS, _RE_ISO, _h_iso),
    (_DIGITS, _RE_NUMERIC, _h_numeric),
    (_MONTH_NEEDLES, _RE_MDY, _h_month_day),
    (_MONTH_NEEDLES, _RE_DMY, _h_month_day),
    (_MONTH_NEEDLES, _RE_MONTH_YEAR, _h_month_year),
    (("quarter", "half"), _RE_QUARTER, _h_quarter),
    (_QUARTER_CODES, _RE_QUARTER_CODE, _h_quarter),
    (_QUARTER_CODES, _RE_YEAR_QUARTER, _h_quarter),
    (_DIGITS, _RE_YEAR_RANGE, _h_year_range),
    (("0s", "0's", "0’s"), _RE_DECADE, _h_decade),
    (("century",), _RE_CENTURY, _h_century),
    (("spring", "summer", "autumn", "fall", "winter"), _RE_SEASON, _h_season),
    (("end of", "beginning of", "start of", "middle of", "close of", "rest of"), _RE_THE_UNIT, _h_the_unit),
    (_UNIT_NEEDLES, _RE_REL_UNIT, _h_rel_unit),
    (("weekend",), _RE_THE_WEEKEND, _h_the_weekend),
    (_UNIT_NEEDLES, _RE_SPAN, _h_span),
    (("ahead", "to come"), _RE_AHEAD, _h_ahead),
    (("ago", "from now", "hence", "earlier", "later"), _RE_AGO, _h_ago),
    (_UNIT_NEEDLES, _RE_IN_UNITS, _h_ago),
    (("day", "morrow", "night", "morning", "evening"), _RE_DEICTIC, _h_deictic),
    (("day",), _RE_WEEKDAY, _h_weekday),
    (_MONTH_NEEDLES, _RE_MONTH, _h_month),
    (_DIGITS, _RE_YEAR, _h_year),
    (_UNIT_NEEDLES, _RE_ANAPHOR, _h_anaphor),
)


# ---------------------------------------------------------------------------------------------
# Combining hits
# ---------------------------------------------------------------------------------------------

_GAP_LIST = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|&|to|through|until|till|[-–—/])\s*$", re.I)
_GAP_RANGE = re.compile(r"\s*(?:[-–—]|to|through|until|till|and)\s*$", re.I)


def _select(hits: list[tuple[int, _Hit]]) -> list[_Hit]:
    """Non-overlapping hits, longest first; ties go to the earlier rule."""
    hits.sort(key=lambda rh: (-(rh[1].end - rh[1].start), rh[0], rh[1].start))
    taken: list[_Hit] = []
    for _, h in hits:
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
    taken.sort(key=lambda h: h.start)
    return taken


def _propagate_years(text: str, hits: list[_Hit]) -> None:
    """Give a month or day written without a year the year of the one just after it.

    "November 14 and December 2, 2018", "between March and May 2019", "December 28 to January 3,
    2019" (the first date steps back a year); "from March to May" (both in one year, whatever
    the publication date suggests for each alone).
    """
    for i in range(len(hits) - 2, -1, -1):
        a, b = hits[i], hits[i + 1]
        if a.reyear is None or b.unresolved or not b.periods or not a.periods:
            continue
        if not _GAP_LIST.match(text[a.end : b.start]) or b.start - a.end > 12:
            continue
        b_first = b.periods[0][2]
        if b_first.precision not in ("day", "month"):
            continue
        year = b_first.start.year
        if a.month is not None and a.month > b_first.start.month:
            year -= 1
        periods = a.reyear(year)
        if periods is None:
            continue
        a.periods = [(s, e, p) for (s, e, _), p in zip(a.periods, periods, strict=True)]
        a.relative = b.relative
        a.reyear, a.unresolved = None, False


def _resolve_anaphora(hits: list[_Hit]) -> list[_Hit]:
    """Resolve "that year", "the following day" against the previous single date.

    Anaphora without a usable anchor are dropped, or keep the publication-relative reading they
    were given ("the previous year").
    """
    out: list[_Hit] = []
    anchor: tuple[_Period, bool] | None = None
    for h in hits:
        usable = anchor is not None and _RANK[anchor[0].precision] <= _RANK[h.anchor_max]
        if h.anchored is not None and usable and anchor is not None:
            p = h.anchored(anchor[0])
            if p is not None:
                h.periods, h.relative = [(h.start, h.end, p)], anchor[1]
        if not h.periods:
            continue
        out.append(h)
        last = h.periods[-1][2]
        if "/" not in last.value:
            anchor = (last, h.relative)
    return out


def _merge_ranges(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Join "from X to Y", "X–Y" and "between X and Y" into one interval at their precision."""
    out: list[_Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev is not None and len(prev.periods) == 1 and len(h.periods) == 1:
            gap = text[prev.end : h.start]
            a, b = prev.periods[0][2], h.periods[0][2]
            m = _GAP_RANGE.match(gap) if len(gap) <= 10 else None
            if (
                m
                and a.precision == b.precision
                and a.start <= b.start
                and "/" not in a.value
                and "/" not in b.value
                and (gap.strip().lower() != "and" or _BETWEEN_LEFT.search(text, max(0, prev.start - 10), prev.start))
            ):
                p = _Period(f"{a.value}/{b.value}", a.precision, a.start, b.end)
                direction = prev.direction if prev.direction == h.direction else None
                out[-1] = _Hit(prev.start, h.end, [(prev.start, h.end, p)], prev.relative or h.relative, direction)
                continue
        out.append(h)
    return out


_ALL_NEEDLES = tuple(sorted({n for needles, _, _ in _RULES for n in needles} - set(_DIGITS)))
_ANY_DIGIT = re.compile(r"\d")


def _present_needles(text: str) -> set[str]:
    low = text.lower()
    present = {n for n in _ALL_NEEDLES if n in low}
    if _ANY_DIGIT.search(text):
        present.add(_DIGITS[0])
    return present


def _iter_hits(text: str, cx: _Ctx, present: set[str]) -> Iterator[tuple[int, _Hit]]:
    for rank, (needles, rx, handler) in enumerate(_RULES):
        if present.isdisjoint(needles):
            continue
        for m in rx.finditer(text):
            hit = handler(m, cx)
            if hit is not None:
                yield rank, hit


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def find_dates(text: str, published: str | None = None, *, tense: str | None = None) -> list[DateValue]:
    """All temporal expressions in ``text``, resolved, in text order.

    ``published`` ('YYYY-MM-DD', 'YYYY-MM' or 'YYYY') anchors relative expressions ("last week",
    "on Tuesday", "in June"); those that need it and lack it are left out. ``tense`` ("past" or
    "future"), from the verb the caller attaches the date to, decides which Tuesday or which June
    is meant; without it the nearest verb cue in the sentence is used.
    """
    present = _present_needles(text) if text else set()
    if not present:
        return []
    cx = _Ctx(text, _parse_ref(published), tense if tense in ("past", "future") else None)
    hits = _select(list(_iter_hits(text, cx, present)))
    _propagate_years(text, hits)
    hits = _merge_ranges(text, _resolve_anaphora([h for h in hits if not h.unresolved]))
    out: list[DateValue] = []
    for h in hits:
        for s, e, p in h.periods:
            out.append(
                DateValue(
                    value=p.value,
                    precision=p.precision,
                    start=p.start.isoformat(),
                    end=p.end.isoformat(),
                    text=text[s:e],
                    char_start=s,
                    char_end=e,
                    relative=h.relative,
                    direction=h.direction,
                )
            )
    return out


def parse_date(text: str, published: str | None = None, tense: str | None = None) -> DateValue | None:
    """The first temporal expression in ``text``, resolved as by :func:`find_dates`, or None."""
    found = find_dates(text, published, tense=tense)
    return found[0] if found else None


def interval(value: str) -> tuple[date, date]:
    """First and last day of a value: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', or an interval 'A/B' of those.

    >>> interval("2018-02")
    (datetime.date(2018, 2, 1), datetime.date(2018, 2, 28))
    """
    if "/" in value:
        a, b = value.split("/", 1)
        return interval(a)[0], interval(b)[1]
    parts = value.strip().split("-")
    try:
        if len(parts) == 1:
            y = int(parts[0])
            return date(y, 1, 1), date(y, 12, 31)
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return date(y, m, 1), _month_end(y, m)
        d = date(int(parts[0]), int(parts[1]), int(parts[2]))
        return d, d
    except (ValueError, IndexError) as exc:
        raise ValueError(f"not an ISO date value: {value!r}") from exc
