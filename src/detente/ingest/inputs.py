"""Turning input paths and URLs into Documents, or Skipped records saying why not.

Inputs are read in the order given; a directory is walked recursively in sorted name order, so
the output order is deterministic. File types go by extension (a trailing ``.gz`` is
decompressed on the fly):

- ``.txt``, ``.text``: one article; doc_id is the file name without its extension (a second
  file of that name in one run, from another folder, is ``name~2``, a third ``name~3``; records
  without an id in such files are numbered under that name too: ``name~2:1``).
- ``.html``, ``.htm``, ``.xhtml``: one web page, through trafilatura.
- ``.jsonl``, ``.ndjson``, ``.json``, ``.csv``, ``.tsv``: one article per record.
- ``.urls``, ``.urls.txt``: one URL per line (``#`` comments and blank lines ignored), each
  fetched; an ``http(s)://`` argument is fetched the same way.

In a directory walk, hidden files and folders (names starting with ``.``), editor backups
(``~``), OS droppings (``__MACOSX``, ``Thumbs.db``, ``desktop.ini``) and the README, licence and
changelog files that document a corpus folder are ignored silently: they are not articles, and a
documented folder is not a failed input (a file named explicitly is always read). Everything else
that cannot be read is Skipped with a reason: unsupported type, binary, undecodable, empty, over
``max_bytes``, malformed records, not English.
"""

from __future__ import annotations

import gzip
import itertools
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from detente.ingest.documents import document_from_text
from detente.ingest.encoding import decode_bytes, looks_binary
from detente.ingest.errors import InputError
from detente.ingest.html_files import document_from_html
from detente.ingest.language import ENGLISH
from detente.ingest.records import FieldMap, Result, read_csv, read_json, read_jsonl
from detente.ingest.rules import CleaningRules, default_rules
from detente.ingest.web import fetch_html, is_url, url_doc_id
from detente.schemas import Document, Skipped

NO_RECORDS = "no records (the file is empty or holds only blank lines or a header)"
_IGNORED = frozenset({"__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini"})
_DOC_FILE = re.compile(
    r"(?:^|[_\-. ])(?:readme|licen[cs]e|copying|changelog|contributing)(?:[_\-. ]|$)", re.I
)
_KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
    ".urls": "urls",
}  # fmt: skip


def _kind(name: str) -> tuple[str | None, str, str]:
    """(kind, extension, doc_id stem) of a file name; kind is None for unsupported types."""
    lowered = name.lower()
    base = name[:-3] if lowered.endswith(".gz") else name
    if base.lower().endswith(".urls.txt"):
        return "urls", ".urls.txt", base[: -len(".urls.txt")]
    stem, ext = os.path.splitext(base)
    return _KINDS.get(ext.lower()), ext.lower(), stem


