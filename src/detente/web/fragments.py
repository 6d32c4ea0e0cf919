"""HTML fragments the templates repeat most, built here rather than by macros.

A long document's reader links two actor lists per event: as Jinja macros these cost half of
its rendering. Every value goes through ``markupsafe.escape`` before it joins the markup, as
autoescaping would do; the templates use the results as filters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

from detente.web.charts import QUAD_LAYERS
from detente.web.links import page_url


def _timeline_link(code: str, title: str | None = None) -> str:
    title_attr = f' title="{escape(title)}"' if title is not None else ""
    return f'<a href="{escape(page_url("/timeline", actor=code))}"{title_attr}>{escape(code)}</a>'


def actor_refs(refs: Iterable[Mapping[str, str | None]]) -> Markup:
    """Actor references (``code``, ``text``): each code a link to its timeline with the text as
    written for a title, each unresolved name as plain text; comma-separated."""
    parts = [
        _timeline_link(ref["code"], ref["text"] or "")
        if ref.get("code")
        else f'<span class="unresolved" title="not in the registry">{escape(ref["text"])}</span>'
        for ref in refs
    ]
    return Markup(", ".join(parts))


def actor_codes(codes: Iterable[str] | None) -> Markup:
    """Actor codes, each a link to its timeline; comma-separated."""
    return Markup(", ".join(_timeline_link(code) for code in codes or []))


def quad_badge(quad_class: int | None) -> Markup:
    """The QuadClass as a small badge titled with its name (nothing when there is none)."""
    if not quad_class:
        return Markup("")
    quad, name = int(quad_class), QUAD_LAYERS[quad_class - 1][1]
    return Markup(f'<span class="quad q{quad}" title="{escape(name)}">Q{quad}</span>')
