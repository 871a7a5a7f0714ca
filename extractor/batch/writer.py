"""The single writer: one document (and its ingest_log row) per transaction, so a crash or
``kill -9`` at any moment leaves whole documents only; and opening and closing the database."""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from ..errors import StoreError
from ..settings import Settings
from ..store import unchanged
from .jobs import FAILED, Job, Result, skip_row
from .supplied import apply



class Writer:
    """The single writer: stores a result and logs it, one transaction per document."""

    def __init__(self, db, supplied=None, corrections=()):
        from ..store import save  # sqlite-utils: loaded only when something is to be written

        self.db, self.store, self.supplied = db, save, supplied
        self.corrections = corrections  # from the corrections file, applied to each document

    def skip(self, job: Job, status: str | None = None) -> None:
        """Log a file that is not extracted: skipped, unreadable, or ``status`` if given."""
        with immediate(self.db):
            self.store.log_ingest(self.db, **skip_row(job, status))

    def write(self, result: Result) -> dict[str, int]:
        """Store ``result``; returns item counts by kind (empty when it failed)."""
        log = {
            "path": unchanged.path_text(result.path),
            "sha256": result.sha256,
            "pages": result.pages,
            "seconds": round(result.seconds, 3),
        }
        if result.status != "ok":
            with immediate(self.db):
                self.store.log_ingest(self.db, status=result.status, message=result.message, **log)
            return {}
        try:
            with immediate(self.db):
                data = apply(result.data, self.supplied.for_path(result.path)) if self.supplied else result.data
                saved = self.store.save_document(self.db, data, result.sha256, result.path, refresh=False,
                                                 corrections=self.corrections)
                _mark_pending(self.db, saved.get("touched") or (), saved.get("until"))
                notes = correction_notes(saved["corrections"])  # printed and logged with the warnings
                result.data["warnings"] = [*(result.data.get("warnings") or []), *notes]
                replaced = saved["replaced"]
                notes = [f"replaced {replaced}"] if replaced else []
                message = "; ".join(notes + result.warnings) or None
                self.store.log_ingest(
                    self.db, status="ok", message=message, document_id=result.sha256, **log
                )
        except StoreError:
            raise  # the database cannot be written: stop, and log nothing as failed
        except Exception as e:
            import traceback

            result.status = FAILED
            result.traceback = traceback.format_exc()
            result.message = (
                f"could not store the extraction ({type(e).__name__}: {e}); "
                "run with --debug for the traceback"
            )
            self.store.log_ingest(self.db, status=FAILED, message=result.message, **log)
            return {}
        return saved["counts"]


def correction_notes(applied) -> list[str]:
    """A warning for each correction that could not be applied (with its fix)."""
    return [f"correction {c.id} ({c.kind} {c.item_kind or 'document'}) {o.status}: {o.message}"
            for c, o in applied if o.status not in ("applied", "re-anchored")]


PENDING = unchanged.PENDING  # councils whose derived tables a batch has yet to refresh


def _mark_pending(db, councils, until: str | None = None) -> None:
    """Note, in the document's own transaction, the councils whose derived tables (plan changes,
    recommendation outcomes) need recomputing, and the latest date the document reaches
    (``until``, None for all: see :func:`extractor.store.derived.refresh_council`);
    :func:`refresh_pending` does it."""
    db.execute(f"CREATE TABLE IF NOT EXISTS [{PENDING}] (council TEXT, until TEXT)")
    if "until" not in {r[1] for r in db.execute(f"PRAGMA table_info([{PENDING}])")}:
        db.execute(f"ALTER TABLE [{PENDING}] ADD COLUMN until TEXT")  # noted by an older version
    for council in councils:
        db.execute(f"INSERT INTO [{PENDING}] (council, until) VALUES (?, ?)", [council, until])


