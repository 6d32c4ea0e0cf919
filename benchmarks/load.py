#!/usr/bin/env python3
"""Load benchmark of the web application: latency of a mix of API calls under concurrent clients.

Starts `detente serve --read-only` on 127.0.0.1 (a free port) against a store, runs a fixed number
of requests from concurrent clients (aiohttp, asyncio), prints p50/p95 latency per kind of call and
overall, how many answers the server computed (not from its cache) and the errors, then stops the
server. Bounded in requests and time, loopback only:

    .venv/bin/python benchmarks/load.py --db world.duckdb [--requests 2000] [--clients 20]
        [--max-seconds 120] [--seed 1]

The mix is built from what the store holds (its top actors and dyads, its documents, words of its
sentences), with a fixed seed, so two runs on one store send the same requests. Every kind of call
is sent once before timing starts (the first call of some analyses loads the actor registry).
Exit status: 0 when there were no errors and p95 met the target (200 ms), 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import aiohttp
import httpx

HOST = "127.0.0.1"  # loopback only: the server is started here and nowhere else
TARGET_P95_MS = 200.0
MAX_REQUESTS = 100_000
MAX_SECONDS = 600.0
START_TIMEOUT = 120.0


@dataclass(slots=True)
class Call:
    """One request of the mix: its kind (for the report) and its path with query."""

    kind: str
    path: str


@dataclass(slots=True)
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # kind -> ms
    computed: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # kind -> answers not from the cache
    errors: list[str] = field(default_factory=list)
    sent: int = 0
    seconds: float = 0.0
    server_cpu: float | None = None  # CPU seconds the server spent during the timed run (Linux)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, workers: int | None = None) -> subprocess.Popen:
    """`detente serve` in a process of its own (so client and server do not share one interpreter)."""
    command = [
        sys.executable, "-c", "from detente.cli.main import app; app()",
        "serve", "--db", str(db), "--host", HOST, "--port", str(port), "--read-only",
        *(["--workers", str(workers)] if workers else []),
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().strip().splitlines()[-1:]}")
        try:
            if httpx.get(f"{base}/api/summary", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {START_TIMEOUT:.0f} s")


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time so far of process ``pid`` and its children (the workers of
    ``--workers``), from /proc; None where there is none. With it the report shows how much work
    the run was, which a busy machine leaves about the same where it moves the latencies."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) or 0.0 for child in children)


def _url(path: str, **params: object) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return f"{path}?{urlencode(kept)}" if kept else path


def build_mix(base: str, count: int, seed: int) -> list[Call]:
    """``count`` calls drawn (with ``seed``) from kinds of call over the store's own actors and documents."""
    summary = httpx.get(f"{base}/api/summary?top=20").json()
    actors = [a["code"] for a in summary["top_actors"]] or ["RUS"]
    dyads = [d["actors"] for d in summary["top_dyads"]] or [[actors[0], actors[-1]]]
    documents = [d["doc_id"] for d in httpx.get(f"{base}/api/documents?limit=200").json()["items"]] or ["none"]
    events = httpx.get(f"{base}/api/events?limit=200").json()["items"]
    words = sorted({w for e in events for w in (e["sentence"] or "").split() if w.isalpha() and len(w) > 5})
    words = words or ["Russia"]
    types = sorted({e["event_type"] for e in events}) or ["CONSULT"]
    rng = random.Random(seed)
    total_events = summary["events"]
    # (kind, weight, maker): the weights lean on the record lists, as the pages do.
    kinds = [
        ("summary", 3, lambda: _url("/api/summary")),
        ("events", 6, lambda: _url("/api/events", limit=50)),
        ("events page n", 3, lambda: _url("/api/events", limit=50, offset=rng.randrange(0, max(1, total_events)))),
        ("events actor", 6, lambda: _url("/api/events", actor=rng.choice(actors), limit=50)),
        ("events dyad", 4, lambda: _url("/api/events", dyad=",".join(rng.choice(dyads)), limit=50)),
        ("events type", 3, lambda: _url("/api/events", type=rng.choice(types), limit=50)),
        ("events csv", 1, lambda: _url("/api/events", actor=rng.choice(actors), limit=500, format="csv")),
        ("facts", 3, lambda: _url("/api/facts", limit=50)),
        ("actors", 3, lambda: _url("/api/actors", limit=50)),
        ("documents", 3, lambda: _url("/api/documents", limit=20)),
        ("document", 5, lambda: f"/api/documents/{quote(rng.choice(documents), safe='')}"),
        ("search", 4, lambda: _url("/api/search", q=rng.choice(words), limit=20)),
        ("dyad series", 4, lambda: _url("/api/dyads", a=(d := rng.choice(dyads))[0], b=d[1])),
        ("partner mix", 3, lambda: _url("/api/partners", actor=rng.choice(actors))),
        ("network", 2, lambda: _url("/api/network", max_nodes=60, max_edges=250)),
        ("timeline", 3, lambda: _url("/api/timeline", actor=(d := rng.choice(dyads))[0], partner=d[1], limit=50)),
        ("fact conflicts", 1, lambda: _url("/api/facts/conflicts")),
        ("sources", 1, lambda: _url("/api/sources", shared=20)),
        ("page: events", 2, lambda: _url("/events", actor=rng.choice(actors))),
        ("page: reader", 2, lambda: f"/documents/{quote(rng.choice(documents), safe='')}"),
    ]
    weights = [weight for _kind, weight, _make in kinds]
    warm_up = [Call(kind, make()) for kind, _weight, make in kinds]
    drawn = rng.choices(kinds, weights=weights, k=count)
    return warm_up + [Call(kind, make()) for kind, _weight, make in drawn]


