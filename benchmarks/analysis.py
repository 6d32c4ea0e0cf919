#!/usr/bin/env python3
"""Analysis benchmark: importing ICEWS14 and running each analysis on its 72,471 events.

Prints timings only (no pass/fail; the target is under a second per analysis). Run from the
repository root:

    .venv/bin/python benchmarks/analysis.py [--shared ../shared] [--repeat 5]
        [--write docs/performance-analysis.md]

The import runs once into a temporary database (then once more, which finds every day stored).
Each analysis runs once cold, then ``--repeat`` times; the median of those is its warm time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from detente.analysis import (
    centrality,
    communities,
    dyad_series,
    event_clusters,
    network,
    partner_mix,
    timeline,
)
from detente.analysis.groups import default_registry
from detente.export.csv_parquet import export_tables
from detente.export.gdelt import write_gdelt
from detente.export.graph import export_graph
from detente.imports import import_icews
from detente.report import ReportOptions, write_report
from detente.store import Store

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"


def machine() -> list[str]:
    """The machine the figures come from: CPUs, their load, CPU model, memory, Python and DuckDB."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text(encoding="utf-8").splitlines()[0].split()[1])
        memory = f"{kb / 2**20:.1f} GiB"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return [
        f"CPUs (nproc): {cpus}",
        f"load average when started (1, 5, 15 min): {load}",
        f"CPU model: {model}",
        f"memory: {memory}",
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, {platform.system()} {platform.release()}",
    ]


def git_commit() -> str:
    """The checked-out commit, flagged when the working tree differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "HEAD") or "unknown"
    return commit + (" (with uncommitted changes)" if git("status", "--porcelain") else "")


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Cold time, median warm time of ``repeat`` more runs (the cold time when none), and the last result."""
    start = time.perf_counter()
    result = run()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        warm.append(time.perf_counter() - start)
    return cold, statistics.median(warm) if warm else cold, result


def size(result: Any) -> str:
    """What a result holds, in a few words."""
    if hasattr(result, "number_of_edges"):
        return f"{len(result)} actors, {result.number_of_edges()} ties"
    if isinstance(result, int):
        return f"{result:,} rows"
    if isinstance(result, dict):
        return f"{sum(rows for _, rows in result.values()):,} rows"
    if isinstance(result, Path):
        return f"{result.stat().st_size / 1e6:.1f} MB"
    return f"{len(result):,} rows"


