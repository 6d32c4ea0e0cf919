"""Printing lists of records as a rich table, a JSON array or CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.table import Table

from detente.cli.common import stdout


class Format(StrEnum):
    """Output formats of the query commands."""

    table = "table"
    json = "json"
    csv = "csv"


def cell(value: Any, key: str = "") -> str:
    """One value as flat text: actor lists as ``RUS;SGP``, spans (``key`` ending in span) as
    ``33:36``, a timeline's reports as ``doc_id#sentence`` (``d1#3;d2#0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.15g}"
    if isinstance(value, dict):
        if "doc_id" in value and not ("code" in value or "text" in value):  # a report of an event
            sentence = value.get("sentence_index")
            return f"{value['doc_id']}#{sentence}" if sentence is not None else str(value["doc_id"])
        return str(value.get("code") or value.get("text") or "")
    if isinstance(value, list | tuple):
        if key.endswith("span"):
            return ":".join(str(v) for v in value)
        return ";".join(cell(v, "span" if key.endswith("spans") else "") for v in value)
    return str(value)


def render(rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[tuple[str, str]], title: str) -> None:
    """Print ``rows``: as a table of ``columns`` ((header, key) pairs), or every field as JSON or CSV."""
    if fmt is Format.json:
        lines = [json.dumps(r, ensure_ascii=False, default=str) for r in rows]
        sys.stdout.write("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n")
    elif fmt is Format.csv:
        # No rows: the table's columns still make a header, so the file says what it would hold.
        fields = list(dict.fromkeys(k for r in rows for k in r)) or [key for _header, key in columns]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: cell(r.get(k), k) for k in fields} for r in rows)
    else:
        table = Table(title=f"{title} ({len(rows)})", title_justify="left")
        for header, _key in columns:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*(cell(row.get(key), key) for _header, key in columns))
        stdout().print(table)
