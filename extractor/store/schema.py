"""The SQLite shape of csp-extract's data, declared once and applied idempotently.

The schema is module-level data, in the style of github-to-sqlite: ``TABLES`` (columns in
order, primary key, not-null columns), ``FOREIGN_KEYS``, ``INDEXES``, ``FTS_CONFIG`` and the
views (:mod:`extractor.store.views`).  :func:`ensure_schema` applies it with sqlite-utils: it
creates what is missing, adds columns a newer version declares, and recreates a view whose SQL
changed.  Saving a document into it is :mod:`extractor.store.save`.
"""
from __future__ import annotations

from typing import Any

import sqlite_utils

from ..settings import Settings
from .reference import council_kind, councils_path, load_councils, load_taxonomy, taxonomy_path  # noqa: F401
from .unchanged import schema_stamp
from .summaries import SUMMARIES, councils_fingerprint, ensure_summaries, refresh_peers
from .views import VIEWS, definition


# Marks on a row a correction changed or added (extractor/corrections/): corrected = 1 and the
# correction's id; what extraction gave is kept in corrections.original.
CORRECTED_COLUMNS: dict[str, type] = {"corrected": int, "correction_id": str}

# Provenance columns shared by every item table: where in the document's canonical text the
# item was read (``quote == documents.text[char_start:char_end]``), with the extractor's
# confidence and the ids of the rules that fired (a JSON list).
PROV_COLUMNS: dict[str, type] = {
    "page": int,
    "char_start": int,
    "char_end": int,
    "quote": str,
    "confidence": float,
    "rules": str,
    **CORRECTED_COLUMNS,
}

# Columns every item table starts with.  council/county are copied from the document.
ITEM_HEAD: dict[str, type] = {
    "id": int,
    "document_id": str,
    "council": str,
    "county": str,
}

