"""Importing event data coded elsewhere (ICEWS-style quadruples) into the store."""

from detente.imports.icews import IcewsSummary, import_icews

__all__ = ["IcewsSummary", "import_icews"]
