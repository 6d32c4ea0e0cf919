"""The load benchmark (benchmarks/load.py) end to end: it starts the server, sends its mix and reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.web.conftest import build_store

REPO = Path(__file__).resolve().parents[2]


def test_the_load_script_serves_its_mix_and_prints_the_latencies(tmp_path: Path, make_result) -> None:
    db = build_store(tmp_path / "load.duckdb", make_result)
    command = [sys.executable, str(REPO / "benchmarks" / "load.py"), "--db", str(db), "--requests", "60"]
    done = subprocess.run([*command, "--clients", "4"], capture_output=True, text=True, timeout=180)
    assert done.returncode in (0, 1), done.stderr  # 1: the latency target missed on a busy machine
    out = done.stdout
    assert "60 requests from 4 clients" in out and "errors: 0" in out
    every = next(line.split() for line in out.splitlines() if line.startswith("all "))
    assert int(every[1]) == 60 and 0 < int(every[2]) <= 60  # requests, computed (the rest from the cache)
    if Path("/proc/self/stat").exists():  # the server's CPU time is read from /proc
        cpu = next(line for line in out.splitlines() if line.startswith("server CPU: "))
        assert float(cpu.split()[2]) > 0
