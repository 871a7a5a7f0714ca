"""Store: the declared SQLite shape (schema, views), saving a document (save), the plain-sqlite3
plan for unchanged files (unchanged), and the derived tables: plan-to-plan changes (changes),
recommendation follow-through (outcomes), both refreshed per council (derived) and read back for
the ``changes`` command (report), and the tables behind the comparison views (summaries).

The store's API is named here and loaded on first use (``from extractor import store;
store.save_document(...)``), so that ``unchanged`` runs without importing sqlite-utils.
"""
from __future__ import annotations

import importlib

_API = {
    "open_db": "db", "query_rows": "db",
    "ensure_schema": "schema", "load_taxonomy": "reference", "taxonomy_path": "reference", "council_kind": "reference",
    "TABLES": "schema", "ITEM_TABLES": "schema", "DERIVED_TABLES": "schema", "FOREIGN_KEYS": "schema",
    "INDEXES": "schema", "FTS_CONFIG": "schema", "FTS_TOKENIZE": "schema", "VIEWS": "views",
    "document_row": "save", "save_document": "save", "delete_document": "save", "log_ingest": "save",
    "counts": "save",
    "load_councils": "reference", "councils_path": "reference",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
