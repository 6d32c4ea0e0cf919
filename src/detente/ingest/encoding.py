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


def utf16_encoding(data: bytes) -> str | None:
    """The UTF-16 codec that reads ``data`` (the start of a file may do), or None when it is not
    UTF-16: ``utf-16`` with a byte-order mark; without one (as some Windows tools save text),
    when text in a Latin script has a NUL in (nearly) every other byte: the high bytes of its
    characters, which come second in little-endian order and first in big-endian."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    data = data[: len(data) // 2 * 2]
    if len(data) < 4:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    half = len(data) // 2
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= 0.9 * half and others == 0:
            return encoding
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``data`` as UTF-16 text without a byte-order mark, or None."""
    if len(data) % 2 or (encoding := utf16_encoding(data)) is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _control_ratio(text) <= _MAX_CONTROL_RATIO else None


def decode_bytes(data: bytes) -> str:
    """Decode file bytes as UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when
    the text is plainly UTF-16), or clean cp1252.

    Raises :class:`InputError` for binary data or bytes that are none of these.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError("not valid UTF-16 text despite its byte-order mark") from err
    if looks_binary(data):
        if (text := _utf16_without_bom(data)) is not None:
            return text
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
