"""Tests for detente.nlp.timex: finding and resolving English temporal expressions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from detente.nlp.timex import find_dates, interval, parse_date

PUB = "2018-11-14"  # a Wednesday
FRIDAY = "2018-11-16"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def one(text: str, published: str | None = PUB, tense: str | None = None):
    found = find_dates(text, published, tense=tense)
    assert len(found) == 1, [(d.text, d.value) for d in found]
    return found[0]


def values(text: str, published: str | None = PUB, tense: str | None = None) -> list[str]:
    return [d.value for d in find_dates(text, published, tense=tense)]


# -- explicit dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("Putin and Lee met on November 14, 2018 in Singapore.", "2018-11-14", "November 14, 2018"),
        ("The summit opened on 14 November 2018.", "2018-11-14", "14 November 2018"),
        ("Talks resumed Nov 18 2018 after a pause.", "2018-11-18", "Nov 18 2018"),
        ("The memorandum is dated 2013-11-15.", "2013-11-15", "2013-11-15"),
        ("The deal was signed on October 5, 2018.", "2018-10-05", "October 5, 2018"),
        ("It was sold on Dec. 31 , 1994.", "1994-12-31", "Dec. 31 , 1994"),
        ("The treaty of 4th Jan 2019 took effect.", "2019-01-04", "4th Jan 2019"),
        ("They met on the 9th of May 2017.", "2017-05-09", "the 9th of May 2017"),
        ("Signed on 31/12/2018 in Minsk.", "2018-12-31", "31/12/2018"),
        ("On Tuesday, November 13, 2018 the ministers met.", "2018-11-13", "Tuesday, November 13, 2018"),
    ],
)
def test_explicit_day(text: str, expected: str, span: str) -> None:
    d = one(text, None)
    assert (d.value, d.precision, d.start, d.end, d.text) == (expected, "day", expected, expected, span)
    assert text[d.char_start : d.char_end] == span
    assert d.relative is False


def test_ambiguous_numeric_date_is_left_out() -> None:
    assert find_dates("Signed on 03/04/2018.", None) == []


def test_two_days_of_one_month() -> None:
    found = find_dates("Putin visited Singapore on November 14 and 15.", PUB, tense="past")
    assert [(d.value, d.text) for d in found] == [("2018-11-14", "November 14"), ("2018-11-15", "15")]
    assert all(d.precision == "day" and d.relative for d in found)


def test_day_list_takes_the_year_written_after_it() -> None:
    found = find_dates("Talks were held on November 14 and December 2, 2018.", None)
    assert [d.value for d in found] == ["2018-11-14", "2018-12-02"]


def test_day_without_year_uses_publication_year() -> None:
    d = one("Putin arrived on November 15th.", "2018-11-20")
    assert (d.value, d.text, d.relative) == ("2018-11-15", "November 15th", True)


def test_day_without_year_or_publication_is_left_out() -> None:
    assert find_dates("Putin arrived on November 15th.", None) == []


def test_day_range() -> None:
    d = one("The forum ran November 14-15, 2018.", None)
    assert (d.value, d.precision, d.start, d.end) == ("2018-11-14/2018-11-15", "day", "2018-11-14", "2018-11-15")
    d = one("It will be held between 3 and 12 September 2019.", None)
    assert (d.start, d.end) == ("2019-09-03", "2019-09-12")


def test_range_across_new_year() -> None:
    d = one("Talks ran from December 28 to January 3, 2019.", None)
    assert (d.start, d.end) == ("2018-12-28", "2019-01-03")


def test_weekday_written_with_date_picks_the_year() -> None:
    # January 15 fell on a Tuesday in 2019, not in 2020.
    assert one("Will you be free Tuesday, Jan 15?", "2019-02-27").value == "2019-01-15"


# -- months and years ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("The raid took place in May 2015.", "2015-05", "May 2015"),
        ("Elections were held in December 2021.", "2021-12", "December 2021"),
        ("The accord dates from Dec, 2018.", "2018-12", "Dec, 2018"),
    ],
)
def test_month_and_year(text: str, value: str, span: str) -> None:
    d = one(text, None)
    assert (d.value, d.precision, d.text) == (value, "month", span)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Trade grew in 2021.", "2021"),
        ("The treaty was signed in 1996.", "1996"),
        ("Ties have improved since 2010.", "2010"),
        ("The plant should open by 2020.", "2020"),
        ("2017's growth was strong, analysts said.", "2017"),
        ("The 2021 coup ended the transition.", "2021"),
        ("China's 2019 defence budget rose.", "2019"),
        ("Sales in fiscal 2019 fell.", "2019"),
        ("The FY2020 budget was passed.", "2020"),
        ("He was born in the year 2000.", "2000"),
    ],
)
def test_year_in_context(text: str, value: str) -> None:
    d = one(text, None)
    assert (d.value, d.precision, d.start, d.end) == (value, "year", f"{value}-01-01", f"{value}-12-31")


def test_coordinated_years() -> None:
    assert values("Floods hit in 2009, 2010 and 2012.", None) == ["2009", "2010", "2012"]


@pytest.mark.parametrize(
    ("text", "value", "start", "end"),
    [
        ("The 2021–25 plan sets targets.", "2021/2025", "2021-01-01", "2025-12-31"),
        ("Exports rose from 2010 to 2014.", "2010/2014", "2010-01-01", "2014-12-31"),
        ("Exports rose 2010 to 2014.", "2010/2014", "2010-01-01", "2014-12-31"),
        ("Output doubled between 2007 and 2009.", "2007/2009", "2007-01-01", "2009-12-31"),
        ("The 2019/20 budget was cut.", "2019/2020", "2019-01-01", "2020-12-31"),
    ],
)
def test_year_range(text: str, value: str, start: str, end: str) -> None:
    d = one(text, None)
    assert (d.value, d.precision, d.start, d.end) == (value, "year", start, end)
    assert d.text.startswith(value[:4])


def test_early_year_is_year_with_first_months() -> None:
    d = one("The talks resume in early 2022.", None)
    assert (d.value, d.precision, d.text, d.start, d.end) == ("2022", "year", "early 2022", "2022-01-01", "2022-04-30")


def test_mid_year() -> None:
    d = one("A deal is expected by mid-2019.", None)
    assert (d.value, d.start, d.end) == ("2019", "2019-05-01", "2019-08-31")


def test_end_of_year() -> None:
    d = one("Troops will leave by the end of 2018.", None)
    assert (d.value, d.precision, d.text) == ("2018", "year", "the end of 2018")
    assert d.end == "2018-12-31"


def test_end_of_month() -> None:
    d = one("The report is due by the end of November.", PUB)
    assert (d.value, d.precision, d.text) == ("2018-11", "month", "the end of November")
    assert (d.start, d.end) == ("2018-11-21", "2018-11-30")


def test_end_of_the_year_in_past_sentence_is_last_year() -> None:
    # In March, a past event "by the end of the year" belongs to the previous year.
    d = one("The flu season peaked by the end of the year.", "2013-03-22")
    assert d.value == "2012"
    d = one("The bridge will be finished by the end of the year.", "2013-03-22")
    assert d.value == "2013"


@pytest.mark.parametrize(
    ("text", "value", "start", "end"),
    [
        ("Growth slowed in the first quarter of 2019.", "2019-01/2019-03", "2019-01-01", "2019-03-31"),
        ("Q3 2017 profits beat forecasts.", "2017-07/2017-09", "2017-07-01", "2017-09-30"),
        ("Sales rose in 2019 Q2.", "2019-04/2019-06", "2019-04-01", "2019-06-30"),
        ("Output fell in the fourth quarter of last year.", "2017-10/2017-12", "2017-10-01", "2017-12-31"),
    ],
)
def test_quarter(text: str, value: str, start: str, end: str) -> None:
    d = one(text, PUB)
    assert (d.value, d.precision, d.start, d.end) == (value, "quarter", start, end)


def test_half_of_current_year() -> None:
    d = one("Trade grew 5% in the first half of the current year.", PUB)
    assert (d.precision, d.start, d.end, d.text) == (
        "half",
        "2018-01-01",
        "2018-06-30",
        "the first half of the current year",
    )
    assert d.relative


def test_bare_half_is_left_out() -> None:
    assert find_dates("He scored in the second half.", PUB) == []


@pytest.mark.parametrize(
    ("text", "value", "start", "end"),
    [
        ("Ties were close in the 1950s.", "1950/1959", "1950-01-01", "1959-12-31"),
        ("Ties were close in the early 1950s.", "1950/1959", "1950-01-01", "1952-12-31"),
        ("It was popular in the '90s.", "1990/1999", "1990-01-01", "1999-12-31"),
    ],
)
def test_decade(text: str, value: str, start: str, end: str) -> None:
    d = one(text, None)
    assert (d.value, d.precision, d.start, d.end) == (value, "decade", start, end)
    assert d.text.startswith("the ")


def test_century() -> None:
    d = one("One of the great explorations of the 20th Century.", None)
    assert (d.value, d.precision, d.text) == ("1900/1999", "century", "the 20th Century")


# -- months without a year -----------------------------------------------------------------------


def test_bare_month_follows_tense() -> None:
    # Published in November 2018: a past June is June 2018, a future March is March 2019.
    assert one("Elections took place in June.", PUB, "past").value == "2018-06"
    assert one("Elections will take place in March.", PUB, "future").value == "2019-03"
    # Past tense, a month after publication: the previous year.
    assert one("He resigned in December.", PUB, "past").value == "2017-12"
    # Future tense, a month before publication: the next year.
    assert one("He will resign in October.", PUB, "future").value == "2019-10"
    # The verb in the sentence stands in for the caller's tense.
    assert one("The summit will be held in March.", PUB).value == "2019-03"


def test_bare_month_is_relative_and_needs_publication() -> None:
    d = one("Elections took place in June.", PUB)
    assert (d.relative, d.precision, d.start, d.end) == (True, "month", "2018-06-01", "2018-06-30")
    assert find_dates("Elections took place in June.", None) == []


def test_possessive_month() -> None:
    d = one("After June's Singapore summit, relations thawed.", PUB)
    assert (d.value, d.text) == ("2018-06", "June")


def test_last_and_next_month_name() -> None:
    assert one("Sarkozy lost his re-election bid last May.", "2013-03-21").value == "2012-05"
    assert one("It opens next March.", PUB).value == "2019-03"
    d = one("The man went missing late last July.", "2013-03-22")
    assert (d.value, d.text, d.start, d.end) == ("2012-07", "late last July", "2012-07-22", "2012-07-31")


def test_month_range_shares_one_year() -> None:
    d = one("Troops stayed from March to May.", PUB, "past")
    assert (d.value, d.start, d.end) == ("2018-03/2018-05", "2018-03-01", "2018-05-31")
    d = one("APEC meets in Korea Nov-Feb 2017.", None)
    assert (d.start, d.end) == ("2016-11-01", "2017-02-28")


# -- relative to publication ---------------------------------------------------------------------


def test_weekday_past_and_future() -> None:
    # Published on a Friday: a past Tuesday is that week's, a future Monday the next one.
    d = one("Putin met Xi on Tuesday.", FRIDAY, "past")
    assert (d.value, d.precision, d.relative, d.text) == ("2018-11-13", "day", True, "Tuesday")
    assert one("Putin will meet Xi on Monday.", FRIDAY, "future").value == "2018-11-19"
    assert one("Putin met Xi on Monday.", FRIDAY, "past").value == "2018-11-12"
    # Without a tense, the verb of the sentence decides; a report defaults to the past.
    assert one("Putin met Xi on Tuesday.", FRIDAY).value == "2018-11-13"
    assert one("Putin will meet Xi on Tuesday.", FRIDAY).value == "2018-11-20"
    assert one("Putin met Xi on Friday.", FRIDAY).value == "2018-11-16"


def test_weekday_with_last_next() -> None:
    assert one("They met last Tuesday.", FRIDAY).value == "2018-11-13"
    d = one("They meet next Monday.", FRIDAY)
    assert (d.value, d.direction) == ("2018-11-19", "future")
    assert one("Where were you this past Wednesday?", "2019-01-31").value == "2019-01-30"


def test_weekday_needs_a_day_precise_publication() -> None:
    assert find_dates("Putin met Xi on Tuesday.", "2018-11") == []
    assert find_dates("Putin met Xi on Tuesday.", None) == []


@pytest.mark.parametrize(
    ("text", "value", "precision", "start", "end", "direction"),
    [
        ("this week", "2018-11-12", "week", "2018-11-12", "2018-11-18", None),
        ("last week", "2018-11-05", "week", "2018-11-05", "2018-11-11", "past"),
        ("next week", "2018-11-19", "week", "2018-11-19", "2018-11-25", "future"),
        ("this month", "2018-11", "month", "2018-11-01", "2018-11-30", None),
        ("earlier this month", "2018-11", "month", "2018-11-01", "2018-11-13", "past"),
        ("later this month", "2018-11", "month", "2018-11-15", "2018-11-30", "future"),
        ("last month", "2018-10", "month", "2018-10-01", "2018-10-31", "past"),
        ("next month", "2018-12", "month", "2018-12-01", "2018-12-31", "future"),
        ("this year", "2018", "year", "2018-01-01", "2018-12-31", None),
        ("last year", "2017", "year", "2017-01-01", "2017-12-31", "past"),
        ("next year", "2019", "year", "2019-01-01", "2019-12-31", "future"),
        ("the current year", "2018", "year", "2018-01-01", "2018-12-31", None),
        ("early this year", "2018", "year", "2018-01-01", "2018-04-30", None),
        ("yesterday", "2018-11-13", "day", "2018-11-13", "2018-11-13", "past"),
        ("today", "2018-11-14", "day", "2018-11-14", "2018-11-14", None),
        ("tomorrow", "2018-11-15", "day", "2018-11-15", "2018-11-15", "future"),
        ("two years ago", "2016", "year", "2016-01-01", "2016-12-31", "past"),
        ("three months ago", "2018-08", "month", "2018-08-01", "2018-08-31", "past"),
        ("a decade ago", "2008", "year", "2008-01-01", "2008-12-31", "past"),
        ("last quarter", "2018-07/2018-09", "quarter", "2018-07-01", "2018-09-30", "past"),
        ("this weekend", "2018-11-17/2018-11-18", "day", "2018-11-17", "2018-11-18", None),
    ],
)
def test_relative_to_publication(
    text: str, value: str, precision: str, start: str, end: str, direction: str | None
) -> None:
    d = one(f"The talks, he said, happen {text}.", PUB)
    assert (d.value, d.precision, d.start, d.end, d.direction, d.text) == (
        value,
        precision,
        start,
        end,
        direction,
        text,
    )
    assert d.relative


def test_coming_months() -> None:
    d = one("Prices will rise in the coming months.", PUB)
    assert (d.precision, d.direction, d.text, d.start) == ("month", "future", "the coming months", PUB)
    assert d.end > PUB and d.value.startswith("2018-11/")


def test_past_years_span() -> None:
    d = one("He has spoken to both leaders over the past two years.", PUB)
    assert (d.value, d.precision, d.start, d.end, d.direction) == ("2016/2018", "year", "2016-11-14", PUB, "past")


def test_relative_needs_publication() -> None:
    for text in ("last week", "this month", "yesterday", "two years ago", "in the coming months"):
        assert find_dates(f"It happened {text}.", None) == []
    # A year-precise publication date still resolves year expressions, not weeks or days.
    assert values("Trade fell last year but rose this week.", "2018") == ["2017"]


def test_in_n_years_only_when_future() -> None:
    assert one("The plant will open in two years.", PUB).value == "2020"
    assert find_dates("It was the first such visit in two years.", PUB) == []


# -- anaphora and seasons ------------------------------------------------------------------------


def test_anaphora_follow_the_previous_date() -> None:
    found = find_dates("The war began in 2010. The following year it spread. Two years later it ended.", None)
    assert [d.value for d in found] == ["2010", "2011", "2013"]
    assert find_dates("The following year it spread.", PUB) == []  # no date to follow


def test_seasons() -> None:
    d = one("He faked his death last summer.", "2013-03-22")
    assert (d.value, d.precision, d.start, d.end) == ("2012-06/2012-08", "season", "2012-06-01", "2012-08-31")
    assert one("The offensive began in the winter of 2019.", None).start == "2018-12-01"
    assert find_dates("The Arab Spring changed the region.", PUB) == []


# -- false positives -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Oil prices may reach new highs.",
        "Thousands joined a protest march in the capital.",
        "Russia deployed 300,000 troops.",
        "The fund is worth $100 billion.",
        "A 2,000-mile pipeline was planned.",
        "The 10+3 format and the G20 met.",
        "China's population is 1.1 billion.",
        "Leaders attended the 4th Russia–ASEAN Summit.",
        "The session ended at 2:20 p.m.",
        "Theresa May said the Long March 5 rocket would fly.",
        "USA Today reported the story.",
        "The army has 2000 soldiers and 1500 tanks there.",
        "Flights leave at 1900 GMT.",
        "Prices rose 2015% in a decade.",
        "It rose a month earlier than usual.",
        "The H1 visa and the H1N1 virus.",
        "The Mar-a-Lago resort hosted talks.",
    ],
)
def test_not_a_date(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_time_does_not_become_a_date() -> None:
    found = find_dates("The plane landed at 2:20 p.m. on Tuesday.", FRIDAY)
    assert [(d.text, d.value) for d in found] == [("Tuesday", "2018-11-13")]


# -- API -----------------------------------------------------------------------------------------


def test_offsets_point_into_the_text() -> None:
    text = "Trade reached $87 billion in 2017, up from last year, and will grow next month."
    for d in find_dates(text, PUB):
        assert text[d.char_start : d.char_end] == d.text


def test_parse_date() -> None:
    d = parse_date("They met on November 14, 2018 and again next week.", PUB)
    assert d is not None and d.value == "2018-11-14"
    assert parse_date("No date here.", PUB) is None
    assert parse_date("They met on Tuesday.", FRIDAY, "past").value == "2018-11-13"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2018", date(2018, 1, 1), date(2018, 12, 31)),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
        ("2018-11-14", date(2018, 11, 14), date(2018, 11, 14)),
        ("2019-01/2019-03", date(2019, 1, 1), date(2019, 3, 31)),
        ("2010/2014", date(2010, 1, 1), date(2014, 12, 31)),
    ],
)
def test_interval(value: str, first: date, last: date) -> None:
    assert interval(value) == (first, last)


def test_interval_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        interval("soon")


def test_start_end_are_consistent() -> None:
    text = (
        "In 2017 and early 2018, last week, on Tuesday, in the first quarter of 2019, the 1990s, "
        "in the coming months, between 2010 and 2014, November 14 and 15, last summer."
    )
    found = find_dates(text, FRIDAY)
    assert len(found) >= 10
    for d in found:
        assert d.start <= d.end
        first, last = interval(d.value)
        if d.precision != "week":
            assert first <= date.fromisoformat(d.start) <= date.fromisoformat(d.end) <= last


# -- cases from Microsoft Recognizers-Text (DateTimeModel, English) ------------------------------

RECOGNIZERS = SHARED / "quantities" / "RecognizersText_DateTime_English_DateTimeModel.json"
# Inputs whose expected dates are in scope and resolved the way detente means them (their ranges
# end a day later, exclusive; only the first day is compared).
RECOGNIZERS_INPUTS = [
    "I'll go back 04th Jan 2019.",
    "I'll go back tomorrow",
    "I'll be out this September",
    "I'll be out January 12, 2016 - 01/22/2016",
    "Cortana, please book 2 hours next month",
    "Cortana, please check my work 2 hours last week",
    "We could have scheduled a time to meet earlier this year.",
    "The range is 2014-2018.",
    "The range is from 2014 till 2018.",
    "It happens in 15th  century",
    "Show sales in 2007 and 2009",
    "Show sales between 2007 and 2009",
    "Sales for current quarter",
    "Sales for last quarter",
    "Let's discuss the work for the next quarter.",
    "Eli Lilly sold IVAC on Dec. 31 , 1994",
    "I don't remember the date, it should be next Monday or next Tuesday.",
    "Do you have any arrangement on coming Thursday?",
    "I will leave from this May to Oct 2020",
    "APEC will happen in Korea Nov 18-Dec 19, 2015",
    "I'll go back as early as next year's first quarter.",
    "Can I do a booking for the 09th of May for 2 nights?",
]


@pytest.mark.skipif(not RECOGNIZERS.exists(), reason="shared data not available")
def test_recognizers_text_cases() -> None:
    cases = json.loads(RECOGNIZERS.read_text(encoding="utf-8-sig"))
    by_input = {c["Input"]: c for c in cases}
    for text in RECOGNIZERS_INPUTS:
        case = by_input[text]
        found = find_dates(text, case["Context"]["ReferenceDateTime"][:10])
        for result in case["Results"]:
            if result.get("TypeName") not in ("datetimeV2.date", "datetimeV2.daterange"):
                continue
            firsts = {v.get("value") or v.get("start") for v in result["Resolution"]["values"]}
            matched = [d for d in found if d.char_start <= result["End"] and result["Start"] < d.char_end]
            assert any(d.start in firsts for d in matched), (text, result["Text"], [(d.text, d.start) for d in found])
