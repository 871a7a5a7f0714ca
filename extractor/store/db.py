"""Opening a database and reading rows as dicts (shared by the derived tables and the CLI)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import sqlite_utils


DOC_COLUMNS = "d.id, d.council, d.county, d.title, d.file_name, d.meeting_body, d.meeting_date, " \
               "d.plan_start_year, d.plan_end_year, d.ingested_at, d.path, d.rowid AS [order]"


def query_rows(db, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a database file, with foreign keys enforced."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    return db
