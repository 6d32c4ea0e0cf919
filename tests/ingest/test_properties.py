"""Properties of the plain-text path on arbitrary text (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.ingest import content_hash, document_from_text

# Lines that exercise the rules (metadata, boilerplate, captions, footers, repeats) mixed with
# arbitrary text, so generated documents hit the interesting paths and not only random noise.
RULE_LINES = st.sampled_from(
    [
        "Updated: 2013-11-15 01:13",
        "Published by SouthFront, Nov 18 2018",
        "By Zhao Yanrong (China Daily)",
        "Andrew Hammond",
        "• Andrew Hammond is an Associate at LSE IDEAS",
        "Share it",
        "Recent Posts",
        "Comments",
        "Editor's note: the author is a researcher.",
        "Leaders wave for a group photo in Singapore. /VCG Photo",
        "(Photo: Xinhua)",
        "[Analytics] A headline",
        "A headline",
        "Officials from both countries met in the capital on Monday to discuss new trade routes.",
        "Officials from both countries met in the capital on Monday",
        "15 November 2018",
        "2000 GMT",
        "\xa0\u200b\t",
        "",
    ]
)
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(RULE_LINES, st.text(max_size=80)), max_size=25).map("\n".join),
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_never_raises_and_captions_lie_within_the_text(text: str) -> None:
    doc = document_from_text(text, doc_id="p")
    assert doc.content_hash == content_hash(doc.text)
    previous_end = -1
    for start, end in doc.captions:
        assert previous_end < start < end <= len(doc.text)
        assert doc.text[start:end] == doc.text[start:end].strip()
        previous_end = end


@SETTINGS
@given(TEXT)
def test_cleaning_is_idempotent(text: str) -> None:
    once = document_from_text(text, doc_id="p")
    twice = document_from_text(once.text, doc_id="p")
    assert twice.text == once.text
    assert twice.captions == once.captions


@SETTINGS
@given(TEXT)
def test_clean_text_is_one_normalised_paragraph_per_line(text: str) -> None:
    doc = document_from_text(text, doc_id="p")
    if doc.text:
        for line in doc.text.split("\n"):
            assert line and line == " ".join(line.split())
