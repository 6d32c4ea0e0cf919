"""Running the pipeline over inputs and loading the results: broken documents, resume, the log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.nlp.model import ModelNotFound
from detente.schemas import DocResult, Document, Skipped
from detente.store import Store
from detente.store.load import IngestReport, extract_results, ingest_documents, process_documents


def _doc(doc_id: str, text: str | None = None) -> Document:
    return Document(doc_id=doc_id, text=text or f"Text of {doc_id}.", path=f"{doc_id}.txt")


def _docs(make_result, *ids: str) -> list[Document]:
    return [make_result(i).document for i in ids]


def test_a_broken_document_is_skipped_and_the_rest_go_on(fake_pipeline) -> None:
    docs = [_doc("a"), _doc("b"), _doc("c", "BOOM"), _doc("d"), _doc("e"), _doc("f")]
    out = list(process_documents(fake_pipeline, docs, batch_size=4))
    assert [r.document.doc_id if isinstance(r, DocResult) else r.input for r in out] == [
        "a", "b", "c.txt", "d", "e", "f",
    ]  # fmt: skip
    assert out[2] == Skipped("c.txt", "pipeline: ValueError: boom")


def test_a_missing_model_stops_everything(fake_pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(document: Document) -> DocResult:
        raise ModelNotFound("no spaCy English model is installed")

    monkeypatch.setattr(fake_pipeline, "process_one", no_model)
    with pytest.raises(ModelNotFound):
        list(process_documents(fake_pipeline, [_doc("a")]))


def test_an_error_reading_the_inputs_is_not_a_broken_document(fake_pipeline) -> None:
    def inputs() -> Iterator[Document]:
        yield _doc("a")
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        list(process_documents(fake_pipeline, inputs(), batch_size=1))


def test_extract_results_counts_skips_known_and_repeated_texts(fake_pipeline, make_result) -> None:
    a, b = _docs(make_result, "a", "b")
    report = IngestReport()
    seen = []
    items = [a, Skipped("x.bin", "binary file"), b, a, _doc("c", "BOOM")]
    results = list(
        extract_results(items, fake_pipeline, report, known={b.content_hash}, on_progress=lambda r: seen.append(r.read))
    )
    assert [r.document.doc_id for r in results] == ["a"]
    assert (report.read, report.new, report.known) == (4, 1, 2)
    assert report.skipped == [Skipped("x.bin", "binary file")]
    assert [s.input for s in report.failed] == ["c.txt"]
    assert (report.mentions, report.events, report.facts) == (7, 1, 1)
    assert report.actors == {"RUS": 3, "SGP": 2, "CHN": 1}
    assert len(seen) == 5 and not report.complete


def test_ingest_writes_logs_and_resumes(tmp_path: Path, fake_pipeline, make_result) -> None:
    items = [*_docs(make_result, "a", "b", "c"), Skipped("bad.bin", "binary file"), _doc("d", "BOOM")]
    with Store(tmp_path / "db.duckdb") as store:
        report = ingest_documents(store, items, fake_pipeline, batch_size=2, inputs=["folder"])
        assert (report.read, report.new, report.known, len(report.failed)) == (4, 3, 0, 1)
        assert {d["doc_id"] for d in store.documents()} == {"a", "b", "c"}
        again = ingest_documents(store, items, fake_pipeline, batch_size=2)
        assert (again.new, again.known) == (0, 3)
        run = store.runs()[1]
        assert (run["run_id"], run["inputs"], run["documents_new"], run["skipped"], run["failed"]) == (
            report.run_id, ["folder"], 3, 1, 1,
        )  # fmt: skip
        assert run["finished_at"] is not None
        logged = [(s["input"], s["stage"], s["reason"]) for s in store.skipped(report.run_id)]
        assert logged == [
            ("bad.bin", "read", "binary file"),
            ("d.txt", "pipeline", "pipeline: ValueError: boom"),
        ]


def test_a_document_the_store_rejects_does_not_sink_its_batch(tmp_path: Path, fake_pipeline, make_result) -> None:
    def process_one(document: Document) -> DocResult:
        result = make_result(document.doc_id)
        if document.doc_id == "b":
            result.facts[0].period.start = "sometime"
        return result

    fake_pipeline.process_one = process_one
    with Store(tmp_path / "db.duckdb") as store:
        report = ingest_documents(store, _docs(make_result, "a", "b", "c"), fake_pipeline, batch_size=3)
        assert [d["doc_id"] for d in store.documents()] == ["a", "c"]
        assert report.new == 2 and report.facts == 2
        assert report.failed[0].input == "b.txt" and report.failed[0].reason.startswith("store: ValueError")
        assert [s["stage"] for s in store.skipped()] == ["store"]


def test_an_interrupted_ingest_keeps_whole_batches_and_resumes(tmp_path: Path, fake_pipeline, make_result) -> None:
    docs = _docs(make_result, "a", "b", "c", "d", "e")
    process_one = fake_pipeline.process_one

    def interrupted(document: Document) -> DocResult:
        if document.doc_id == "d":
            raise KeyboardInterrupt
        return process_one(document)

    fake_pipeline.process_one = interrupted
    with Store(tmp_path / "db.duckdb") as store:
        with pytest.raises(KeyboardInterrupt):
            ingest_documents(store, docs, fake_pipeline, batch_size=2)
        assert sorted(d["doc_id"] for d in store.documents()) == ["a", "b"]  # c was in an unwritten batch
        assert store.runs()[0]["finished_at"] is None
        fake_pipeline.process_one = process_one
        report = ingest_documents(store, docs, fake_pipeline, batch_size=2)
        assert (report.known, report.new) == (2, 3)
        assert store.summary()["events"] == 5
