"""A detente store as a folder of Parquet tables: the layout, the rows written, and read-only views.

``detente ingest --engine spark PATH --out DIR`` writes it; ``Store(DIR)`` (so ``--db DIR`` in the
query commands) reads it through an in-memory DuckDB whose tables are views over the files. The
tables and columns are those of the DuckDB store (``columns``, ``schema.sql``), the types too::

    DIR/_runs/<run_id>.json                                    one manifest per finished run
    DIR/<table>/run=<run_id>/month=<YYYY-MM>/part-*.parquet    documents ... fact_actors
    DIR/skipped/run=<run_id>/part-*.parquet                    inputs and documents left out

``month`` is the month of the document's publication date (its first day for a year-precision
date); documents without a date go to ``month=__HIVE_DEFAULT_PARTITION__``. A run's files count
only once its manifest exists, which is written last: a run that dies leaves files that no reader
sees, and the next run deletes them and processes those documents again. The ``run`` and
``month`` folders are Hive partitions, so Spark (``spark.read.parquet(DIR + "/events")``), DuckDB
(``read_parquet('DIR/events/**/*.parquet', hive_partitioning = true)``) or any Parquet reader
can query the tables directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from detente.schemas import DocResult
from detente.store import columns as C
from detente.store.rows import document_rows, iso_interval

RUNS_DIR = "_runs"
SKIPPED = "skipped"
TABLES = (*C.DOCUMENT_TABLES, SKIPPED)  # the tables a run writes, as folders of DIR
MONTH = "month"  # the partition column (in folder names, not in the files)
NO_MONTH = "__HIVE_DEFAULT_PARTITION__"  # Spark's and Hive's folder name for a null partition value


@functools.cache
def column_types() -> dict[str, tuple[tuple[str, str], ...]]:
    """(column, DuckDB type) of every table, read from schema.sql: the one source of the types."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(resources.files("detente.store").joinpath("schema.sql").read_text("utf-8"))
        return {table: tuple((r[0], r[1]) for r in con.execute(f"DESCRIBE {table}").fetchall()) for table in C.TABLES}
    finally:
        con.close()


def month_of(published: str | None) -> str | None:
    """'YYYY-MM' of the first day a publication date covers; None without a date.

    Raises ValueError for a date that is not ISO (as writing it to the store would).
    """
    interval = iso_interval(published)
    return f"{interval[0].year:04d}-{interval[0].month:02d}" if interval else None


def table_rows(result: DocResult, ingested_at: dt.datetime) -> Iterator[tuple[str, str | None, tuple[Any, ...]]]:
    """(table, month, values in column order) for every row of one DocResult.

    Raises ValueError, before yielding anything, for a record the store would reject.
    """
    month = month_of(result.document.published)
    tables = document_rows(result, ingested_at)
    for table in C.DOCUMENT_TABLES:
        names = C.TABLES[table]
        for row in tables[table]:
            yield table, month, tuple(row[c] for c in names)


def manifests(folder: str | Path) -> list[dict[str, Any]]:
    """The manifests of the finished runs in a Parquet store folder, by run_id."""
    found = [json.loads(p.read_text("utf-8")) for p in Path(folder, RUNS_DIR).glob("*.json")]
    return sorted(found, key=lambda m: m["run_id"])


def is_parquet_store(path: str | Path) -> bool:
    """Whether ``path`` is a folder (a Parquet store, or an empty one), not a DuckDB file."""
    return Path(path).is_dir()


def _files_glob(folder: Path, table: str, run_id: int) -> str | None:
    run_dir = folder / table / f"run={run_id}"
    return f"{run_dir}/**/*.parquet" if next(run_dir.glob("**/*.parquet"), None) else None


def open_views(folder: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the store's tables as views over the Parquet files of finished runs.

    Tables without files stay empty tables; ``runs`` holds the manifests; ``meta`` the schema
    version of the newest run (the one this detente's must match).
    """
    folder = Path(folder)
    runs = manifests(folder)
    con = duckdb.connect(":memory:")
    try:
        con.execute(resources.files("detente.store").joinpath("schema.sql").read_text("utf-8"))
        if runs:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [runs[-1]["schema_version"]])
        types = column_types()
        for table in TABLES:
            globs = [g for m in runs if (g := _files_glob(folder, table, m["run_id"]))]
            if not globs:
                continue
            select = ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in types[table])
            # A view cannot take parameters: the file patterns go in as quoted SQL string literals.
            files = ", ".join("'" + g.replace("'", "''") + "'" for g in globs)
            con.execute(f"DROP TABLE {table}")
            con.execute(
                f"CREATE VIEW {table} AS SELECT {select} FROM read_parquet([{files}], hive_partitioning = false)"
            )
        for m in runs:
            con.execute(
                f"INSERT INTO runs ({C.quoted(C.RUNS)}) VALUES ({', '.join('?' for _ in C.RUNS)})",
                [m.get(c) for c in C.RUNS],
            )
    except BaseException:
        con.close()
        raise
    return con
