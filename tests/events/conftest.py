"""The model pipeline the event tests share: spaCy's model is loaded once for the folder."""

import pytest

from detente.pipeline import Pipeline, extract_text


@pytest.fixture(scope="session")
def pipeline():
    return Pipeline()


@pytest.fixture(scope="session")
def code(pipeline):
    """The events detente codes in a text, published on 2018-11-18 unless told otherwise."""

    def run(text: str, published: str | None = "2018-11-18"):
        return extract_text(text, published=published, pipeline=pipeline).events

    return run


def dyads(events):
    """(type, source codes, target codes) of each event."""
    return {(e.event_type, tuple(m.code for m in e.source), tuple(m.code for m in e.target)) for e in events}


@pytest.fixture
def coded(code):
    """(type, source codes, target codes, status) of each event detente codes in a text."""

    def run(text: str):
        return {(e.event_type, *(tuple(m.code for m in side) for side in (e.source, e.target)), e.status)
                for e in code(text)}  # fmt: skip

    return run
