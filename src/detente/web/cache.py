"""A response cache for the read side: the same GET gets the same answer until the database changes.

While the server runs, nothing but its own upload worker can change the database: DuckDB gives
one process the file read-write and then refuses writers elsewhere (and a read-only server's file
cannot be opened for writing at all). So a page or an API answer stays right until that worker
writes, and ``Database.version`` counts those writes: an entry made under an older version is
never served. Only successful GETs are kept, per path and query (after ``Guard`` has dropped empty
parameters), least recently used first out, within a byte budget. Answers that change without a
write (upload jobs and the upload page) are not cached.

A request for an answer that is being computed waits for it instead of computing it again: with
many clients, the first requests for a popular page otherwise all miss together and queue for
the CPU behind one another.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NOT_CACHED = ("/api/jobs", "/upload", "/static/", "/docs", "/openapi.json")
MAX_ENTRY_BYTES = 2_000_000
MAX_TOTAL_BYTES = 64_000_000


@dataclass(slots=True)
class _Entry:
    version: int
    start: Message
    body: bytes = b""
    size: int = field(init=False, default=0)


class ResponseCache:
    """ASGI middleware answering repeated GETs from memory (see the module docstring).

    ``version`` returns the database's write count. The cache lives on the event loop's thread
    (ASGI middleware runs there), so it needs no lock. Responses carry ``X-Cache: hit`` or ``miss``.
    """

    def __init__(
        self,
        app: ASGIApp,
        version: Callable[[], int],
        max_entry_bytes: int = MAX_ENTRY_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
    ) -> None:
        self.app = app
        self.version = version
        self.max_entry_bytes = max_entry_bytes
        self.max_total_bytes = max_total_bytes
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self._pending: dict[str, asyncio.Event] = {}  # keys being computed -> set when done

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(NOT_CACHED):
            await self.app(scope, receive, send)
            return
        key = f"{scope['path']}?{scope.get('query_string', b'').decode('latin-1')}"
        version = self.version()
        if (pending := self._pending.get(f"{version}:{key}")) is not None:
            await pending.wait()  # then the answer is in the cache, unless it could not be kept
        if await self._answer(key, version, send):
            return
        flight = f"{version}:{key}"
        done = self._pending.setdefault(flight, asyncio.Event())
        try:
            await self.app(scope, receive, self._recording(key, version, send))
        finally:
            if self._pending.get(flight) is done:
                del self._pending[flight]
            done.set()

    async def _answer(self, key: str, version: int, send: Send) -> bool:
        """Send the cached answer for ``key`` if there is a current one; drop an outdated one."""
        entry = self._entries.get(key)
        if entry is not None and entry.version == version:
            self._entries.move_to_end(key)
            await send(_with_header(entry.start, "hit"))
            await send({"type": "http.response.body", "body": entry.body})
            return True
        if entry is not None and entry.version < version:
            self._drop(key)
        return False

    def _recording(self, key: str, version: int, send: Send) -> Send:
        """``send`` that also keeps a successful, whole, small enough response."""
        entry: _Entry | None = None
        parts: list[bytes] = []

        async def record(message: Message) -> None:
            nonlocal entry
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    entry = _Entry(version, message)
                message = _with_header(message, "miss")
            elif message["type"] == "http.response.body" and entry is not None:
                parts.append(message.get("body", b""))
                if sum(map(len, parts)) > self.max_entry_bytes:
                    entry = None
                elif not message.get("more_body", False):
                    entry.body = b"".join(parts)
                    self._keep(key, entry)
            await send(message)

        return record

    def _keep(self, key: str, entry: _Entry) -> None:
        if (kept := self._entries.get(key)) is not None:  # two requests for one key were in flight
            if kept.version > entry.version:  # this one began before a write, the kept one after
                return
            self._drop(key)
        entry.size = len(entry.body) + len(key)
        self._entries[key] = entry
        self._bytes += entry.size
        while self._bytes > self.max_total_bytes and self._entries:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        self._bytes -= self._entries.pop(key).size


def _with_header(start: Message, value: str) -> Message:
    message = {**start, "headers": list(start.get("headers", []))}
    MutableHeaders(scope=message)["X-Cache"] = value
    return message
