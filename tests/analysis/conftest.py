"""The ``make_store`` fixture: fresh stores of hand-made documents (``store_builder.build``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from detente.schemas import DocResult
from detente.store import Store


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """``make_store(*doc_results)``: a fresh store on disk holding these documents."""
    opened: list[Store] = []

    def make(*results: DocResult) -> Store:
        store = Store(tmp_path / f"s{len(opened)}.duckdb")
        store.write(list(results))
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