TABLES: dict[str, dict[str, Any]] = {
    "themes": {
        "columns": {"id": str, "label": str, "description": str, "words": str},  # words: JSON list
        "pk": "id",
        "not_null": {"label"},
    },
    # Every English council from models/councils.csv (mySociety's register, CC BY 4.0), loaded
    # by ensure_schema, plus any other council or commissioner a document names (save.py).
    "councils": {
        "columns": {
            "name": str,
            "county": str,  # ceremonial county
            "kind": str,  # district, borough, city, county, unitary, london_borough (pcc from the gazetteer)
            "code": str,  # mySociety's three-letter code
            "nice_name": str,  # "Spelthorne"
            "type": str,  # NMD, UA, MD, LBO, CTY (mySociety's local-authority-type)
            "county_council": str,  # the county council over a two-tier district
            "region": str,
            "population": int,  # 2020 estimate
            "gss_code": str,  # ONS code
        },
        "pk": "name",
        "not_null": set(),
    },
    # The corrections file (extractor/corrections/store.py: one row per correction, who, when,
    # why) as last applied, with each one's status and what extraction gave (original, JSON).
    "corrections": {
        "columns": {
            "id": str, "kind": str, "document_id": str, "source_path": str, "item_kind": str,
            "field": str, "value": str, "quote": str, "char_start": int, "char_end": int, "page": int,
            "who": str, "at": str, "why": str,
            "status": str,  # pending, applied, re-anchored, unanchored, superseded, invalid
            "message": str,  # how it was re-anchored, or why it is not applied and the fix
            "applied_to": str,  # the document it is applied to now
            "item_id": int,  # the row it changed or added
            "original": str,  # JSON: what extraction gave
            "position": int,  # its place in the corrections file (the order corrections apply in)
        },
        "pk": "id",
        "not_null": {"kind", "document_id"},
    },
    "documents": {
        "columns": {
            "id": str,  # sha256 of the file's bytes
            "path": str,  # absolute path at ingest
            "file_name": str,
            "council": str,
            "county": str,
            "title": str,
            "meeting_body": str,
            "meeting_date": str,  # ISO yyyy-mm-dd
            "author": str,
            "plan_start_year": int,
            "plan_end_year": int,
            "pages": int,
            "text": str,  # canonical text, pages separated by \f
            "warnings": str,  # JSON list
            "source_url": str,  # where the file was published, when known
            "supplied": str,  # JSON: the fields the user supplied (ingest --council, --manifest), else null
            "extractor_version": str,
            "models_hash": str,  # what extraction read from models/ (settings.py: models_hash), else null
            "ingested_at": str,  # ISO timestamp, UTC
            **CORRECTED_COLUMNS,
        },
        "pk": "id",
        "not_null": {"path", "file_name", "pages", "text", "ingested_at"},
    },
    "priorities": {
        "columns": {
            **ITEM_HEAD,
            "rank": int,
            "text": str,
            "main_theme": str,
            **PROV_COLUMNS,
        },
        "pk": "id",
        "not_null": {"document_id", "text"},
    },
    "priority_themes": {
        "columns": {"priority_id": int, "theme_id": str, "is_main": int, "position": int},
        "pk": ("priority_id", "theme_id"),
        "not_null": {"is_main", "position"},
    },
    "recommendations": {
        "columns": {
            **ITEM_HEAD,
            "addressee": str,
            "actions": str,  # JSON list of lemmas: note, approve, ...
            "text": str,
            **PROV_COLUMNS,
        },
        "pk": "id",
        "not_null": {"document_id", "text"},
    },
    "risks": {
        "columns": {
            **ITEM_HEAD,
            "risk": str,
            "description": str,
            "mitigation": str,
            "rating": str,
            **PROV_COLUMNS,
        },
        "pk": "id",
        "not_null": {"document_id", "risk"},
    },
    "funding": {
        "columns": {
            **ITEM_HEAD,
            "amount_gbp": int,  # pounds; INTEGER affinity keeps whole pounds exact, pence as REAL
            "amount_high_gbp": int,  # a range's high end ("£1m-£1.5m": amount_gbp is its low end)
            "amount_text": str,
            "is_total": int,  # 1: adds up other rows of its document; not added again
            "period": str,  # financial year "2019-20"
            "funder": str,
            "purpose": str,
            "recipient": str,
            **PROV_COLUMNS,
        },
        "pk": "id",
        "not_null": {"document_id"},
    },
    "decisions": {
        "columns": {
            **ITEM_HEAD,
            "body": str,
            "outcome": str,
            "text": str,
            **PROV_COLUMNS,
        },
        "pk": "id",
        "not_null": {"document_id", "text"},
    },
    # Derived by extractor/store/derived.py, recomputed for a council whenever one of its documents
    # is saved: what changed between consecutive plans (one row per priority per pair) ...
    "priority_changes": {
        "columns": {
            "id": int,
            "council": str,
            "county": str,
            "pair": int,  # 1 = the council's first two plans, 2 = the next two, ...
            "from_document_id": str,
            "to_document_id": str,
            "change": str,  # added, dropped, renamed, re-ranked, kept
            "score": float,  # similarity that paired the two priorities; null if added/dropped
            "detail": str,
            "from_priority_id": int,
            "from_rank": int,
            "from_text": str,
            "from_theme": str,
            "from_page": int,
            "from_quote": str,
            "to_priority_id": int,
            "to_rank": int,
            "to_text": str,
            "to_theme": str,
            "to_page": int,
            "to_quote": str,
        },
        "pk": "id",
        "not_null": {"council", "pair", "from_document_id", "to_document_id", "change"},
    },
    # ... and what became of each recommendation (one row per recommendation).
    "recommendation_outcomes": {
        "columns": {
            "id": int,
            "recommendation_id": int,
            "decision_id": int,  # null: no recorded outcome
            "council": str,
            "county": str,
            "status": str,  # the decision's outcome, or "no recorded outcome"
            "score": float,
            "reason": str,
            "recommendation_document_id": str,
            "recommendation_page": int,
            "recommendation_quote": str,
            "decision_document_id": str,
            "decision_page": int,
            "decision_quote": str,
        },
        "pk": "id",
        "not_null": {"recommendation_id", "status", "recommendation_document_id"},
    },
    # The text of each page of a document (documents.text split at its form feeds), for the page
    # search and the page view; char_start is where the page begins in documents.text.
    "pages": {
        "columns": {"document_id": str, "page": int, "char_start": int, "text": str},
        "pk": ("document_id", "page"),
        "not_null": {"char_start", "text"},
    },
    "ingest_log": {
        "columns": {
            "id": int,
            "path": str,
            "sha256": str,
            "status": str,  # ok, skipped, empty, corrupt, encrypted, needs_ocr, unsupported, timeout, failed
            "message": str,
            "document_id": str,
            "pages": int,
            "seconds": float,
            "at": str,
        },
        "pk": "id",
        "not_null": {"path", "status", "at"},
    },
}

