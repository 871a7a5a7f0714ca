"""The SQLite shape of csp-extract's data, declared once, and saving a document into it.

The schema is module-level data, in the style of github-to-sqlite: ``TABLES`` (columns in
order, primary key, not-null columns), ``FOREIGN_KEYS``, ``INDEXES``, ``FTS_CONFIG`` and
``VIEWS``.  :func:`ensure_schema` applies it idempotently with sqlite-utils: it creates what is
missing, adds columns a newer version declares, and recreates a view whose SQL changed.

:func:`save_document` writes one extraction result (the dict returned by
``extractor.extract_file``) in ONE transaction: it first deletes any earlier document stored
under the same path (a changed file replaces its rows), then inserts the document, its council
and every item.  Items carry their document's council and county so that Datasette can facet on
them without a join.  In the same transaction it recomputes the derived tables
(``priority_changes``: what changed between a council's consecutive plans;
``recommendation_outcomes``: what became of each recommendation) for every council the save
touches; see ``extractor/changes.py``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import sqlite_utils

from .settings import Settings
from .unchanged import find_document, now, schema_stamp


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
        "columns": {"id": str, "label": str, "description": str},
        "pk": "id",
        "not_null": {"label"},
    },
    "councils": {
        "columns": {"name": str, "county": str, "kind": str},
        "pk": "name",
        "not_null": set(),
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
            "extractor_version": str,
            "ingested_at": str,  # ISO timestamp, UTC
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
            "amount_text": str,
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
    # Derived by extractor/changes.py, recomputed for a council whenever one of its documents
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
# Tables computed from the others by extractor/changes.py (never written by hand).
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
    ("ingest_log", ["path"], False),
]

# Full-text search: FTS5 with the porter stemmer, kept in step by triggers.
FTS_CONFIG: dict[str, list[str]] = {
    "documents": ["title", "text"],
    "priorities": ["text"],
    "recommendations": ["addressee", "text"],
    "risks": ["risk", "description", "mitigation"],
    "funding": ["amount_text", "funder", "purpose", "recipient", "quote"],
    "decisions": ["body", "text"],
}
FTS_TOKENIZE = "porter"

# A plan's period as people write it: 2020-24, 2024-25, or the meeting year when unknown.
_PLAN = (
    "CASE WHEN d.plan_start_year IS NULL THEN substr(d.meeting_date, 1, 4) "
    "WHEN d.plan_end_year IS NULL OR d.plan_end_year = d.plan_start_year "
    "THEN CAST(d.plan_start_year AS TEXT) "
    "ELSE d.plan_start_year || '-' || substr(CAST(d.plan_end_year AS TEXT), 3, 2) END"
)


def _plan(alias: str) -> str:
    """_PLAN for a documents table called ``alias``."""
    return _PLAN.replace("d.", f"{alias}.")


# what_changed lists additions first, then drops, renames, re-rankings and what was kept.
_CHANGE_ORDER = (
    "CASE c.change WHEN 'added' THEN 1 WHEN 'dropped' THEN 2 WHEN 'renamed' THEN 3 "
    "WHEN 're-ranked' THEN 4 ELSE 5 END"
)

# Views, in creation order (later ones use earlier ones).  ``{theme_columns}`` in
# priority_matrix is filled from the themes table: one column per theme.
VIEWS: dict[str, str] = {
    "latest_plans": f"""
SELECT council, county, document_id, plan FROM (
  SELECT d.council, d.county, d.id AS document_id, {_PLAN} AS plan,
    ROW_NUMBER() OVER (
      PARTITION BY d.council
      ORDER BY COALESCE(d.plan_start_year, CAST(substr(d.meeting_date, 1, 4) AS INTEGER)) DESC,
               d.meeting_date DESC, d.ingested_at DESC
    ) AS n
  FROM documents d
  WHERE d.council IS NOT NULL
    AND EXISTS (SELECT 1 FROM priorities p WHERE p.document_id = d.id)
) WHERE n = 1""",
    "council_theme_ranks": """
SELECT lp.council, lp.county, lp.plan, pt.theme_id, t.label AS theme, p.rank,
  p.text AS priority, pt.is_main, p.document_id, p.page, p.id AS priority_id
