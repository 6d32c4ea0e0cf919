"""The accuracy benchmark's data loaders (benchmarks/datasets.py) on the real shared files.

The counts are the ones the shared folder's READMEs state. Tests that read the files skip when the
shared folder (``../shared`` beside the repository) is absent, as on a fresh clone.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from detente.schemas import EVENT_TYPES

REPO = Path(__file__).resolve().parents[2]


def _load_datasets():
    # benchmarks/ is a folder of scripts, not a package: load the module from its file.
    spec = importlib.util.spec_from_file_location("benchmark_datasets", REPO / "benchmarks" / "datasets.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ds = _load_datasets()
needs_shared = pytest.mark.skipif(not ds.DEFAULT_SHARED.is_dir(), reason="no ../shared data folder")


# --- helpers, no data needed ----------------------------------------------------------------------


def test_unique_ids_suffixes_repeats():
    assert ds.unique_ids(["a", "b", "a", "a"]) == ["a", "b", "a#2", "a#3"]


def test_locate_handles_elisions_and_stray_spaces():
    text = "U.S. and Russian negotiators return to Geneva."
    assert ds.locate("U.S. ... negotiators", text) == ((0, 4), (17, 28))
    assert ds.locate("Russian  negotiators", text) == ((9, 28),)
    assert ds.locate("French warships", text) == ()


def test_detokenize_rebuilds_running_text_with_exact_offsets():
    tokens = ["Baghdad", "’", "s", "forces", ",", "(", "NAF", ")", "north", "-", "eastern", "army", "'s"]
    text, offsets = ds.detokenize(tokens)
    assert text == "Baghdad’s forces, (NAF) north-eastern army's"
    assert [text[a:b] for a, b in offsets] == tokens


def test_bio_spans_close_on_role_change_and_open_on_orphan_inside_tag():
    tags = ["B-S", "I-S", "O", "I-T", "I-T", "B-T", "B-R", "I-R"]
    assert ds.bio_spans(tags) == (
        ds.Span("S", 0, 2),
        ds.Span("T", 3, 5),
        ds.Span("T", 5, 6),
        ds.Span("R", 6, 8),
    )


def test_petrarch_without_xml_names_records_by_line(tmp_path):
    flat = tmp_path / "records.flat.jsonl"
    flat.write_text(
        '{"id": null, "date": null, "category": null, "text": "A.", "expected_events": [{}]}\n'
        '{"id": "X-1", "date": "19950102", "category": "DEMO", "text": "B.", "expected_events": '
        '[{"sourcecode": "ARNGOV", "targetcode": "GON", "eventcode": "050"}]}\n'
    )
    first, second = ds.load_petrarch(flat)
    assert (first.id, first.expected, first.blank_entries, first.evaluate) == ("line-1", frozenset(), 1, True)
    assert (second.id, second.date, second.expected) == (
        "X-1",
        "1995-01-02",
        {ds.Triple("ARNGOV", "GON", "050")},
    )


def test_plover_mapping_gives_current_types_only():
    categories, corrections = ds.load_plover_mapping()
    assert set(categories.values()) <= set(EVENT_TYPES)
    assert categories["DEMAND"] == "REQUEST"
    assert categories["DISAPPROVE"] == categories["INVESTIGATE"] == "ACCUSE"
    assert categories["FIGHT"] == "ASSAULT"
    assert set(corrections.values()) <= set(EVENT_TYPES)


# --- the real files ------------------------------------------------------------------------------------


@needs_shared
def test_plover_has_322_records_with_current_types():
    records = ds.load_plover(ds.DEFAULT_SHARED / ds.PLOVER_GSR)
    assert len(records) == 322
    assert len({r.id for r in records}) == 322  # PLOVER-GSR01-COERCE-0004 occurs twice in the file
    assert {r.gold_type for r in records} == set(EVENT_TYPES)
    assert {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT"} <= {r.category for r in records}
    by_id = {r.id: r for r in records}
    closed_borders = by_id["PLOVER-GSR01-SANCTION-0010"]
    assert (closed_borders.category, closed_borders.gold_type, closed_borders.corrected) == (
        "FIGHT",
        "SANCTION",
        True,
    )
    demand = by_id["PLOVER-GSR01-DEMAND-0001"]
    assert demand.gold_type == "REQUEST"
    assert [demand.text[a:b] for a, b in demand.sources[0].spans] == ["Poland's parliament"]
    assert demand.targets[0].code == "RUS"


@needs_shared
def test_petrarch_has_274_records_and_329_expected_entries():
    records = ds.load_petrarch(ds.DEFAULT_SHARED / ds.PETRARCH_RECORDS, ds.DEFAULT_SHARED / ds.PETRARCH_XML)
    assert len(records) == 274
    assert len({r.id for r in records}) == 274  # DEMO-32 occurs twice
    # The first record lost its id, date and category in the flat file; the XML has them.
    assert (records[0].id, records[0].date, records[0].category) == ("DEMO-01", "1995-01-01", "DEMO")
    assert sum(not r.evaluate for r in records) == 10
    # The README's 329 "triples" include 7 empty entries that mean "no event".
    assert sum(len(r.expected) for r in records) == 322
    assert sum(r.blank_entries for r in records) == 7
    assert sum(not r.expected for r in records) == 27
    assert next(r for r in records if r.id == "ACTOR-03").evaluate is False
    demo = next(r for r in records if r.id == "DEMO-03")
    assert demo.date == "1995-01-03"
    assert demo.expected == {ds.Triple("DAGGOV", "GON", "042"), ds.Triple("GON", "DAGGOV", "043")}
    codes = {c for r in records for t in r.expected for c in (t.source, t.target)}
    assert not any("&quot;" in c for c in codes)


@needs_shared
def test_conflibert_has_1349_class_rows():
    rows = ds.load_conflibert_classes(ds.DEFAULT_SHARED / ds.CONFLIBERT_CLASSES)
    assert len(rows) == 1349
    assert Counter(r.label for r in rows) == {0: 240, 1: 248, 2: 303, 3: 337, 4: 221}


@needs_shared
def test_conflibert_span_sentences_keep_token_offsets():
    sentences = ds.load_conflibert_spans(ds.DEFAULT_SHARED / ds.CONFLIBERT_SPANS)
    assert len(sentences) == 1153
    assert sum(len(s.tokens) for s in sentences) == 28815
    # 1,094 B-S plus 3 I-S tags that start a source span without a B-S.
    assert Counter(span.role for s in sentences for span in s.spans) == {"S": 1097, "T": 963, "R": 102}
    for s in sentences:
        assert [s.text[a:b] for a, b in s.offsets] == list(s.tokens)
    first = sentences[0]
    assert first.text.startswith("In September, a car bomb in Kiev killed")
    assert [" ".join(first.tokens[sp.start : sp.end]) for sp in first.spans] == [
        "a car bomb",
        "another ethnic Chechen",
    ]
