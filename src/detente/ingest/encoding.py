"""Turning raw bytes into text, or saying why they are not text."""

from __future__ import annotations

import codecs
import unicodedata

from detente.ingest.errors import InputError

# cp1252 happily decodes almost any byte string, so a cp1252 reading is only trusted when the
# result has (almost) no control characters, which binary data and other encodings produce.
_MAX_CONTROL_RATIO = 0.001


def looks_binary(data: bytes) -> bool:
    """True when ``data`` contains NUL bytes outside a UTF-16 byte-order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return controls / len(text)


def decode_bytes(data: bytes) -> str:
    """Decode file bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or clean cp1252.

    Raises :class:`InputError` for binary data or bytes that are none of these.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError("not valid UTF-16 text despite its byte-order mark") from err
    if looks_binary(data):
        raise InputError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise InputError("not valid UTF-8 or cp1252 text") from err
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise InputError("not valid UTF-8 and does not look like cp1252 text")
    return text


def decode_line(data: bytes) -> str | None:
    """Decode one line of a record file (UTF-8, else clean cp1252); ``None`` when neither works."""
    try:
        return decode_bytes(data)
    except InputError:
        return None
