"""Checking uploaded articles and saving them inside the data folder.

An upload is checked before anything is written: a known file type (by extension, the way
``read_inputs`` reads files), no NUL bytes (binary files are refused, not guessed at), each file
and the whole request under their size limits. Files are saved under names built here (the
client's name is only a hint, reduced to safe characters), and every target path is checked to
stay inside the data folder, so a name like ``../../etc/passwd`` cannot write anywhere else.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

# The types read_inputs reads as articles; ".urls" (lists of URLs to fetch) only with fetching on.
ARTICLE_TYPES = (".txt", ".html", ".htm", ".jsonl", ".json", ".csv")
URL_LIST_TYPE = ".urls"
SNIFF_BYTES = 8192
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class UploadError(ValueError):
    """An upload refused, with the HTTP status that says why (400, 413 or 415) and a message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True, frozen=True)
class UploadLimits:
    """How much one upload may carry."""

    max_file_bytes: int = 5_000_000  # per file, as read_inputs' own default
    max_request_bytes: int = 25_000_000  # the whole multipart body
    max_files: int = 20


def allowed_types(allow_fetch: bool) -> tuple[str, ...]:
    """The file extensions an upload may have."""
    return (*ARTICLE_TYPES, URL_LIST_TYPE) if allow_fetch else ARTICLE_TYPES


def split_name(filename: str | None, types: tuple[str, ...]) -> tuple[str, str]:
    """(safe stem, extension) of a client file name; UploadError 415 for a type not in ``types``.

    Only the last path component counts, whichever separator the client used.
    """
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    stem, dot, ext = name.rpartition(".")
    ext = f".{ext.lower()}" if dot else ""
    if ext not in types:
        raise UploadError(415, f"{name or 'a file'}: unsupported file type {ext or '(none)'}; use {', '.join(types)}")
    return (_UNSAFE.sub("_", stem).strip("_")[:60] or "upload"), ext


def check_content(name: str, data: bytes, limits: UploadLimits) -> None:
    """UploadError for an empty, oversized or binary file."""
    if len(data) > limits.max_file_bytes:
        raise UploadError(413, f"{name}: over the size limit of {limits.max_file_bytes:,} bytes")
    if not data.strip():
        raise UploadError(400, f"{name}: empty file")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise UploadError(415, f"{name}: binary file (contains NUL bytes), not text")


def inside(folder: Path, *parts: str) -> Path:
    """``folder/parts...`` resolved, refusing any path that would land outside ``folder``."""
    root = folder.resolve()
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root):
        raise UploadError(400, "path outside the data folder")
    return target


def save_file(folder: Path, job_id: str, stem: str, ext: str, data: bytes) -> Path:
    """Write one uploaded file under ``folder/job_id/`` and return its path.

    The name carries a digest of the content: read_inputs takes a text file's doc_id from its
    name, and two different uploads called ``article.txt`` must not replace each other.
    """
    digest = hashlib.sha256(data).hexdigest()[:10]
    target = inside(folder, job_id, f"{stem}_{digest}{ext}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
