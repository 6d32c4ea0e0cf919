"""The DuckDB store (schema.sql, columns), its queries, and loading documents into it."""

from detente.store.duckdb_store import DEFAULT_PATH, Store, StoreError, WriteSummary

__all__ = ["DEFAULT_PATH", "Store", "StoreError", "WriteSummary"]