FROM latest_plans lp
JOIN priorities p ON p.document_id = lp.document_id
JOIN priority_themes pt ON pt.priority_id = p.id
JOIN themes t ON t.id = pt.theme_id""",
    "priority_matrix": """
SELECT council, county, plan, COUNT(DISTINCT priority_id) AS priorities{theme_columns},
  document_id
FROM council_theme_ranks
GROUP BY council, county, plan, document_id""",
    "themes_by_county": """
SELECT t.id AS theme_id, t.label AS theme,
  COUNT(DISTINCT CASE WHEN ct.county = 'Kent' THEN ct.council END) AS kent_partnerships,
  COUNT(DISTINCT CASE WHEN ct.county = 'Surrey' THEN ct.council END) AS surrey_partnerships,
  COUNT(DISTINCT ct.council) AS all_partnerships,
  group_concat(DISTINCT ct.council) AS councils
FROM themes t LEFT JOIN council_theme_ranks ct ON ct.theme_id = t.id
GROUP BY t.id, t.label
ORDER BY all_partnerships DESC, t.label""",
    "priorities_over_time": f"""
SELECT d.council, d.county, {_PLAN} AS plan, d.plan_start_year, d.plan_end_year,
  d.meeting_date, p.rank, p.text AS priority, t.label AS main_theme,
  (SELECT group_concat(t2.label, '; ') FROM priority_themes pt2
     JOIN themes t2 ON t2.id = pt2.theme_id WHERE pt2.priority_id = p.id) AS themes,
  d.title AS document, p.page, p.document_id, p.id AS priority_id
FROM priorities p
JOIN documents d ON d.id = p.document_id
LEFT JOIN themes t ON t.id = p.main_theme
ORDER BY d.council, COALESCE(d.plan_start_year, CAST(substr(d.meeting_date, 1, 4) AS INTEGER)),
  d.meeting_date, p.rank""",
    "funding_by_council_year": """
SELECT f.council, f.county, COALESCE(f.period, 'unknown') AS period,
  SUM(f.amount_gbp) AS total_gbp, COUNT(*) AS items,
  group_concat(DISTINCT f.funder) AS funders,
  group_concat(DISTINCT f.purpose) AS purposes
FROM funding f
GROUP BY f.council, f.county, COALESCE(f.period, 'unknown')
ORDER BY f.council, period""",
    "recommendations_by_body_action": """
SELECT COALESCE(r.addressee, 'unknown') AS body, a.value AS action,
  COUNT(*) AS recommendations, COUNT(DISTINCT r.council) AS councils,
  group_concat(DISTINCT r.council) AS council_names
FROM recommendations r, json_each(COALESCE(r.actions, '[]')) a
GROUP BY COALESCE(r.addressee, 'unknown'), a.value
ORDER BY recommendations DESC, body, action""",
    "risk_register": """
SELECT r.council, r.county, r.risk, r.description, r.mitigation, r.rating,
  d.title AS document, d.meeting_date, r.page, r.document_id, r.id AS risk_id
FROM risks r JOIN documents d ON d.id = r.document_id
ORDER BY r.council, d.meeting_date, r.rating IS NULL, r.rating, r.id""",
    "items": """
SELECT 'priority' AS kind, id AS item_id, document_id, council, county,
  text, page, quote FROM priorities
UNION ALL
SELECT 'recommendation', id, document_id, council, county, text, page, quote
  FROM recommendations
UNION ALL
SELECT 'risk', id, document_id, council, county,
  risk || COALESCE(' — ' || mitigation, ''), page, quote FROM risks
UNION ALL
SELECT 'funding', id, document_id, council, county,
  COALESCE(amount_text, '£' || amount_gbp) || COALESCE(' — ' || purpose, ''), page, quote
  FROM funding
UNION ALL
SELECT 'decision', id, document_id, council, county, text, page, quote FROM decisions""",
    "what_changed": f"""
SELECT c.council, c.county, c.pair, {_plan('fd')} AS from_plan, {_plan('td')} AS to_plan,
  c.change, c.from_rank, c.from_text AS from_priority, c.to_rank, c.to_text AS to_priority,
  c.detail, c.score, ft.label AS from_theme, tt.label AS to_theme,
  fd.title AS from_document, fd.meeting_date AS from_date, c.from_page, c.from_document_id,
  td.title AS to_document, td.meeting_date AS to_date, c.to_page, c.to_document_id,
  c.id AS change_id
