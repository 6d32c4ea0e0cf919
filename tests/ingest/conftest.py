"""Shared fixtures for the ingest tests: fixture paths and a local HTTP server."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fixtures() -> Path:
    """The folder of hand-made ingest fixtures."""
    return FIXTURES


@pytest.fixture
def http_server() -> Iterator[str]:
    """Base URL of an HTTP server on 127.0.0.1 serving the fixture folder, in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(FIXTURES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