def refresh_pending(db) -> int:
    """Recompute the derived tables of every council noted by :func:`_mark_pending`, each in
    its own transaction; returns how many.  A batch calls it at its start (to finish a killed
    run's work) and at its end: once per council rather than once per document, which keeps a
    batch linear in its size; and for each council only the recommendations the batch's
    documents can link to (those dated up to the latest of them)."""
    if PENDING not in db.table_names():
        return 0
    from ..store.derived import refresh_council

    columns = {r[1] for r in db.execute(f"PRAGMA table_info([{PENDING}])")}
    latest = "CASE WHEN COUNT(until) < COUNT(*) THEN NULL ELSE MAX(until) END" if "until" in columns else "NULL"
    pending = db.execute(f"SELECT council, {latest} FROM [{PENDING}] GROUP BY council").fetchall()
    for council, until in pending:
        with immediate(db):
            refresh_council(db, council, until)
            db.execute(f"DELETE FROM [{PENDING}] WHERE council IS ?", [council])
    return len(pending)


ANALYSIS_LIMIT = 400  # rows ANALYZE samples per index: about 0.1 s on a 20,000-document database


def analyse(db) -> None:
    """Refresh the query planner's statistics (``ANALYZE``, sampled), so that the site's queries
    read a document's title and council from their covering index rather than the document's
    row with its whole text (run at the end of a batch)."""
    with immediate(db):
        db.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        db.execute("ANALYZE")


BUSY_SECONDS = 60  # how long a write waits for another process's transaction (another ingest)
NOT_A_DATABASE = ("SQLITE_NOTADB", "SQLITE_CORRUPT")


@contextlib.contextmanager
def immediate(db):
    """A write transaction that takes the write lock when it starts (``BEGIN IMMEDIATE``), so
    that with another ingest writing it waits (the busy timeout) instead of failing half-way;
    nested ``db.atomic()`` blocks become savepoints.  SQLite errors that mean the database
    cannot be written (locked, read-only, disk full) become :class:`StoreError`."""
    try:
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.execute("COMMIT")
    except sqlite3.OperationalError as e:
        problem = store_problem(db_file(db), e)
        if problem is None:
            raise
        raise problem from None


def db_file(db) -> str:
    """The database's file name, for messages."""
    try:
        return db.conn.execute("PRAGMA database_list").fetchone()[2] or "the database"
    except sqlite3.Error:
        return "the database"


def store_problem(path, error: sqlite3.Error) -> StoreError | None:
    """The StoreError (with the fix) for an SQLite error meaning the database cannot be
    written, or None for any other error."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        fix = (f"another process (another csp-extract ingest?) kept it locked for over {BUSY_SECONDS} s; "
               "wait for that to finish, then run this ingest again: files stored so far are kept")
    elif name.startswith("SQLITE_READONLY") or "readonly" in text:
        fix = "it cannot be written (a read-only file or folder); check their permissions, or give another --db"
    elif name.startswith("SQLITE_FULL") or "disk is full" in text:
        fix = "the disk is full; free some space, then run this ingest again: files stored so far are kept"
    elif name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "unable to open" in text or "disk i/o" in text:
        fix = ("it cannot be opened or written (its folder read-only, the disk failing or full); check "
               "the folder's permissions and free space, or give another --db")
    else:
        return None
    return StoreError(f"{path}: {fix} ({error})")


def _open(db_path: str | Path, settings: Settings):
    from ..store import schema as store
    from ..store.db import open_db

    path = Path(db_path)
    if not path.parent.exists():
        raise ValueError(f"{path}: the folder {path.parent} does not exist; create it first")
    try:
        db = open_db(path)
        db.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        db.execute("PRAGMA journal_mode = WAL")  # readers never block; a commit costs no fsync
        db.execute("PRAGMA synchronous = NORMAL")
        with immediate(db):
            store.ensure_schema(db, settings)
    except sqlite3.DatabaseError as e:
        problem = store_problem(path, e)
        if problem is not None:
            raise problem from None
        if getattr(e, "sqlite_errorname", "") in NOT_A_DATABASE or "not a database" in str(e) or "malformed" in str(e):
            raise ValueError(
                f"{path}: not an SQLite database, or a damaged one ({e}); give another --db "
                "(if it should be a csp-extract database, move it aside and ingest again)"
            ) from None
        raise StoreError(f"{path}: could not prepare the database ({e}); give another --db") from None
    return db


def _close(db) -> None:
    """Fold the write-ahead log back into the database file (so that a copy of the one file,
    or Datasette's immutable mode, sees everything) and close.  After a crash or kill the log
    stays beside the file and the next ingest folds it in."""
    import sqlite3

    try:
        db.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError:
        pass  # another connection (a running Datasette) has it open: SQLite folds it in later
    db.close()
