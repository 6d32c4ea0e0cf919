"""JSON lines, JSON arrays and CSV: fields, aliases, column mapping and bad records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from detente.ingest import read_inputs
from detente.ingest.inputs import NO_RECORDS
from detente.schemas import Document, Skipped

BULK = Path("/work/shared/corpus/bulk")


def by_input(results: list[Document | Skipped]) -> dict[str, Document | Skipped]:
    return {(r.path if isinstance(r, Document) else r.input).rsplit(":", 1)[1]: r for r in results}  # type: ignore[union-attr]


def test_jsonl_records_and_bad_lines(fixtures: Path) -> None:
    path = fixtures / "articles.jsonl"
    got = by_input(list(read_inputs([path])))
    assert sorted(got, key=int) == ["1", "2", "3", "4", "5", "7"]  # line 6 is blank

    first = got["1"]
    assert isinstance(first, Document)
    assert first.doc_id == "wire-001"
    assert first.title == "Ministers agree on trade pact"
    assert first.text == (
        "Trade ministers from the two countries agreed on Monday to cut tariffs on farm goods.\n"
        "The pact still needs approval by both parliaments."
    )
    assert (first.published, first.source, first.author) == ("2019-03-04", "Example Wire", "Ann Lee")
    assert first.url == "https://wire.example.com/1"
    assert first.path == f"{path}:1"

    no_id = got["2"]
    assert isinstance(no_id, Document)
    assert no_id.doc_id == "articles:2"
    assert no_id.published == "2019-03-04"  # from the "date" alias

    assert isinstance(got["3"], Skipped) and got["3"].reason.startswith("malformed JSON")
    assert isinstance(got["4"], Skipped) and got["4"].reason == "empty text"
    assert isinstance(got["5"], Skipped) and "not an object" in got["5"].reason

    aliases = got["7"]
    assert isinstance(aliases, Document)
    assert (aliases.title, aliases.author, aliases.source) == (
        "Aliases work",
        "Bo Chan, Di Wu",
        "Example Wire",
    )


def test_json_array(fixtures: Path) -> None:
    results = list(read_inputs([fixtures / "articles.json"]))
    docs = [r for r in results if isinstance(r, Document)]
    assert [(d.doc_id, d.published) for d in docs] == [("a1", "2020-01-02"), ("a2", "2020-03")]
    assert [d.path.rsplit(":", 1)[1] for d in docs] == ["2", "3"]  # type: ignore[union-attr]
    (skipped,) = [r for r in results if isinstance(r, Skipped)]
    assert skipped.input.endswith("articles.json:4")
    assert skipped.reason.startswith("no text field")


def test_json_single_object_and_concatenated_objects(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(
        json.dumps({"id": "x", "text": "One object, pretty printed."}, indent=2), encoding="utf-8"
    )
    lines = tmp_path / "lines.json"
    lines.write_text('{"text": "first"}\n{"text": oops}\n{"text": "third"}\n', encoding="utf-8")
    results = list(read_inputs([single, lines]))
    assert isinstance(results[0], Document) and results[0].doc_id == "x"
    assert [r.doc_id if isinstance(r, Document) else r.input for r in results[1:]] == [
        "lines:1",
        f"{lines}:2",
        "lines:3",
    ]


def test_records_of_a_compact_json_array_without_ids_get_ids_of_their_own(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    path.write_text(json.dumps([{"text": f"Article number {i} is here."} for i in range(3)]), encoding="utf-8")
    docs = list(read_inputs([path]))
    assert [d.doc_id for d in docs] == ["compact:1", "compact:1.2", "compact:1.3"]  # type: ignore[union-attr]
    assert {d.path for d in docs} == {f"{path}:1"}  # type: ignore[union-attr]


def test_malformed_json_array_gives_up_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"text": "fine"},\n {"text": oops},\n {"text": "lost"}]', encoding="utf-8")
    results = list(read_inputs([path]))
    assert isinstance(results[0], Document)
    assert isinstance(results[1], Skipped)
    assert results[1].input == f"{path}:2"
    assert "rest of the file skipped" in results[1].reason
    assert len(results) == 2


def test_json_array_larger_than_one_read_chunk(tmp_path: Path) -> None:
    records = [{"id": f"r{i}", "text": f"Record number {i}. " + "word " * 50} for i in range(400)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    docs = list(read_inputs([path]))
    assert [d.doc_id for d in docs] == [f"r{i}" for i in range(400)]  # type: ignore[union-attr]


def test_csv_records_and_wrong_field_count(fixtures: Path) -> None:
    results = list(read_inputs([fixtures / "articles.csv"]))
    first, wrong, third = results
    assert isinstance(first, Document)
    assert first.doc_id == "c1"
    assert first.text == "Negotiators resumed talks on Tuesday.\nThey hope to finish by June."
    assert (first.published, first.source, first.author) == ("2021-05-11", "Example Post", "Jo Park")
    assert isinstance(wrong, Skipped)
    assert wrong.input.endswith("articles.csv:5")
    assert wrong.reason == "expected 7 fields, found 9"
    assert isinstance(third, Document)
    assert third.path.endswith("articles.csv:6")  # type: ignore[union-attr]
    assert third.published == "2021-05-12"
    assert third.url is None


def test_csv_column_mapping_and_semicolons(fixtures: Path) -> None:
    columns = {"id": "story_id", "title": "headline", "text": "story_body", "published": "date_published",
               "source": "outlet"}  # fmt: skip
    (doc,) = read_inputs([fixtures / "mapped.csv"], csv_columns=columns)
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.title, doc.published, doc.source) == (
        "m1",
        "Mapped columns",
        "2022-07-01",
        "Example Times",
    )


def test_column_mapping_applies_to_json(tmp_path: Path) -> None:
    path = tmp_path / "mapped.jsonl"
    path.write_text(json.dumps({"key": "k1", "story": "Mapped JSON story text.", "when": "2020"}) + "\n")
    (doc,) = read_inputs([path], csv_columns={"id": "key", "text": "story", "published": "when"})
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.text, doc.published) == ("k1", "Mapped JSON story text.", "2020")


def test_mapped_column_missing_from_header(fixtures: Path) -> None:
    (skipped,) = read_inputs([fixtures / "articles.csv"], csv_columns={"text": "story_body"})
    assert isinstance(skipped, Skipped)
    assert skipped.reason == "column 'story_body' (for text) not in the header"


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "no_text.csv"
    path.write_text("id,title\n1,Only a title\n", encoding="utf-8")
    (skipped,) = read_inputs([path])
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("no text column")


def test_unknown_mapping_key_fails_at_once() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        read_inputs([], csv_columns={"body": "text"})


def test_tsv_and_gzip(tmp_path: Path) -> None:
    tsv = tmp_path / "items.tsv"
    tsv.write_text("id\ttext\nt1\tTab separated text, with a comma.\n", encoding="utf-8")
    packed = tmp_path / "items.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "g1", "text": "Compressed JSON lines."}) + "\n")
    docs = list(read_inputs([tsv, packed]))
    assert [(d.doc_id, d.text) for d in docs] == [  # type: ignore[union-attr]
        ("t1", "Tab separated text, with a comma."),
        ("g1", "Compressed JSON lines."),
    ]


def test_record_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "sizes.jsonl"
    path.write_text(
        json.dumps({"id": "small", "text": "short"})
        + "\n"
        + json.dumps({"id": "big", "text": "x" * 500})
        + "\n"
    )
    small, big = read_inputs([path], max_bytes=100)
    assert isinstance(small, Document)
    assert isinstance(big, Skipped) and big.input == f"{path}:2"
    assert "size limit" in big.reason


def test_undecodable_jsonl_line_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "good"}\n{"text": "bad \x81\x8d"}\n{"text": "caf\xe9 is cp1252"}\n')
    good, bad, cp1252 = read_inputs([path])
    assert isinstance(good, Document)
    assert isinstance(bad, Skipped) and bad.reason == "not valid UTF-8 or cp1252 text"
    assert isinstance(cp1252, Document) and cp1252.text == "café is cp1252"


RECORDS = {
    "jsonl": '{"id": "r1", "text": "Caf\u00e9 talks \u201cwent well\u201d."}\n{"id": "r2", "text": "Second."}\n',
    "json": '[{"id": "r1", "text": "Caf\u00e9 talks \u201cwent well\u201d."},\n {"id": "r2", "text": "Second."}]',
    "csv": "id,text\nr1,Caf\u00e9 talks \u201cwent well\u201d.\nr2,Second.\n",
}


@pytest.mark.parametrize("kind", sorted(RECORDS))
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_record_files_are_read_like_utf8_ones(tmp_path: Path, kind: str, encoding: str) -> None:
    """Windows tools save "Unicode" text as UTF-16, with or without a byte-order mark: its
    newlines are two bytes, so the records must be decoded before they are split into lines."""
    wide, plain = tmp_path / f"wide.{kind}", tmp_path / f"plain.{kind}"
    wide.write_bytes(RECORDS[kind].encode(encoding))
    plain.write_text(RECORDS[kind], encoding="utf-8")
    got, expected = list(read_inputs([wide])), list(read_inputs([plain]))
    assert [d.text for d in got] == [d.text for d in expected] == ["Café talks “went well”.", "Second."]  # type: ignore[union-attr]
    assert [d.path.rsplit(":", 1)[1] for d in got] == [d.path.rsplit(":", 1)[1] for d in expected]  # type: ignore[union-attr]


@pytest.mark.skipif(not BULK.is_dir(), reason="shared bulk corpus not available")
@pytest.mark.parametrize(
    ("name", "doc_id", "published"),
    [("bbc.jsonl", "bbc-business-001", None), ("reuters21578.jsonl", "reuters-1", "1987-02-26")],
)
def test_bulk_corpora_read_with_defaults(
    tmp_path: Path, name: str, doc_id: str, published: str | None
) -> None:
    head = tmp_path / name
    with (BULK / name).open("rb") as source:
        head.write_bytes(b"".join(source.readline() for _ in range(3)))
    docs = list(read_inputs([head]))
    assert all(isinstance(d, Document) for d in docs)
    first = docs[0]
    assert isinstance(first, Document)
    assert (first.doc_id, first.published) == (doc_id, published)
    assert first.title and len(first.text) > 200


def test_reasons_name_json_types_and_read_once(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text('null\n[1]\n"text"\n3\ntrue\n{"text": "a\tb"}\n{"text": "tab\x01"}\n', encoding="utf-8")
    reasons = [r.reason for r in read_inputs([path]) if isinstance(r, Skipped)]
    kinds = ("null", "array", "string", "number", "boolean")
    assert reasons[:5] == [f"record is a JSON {kind}, not an object" for kind in kinds]
    assert reasons[5:] == [f"malformed JSON (Invalid control character at column {n})" for n in (12, 14)]


@pytest.mark.parametrize(
    ("name", "content"), [("a.jsonl", ""), ("b.jsonl", "\n \n"), ("c.json", ""), ("d.csv", "id,text\n")]
)
def test_a_record_file_without_records_is_skipped_with_its_reason(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert list(read_inputs([path])) == [Skipped(str(path), NO_RECORDS)]


@pytest.mark.parametrize(
    ("published", "iso"),
    [("Updated: 2013-11-15 01:13", "2013-11-15"), ("Last updated: 4 May 2020 10:00 GMT", "2020-05-04"), ("soon", None)],
)
def test_a_record_date_field_may_be_a_date_line(tmp_path: Path, published: str, iso: str | None) -> None:
    path = tmp_path / "dated.jsonl"
    path.write_text(json.dumps({"text": "Russia and China signed a deal.", "published": published}) + "\n")
    (doc,) = read_inputs([path])
    assert isinstance(doc, Document) and doc.published == iso
