"""The JSON-lines export: record kinds and fields of GUIDELINES.md and docs/export-format.md."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

from detente.export import export_records, write_jsonl
from detente.schemas import ActorMention


def test_one_document_record_then_actors_events_facts(make_result) -> None:
    kinds = [r["kind"] for r in export_records(make_result("d1"))]
    assert kinds == ["document", "actor", "actor", "actor", "actor", "event", "fact"]


def test_document_record(make_result) -> None:
    result = make_result("d1")
    doc = next(export_records(result))
    assert doc["doc_id"] == "d1" and doc["text"] == result.document.text
    assert (doc["published"], doc["source"], doc["content_hash"]) == (
        "2018-11-15", "CGTN", result.document.content_hash,
    )  # fmt: skip
    assert (doc["sentences"], doc["mentions"], doc["events"], doc["facts"]) == (4, 7, 1, 1)


def test_one_actor_record_per_code_and_per_unresolved_name(make_result) -> None:
    actors = [r for r in export_records(make_result("d1")) if r["kind"] == "actor"]
    by_code = {a["code"]: a for a in actors}
    assert list(by_code) == ["RUS", "SGP", "CHN", None]
    assert by_code["RUS"]["mentions"] == 3 and by_code["RUS"]["texts"] == [
        "Russian",
        "Vladimir Putin",
        "Russia",
    ]
    assert by_code["RUS"]["kind_of_actor"] == "state" and by_code["RUS"]["people"] == ["vladimir_putin"]
    assert by_code["RUS"]["spans"][0] == [0, 7]
    assert by_code[None]["text"] == "Foo Institute" and by_code[None]["kind_of_actor"] == "unresolved"
    assert by_code["RUS"]["name"] is None  # no field is ever missing: without names, null
    named = [r for r in export_records(make_result("d1"), names={"RUS": "Russia"}) if r["kind"] == "actor"]
    assert named[0]["name"] == "Russia" and named[1]["name"] is None


def test_actors_only_named_by_events_still_get_a_record(make_result) -> None:
    result = make_result("d1")
    result.events[0].target.append(ActorMention("d1", 0, 37, 46, "Singapore", "XXX", "state"))
    codes = [r["code"] for r in export_records(result) if r["kind"] == "actor"]
    assert codes == ["RUS", "SGP", "CHN", "XXX", None]


def test_event_record(make_result) -> None:
    result = make_result("d1")
    event = next(r for r in export_records(result) if r["kind"] == "event")
    text = result.document.text
    assert event["event_type"] == "CONSULT" and event["cameo_root"] == "04" and event["quad_class"] == 1
    assert event["source"] == [result.events[0].source[0].ref()]
    assert [t["code"] for t in event["target"]] == ["SGP"]
    assert (event["date"], event["date_precision"], event["date_start"], event["date_end"]) == (
        "2018-11-14", "day", "2018-11-14", "2018-11-14",
    )  # fmt: skip
    assert text[slice(*event["date_span"])] == "November 14"
    assert text[slice(*event["span"])] == event["trigger"] == "met"
    assert event["sentence"] == result.sentences[0].text and event["sentences"] == [0]
    assert (event["status"], event["confidence"], event["symmetric"]) == ("occurred", 0.9, True)
    assert (event["place"], event["place_code"], event["event_id"]) == ("Singapore", "SGP", "d1-e1")


def test_undated_event_has_null_date(make_result) -> None:
    result = make_result("d1")
    result.events[0].date = None
    event = next(r for r in export_records(result) if r["kind"] == "event")
    assert event["date"] is None and event["date_start"] is None and event["date_span"] is None


def test_fact_record_period_is_the_year(make_result) -> None:
    result = make_result("d1")
    fact = next(r for r in export_records(result) if r["kind"] == "fact")
    assert (fact["measure"], fact["kind_of_fact"], fact["value"], fact["unit"]) == (
        "trade",
        "level",
        87e9,
        "USD",
    )
    assert [s["code"] for s in fact["subject"]] == ["RUS"] and [p["code"] for p in fact["partner"]] == ["CHN"]
    assert (fact["period"], fact["period_value"], fact["period_precision"]) == ("2017", "2017", "year")
    assert result.document.text[slice(*fact["span"])] == fact["text"] == "$87 billion"
    assert fact["sentence"] == result.sentences[1].text and fact["sentence_index"] == 1
    first_half = dataclasses.replace(result.facts[0].period, value="2018-01", precision="month", end="2018-06-30")
    result.facts[0].period = first_half  # "in the first half of 2018"
    fact = next(r for r in export_records(result) if r["kind"] == "fact")
    assert (fact["period"], fact["period_value"], fact["period_end"]) == ("2018", "2018-01", "2018-06-30")
    result.facts[0].period = None
    assert next(r for r in export_records(result) if r["kind"] == "fact")["period"] is None


def test_write_jsonl_to_a_path_and_a_stream(tmp_path: Path, make_result) -> None:
    results = [make_result("d1"), make_result("d2")]
    path = tmp_path / "out.jsonl"
    assert write_jsonl(results, path) == 14
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert all({"kind", "doc_id"} <= r.keys() for r in records)
    assert [r["doc_id"] for r in records if r["kind"] == "document"] == ["d1", "d2"]
    stream = io.StringIO()
    write_jsonl(results, stream)
    assert stream.getvalue() == path.read_text(encoding="utf-8")