FROM priority_changes c
JOIN documents fd ON fd.id = c.from_document_id
JOIN documents td ON td.id = c.to_document_id
LEFT JOIN themes ft ON ft.id = c.from_theme
LEFT JOIN themes tt ON tt.id = c.to_theme
ORDER BY c.council, c.pair, {_CHANGE_ORDER}, COALESCE(c.to_rank, c.from_rank), c.id""",
    "recommendation_follow_through": """
SELECT o.council, o.county, rd.title AS report, rd.meeting_date AS report_date,
  r.addressee AS asked, r.actions, o.recommendation_quote, o.status, o.score, o.reason,
  c.body AS decided_by, dd.meeting_date AS decision_date, o.decision_quote,
  o.recommendation_page, o.recommendation_document_id,
  o.decision_page, o.decision_document_id, o.recommendation_id, o.decision_id
FROM recommendation_outcomes o
JOIN recommendations r ON r.id = o.recommendation_id
JOIN documents rd ON rd.id = o.recommendation_document_id
LEFT JOIN decisions c ON c.id = o.decision_id
LEFT JOIN documents dd ON dd.id = o.decision_document_id
ORDER BY o.council IS NULL, o.council, rd.meeting_date, o.recommendation_id""",
    "theme_trends": """
SELECT COALESCE(d.plan_start_year, CAST(substr(d.meeting_date, 1, 4) AS INTEGER)) AS year,
  COALESCE(d.county, 'unknown') AS county, pt.theme_id, t.label AS theme,
  COUNT(DISTINCT d.council) AS partnerships, COUNT(DISTINCT p.id) AS priorities,
  SUM(pt.is_main) AS as_main_theme, COUNT(DISTINCT d.id) AS documents,
  group_concat(DISTINCT d.council) AS councils
