"""A small store for the report: two outlets reporting one meeting, a disputed figure, and article
text that would be markup if it were not escaped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.store import Store

EVIL = "<script>alert('x')</script>"


@pytest.fixture
def evil() -> str:
    """The markup written into the store's article text, outlet and title."""
    return EVIL


@pytest.fixture
def store_path(tmp_path: Path, make_result) -> Iterator[Path]:
    d1 = make_result("d1")
    d2 = make_result("d2", source=f"Reuters {EVIL}", published="2019-01-10")
    d2.facts[0].value = 95e9  # Reuters disagrees on the trade figure
    d2.document.title = f"Putin <b>in</b> Singapore {EVIL}"
    d2.sentences[0].text = d2.sentences[0].text.replace("November 14.", f"November 14. {EVIL}")
    path = tmp_path / "report.duckdb"
    with Store(path) as store:
        store.write([d1, d2])
    yield path
