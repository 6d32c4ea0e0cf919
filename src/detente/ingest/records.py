"""Record files (JSON lines, JSON arrays, CSV/TSV): one Document per record, streaming.

Fields are ``id, title, text, published, source, url, author``. Each is looked up under its own
name and common aliases (``date`` for published, ``body``/``content`` for text, ...), matching
names case-insensitively; a column mapping (``read_inputs(csv_columns=...)``) names the input's
column for a field instead. A bad record is reported with ``file:line`` and the rest goes on.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from detente.ingest.documents import document_from_text
from detente.ingest.encoding import decode_line, looks_binary, utf16_encoding
from detente.ingest.errors import InputError
from detente.ingest.json_stream import Utf8Reader, iter_json_values
from detente.ingest.rules import CleaningRules
from detente.schemas import Document

FIELDS = ("id", "title", "text", "published", "source", "url", "author")
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "guid", "uuid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "maintext"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate", "date_publish", "datetime"),
    "source": ("source", "outlet", "sitename", "source_domain", "publisher"),
    "url": ("url", "link"),
    "author": ("author", "authors", "byline"),
}
# A raw line or JSON value may be larger than its text (escapes, other fields) by this factor.
RAW_FACTOR = 4
_CHUNK = 1 << 16
_SNIFF_BYTES = 8192

Result = tuple[str, Document | InputError]  # (file:line, what the record gave)


@dataclass(frozen=True, slots=True)
class FieldMap:
    """The names each field is looked up under, and which fields the user mapped explicitly."""

    names: dict[str, tuple[str, ...]]
    explicit: frozenset[str]

    @classmethod
    def from_columns(cls, columns: Mapping[str, str] | None) -> FieldMap:
        """``columns`` maps our field names to the input's; unmapped fields use the aliases.

        Raises ``ValueError`` for a key that is not one of ``FIELDS``.
        """
        columns = dict(columns or {})
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise ValueError(
                f"unknown field(s) in csv_columns: {', '.join(unknown)}; known: {', '.join(FIELDS)}"
            )
        names = {name: (columns[name],) if name in columns else ALIASES[name] for name in FIELDS}
        return cls(names=names, explicit=frozenset(columns))

    def find(self, record: Mapping[str, Any], field: str) -> tuple[str | None, Any]:
        """The key and value of ``field`` in ``record`` (exact names first, then ignoring case)."""
        names = self.names[field]
        for name in names:
            if name in record:
                return name, record[name]
        lowered = {str(key).lower(): key for key in record}
        for name in names:
            if (key := lowered.get(name.lower())) is not None:
                return key, record[key]
        return None, None


def _as_text(key: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v for v in value if v.strip())  # e.g. a list of authors
    if isinstance(value, dict):
        # e.g. {"id": "bbc-news", "name": "BBC News"} for a source
        name = value.get("name") or value.get("title")
        if isinstance(name, str):
            return name
    raise InputError(f"field {key!r} has a value that is not text")


def document_from_record(
    record: Any,
    *,
    fields: FieldMap,
    where: str,
    fallback_id: str,
    max_bytes: int,
    rules: CleaningRules | None = None,
) -> Document:
    """A Document from one record (a mapping of field names to values).

    ``where`` (``file:line``) becomes ``Document.path``; ``fallback_id`` is the doc_id when the
    record has no id. Raises :class:`InputError` for a record without usable text.
    """
    if not isinstance(record, Mapping):
        raise InputError(f"record is a JSON {_json_type(record)}, not an object")
    key, text = fields.find(record, "text")
    if key is None:
        raise InputError(f"no text field (looked for {', '.join(fields.names['text'])})")
    if not isinstance(text, str):
        raise InputError(f"field {key!r} is not text")
    if not text.strip():
        raise InputError("empty text")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise InputError(f"text over the size limit ({size} > {max_bytes} bytes)")
    values: dict[str, str | None] = {}
    for name in ("id", "title", "source", "url", "author"):
        key, value = fields.find(record, name)
        values[name] = _as_text(key or name, value)
    # Dates go on raw: normalise_date reads strings, year numbers and date objects.
    _, published = fields.find(record, "published")
    return document_from_text(
        text,
        doc_id=(values["id"] or "").strip() or fallback_id,
        path=where,
        published=published,
        title=values["title"],
        source=values["source"],
        author=values["author"],
        url=values["url"],
        rules=rules,
    )


def _json_type(value: Any) -> str:
    """JSON's name for the type of a decoded value (``null``, not Python's ``NoneType``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return {str: "string", int: "number", float: "number", list: "array"}.get(type(value), type(value).__name__)


def malformed_json(err: json.JSONDecodeError) -> str:
    """The reason for a line that is not JSON (some of json's messages end in "at" already)."""
    return f"malformed JSON ({err.msg.removesuffix(' at')} at column {err.colno})"


def _record_result(
    record: Any,
    *,
    name: str,
    stem: str,
    line: int,
    fields: FieldMap,
    max_bytes: int,
    rules: CleaningRules | None,
    nth: int = 1,
) -> Result:
    """``record`` (starting on ``line``, the ``nth`` record to start there) as a Document or why not.
    A record without an id is ``stem:line``, or ``stem:line.nth`` after the first on its line."""
    where = f"{name}:{line}"
    fallback_id = f"{stem}:{line}" if nth == 1 else f"{stem}:{line}.{nth}"
    try:
        return where, document_from_record(
            record, fields=fields, where=where, fallback_id=fallback_id, max_bytes=max_bytes, rules=rules
        )
    except InputError as err:
        return where, err