ITEM_TABLES = ("priorities", "recommendations", "risks", "funding", "decisions")
# Tables computed from the others by extractor/store/derived.py (never written by hand).
DERIVED_TABLES = {"priority_changes", "recommendation_outcomes"}

# (table, column, other_table, other_column)
FOREIGN_KEYS: list[tuple[str, str, str, str]] = [
    ("documents", "council", "councils", "name"),
    ("priorities", "document_id", "documents", "id"),
    ("priorities", "main_theme", "themes", "id"),
    ("priority_themes", "priority_id", "priorities", "id"),
    ("priority_themes", "theme_id", "themes", "id"),
    ("recommendations", "document_id", "documents", "id"),
    ("risks", "document_id", "documents", "id"),
    ("funding", "document_id", "documents", "id"),
    ("decisions", "document_id", "documents", "id"),
    ("priority_changes", "from_document_id", "documents", "id"),
    ("priority_changes", "to_document_id", "documents", "id"),
    ("priority_changes", "from_priority_id", "priorities", "id"),
    ("priority_changes", "to_priority_id", "priorities", "id"),
    ("recommendation_outcomes", "recommendation_id", "recommendations", "id"),
    ("recommendation_outcomes", "decision_id", "decisions", "id"),
    ("recommendation_outcomes", "recommendation_document_id", "documents", "id"),
    ("recommendation_outcomes", "decision_document_id", "documents", "id"),
    ("pages", "document_id", "documents", "id"),
    *((table, "correction_id", "corrections", "id") for table in
      ("documents", "priorities", "recommendations", "risks", "funding", "decisions")),
]

# (table, columns, unique)
INDEXES: list[tuple[str, list[str], bool]] = [
    ("documents", ["path"], True),
    ("documents", ["council"], False),
    ("priorities", ["document_id"], False),
    ("priorities", ["council"], False),
    ("priorities", ["main_theme"], False),
    ("priority_themes", ["theme_id"], False),
    ("recommendations", ["document_id"], False),
    ("risks", ["document_id"], False),
    ("funding", ["document_id"], False),
    ("decisions", ["document_id"], False),
    ("priority_changes", ["council"], False),
    ("recommendation_outcomes", ["council"], False),
    ("priority_changes", ["from_priority_id"], False),
    ("priority_changes", ["to_priority_id"], False),
    ("recommendation_outcomes", ["recommendation_id"], False),
    ("recommendation_outcomes", ["decision_id"], False),
    ("funding", ["council"], False),  # a council's money (summaries.py)
    # a council's plan of record (latest_plans, refreshed per council) read from indexes alone,
    # never from the rows that hold the documents' text
    ("documents", ["council", "id", "county", "plan_start_year", "plan_end_year", "meeting_date", "ingested_at"], False),
    ("priorities", ["document_id", "rank"], False),
    ("priorities", ["council", "document_id", "rank"], False),  # a council's priorities, in plan order
    # the facets of the item tables' pages (metadata.yml) count from an index, not the rows
    ("priorities", ["county"], False),
    ("recommendations", ["council"], False),
    ("risks", ["council"], False),
    ("decisions", ["council"], False),
    # what a search hit or a council's priorities show of their document, read without the text
    ("documents", ["id", "council", "title", "meeting_date", "plan_start_year", "plan_end_year"], False),
    ("ingest_log", ["path"], False),
    ("corrections", ["applied_to"], False),
]

