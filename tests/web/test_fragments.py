"""The HTML fragments built in Python for the templates, and the links in them: right, and every value escaped."""

from __future__ import annotations

from markupsafe import Markup

from detente.web.fragments import actor_codes, actor_refs, quad_badge
from detente.web.links import page_url

EVIL = '"><script>alert(1)</script>'


def test_actor_refs_link_codes_and_escape_every_value() -> None:
    html = actor_refs([{"code": "RUS", "text": EVIL}, {"code": None, "text": EVIL}])
    assert isinstance(html, Markup) and "<script>" not in html
    assert html.startswith('<a href="/timeline?actor=RUS" title="&#34;&gt;&lt;script&gt;')
    assert '<span class="unresolved" title="not in the registry">&#34;&gt;&lt;script&gt;' in html
    assert html.count(", ") == 1


def test_actor_codes_escape_the_code_in_the_link_and_the_text() -> None:
    html = actor_codes(["CHN", "<b>"])
    assert html == '<a href="/timeline?actor=CHN">CHN</a>, <a href="/timeline?actor=%3Cb%3E">&lt;b&gt;</a>'
    assert actor_codes(None) == "" and actor_codes([]) == ""


def test_quad_badge_names_the_quad_class() -> None:
    assert quad_badge(1) == '<span class="quad q1" title="verbal cooperation">Q1</span>'
    assert quad_badge(None) == "" and quad_badge(0) == ""


def test_page_urls_keep_values_that_are_equal_but_not_alike_apart() -> None:
    assert page_url("/a", x=True) == "/a?x=True" and page_url("/a", x=1) == "/a?x=1"
    assert page_url("/t", actor="RUS", q=None) == page_url("/t", actor="RUS") == "/t?actor=RUS"
