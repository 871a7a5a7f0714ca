"""Re-ingesting a folder whose files are all stored already, with the standard library alone.

A second run over an unchanged folder has nothing to extract or store: each file gets its
``skipped`` row in ``ingest_log`` and that is all.  Loading sqlite-utils (which imports numpy)
and re-applying the schema took most of such a run, so :func:`extractor.batch.ingest.ingest_paths`
first plans the batch on a plain :mod:`sqlite3` connection (:func:`open_existing`), before
anything heavy is loaded.  When every file is a skip it only logs them (:func:`log_skipped`,
one transaction), provided that nothing else can be needed (:func:`is_current`):

- the database's ``PRAGMA user_version`` is :func:`schema_stamp`, which
  :func:`extractor.store.schema.ensure_schema` writes: a stamp of the schema this csp-extract declares
  (``store/schema.py``, ``store/views.py`` and ``store/summaries.py``) and of the theme taxonomy, so a new version or a changed taxonomy is applied
  by the full ingest;
- no council awaits the refresh of its derived tables (the unfinished work of a killed batch).

A stored file counts as unchanged only when it was extracted with the same models
(:func:`extractor.settings.models_hash`, recorded per document): another models folder, or a changed one, extracts
it again.

Otherwise the full ingest runs with that plan: no file is hashed twice, and only as many
workers start as there are files to extract.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Iterable, Mapping

from ..about import VERSION
from ..settings import Settings

STORE_SOURCES = tuple(Path(__file__).with_name(n) for n in ("schema.py", "views.py", "summaries.py", "reference.py"))  # the declared schema
PENDING = "ingest_pending_refresh"  # councils whose derived tables a batch has yet to refresh
LOG_COLUMNS = ("path", "sha256", "status", "message", "document_id", "at")


def schema_stamp(settings: Settings) -> int:
    """A 31-bit stamp of the declared schema, of ``models/taxonomy.json`` (the themes and
    the priority matrix's columns come from it) and of ``models/councils.csv`` (the councils).  An install without Python sources stamps its
    version instead."""
    digest = hashlib.sha256()
    for source in STORE_SOURCES:
        digest.update(source.read_bytes() if source.is_file() else f"csp-extract {VERSION}".encode())
    for name in ("taxonomy.json", "councils.csv"):  # the themes; the councils table
        model = Path(settings.models_dir) / name
        digest.update(model.read_bytes() if model.is_file() else b"")
    return int.from_bytes(digest.digest()[:4], "big") >> 1


def open_existing(db_path: str | Path) -> sqlite3.Connection | None:
    """A plain connection to ``db_path`` if it is an SQLite database holding a documents
    table; None otherwise (no file yet, not SQLite: the full ingest reports that)."""
    path = Path(db_path)
    if not path.is_file():
        return None
    conn = sqlite3.connect(path, timeout=60)  # another ingest may be writing: wait for it
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").fetchone():
            return conn
    except sqlite3.DatabaseError:
        pass
    conn.close()
    return None


def is_current(conn: sqlite3.Connection, settings: Settings) -> bool:
    """Whether the database carries the current schema stamp and no council awaits a refresh
    of its derived tables: then logging is all an all-skipped batch has to do."""
    return conn.execute("PRAGMA user_version").fetchone()[0] == schema_stamp(settings) and not _pending(conn)


def _pending(conn: sqlite3.Connection) -> bool:
    """Whether some council awaits the refresh of its derived tables."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [PENDING]).fetchone()
    return bool(found) and conn.execute(f"SELECT 1 FROM [{PENDING}] LIMIT 1").fetchone() is not None


def path_text(path) -> str:
    """A path as stored and printed: the file system's bytes read as UTF-8, with any byte that is
    not UTF-8 written as an escape ('caf\\xe9.txt'), so that one odd file name never stops a batch."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def find_document(db, *, sha256: str | None = None, path: str | None = None) -> tuple[str, str] | None:
    """The (id, path) of a stored document with these bytes or at this path, else None;
    ``db`` is a sqlite-utils Database or a plain sqlite3 connection (None: no database yet)."""
    if db is None:
        return None
    column, value = ("id", sha256) if sha256 is not None else ("path", path_text(path))
    row = db.execute(f"SELECT id, path FROM documents WHERE {column} = ?", [value]).fetchone()
    return tuple(row) if row else None


def log_skipped(conn: sqlite3.Connection, rows: Iterable[Mapping[str, str | None]]) -> None:
    """Append ``ingest_log`` rows (path, sha256, status, message, document_id) in one
    transaction, stamped with the time as :func:`extractor.store.save.log_ingest` does."""
    at = now()
    values = [[row.get(column) for column in LOG_COLUMNS[:-1]] + [at] for row in rows]
    with conn:
        conn.executemany(
            f"INSERT INTO ingest_log ({', '.join(LOG_COLUMNS)}) VALUES ({', '.join('?' * len(LOG_COLUMNS))})",
            values,
        )


def now() -> str:
    """The time as ingest_log records it (UTC, ISO 8601, whole seconds)."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
