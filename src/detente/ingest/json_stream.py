"""Streaming JSON: the values of a JSON array or of a sequence of JSON values, one at a time."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from detente.ingest.errors import InputError

_CHUNK = 1 << 16
_SPACE = re.compile(r"[ \t\r\n]*")


class Utf8Reader:
    """UTF-8 text (a leading BOM dropped) read in chunks from a binary stream.

    ``read`` raises ``UnicodeDecodeError`` on bytes that are not UTF-8.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def read(self, size: int) -> str:
        """Up to about ``size`` characters; an empty string at the end of the stream."""
        while True:
            raw = self._stream.read(size)
            text = self._decoder.decode(raw, final=not raw)
            if text or not raw:
                return text


class _Buffer:
    """A sliding window over a text stream that keeps count of line numbers."""

    def __init__(self, reader: Utf8Reader) -> None:
        self.reader = reader
        self.text = ""
        self.pos = 0
        self.line = 1
        self.eof = False

    def refill(self) -> None:
        chunk = self.reader.read(_CHUNK)
        self.eof = not chunk
        self.text, self.pos = self.text[self.pos :] + chunk, 0

    def advance(self, to: int) -> None:
        self.line += self.text.count("\n", self.pos, to)
        self.pos = to

    def skip_space(self) -> None:
        self.advance(_SPACE.match(self.text, self.pos).end())  # type: ignore[union-attr]

    @property
    def pending(self) -> int:
        return len(self.text) - self.pos


def iter_json_values(reader: Utf8Reader, *, max_chars: int) -> Iterator[tuple[int, Any | InputError]]:
    """Top-level values with the line each starts on: the items of a JSON array, or a sequence
    of JSON values (a single object, JSON lines, concatenated objects).

    A malformed value is reported as an :class:`InputError`; in a sequence reading resumes at
    the next line, in an array the rest of the file is given up. At most about ``max_chars``
    characters are held in memory.
    """
    buf = _Buffer(reader)
    decoder = json.JSONDecoder()
    in_array: bool | None = None
    while True:
        buf.skip_space()
        if not buf.pending:
            if buf.eof:
                return
            buf.refill()
            continue
        char = buf.text[buf.pos]
        if in_array is None:
            in_array = char == "["
            if in_array:
                buf.advance(buf.pos + 1)
                continue
        if in_array and char in ",]":
            buf.advance(buf.pos + 1)
            continue
        try:
            value, end = decoder.raw_decode(buf.text, buf.pos)
        except json.JSONDecodeError as err:
            # An error near the end of the window, or an unterminated string, may only mean the
            # value goes on in the next chunk; an error earlier on is an error.
            cut = err.pos >= len(buf.text) - 8 or err.msg.startswith("Unterminated")
            if cut and not buf.eof and buf.pending < max_chars:
                buf.refill()
                continue
            reason = (
                "record over the size limit" if buf.pending >= max_chars else f"malformed JSON ({err.msg})"
            )
            if in_array:
                yield buf.line, InputError(f"{reason}; rest of the file skipped")
                return
            yield buf.line, InputError(reason)
            while (newline := buf.text.find("\n", buf.pos)) < 0:
                if buf.eof:
                    return
                buf.text, buf.pos = "", 0  # no newline in it, so the line count stands
                buf.refill()
            buf.advance(newline + 1)
            continue
        if end == len(buf.text) and not buf.eof:
            buf.refill()  # a number cut by the chunk boundary may go on in the next chunk
            continue
        yield buf.line, value
        buf.advance(end)