async def run(
    base: str, calls: list[Call], warm: int, clients: int, max_seconds: float, server_pid: int | None = None
) -> Results:
    """Send ``calls`` from ``clients`` concurrent clients; the first ``warm`` are not timed.

    The clients are aiohttp's: client and server share the machine's cores, and httpx's async
    client spent 2 ms of CPU per request (a p95 of 110 ms with every answer from the server's
    cache, against 4 ms with aiohttp), which the server's figures then carried."""
    results = Results()
    queue: asyncio.Queue[tuple[int, Call]] = asyncio.Queue()
    for item in enumerate(calls[warm:]):
        queue.put_nowait(item)
    deadline = time.monotonic() + max_seconds
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base, connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as client:
        for call in calls[:warm]:
            async with client.get(call.path) as response:
                await response.read()

        async def worker() -> None:
            while time.monotonic() < deadline:
                try:
                    _index, call = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                began = time.perf_counter()
                try:
                    async with client.get(call.path) as response:
                        await response.read()
                        if response.status >= 400:
                            results.errors.append(f"{response.status} {call.path}")
                        if response.headers.get("x-cache") != "hit":
                            results.computed[call.kind] += 1
                except (aiohttp.ClientError, TimeoutError) as exc:
                    results.errors.append(f"{type(exc).__name__} {call.path}")
                results.latencies[call.kind].append((time.perf_counter() - began) * 1000)
                results.sent += 1

        began, cpu = time.perf_counter(), cpu_seconds(server_pid) if server_pid else None
        await asyncio.gather(*(worker() for _ in range(clients)))
        results.seconds = time.perf_counter() - began
        if cpu is not None and (after := cpu_seconds(server_pid)) is not None:
            results.server_cpu = after - cpu
    return results


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def report(results: Results, clients: int) -> bool:
    """Print the latency table; True when the run met the target with no errors."""
    every = [ms for values in results.latencies.values() for ms in values]
    print(f"{'call':<16}{'requests':>9}{'computed':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, values in sorted(results.latencies.items(), key=lambda kv: -percentile(kv[1], 95)):
        print(f"{kind:<16}{len(values):>9}{results.computed[kind]:>9}{statistics.median(values):>9.1f}"
              f"{percentile(values, 95):>9.1f}{max(values):>9.1f}")  # fmt: skip
    p50, p95 = statistics.median(every), percentile(every, 95)
    computed = sum(results.computed.values())
    print(f"{'all':<16}{len(every):>9}{computed:>9}{p50:>9.1f}{p95:>9.1f}{max(every):>9.1f}")
    print("(computed: answers the server worked out, not taken from its response cache)")
    print(
        f"\n{results.sent} requests from {clients} clients in {results.seconds:.1f} s"
        f" ({results.sent / results.seconds:.0f} requests/s); errors: {len(results.errors)}"
    )
    if results.server_cpu is not None:
        print(
            f"server CPU: {results.server_cpu:.1f} s in {results.seconds:.1f} s"
            f" ({results.server_cpu / results.seconds:.2f} cores busy on average)"
        )
    for error in results.errors[:10]:
        print(f"  {error}")
    ok = not results.errors and p95 < TARGET_P95_MS
    print(f"target p95 < {TARGET_P95_MS:.0f} ms, no errors: {'met' if ok else 'NOT met'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the store to serve (opened read-only)")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests (default 2000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--max-seconds", type=float, default=120, help="stop sending after this long (default 120)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the request mix (default 1)")
    parser.add_argument("--workers", type=int, default=None, help="server processes (default: detente serve's)")
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"no database at {args.db}")
    if not 1 <= args.requests <= MAX_REQUESTS or not 1 <= args.clients <= 200:
        parser.error(f"--requests must be 1..{MAX_REQUESTS:,} and --clients 1..200")
    if not 0 < args.max_seconds <= MAX_SECONDS:
        parser.error(f"--max-seconds must be above 0 and at most {MAX_SECONDS:.0f}")
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(args.db, port, args.workers)
    try:
        wait_until_up(base, server)
        calls = build_mix(base, args.requests, args.seed)
        warm = len(calls) - args.requests
        print(f"{args.db}: {args.requests} requests, {args.clients} clients, server {base}\n")
        results = asyncio.run(run(base, calls, warm, args.clients, args.max_seconds, server.pid))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0 if report(results, args.clients) else 1


if __name__ == "__main__":
    sys.exit(main())
