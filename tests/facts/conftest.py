"""Helpers for the facts tests: a tiny gazetteer that makes actor mentions by hand (the actor stage
is tested elsewhere) and a runner that parses sentences with the real model."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from detente.facts import extract_facts
from detente.schemas import ActorMention, Document, Fact, Sentence

# Surface -> (code, how). Longest surfaces are matched first.
GAZETTEER = {
    "Russia": ("RUS", "name"), "Russian": ("RUS", "adjective"), "Moscow": ("RUS", "capital"),
    "Putin": ("RUS", "surname"), "China": ("CHN", "name"), "Chinese": ("CHN", "adjective"),
    "Beijing": ("CHN", "capital"), "Singapore": ("SGP", "name"), "Thailand": ("THA", "name"),
    "ASEAN": ("ASEAN", "name"), "ASEA states": ("ASEAN", "alias"), "ASEAN states": ("ASEAN", "alias"),
    "South Korea": ("KOR", "name"), "Japan": ("JPN", "name"), "India": ("IND", "name"),
    "Vietnam": ("VNM", "name"), "BRICS": ("BRICS", "name"), "New Development Bank": ("NDB", "name"),
    "World Bank": ("WB", "name"), "International Monetary Fund": ("IMF", "name"),
    "United States": ("USA", "name"), "US": ("USA", "alias"),
    "Direct Investment Fund of Russia": ("RDIF", "name"), "Southeast Asian countries": ("ASEAN", "alias"),
}  # fmt: skip
_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(s) for s in sorted(GAZETTEER, key=len, reverse=True)) + r")(?![\w])"
)


def split(text: str, doc_id: str = "doc") -> list[Sentence]:
    """Sentences of a test text: split after . ! ? before a capital or a quote."""
    sentences, start = [], 0
    for m in re.finditer(r"(?<=[.!?”])\s+(?=[A-Z“\"])|$", text):
        if text[start : m.start()].strip():
            sentences.append(Sentence(doc_id, len(sentences), start, m.start(), text[start : m.start()]))
        start = m.end()
    return sentences


def mentions_for(sentences: list[Sentence], extra: dict[str, str] | None = None) -> list[ActorMention]:
    """Actor mentions of the gazetteer names (plus ``extra`` name -> code), with document offsets."""
    gazetteer = {**GAZETTEER, **{name: (code, "name") for name, code in (extra or {}).items()}}
    pattern = (
        re.compile(r"(?<!\w)(" + "|".join(re.escape(s) for s in sorted(gazetteer, key=len, reverse=True)) + r")(?!\w)")
        if extra
        else _PATTERN
    )
    found = []
    for sentence in sentences:
        for m in pattern.finditer(sentence.text):
            code, how = gazetteer[m.group(1)]
            kind = "org" if code in {"ASEAN", "BRICS", "NDB", "WB", "IMF", "RDIF"} else "state"
            found.append(
                ActorMention(
                    sentence.doc_id,
                    sentence.index,
                    sentence.start + m.start(),
                    sentence.start + m.end(),
                    m.group(1),
                    code,
                    kind,
                    how=how,
                    actor_id=code,
                )
            )
    return found


@pytest.fixture(scope="module")
def nlp():
    """The real spaCy model, loaded once per test module."""
    from detente.nlp.model import load_model

    return load_model()


@pytest.fixture(scope="module")
def facts_of(nlp) -> Callable[..., list[Fact]]:
    """Run the facts stage on a text: ``facts_of(text, published=None) -> list[Fact]``."""

    def run(
        text: str,
        published: str | None = None,
        doc_id: str = "doc",
        extra: dict[str, str] | None = None,
    ) -> list[Fact]:
        document = Document(doc_id=doc_id, text=text, published=published)
        sentences = split(text, doc_id)
        parses = {i: nlp(s.text) for i, s in enumerate(sentences)}
        return extract_facts(document, sentences, parses, mentions_for(sentences, extra))

    return run