FROM priorities p
JOIN documents d ON d.id = p.document_id
JOIN priority_themes pt ON pt.priority_id = p.id
JOIN themes t ON t.id = pt.theme_id
WHERE COALESCE(d.plan_start_year, CAST(substr(d.meeting_date, 1, 4) AS INTEGER)) IS NOT NULL
GROUP BY 1, 2, pt.theme_id, t.label
ORDER BY year, county, partnerships DESC, theme""",
}


def _matrix_columns(themes: Iterable[tuple[str, str]]) -> str:
    """One column per theme: the best rank of the council's priorities naming that theme,
    or a tick when they name it without a rank."""
    parts = []
    for theme_id, label in themes:
        tid = theme_id.replace("'", "''")
        col = label.replace('"', '""')
        parts.append(
            f",\n  COALESCE(CAST(MIN(CASE WHEN theme_id = '{tid}' THEN rank END) AS TEXT),"
            f" CASE WHEN SUM(theme_id = '{tid}') > 0 THEN '✓' END) AS \"{col}\""
        )
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Taxonomy and councils


def taxonomy_path(settings: Settings | None = None) -> Path:
    return (settings or Settings()).models_dir / "taxonomy.json"


def load_taxonomy(settings: Settings | None = None) -> list[dict[str, str]]:
    """The theme taxonomy from ``models/taxonomy.json`` (a list of ``{id, label, covers}``)."""
    path = taxonomy_path(settings)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(
            f"{path}: theme taxonomy not found; set CSP_EXTRACT_MODELS to the models/ folder "
            "of a csp-extract checkout"
        ) from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e}); restore it from git") from None
    themes = []
    for entry in raw:
        covers = entry.get("covers") or ""
        if isinstance(covers, list):
            covers = ", ".join(covers)
        themes.append({"id": entry["id"], "label": entry["label"], "description": covers})
    return themes


_KINDS = [
    (re.compile(r"\bCounty Council\b"), "county"),
    (re.compile(r"\bDistrict Council\b"), "district"),
    (re.compile(r"\bBorough Council\b"), "borough"),
    (re.compile(r"\bCity Council\b"), "city"),
    (re.compile(r"^[A-Z][\w' -]* Council$"), "unitary"),
]


def council_kind(name: str, models_dir: Path | None = None) -> str | None:
    """The kind of authority: from the gazetteer (models/gazetteer.json) when it knows the
    council, else read from the name ("Dover District Council" -> district)."""
    try:
        from .normalise.councils import load_gazetteer

        council = load_gazetteer(models_dir).get(name)
        if council is not None and council.kind:
            return council.kind
    except Exception:  # gazetteer absent or unreadable: fall back to the name
        pass
    for pattern, kind in _KINDS:
        if pattern.search(name):
            return kind
    return None


# ---------------------------------------------------------------------------------------------
# Schema


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a database file, with foreign keys enforced."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    return db


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
        theme_rows = [(r[0], r[1]) for r in db.execute(
            "SELECT id, label FROM themes ORDER BY id = 'other', label"
        )]
        for name, sql in VIEWS.items():
            if name == "priority_matrix":
                sql = sql.format(theme_columns=_matrix_columns(theme_rows))
            sql = sql.strip()
            current = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [name]
            ).fetchone()
            if current and current[0].endswith(sql):
                continue
            db.create_view(name, sql, replace=True)
        db.execute(f"PRAGMA user_version = {schema_stamp(settings or Settings())}")  # see unchanged.py

    if created & DERIVED_TABLES and "documents" not in created:
        # a database from before the derived tables: compute them for what it holds
        from .changes import refresh_council

        with db.atomic():
            for (council,) in db.execute("SELECT DISTINCT council FROM documents").fetchall():
                refresh_council(db, council)


# ---------------------------------------------------------------------------------------------
# Saving


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _prov(item: Mapping[str, Any]) -> dict[str, Any]:
    rules = item.get("rules")
    return {
        "page": item.get("page"),
        "char_start": item.get("char_start"),
        "char_end": item.get("char_end"),
        "quote": item.get("quote"),
        "confidence": item.get("confidence"),
        "rules": json.dumps(list(rules)) if rules is not None else None,
    }


def _amount(value: Any) -> int | float | None:
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def document_row(
    result: Mapping[str, Any], sha256: str, path: str | Path, ingested_at: str | None = None
) -> dict[str, Any]:
    """The documents row for one extraction result."""
    if not isinstance(result.get("text"), str):
        raise ValueError(
            "the extraction result has no text, so quotes cannot be checked against it; "
            "call extract_file(path, settings, include_text=True)"
        )
    doc = result.get("document") or {}
    period = doc.get("plan_period") or {}
    meeting_date = doc.get("meeting_date")
    warnings = list(result.get("warnings") or [])
    if meeting_date is not None and not _ISO_DATE.match(str(meeting_date)):
        warnings.append(f"meeting_date {meeting_date!r} is not an ISO date; left empty")
        meeting_date = None
    path = Path(path)
    return {
        "id": sha256,
        "path": str(path),
        "file_name": path.name,
        "council": doc.get("council"),
        "county": doc.get("county"),
        "title": doc.get("title"),
        "meeting_body": doc.get("meeting_body"),
        "meeting_date": meeting_date,
        "author": doc.get("author"),
        "plan_start_year": period.get("start_year"),
        "plan_end_year": period.get("end_year"),
        "pages": result.get("pages") or 1,
        "text": result["text"],
        "warnings": json.dumps(warnings),
        "source_url": result.get("source_url"),
        "extractor_version": result.get("extractor_version"),
        "ingested_at": ingested_at or now(),
    }


def delete_document(db: sqlite_utils.Database, document_id: str) -> None:
    """Delete a document and every row that points at it (call inside a transaction)."""
    from .changes import forget_document

    forget_document(db, document_id)
    db.execute(
        "DELETE FROM priority_themes WHERE priority_id IN "
        "(SELECT id FROM priorities WHERE document_id = ?)",
        [document_id],
    )
    for table in ITEM_TABLES:
        db.execute(f"DELETE FROM [{table}] WHERE document_id = ?", [document_id])
    db.execute("DELETE FROM documents WHERE id = ?", [document_id])


def save_document(
    db: sqlite_utils.Database,
    result: Mapping[str, Any],
    sha256: str,
    path: str | Path,
    ingested_at: str | None = None,
    refresh: bool = True,
) -> dict[str, Any]:
    """Store one extraction result in one transaction; return counts of items by kind, the
    id of the document it replaced (same path, other bytes), if any, and the councils whose
    derived tables the save affects (``touched``).  ``refresh=False`` leaves those tables to
    the caller (a batch refreshes each council once at its end: extractor/ingest.py)."""
    row = document_row(result, sha256, path, ingested_at)
    counts = {kind: 0 for kind in ITEM_TABLES}
    replaced = None
    with db.atomic():
        old = find_document(db, path=row["path"])
        # councils whose plan sequence and outcomes this save changes (see the end)
        touched = {row["council"]} | {
            r[0] for r in db.execute(
                "SELECT council FROM documents WHERE id IN (?, ?)", [old[0] if old else None, sha256]
            )
        }  # fmt: skip
        if old is not None:
            replaced = old[0]
            delete_document(db, old[0])
        if find_document(db, sha256=sha256) is not None:
            # Same bytes under another path: the newest path wins.
            delete_document(db, sha256)
        if row["council"]:
            existing = db.execute(
                "SELECT county, kind FROM councils WHERE name = ?", [row["council"]]
            ).fetchone()
            if existing is None:
                db.table("councils").insert(
                    {
                        "name": row["council"],
                        "county": row["county"],
                        "kind": council_kind(row["council"]),
                    }
                )
            elif existing[0] is None and row["county"]:
                db.execute(
                    "UPDATE councils SET county = ? WHERE name = ?", [row["county"], row["council"]]
                )
        db.table("documents").insert(row)
        head = {"document_id": sha256, "council": row["council"], "county": row["county"]}
        known_themes = {r[0] for r in db.execute("SELECT id FROM themes")}

        for item in result.get("priorities") or []:
            themes = [t for t in dict.fromkeys(item.get("themes") or [])]
            for theme in themes:
                if theme not in known_themes:
                    db.table("themes").insert(
                        {"id": theme, "label": theme, "description": "not in models/taxonomy.json"}
                    )
                    known_themes.add(theme)
            pid = (
                db.table("priorities")
                .insert(
                    {
                        **head,
                        "rank": item.get("rank"),
                        "text": item["text"],
                        "main_theme": themes[0] if themes else None,
                        **_prov(item),
                    }
                )
                .last_pk
            )
            db.table("priority_themes").insert_all(
                {"priority_id": pid, "theme_id": t, "is_main": int(i == 0), "position": i + 1}
                for i, t in enumerate(themes)
            )
            counts["priorities"] += 1

        simple = {
            "recommendations": lambda it: {
                "addressee": it.get("addressee"),
                "actions": json.dumps(list(it.get("actions") or [])),
                "text": it["text"],
            },
            "risks": lambda it: {
                "risk": it["risk"],
                "description": it.get("description"),
                "mitigation": it.get("mitigation"),
                "rating": it.get("rating"),
            },
            "funding": lambda it: {
                "amount_gbp": _amount(it.get("amount_gbp")),
                "amount_text": it.get("amount_text"),
                "period": it.get("period"),
                "funder": it.get("funder"),
                "purpose": it.get("purpose"),
                "recipient": it.get("recipient"),
            },
            "decisions": lambda it: {
                "body": it.get("body"),
                "outcome": it.get("outcome"),
                "text": it["text"],
            },
        }
        for kind, fields in simple.items():
            rows = [{**head, **fields(it), **_prov(it)} for it in result.get(kind) or []]
            if rows:
                db.table(kind).insert_all(rows)
            counts[kind] = len(rows)

        # Derived tables (extractor/changes.py): plan-to-plan changes and recommendation
        # outcomes of every council this save touched, in the same transaction.
        from .changes import refresh_council

        for council in sorted(touched, key=lambda c: (c is None, c or "")) if refresh else ():
            refresh_council(db, council)
    return {"counts": counts, "replaced": replaced, "touched": touched}


def log_ingest(db: sqlite_utils.Database, **row: Any) -> None:
    """Append one row to ingest_log (its own small transaction)."""
    row.setdefault("at", now())
    with db.atomic():
        db.table("ingest_log").insert(row)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of the data tables (not ingest_log)."""
    return {
        name: db.execute(f"SELECT COUNT(*) FROM [{name}]").fetchone()[0]
        for name in TABLES
        if name != "ingest_log"
    }
