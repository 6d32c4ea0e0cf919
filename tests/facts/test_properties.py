"""Property tests: find_quantities never raises and its spans are inside the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.facts import find_quantities

PIECES = st.sampled_from([
    "$", "US$", "€", "£", "¥", "Rs", "RMB", "USD", " ", "-", "–", ",", ".", "%", "percent", "per cent",
    "billion", "bn", "m", "k", "crore", "lakh", "two", "a", "half", "quarter", "and", "between", "from", "to",
    "about", "more than", "nearly", "doubled", "troops", "miles", "km", "bcm", "barrels per day", "yuan",
    "2017", "November", "14", "3rd", "G20", "10+3", "2:20", "p.m.", "1,000", "12,34,567.89", "0.5", "(", ")",
])  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(PIECES, max_size=40).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_never_raises_and_spans_are_inside(text: str) -> None:
    previous_end = 0
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= previous_end  # no overlaps, in order
        previous_end = q.end
        assert q.value_max is None or isinstance(q.value_max, float)
