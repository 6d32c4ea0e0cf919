"""End to end: extract the shared seed articles and score them with the shared scorer.

The floors are the project's current quality targets; raise them as quality grows, never lower them.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from detente.export.jsonl import write_jsonl
from detente.ingest import read_inputs
from detente.pipeline import Pipeline
from detente.schemas import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
FLOORS = {"actors": 0.90, "events": 0.75, "facts": 0.85}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared is not beside the project"),
]


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory) -> Path:
    """The seeds extracted into the export format, once for the module."""
    documents = [d for d in read_inputs([SHARED / "corpus" / "seeds"]) if isinstance(d, Document)]
    assert len(documents) == 5
    out = tmp_path_factory.mktemp("seeds") / "seeds.jsonl"
    write_jsonl(Pipeline().process(documents), out)
    return out


def test_seeds_meet_the_quality_floors(seeds_export: Path):
    out = seeds_export
    run = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--gold",
            str(SHARED / "eval" / "seeds.gold.json"),
            "--pred",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(run.stdout.strip().splitlines()[-1])
    for kind, floor in FLOORS.items():
        assert scores[kind]["f1"] >= floor, f"{kind} F1 {scores[kind]['f1']} fell below {floor}"


def test_every_span_of_every_record_points_at_its_own_words(seeds_export: Path):
    records = [json.loads(line) for line in seeds_export.read_text(encoding="utf-8").splitlines()]
    texts = {r["doc_id"]: r["text"] for r in records if r["kind"] == "document"}
    checked = 0
    for record in (r for r in records if r["kind"] in ("event", "fact")):
        text = texts[record["doc_id"]]
        pairs = [("span", "trigger" if record["kind"] == "event" else "text"), ("date_span", "date_text")]
        pairs.append(("period_span", "period_text"))
        for span_key, text_key in pairs:
            if record.get(span_key) and record.get(text_key):
                start, end = record[span_key]
                assert text[start:end] == record[text_key], (record["kind"], span_key, record[text_key])
                checked += 1
        refs = [ref for key in ("source", "target", "subject", "partner") for ref in record.get(key) or []]
        for ref in refs:
            start, end = ref["span"]
            assert " ".join(text[start:end].split()) == " ".join(ref["text"].split()), ref
            checked += 1
    assert checked > 100
