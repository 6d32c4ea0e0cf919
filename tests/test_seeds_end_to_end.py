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


def test_seeds_meet_the_quality_floors(tmp_path):
    documents = [d for d in read_inputs([SHARED / "corpus" / "seeds"]) if isinstance(d, Document)]
    assert len(documents) == 5
    out = tmp_path / "seeds.jsonl"
    write_jsonl(Pipeline().process(documents), out)
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