def _utf8_stream(stream: IO[bytes]) -> IO[bytes] | None:
    """``stream`` as UTF-8 bytes: itself, or re-encoded as it is read when it is UTF-16 (what
    Windows tools call "Unicode"), whose lines cannot be split on newline bytes; None when it is
    binary."""
    peek = getattr(stream, "peek", None)
    head = peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if peek else b""
    if encoding := utf16_encoding(head):
        return codecs.EncodedFile(stream, "utf-8", encoding)  # type: ignore[return-value]
    return None if looks_binary(head) else stream


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of a binary stream; ``None`` for a line longer than ``limit`` bytes,
    which is skipped without being held in memory."""
    for number in itertools.count(1):
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


def read_jsonl(
    stream: IO[bytes], *, name: str, stem: str, fields: FieldMap, max_bytes: int, rules: CleaningRules | None
) -> Iterator[Result]:
    """Documents from a JSON-lines stream, one per non-blank line, read line by line."""
    source = _utf8_stream(stream)
    if source is None:
        yield name, InputError("binary file (contains NUL bytes)")
        return
    limit = RAW_FACTOR * max_bytes
    for number, raw in _bounded_lines(source, limit):
        where = f"{name}:{number}"
        if raw is None:
            yield where, InputError(f"line over the size limit ({limit} bytes)")
            continue
        line = decode_line(raw)
        if line is None:
            yield where, InputError("not valid UTF-8 or cp1252 text")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield where, InputError(malformed_json(err))
            continue
        yield _record_result(
            record, name=name, stem=stem, line=number, fields=fields, max_bytes=max_bytes, rules=rules
        )


def read_json(
    stream: IO[bytes], *, name: str, stem: str, fields: FieldMap, max_bytes: int, rules: CleaningRules | None
) -> Iterator[Result]:
    """Documents from a JSON file holding an array of records or a sequence of records."""
    source = _utf8_stream(stream)
    if source is None:
        yield name, InputError("binary file (contains NUL bytes)")
        return
    values = iter_json_values(Utf8Reader(source), max_chars=RAW_FACTOR * max_bytes)
    on_line: Counter[int] = Counter()  # records starting on each line: a compact array has all on one
    try:
        for number, value in values:
            on_line[number] += 1
            if isinstance(value, InputError):
                yield f"{name}:{number}", value
            else:
                yield _record_result(
                    value,
                    name=name,
                    stem=stem,
                    line=number,
                    fields=fields,
                    max_bytes=max_bytes,
                    rules=rules,
                    nth=on_line[number],
                )
    except UnicodeDecodeError:
        yield name, InputError("not valid UTF-8 text; rest of the file skipped")


def _decoded_lines(stream: IO[bytes], bad: set[int]) -> Iterator[str]:
    """Lines decoded one by one (UTF-8, else clean cp1252); numbers of undecodable ones go
    into ``bad`` so the rows holding them can be skipped."""
    for number, raw in enumerate(stream, start=1):
        line = decode_line(raw)
        if line is None:
            bad.add(number)
            line = raw.decode("utf-8", "replace")
        yield line


def _delimiter(header: str, default: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else default


def read_csv(
    stream: IO[bytes],
    *,
    name: str,
    stem: str,
    fields: FieldMap,
    max_bytes: int,
    rules: CleaningRules | None,
    delimiter: str = ",",
) -> Iterator[Result]:
    """Documents from a CSV (or TSV) file with a header row; the delimiter is the one among
    ``, ; tab |`` that the header uses most, else ``delimiter``."""
    source = _utf8_stream(stream)
    if source is None:
        yield name, InputError("binary file (contains NUL bytes)")
        return
    # The csv module's field limit is process-wide; it is only ever raised, to fit one record.
    csv.field_size_limit(max(csv.field_size_limit(), RAW_FACTOR * max_bytes))
    bad: set[int] = set()
    lines = _decoded_lines(source, bad)
    first = next(lines, "").lstrip("\ufeff")
    if not first.strip():
        yield name, InputError("empty CSV file (no header row)")
        return
    reader = csv.reader(itertools.chain([first], lines), delimiter=_delimiter(first, delimiter))
    header = [cell.strip() for cell in next(reader)]
    columns = dict.fromkeys(header)
    missing = [
        f"{fields.names[f][0]!r} (for {f})"
        for f in sorted(fields.explicit)
        if fields.find(columns, f)[0] is None
    ]
    if missing:
        yield name, InputError(f"column {', '.join(missing)} not in the header")
        return
    if fields.find(columns, "text")[0] is None:
        yield name, InputError(f"no text column (looked for {', '.join(fields.names['text'])})")
        return
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            end = reader.line_num
            yield f"{name}:{start}", InputError(f"malformed CSV ({err})")
            continue
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if bad.intersection(range(start, end + 1)):
            yield f"{name}:{start}", InputError("not valid UTF-8 or cp1252 text")
        elif len(row) != len(header):
            yield f"{name}:{start}", InputError(f"expected {len(header)} fields, found {len(row)}")
        else:
            yield _record_result(
                dict(zip(header, row, strict=True)),
                name=name,
                stem=stem,
                line=start,
                fields=fields,
                max_bytes=max_bytes,
                rules=rules,
            )
