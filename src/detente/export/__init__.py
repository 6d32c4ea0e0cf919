"""Exports of extracted records: the JSON-lines format of GUIDELINES.md (docs/export-format.md)."""

from detente.export.jsonl import export_records, write_jsonl

__all__ = ["export_records", "write_jsonl"]