def run(shared: Path, repeat: int) -> tuple[list[str], list[tuple[str, float, float, str]]]:
    """Import ICEWS14 and time every analysis; return the import lines and the (name, cold, warm, size) rows."""
    icews = shared / "data" / "icews14"
    default_registry()  # loaded once per process; not part of any timing
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store(folder / "icews14.duckdb")
        first = import_icews(store, icews)
        again = import_icews(store, icews)
        lines = [
            f"import ICEWS14 ({first.quads:,} quadruples, {first.events:,} events in {first.documents} days,"
            f" {first.statements:,} CAMEO 01 statements left out): {first.seconds:.2f} s",
            f"import again (every day already stored): {again.seconds:.2f} s",
        ]
        g = network(store, "2014", "2014")
        jobs: list[tuple[str, Callable[[], Any]]] = [
            ("dyad series RUS-UKR by month", lambda: dyad_series(store, "RUS", "UKR", by="month")),
            ("dyad series CHN-ASEAN (group) by week", lambda: dyad_series(store, "CHN", "ASEAN", by="week")),
            ("dyad series RUS-Asia (UN region) by month", lambda: dyad_series(store, "RUS", "Asia", by="month")),
            ("dyad series USA-everyone by day", lambda: dyad_series(store, "USA", by="day")),
            ("partner mix RUS by quarter, regions", lambda: partner_mix(store, "RUS", by="quarter", level="region")),
            ("partner mix RUS by month, blocs", lambda: partner_mix(store, "RUS", by="month", level="bloc")),
            ("partner mix USA by month, partners", lambda: partner_mix(store, "USA", by="month")),
            ("network 2014 (one year)", lambda: network(store, "2014", "2014")),
            ("network 2014 with days (for GEXF)", lambda: network(store, "2014", "2014", days=True)),
            ("centrality of the 2014 network", lambda: centrality(g)),
            ("communities of the 2014 network (Louvain)", lambda: communities(g)),
            ("timeline RUS", lambda: timeline(store, "RUS")),
            ("timeline RUS-UKR", lambda: timeline(store, "RUS", "UKR")),
            ("timeline USA", lambda: timeline(store, "USA")),
            (
                "event clusters, the 100 most reported (no actor)",
                lambda: event_clusters(store, sort="mentions", limit=100),
            ),
            ("event clusters, all of them with their reports (once)", lambda: event_clusters(store)),
            ("export GDELT events table", lambda: write_gdelt(store, folder / "gdelt.tsv")),
            ("export Parquet tables", lambda: export_tables(store, folder / "pq", "parquet")),
            ("export GEXF 2014", lambda: export_graph(store, folder / "g.gexf", since="2014", until="2014")),
            (
                "HTML report on RUS",
                lambda: write_report(store, folder / "report.html", ReportOptions(actor="RUS")),
            ),
        ]
        rows = []
        for name, job in jobs:
            # The whole list of clusters takes seconds: timed once, it says so in its name.
            cold, warm, result = timed(job, 0 if "(once)" in name else repeat)
            rows.append((name, cold, warm, size(result)))
            print(f"{name:45s} {cold:7.3f} s cold {warm:7.3f} s warm   {size(result)}", flush=True)
        store.close()
    return lines, rows


def markdown(header: list[str], lines: list[str], rows: list[tuple[str, float, float, str]]) -> str:
    """The figures as the Markdown of docs/performance-analysis.md."""
    out = [
        "# Performance of the analyses on ICEWS14",
        "",
        "How long importing ICEWS14 (90,730 quadruples) and each analysis on its 72,471 events take, on the",
        "machine below. The target is under a second per analysis on this 2-core machine. Each task runs",
        "once cold, then `--repeat` times; the warm figure is their median. The machine is shared, so the",
        "load average is noted and figures vary by tens of percent between runs. Regenerate this file with",
        "the command below (docs/analysis.md describes the analyses).",
        "",
        *header,
        "",
        "## Import",
        "",
    ]
    out += [f"- {line}" for line in lines]
    out += [
        "",
        "## Analyses and exports",
        "",
        "| task | cold (s) | warm median (s) | result |",
        "| --- | ---: | ---: | --- |",
    ]
    out += [f"| {name} | {cold:.3f} | {warm:.3f} | {what} |" for name, cold, warm, what in rows]
    out += [
        "",
        "The whole list of clusters (every event of the year with all of its reports, as Python rows) is not an",
        "interactive analysis: timelines and the report ask for one actor, or for the most reported clusters.",
        "The HTML report's time is mostly matplotlib drawing its charts.",
    ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the figures and optionally write them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder (default: ../shared)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per analysis (default 5)")
    parser.add_argument("--write", type=Path, metavar="FILE", help="also write the figures there, in Markdown")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "icews14").exists():
        parser.error(f"no data/icews14 in {args.shared}")
    python = Path(sys.executable)
    if python.is_relative_to(REPO):
        python = python.relative_to(REPO)
    command = shlex.join([str(python), "benchmarks/analysis.py", *(sys.argv[1:] if argv is None else argv)])
    header = [
        f"- command (from the repository root): `{command}`",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- commit: {git_commit()}",
        *(f"- {line}" for line in machine()),
    ]
    print("\n".join(line.removeprefix("- ").replace("`", "") for line in header), "", sep="\n")
    lines, rows = run(args.shared, args.repeat)
    print("", *lines, sep="\n")
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(markdown(header, lines, rows), encoding="utf-8")
        print(f"written to {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
