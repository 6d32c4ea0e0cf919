"""The five sample articles: behaviour checks of the general rules on real page noise."""

from __future__ import annotations

import pytest

from detente.ingest import read_inputs
from detente.schemas import Document

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def samples() -> dict[str, Document]:
    docs = list(read_inputs([SAMPLES]))
    assert all(isinstance(d, Document) for d in docs), docs
    return {d.doc_id[:3]: d for d in docs}  # type: ignore[union-attr]


def test_all_five_read_in_sorted_order() -> None:
    ids = [d.doc_id for d in read_inputs([SAMPLES])]  # type: ignore[union-attr]
    assert ids == sorted(p.stem for p in SAMPLES.glob("*.txt"))


def test_001_updated_line_and_byline(samples: dict[str, Document]) -> None:
    doc = samples["001"]
    assert doc.title == "Russia continues pivot to Asia-Pacific"
    assert doc.published == "2013-11-15"
    assert doc.source == "China Daily"
    assert doc.author == "Zhao Yanrong"
    assert "Updated:" not in doc.text
    assert "By Zhao Yanrong" not in doc.text
    assert "Print Mail" not in doc.text


def test_002_published_by_line(samples: dict[str, Document]) -> None:
    doc = samples["002"]
    assert doc.title == "In Russia, Sanctions"
    assert doc.published == "2018-11-18"
    assert doc.source == "SouthFront"
    assert "Published by" not in doc.text
    assert "EDITOR’S NOTE" not in doc.text
    assert "Recent Posts" not in doc.text


def test_003_repeated_title_pull_quote_and_author_note(samples: dict[str, Document]) -> None:
    doc = samples["003"]
    assert doc.title == "Putin seeks to expand Russian influence in Asia-Pacific"
    assert doc.text.count("Putin seeks to expand Russian influence") == 1
    # the pull quote repeats a sentence of the fourth paragraph
    assert doc.text.count("A key reason Putin is putting renewed emphasis") == 1
    assert doc.author == "Andrew Hammond"
    assert doc.source is None  # the author note names an institute, not the outlet
    assert "Andrew Hammond is an Associate at LSE IDEAS" in doc.text
    assert "Disclaimer" not in doc.text
    assert doc.published is None


def test_004_section_tag_and_footer(samples: dict[str, Document]) -> None:
    doc = samples["004"]
    assert doc.title == "Russia’s blossoming ties with ASEAN"
    assert doc.text.startswith("[Analytics] Russia’s blossoming ties with ASEAN\n")
    assert "Share it" not in doc.text
    assert "Exclusive:" not in doc.text
    assert doc.text.endswith("Far Eastern Federal University, Vladivostok.")
    assert len(doc.captions) == 1
    start, end = doc.captions[0]
    assert doc.text[start:end].endswith("Sketched by the Pan Pacific Agency.")


def test_000_notes_removed_captions_marked(samples: dict[str, Document]) -> None:
    doc = samples["000"]
    assert doc.title is None  # the first line is a paragraph, not a headline
    assert "Editor's note" not in doc.text
    assert "If you want to contribute" not in doc.text
    assert doc.text.startswith("Russian President Vladimir Putin started his visit to Singapore")
    captions = [doc.text[s:e] for s, e in doc.captions]
    assert len(captions) == 4
    assert all(c.rstrip(")").endswith("/VCG Photo") for c in captions)
    assert captions[-1].startswith("(Cover Photo:")


def test_paragraph_structure(samples: dict[str, Document]) -> None:
    for doc in samples.values():
        lines = doc.text.split("\n")
        assert all(line and line == " ".join(line.split()) for line in lines)
        assert "\xa0" not in doc.text
