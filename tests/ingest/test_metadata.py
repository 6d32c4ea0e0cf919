"""Date lines, bylines, outlet lines and titles stated in the text."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.ingest import document_from_text, normalise_date
from detente.ingest.metadata import names, outlet, parse_meta_line, title_from_line

BODY = "The two ministers met in Hanoi on Tuesday and signed an agreement on energy cooperation."


def doc_with(*lines: str):
    return document_from_text("\n".join(["A headline about the talks", *lines, BODY]), doc_id="d")


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Updated: 2013-11-15 01:13", "2013-11-15"),
        ("Published: November 2018", "2018-11"),
        ("Published on 18 November 2018", "2018-11-18"),
        ("Posted on Nov 18, 2018", "2018-11-18"),
        ("Date: 2018", "2018"),
        ("Thursday, 15 November 2018", "2018-11-15"),
        ("15 November 2018 10:21 GMT", "2018-11-15"),
        ("2018-11-15", "2018-11-15"),
    ],
)
def test_date_lines_become_published_and_leave_the_text(line: str, published: str) -> None:
    doc = doc_with(line)
    assert doc.published == published
    assert line not in doc.text
    assert BODY in doc.text


def test_published_by_outlet_and_date() -> None:
    doc = doc_with("Published by SouthFront, Nov 18 2018")
    assert (doc.published, doc.source) == ("2018-11-18", "SouthFront")
    assert "Published by" not in doc.text


def test_posted_on_date_by_author() -> None:
    doc = doc_with("Posted on November 15, 2018 by John Smith")
    assert (doc.published, doc.author, doc.source) == ("2018-11-15", "John Smith", None)


def test_byline_with_outlet() -> None:
    doc = doc_with("By Zhao Yanrong (China Daily)")
    assert (doc.author, doc.source) == ("Zhao Yanrong", "China Daily")
    assert "Zhao" not in doc.text


def test_byline_with_two_authors_and_place() -> None:
    assert doc_with("By Ann Lee and Bo Chan in Beijing").author == "Ann Lee, Bo Chan"


def test_combined_source_date_editor_line() -> None:
    doc = doc_with("Source: Xinhua | 2018-11-15 10:21:00 | Editor: huaxia")
    assert (doc.source, doc.published) == ("Xinhua", "2018-11-15")
    assert "Xinhua" not in doc.text


def test_publication_date_beats_update_date() -> None:
    doc = doc_with("Updated: 2018-11-20", "Published: 2018-11-18")
    assert doc.published == "2018-11-18"


def test_given_metadata_wins_over_text() -> None:
    text = "Headline\nPublished by SouthFront, Nov 18 2018\n" + BODY
    doc = document_from_text(text, doc_id="d", published="2019-01-02T10:00:00Z", source="Other Outlet")
    assert (doc.published, doc.source) == ("2019-01-02", "Other Outlet")


@pytest.mark.parametrize(
    "line",
    [
        "By contrast, the talks in Seoul ended without any agreement on the disputed islands.",
        "Updated: the talks resumed on 2018-11-15 after a pause.",
        "Published by the ministry, the report said trade grew.",
        "2000 GMT",  # a kick-off time, not a year of publication
        "Tuesday, 1 March",  # no year: the date would depend on the day ingest runs
    ],
)
def test_lines_that_only_look_like_metadata_stay(line: str) -> None:
    doc = doc_with(line)
    assert line in doc.text
    assert doc.published is None
    assert doc.author is None
    assert doc.source is None


def test_author_note_is_not_an_outlet() -> None:
    doc = doc_with("Andrew Hammond is an Associate at LSE IDEAS at the London School of Economics")
    assert doc.source is None
    assert doc.author is None  # a note alone is not enough; it needs a name line to confirm


def test_name_line_confirmed_by_author_note() -> None:
    note = "• Andrew Hammond is an Associate at LSE IDEAS"
    doc = document_from_text(
        "\n".join(["Headline", BODY, "Andrew Hammond", BODY + " More.", note]), doc_id="d"
    )
    assert doc.author == "Andrew Hammond"
    assert "\nAndrew Hammond\n" not in doc.text
    assert doc.text.endswith("• Andrew Hammond is an Associate at LSE IDEAS")


def test_bylines_only_trusted_near_the_edges() -> None:
    middle = [f"Paragraph {i} of the article about the talks in Hanoi." for i in range(15)]
    lines = [*middle[:12], "By Ann Lee", *middle[12:]]
    doc = document_from_text("\n".join(["Headline", *lines]), doc_id="d")
    assert doc.author is None
    assert "By Ann Lee" in doc.text


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        ("Nov 18 2018", "2018-11-18"),
        ("November 18th, 2018 10:00 GMT", "2018-11-18"),
        ("2018-11-15T08:00:00+08:00", "2018-11-15"),
        ("20181115", "2018-11-15"),
        ("Mon, 19 Nov 2018 10:00:00 GMT", "2018-11-19"),
        ("May 2018", "2018-05"),
        ("2018-05", "2018-05"),
        ("2018", "2018"),
        (2018, "2018"),
        (dt.date(2018, 11, 15), "2018-11-15"),
        (dt.datetime(2018, 11, 15, 23, 59), "2018-11-15"),
        ("yesterday", None),
        ("Nov 18", None),
        ("31 Feb 2018", None),
        ("not a date at all", None),
        (None, None),
        ("", None),
        (True, None),
    ],
)
def test_normalise_date(value: object, iso: str | None) -> None:
    assert normalise_date(value) == iso


def test_names_and_outlets_are_conservative() -> None:
    assert names("Zhao Yanrong") == "Zhao Yanrong"
    assert names("Jean-Luc de la Croix") == "Jean-Luc de la Croix"
    assert names("contrast, the talks failed") is None
    assert outlet("China Daily") == "China Daily"
    assert outlet("chinadaily.com.cn") == "chinadaily.com.cn"
    assert outlet("an Associate at LSE IDEAS at the London School of Economics") is None
    assert parse_meta_line("Andrew Hammond is an Associate at LSE IDEAS") is None


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Russia continues pivot to Asia-Pacific", "Russia continues pivot to Asia-Pacific"),
        ("[Analytics] Russia’s blossoming ties with ASEAN", "Russia’s blossoming ties with ASEAN"),
        ("Will the talks succeed?", "Will the talks succeed?"),
        ("Russia warns the U.S.", "Russia warns the U.S."),
        ("The ministers met on Tuesday and agreed to cut tariffs.", None),
        ("x" * 300, None),
    ],
)
def test_title_from_first_line(line: str, title: str | None) -> None:
    assert title_from_line(line) == title
