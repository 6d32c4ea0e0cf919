"""Shared fixtures: small hand-made records, no spaCy model."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator

import pytest

from detente.schemas import ActorMention, DateValue, DocResult, Document, Event, Fact, Sentence

SAMPLE_TEXT = (
    "Russian President Vladimir Putin met Singapore's Prime Minister Lee Hsien Loong on November 14.\n"
    "Trade between Russia and China reached $87 billion in 2017.\n"
    "The Foo Institute welcomed the talks."
)


def _make_result(
    doc_id: str = "doc1", *, published: str | None = "2018-11-15", source: str | None = "CGTN"
) -> DocResult:
    """One document with sentences, seven mentions (one unresolved), a CONSULT event and a trade fact.

    The doc_id is written at the end of the text, so every doc_id has its own content hash.
    """
    text = f"{SAMPLE_TEXT}\n[{doc_id}]"

    def mention(words: str, code: str | None, kind: str, person: str | None = None) -> ActorMention:
        start = text.index(words)
        sentence = text.count("\n", 0, start)
        return ActorMention(doc_id, sentence, start, start + len(words), words, code, kind, person=person)

    sentences, offset = [], 0
    for i, line in enumerate(text.split("\n")):
        sentences.append(Sentence(doc_id, i, offset, offset + len(line), line))
        offset += len(line) + 1
    putin = mention("Vladimir Putin", "RUS", "person", "vladimir_putin")
    lee = mention("Lee Hsien Loong", "SGP", "person", "lee_hsien_loong")
    russia, china = mention("Russia ", "RUS", "state"), mention("China", "CHN", "state")
    russia.end -= 1
    russia.text = "Russia"
    mentions = [
        mention("Russian", "RUS", "state"), putin, mention("Singapore", "SGP", "state"), lee, russia, china,
        mention("Foo Institute", None, "unresolved"),
    ]  # fmt: skip
    trigger = text.index(" met ") + 1
    day = text.index("November 14")
    event = Event(
        event_id=f"{doc_id}-e1", doc_id=doc_id, event_type="CONSULT", mode=None, cameo_root="04",
        quad_class=1, intensity=1.0, source=[putin], target=[lee], symmetric=True, status="occurred",
        confidence=0.9, sentences=[0], sentence_text=sentences[0].text, trigger="met",
        trigger_start=trigger, trigger_end=trigger + 3,
        date=DateValue("2018-11-14", "day", "2018-11-14", "2018-11-14", "November 14", day, day + 11),
        place="Singapore", place_code="SGP",
    )  # fmt: skip
    figure = text.index("$87 billion")
    in_2017 = text.index("2017")
    year = DateValue("2017", "year", "2017-01-01", "2017-12-31", "2017", in_2017, in_2017 + 4)
    fact = Fact(
        fact_id=f"{doc_id}-f1", doc_id=doc_id, measure="trade", kind="level", value=87e9, unit="USD",
        amount=87e9, currency="USD", subject=[russia], partner=[china], sentence=1,
        sentence_text=sentences[1].text, start=figure, end=figure + len("$87 billion"), text="$87 billion",
        usd_value=87e9, usd_rate_source="text", period=year,
    )  # fmt: skip
    document = Document(
        doc_id=doc_id, text=text, title=f"Putin in Singapore ({doc_id})", published=published, source=source,
        path=f"{doc_id}.txt", content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )  # fmt: skip
    return DocResult(document, sentences, mentions, [event], [fact])


@pytest.fixture(scope="session")
def make_result() -> Callable[..., DocResult]:
    """A factory of small hand-made DocResults: ``make_result(doc_id, published=..., source=...)``."""
    return _make_result


class FakePipeline:
    """Stands in for ``detente.pipeline.Pipeline`` without spaCy, batch by batch like the real one.

    Every document gets the sample records of ``make_result`` (with its own Document); a text
    containing BOOM makes it raise, as a broken document would.
    """

    def __init__(self, registry: object = (), model: str | None = None) -> None:
        self.registry = registry

    def process_one(self, document: Document) -> DocResult:
        if "BOOM" in document.text:
            raise ValueError("boom")
        result = _make_result(document.doc_id)
        result.document = document
        return result

    def process(self, documents: Iterable[Document], batch_size: int = 16, workers: int = 1) -> Iterator[DocResult]:
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= batch_size:
                yield from map(self.process_one, batch)
                batch = []
        yield from map(self.process_one, batch)


@pytest.fixture
def fake_pipeline() -> FakePipeline:
    """A FakePipeline: the sample records for every document, a ValueError for texts with BOOM."""
    return FakePipeline()
