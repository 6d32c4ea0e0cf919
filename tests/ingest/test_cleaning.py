"""Cleaning rules: boilerplate lines, captions, footers, repeats, whitespace; rules as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.ingest import CleaningRules, content_hash, default_rules, document_from_text

PARAGRAPHS = [
    "Officials from both countries met in the capital on Monday to discuss new trade routes.",
    "The talks covered energy, transport and the timetable for a free trade agreement.",
    "A joint statement is expected at the end of the visit, diplomats said on Tuesday.",
    "Both sides described the atmosphere of the meeting as constructive and friendly.",
]


def article(*extra: str, at: int = 2) -> str:
    lines = ["Ministers discuss trade routes", *PARAGRAPHS]
    lines[at:at] = extra
    return "\n\n".join(lines)


@pytest.mark.parametrize(
    "line",
    [
        "\xa0Print Mail Large Medium\xa0 Small 分享按钮 0",
        "Share it",
        "Share | Tweet | Email",
        "Recent Posts",
        "Related Articles",
        "Contact Us",
        "Translate »",
        "Start typing and press Enter to search",
        "We're not around right now. But you can send us an email and we'll get back to you, asap.",
        "Disclaimer: Views expressed by writers in this section are their own and do not reflect ours",
        "The views expressed in this article are the author's own and do not necessarily reflect ours.",
        "Editor's note: The author is a research fellow. The article reflects the author's opinion.",
        "EDITOR’S NOTE: We remind our readers that publication of articles does not mean agreement.",
        "(If you want to contribute and have specific expertise, please contact us at opinions@example.com)",
        "Copyright © 2018 Example Herald. All rights reserved.",
        "Advertisement",
        "Follow us on Twitter @example",
        "Also read: Ministers to meet again in May",
        "REUTER",
    ],
)
def test_boilerplate_line_is_removed(line: str) -> None:
    doc = document_from_text(article(line), doc_id="d")
    assert doc.text == "\n".join(["Ministers discuss trade routes", *PARAGRAPHS])


@pytest.mark.parametrize(
    "line",
    [
        "Shipping containers sit on the dockside at the port of Vladivostok, September 9, 2018. /VCG Photo",
        "(Cover Photo: Leaders wave for a group photo in Singapore on November 14, 2018. /VCG Photo)",
        "Photo: The foreign minister arrives at the airport on Monday.",
        "The ministers shake hands before their talks in Hanoi. (Photo: Xinhua)",
        "The ministers shake hands before their talks in Hanoi. [Photo/Xinhua]",
        "The ministers shake hands before their talks in Hanoi. (Xinhua/Li Xin)",
        "A ship passes the port of Singapore on November 13, 2018. REUTERS/Edgar Su",
        "Protesters gather outside the embassy in Seoul. (AP Photo/Ahn Young-joon)",
        "The president speaks at a news conference in Moscow. Getty Images",
        "A cartoon of the summit. Sketched by the Pan Pacific Agency.",
    ],
)
def test_caption_is_kept_and_marked(line: str) -> None:
    doc = document_from_text(article(line), doc_id="d")
    assert [doc.text[s:e] for s, e in doc.captions] == [line]


def test_caption_ranges_point_at_their_lines() -> None:
    first = "Leaders pose for a photo. /VCG Photo"
    second = "Ministers meet the press. (Photo: Xinhua)"
    doc = document_from_text(article(first, second, at=3), doc_id="d")
    assert [doc.text[s:e] for s, e in doc.captions] == [first, second]
    for start, end in doc.captions:
        assert start == 0 or doc.text[start - 1] == "\n"
        assert end == len(doc.text) or doc.text[end] == "\n"


def test_ordinary_sentences_are_not_captions() -> None:
    doc = document_from_text(article("A Reuters/Ipsos poll showed support for the deal at 54%."), doc_id="d")
    assert doc.captions == []


def test_footer_marker_cuts_the_rest_in_the_second_half() -> None:
    text = article() + "\n\nRecent Posts\n\nAnother story\n\nYet another story"
    doc = document_from_text(text, doc_id="d")
    assert doc.text.endswith(PARAGRAPHS[-1])


def test_footer_marker_in_the_first_half_cuts_nothing() -> None:
    doc = document_from_text(article("Comments", at=1), doc_id="d")
    assert doc.text.endswith(PARAGRAPHS[-1])
    assert PARAGRAPHS[0] in doc.text


def test_repeated_title_is_dropped_but_first_kept() -> None:
    doc = document_from_text(article("Ministers discuss trade routes", at=1), doc_id="d")
    assert doc.text.count("Ministers discuss trade routes") == 1
    assert doc.title == "Ministers discuss trade routes"


def test_repeated_paragraph_and_pull_quote_are_dropped() -> None:
    pull_quote = "The talks covered energy, transport and the timetable"
    doc = document_from_text(article(PARAGRAPHS[0], pull_quote, at=4), doc_id="d")
    assert doc.text == "\n".join(["Ministers discuss trade routes", *PARAGRAPHS])


def test_whitespace_and_invisible_characters_are_normalised() -> None:
    text = "  Title \r\n\r\n\tFirst\u00a0 paragraph\u200b here.  \n\n\n Second\u2028third line "
    doc = document_from_text(text, doc_id="d")
    assert doc.text == "Title\nFirst paragraph here.\nSecond\nthird line"


def test_content_hash_is_sha256_of_clean_text() -> None:
    doc = document_from_text(article(), doc_id="d")
    assert doc.content_hash == content_hash(doc.text)
    assert len(doc.content_hash) == 64
    noisy = document_from_text("  " + article("Share it").replace("\n\n", "\n\n\n"), doc_id="other")
    assert noisy.content_hash == doc.content_hash


def test_user_rules_extend_the_packaged_ones(tmp_path: Path) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text("# our own furniture\nsee our special coverage.*\n", encoding="utf-8")
    rules = CleaningRules.load(boilerplate=[extra])
    text = article("See our special coverage of the summit", "Share it")
    doc = document_from_text(text, doc_id="d", rules=rules)
    assert doc.text == "\n".join(["Ministers discuss trade routes", *PARAGRAPHS])
    assert len(rules.boilerplate) == len(default_rules().boilerplate) + 1


def test_bad_user_rule_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("# header\n\nfine\n(unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.txt:4"):
        CleaningRules.load(captions=[bad])


def test_widget_rule_is_fast_on_long_non_matching_lines() -> None:
    # an atomic group keeps the widget pattern from backtracking exponentially
    line = "1" * 5000 + " print share x"
    doc = document_from_text(line + "!", doc_id="d")
    assert doc.text == line + "!"