def iter_files(folder: Path) -> Iterator[Path | Skipped]:
    """Files under ``folder``, recursively, sorted by name at each level; hidden entries and OS
    droppings left out, symbolic links to folders not followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as err:
        yield Skipped(str(folder), f"cannot list folder ({err.strerror or err})")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~") or entry.name in _IGNORED:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from iter_files(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)
        elif entry.is_symlink() and not os.path.exists(entry.path):
            yield Skipped(entry.path, "broken symbolic link (its target does not exist)")


class Stems:
    """The names files give their documents in one run, each once: files of one name from several
    folders (every ``index.html`` of a saved site) would otherwise share a doc_id, and each would
    replace the one read before it."""

    def __init__(self) -> None:
        self._given: set[str] = set()

    def unique(self, stem: str) -> str:
        """``stem`` the first time, then ``stem~2``, ``stem~3``, ... (in the order files are read)."""
        name, count = stem, 1
        while name in self._given:
            count += 1
            name = f"{stem}~{count}"
        self._given.add(name)
        return name


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            data = stream.read(max_bytes + 1)
    else:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"over the size limit ({size} > {max_bytes} bytes)")
        data = path.read_bytes()
    if len(data) > max_bytes:
        raise InputError(f"over the size limit (more than {max_bytes} bytes)")
    return data


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


class _Reader:
    """The settings of one ``read_inputs`` call, and the readers that use them."""

    def __init__(
        self,
        *,
        fields: FieldMap,
        fetch_urls: bool,
        max_bytes: int,
        rules: CleaningRules,
        allow_private_urls: bool,
    ) -> None:
        self.fields = fields
        self.fetch_urls = fetch_urls
        self.max_bytes = max_bytes
        self.rules = rules
        self.allow_private_urls = allow_private_urls
        self.stems = Stems()

    def read(self, inputs: Iterable[str | Path]) -> Iterator[Document | Skipped]:
        """Results for each input in turn (see ``read_inputs``)."""
        for item in inputs:
            if isinstance(item, str) and is_url(item):
                yield self._url(item.strip())
                continue
            path = Path(item)
            if path.is_dir():
                for found in iter_files(path):
                    if isinstance(found, Skipped):
                        yield found
                    elif not _DOC_FILE.search(found.name):
                        yield from self._file(found)
            elif path.is_file():
                yield from self._file(path)
            elif path.exists():
                yield Skipped(str(path), "not a regular file or folder")
            else:
                yield Skipped(str(path), "no such file or folder")

    def _file(self, path: Path) -> Iterator[Document | Skipped]:
        kind, ext, stem = _kind(path.name)
        name = str(path)
        if kind is None:
            yield Skipped(name, f"unsupported file type {ext or '(no extension)'}")
            return
        stem = self.stems.unique(stem)
        try:
            if kind in ("text", "html"):
                yield self._accept(name, self._single(path, kind, stem))
            elif kind == "urls":
                yield from self._url_list(path)
            else:
                yield from self._records(path, kind, stem)
        except InputError as err:
            yield Skipped(name, str(err))
        except (gzip.BadGzipFile, EOFError, zlib.error) as err:
            yield Skipped(name, f"damaged compressed file ({err})")
        except OSError as err:
            yield Skipped(name, f"cannot read ({err.strerror or err})")

    def _single(self, path: Path, kind: str, stem: str) -> Document:
        data = _read_bytes(path, self.max_bytes)
        if kind == "html":
            if not data.strip():
                raise InputError("empty file" if not data else "only whitespace")
            if looks_binary(data):
                raise InputError("binary file (contains NUL bytes)")
            # trafilatura reads the page's own charset declaration, so it gets the bytes
            return document_from_html(data, doc_id=stem, path=str(path), rules=self.rules)
        text = decode_bytes(data)
        if not text.strip():
            raise InputError("empty file" if not text else "only whitespace")
        return document_from_text(text, doc_id=stem, path=str(path), rules=self.rules)

    def _records(self, path: Path, kind: str, stem: str) -> Iterator[Document | Skipped]:
        readers: dict[str, Callable[..., Iterator[Result]]] = {
            "jsonl": read_jsonl,
            "json": read_json,
            "csv": read_csv,
        }
        options = {"name": str(path), "stem": stem, "fields": self.fields, "max_bytes": self.max_bytes}
        if path.name.lower().removesuffix(".gz").endswith(".tsv"):
            options["delimiter"] = "\t"
        with _open(path) as stream:
            results = readers[kind](stream, rules=self.rules, **options)
            first = next(results, None)
            if first is None:  # an empty file, blank lines only, or a header and no rows
                yield Skipped(str(path), NO_RECORDS)
                return
            for where, result in itertools.chain([first], results):
                yield self._accept(where, result)

    def _url_list(self, path: Path) -> Iterator[Document | Skipped]:
        with _open(path) as stream:
            for number, raw in enumerate(stream, start=1):
                line = raw.decode("utf-8", "replace").strip()
                if not line or line.startswith("#"):
                    continue
                if is_url(line):
                    yield self._url(line)
                else:
                    yield Skipped(f"{path}:{number}", "not an http(s) URL")

    def _url(self, url: str) -> Document | Skipped:
        """The Document for one URL, fetched and extracted, or why not."""
        if not self.fetch_urls:
            return Skipped(url, "URL fetching is turned off")
        try:
            html = fetch_html(url, max_bytes=self.max_bytes, allow_private=self.allow_private_urls)
            doc = document_from_html(html, doc_id=url_doc_id(url), path=url, url=url, rules=self.rules)
        except InputError as err:
            return Skipped(url, str(err))
        return self._accept(url, doc)

    @staticmethod
    def _accept(where: str, result: Document | InputError) -> Document | Skipped:
        if isinstance(result, InputError):
            return Skipped(where, str(result))
        if not result.text:
            return Skipped(where, "no text left after removing boilerplate")
        if result.lang != ENGLISH:
            return Skipped(where, f"not English (detected language: {result.lang})")
        return result


def read_inputs(
    paths: Iterable[str | Path],
    *,
    csv_columns: Mapping[str, str] | None = None,
    fetch_urls: bool = True,
    max_bytes: int = 5_000_000,
    rules: CleaningRules | None = None,
    allow_private_urls: bool = False,
) -> Iterator[Document | Skipped]:
    """Documents from files, folders and URLs, streaming, with a Skipped record for each input
    (or record) that cannot be used. See the module docstring for formats and order.

    ``csv_columns`` maps field names (``id, title, text, published, source, url, author``) to the
    input's column or key names, for CSV and JSON alike. ``max_bytes`` limits each file, page or
    record. ``rules`` replaces the packaged cleaning rules (``CleaningRules.load`` extends them).
    ``allow_private_urls`` lets URLs reach loopback and private addresses, which trafilatura
    otherwise refuses. Raises ``ValueError`` at once for unknown ``csv_columns`` keys.
    """
    reader = _Reader(
        fields=FieldMap.from_columns(csv_columns),
        fetch_urls=fetch_urls,
        max_bytes=max_bytes,
        rules=rules or default_rules(),
        allow_private_urls=allow_private_urls,
    )
    return reader.read(paths)