# Full-text search: FTS5 with the porter stemmer, kept in step by triggers.
FTS_CONFIG: dict[str, list[str]] = {
    "documents": ["title", "text"],
    "priorities": ["text"],
    "recommendations": ["addressee", "text"],
    "risks": ["risk", "description", "mitigation"],
    "funding": ["amount_text", "funder", "purpose", "recipient", "quote"],
    "decisions": ["body", "text"],
    "pages": ["text"],
}
FTS_TOKENIZE = "porter"

# ---------------------------------------------------------------------------------------------
# Schema


def _ensure_view(db: sqlite_utils.Database, name: str, sql: str) -> bool:
    """Create the view, or replace it when its SQL differs; returns whether it did."""
    current = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [name]).fetchone()
    if current and current[0].endswith(sql):
        return False
    db.create_view(name, sql, replace=True)
    return True


def ensure_schema(db: sqlite_utils.Database, settings: Settings | None = None) -> None:
    """Create or update tables, foreign keys, indexes, FTS and views.  Safe to run every time."""
    fks_by_table: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, other, other_col in FOREIGN_KEYS:
        fks_by_table.setdefault(table, []).append((column, other, other_col))

    created: set[str] = set()
    with db.atomic():
        for name, spec in TABLES.items():
            table = db.table(name)
            if not table.exists():
                created.add(name)
                table.create(
                    spec["columns"],
                    pk=spec["pk"],
                    not_null=spec["not_null"],
                    foreign_keys=fks_by_table.get(name),
                )
            else:
                existing = set(table.columns_dict)
                for col, typ in spec["columns"].items():
                    if col not in existing:
                        table.add_column(col, typ)
        for name, columns, unique in INDEXES:
            index_name = f"idx_{name}_{'_'.join(columns)}"
            db.table(name).create_index(
                columns, index_name=index_name, unique=unique, if_not_exists=True
            )

    for name, columns in FTS_CONFIG.items():
        table = db.table(name)
        fts = table.detect_fts()
        if fts is None:
            table.enable_fts(columns, tokenize=FTS_TOKENIZE, create_triggers=True)

    with db.atomic():
        themes = load_taxonomy(settings)
        db.table("themes").upsert_all(themes, pk="id")
        councils = councils_fingerprint(db)
        db.table("councils").upsert_all(load_councils(settings), pk="name")
        theme_rows = [(r[0], r[1]) for r in db.execute(
            "SELECT id, label FROM themes ORDER BY id = 'other', label"
        )]
        for name, sql in VIEWS.items():
            if name not in SUMMARIES:
                _ensure_view(db, name, definition(sql, theme_rows))
        # the comparison views that aggregate: views over tables kept per council (summaries.py)
        rebuilt = ensure_summaries(db, theme_rows, lambda name, sql: _ensure_view(db, name, sql))
        if not rebuilt and councils_fingerprint(db) != councils:
            refresh_peers(db)  # models/councils.csv changed
        db.execute(f"PRAGMA user_version = {schema_stamp(settings or Settings())}")  # see unchanged.py

    if "pages" in created and "documents" not in created:
        # a database from before the pages table: split the stored documents into pages
        from .pages import save_pages

        with db.atomic():
            for document_id, text in db.execute("SELECT id, text FROM documents").fetchall():
                save_pages(db, document_id, text)

    if created & DERIVED_TABLES and "documents" not in created:
        # a database from before the derived tables: compute them for what it holds
        from .derived import refresh_council

        with db.atomic():
            for (council,) in db.execute("SELECT DISTINCT council FROM documents").fetchall():
                refresh_council(db, council)


