"""Batch ingest: find files, hash them, skip what is stored, extract the rest, store, log.

The work is split so that files are extracted in parallel worker processes while one writer
stores them:

- :func:`find_files` turns files, folders (searched recursively) and glob patterns into a
  sorted list of ``.pdf``, ``.txt`` and ``.md`` files;
- :func:`plan` hashes each file and decides: ``skip`` (these bytes are already stored) or
  ``extract`` (new, or a changed file at a stored path: it will replace that document);
- :func:`extract_one` extracts ONE file and returns a :class:`Result` (data or an error); it
  touches no database, so it runs in a worker process (:mod:`extractor.workers`: N workers, a
  time limit per file, a crashed or stuck worker replaced);
- :class:`Writer` is the only code that writes: one document (and its ingest_log row) per
  transaction, so a crash or ``kill -9`` at any moment leaves whole documents only and the same
  command finishes the rest.

:func:`ingest_paths` runs them, shows progress on a terminal and returns a :class:`Summary`.
Statuses in ``ingest_log``: ``ok``, ``skipped``, and the failures ``empty``, ``corrupt``,
``encrypted``, ``needs_ocr``, ``unsupported``, ``timeout`` and ``failed``.
"""
from __future__ import annotations

import contextlib
import dataclasses
import glob
import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, TextIO

from . import unchanged
from .about import KINDS
from .errors import ExtractorError
from .read.formats import SUPPORTED as SUFFIXES
from .settings import Settings

FAILED = "failed"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

ExtractFn = Callable[[Path, Settings], dict]


# ---------------------------------------------------------------------------------------------
# Finding and planning


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest, absolute and sorted, without duplicates.

    A file is taken whatever its suffix (extraction reports an unsupported one); a folder is
    searched recursively for the supported formats (.pdf, .txt, .md, .html, .docx), skipping hidden ones; a pattern such as
    ``reports/**/*.pdf`` is expanded.  Raises ValueError when a path matches nothing.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        raw = str(raw)
        path = Path(raw).expanduser()
        if path.is_file():
            found[path.resolve()] = None
        elif path.is_dir():
            root = path.resolve()
            hits = [
                p
                for p in root.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not _is_hidden(p, root)
            ]
            if not hits:
                raise ValueError(
                    f"{raw}: no .pdf, .txt or .md files in this folder or below it"
                )
            for p in hits:
                found[p] = None
        elif glob.has_magic(raw):
            hits = [Path(p) for p in glob.glob(str(path), recursive=True)]
            hits = [p for p in hits if p.is_file()]
            if not hits:
                raise ValueError(f"{raw}: the pattern matches no file")
            for p in hits:
                found[p.resolve()] = None
        else:
            raise ValueError(f"{raw}: no such file or folder; check the path")
    return sorted(found)


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Job:
    """One file to ingest: ``action`` is "extract", "skip" (these bytes are stored), "same" (the
    same bytes as ``same_as``, earlier in this batch: it shares that file's fate) or "error"."""

    path: Path
    sha256: str | None
    action: str
    message: str | None = None
    replaces: str | None = None  # id of the stored document at this path, if bytes changed
    document_id: str | None = None  # for a skip: the stored document
    same_as: Path | None = None  # for "same": the file in this batch with these bytes


def plan(db, files: Iterable[Path]) -> list[Job]:
    """Hash each file and decide what to do with it against what ``db`` holds."""
    jobs = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            sha = sha256_file(path)
        except OSError as e:
            message = f"cannot read the file ({e.strerror}); check its permissions"
            jobs.append(Job(path, None, "error", message))
            continue
        if sha in seen and sha != EMPTY_SHA256:  # every empty file is reported as empty
            jobs.append(Job(path, sha, "same", document_id=sha, same_as=seen[sha]))
            continue
        seen[sha] = path
        same = unchanged.find_document(db, sha256=sha)
        if same is not None:
            message = "already ingested" if same[1] == str(path) else f"same bytes as {same[1]}"
            jobs.append(Job(path, sha, "skip", message, document_id=same[0]))
            continue
        old = unchanged.find_document(db, path=path)
        jobs.append(Job(path, sha, "extract", replaces=old[0] if old else None))
    return jobs


# ---------------------------------------------------------------------------------------------
# Extracting one file


@dataclass
class Result:
    """What happened to one file, ready for the writer."""

    path: Path
    sha256: str | None
    status: str  # "ok" or an ExtractorError status
    data: dict | None = None
    message: str | None = None
    seconds: float = 0.0
    traceback: str | None = None
    replaces: str | None = None

    @property
    def pages(self) -> int | None:
        return self.data.get("pages") if self.data else None

    @property
    def warnings(self) -> list[str]:
        """What the reader noticed in a file it could read (pages without text, cp1252)."""
        return [str(w) for w in (self.data or {}).get("warnings") or []]


def default_extract(path: Path, settings: Settings) -> dict:
    from . import extract_file  # imported late so that store and ingest load on their own

    return extract_file(path, settings, include_text=True)


def extract_one(job: Job, settings: Settings, extract: ExtractFn | None = None) -> Result:
    """Extract one file.  Never raises: errors come back as a failed :class:`Result`."""
    import traceback

    extract = extract or default_extract
    start = time.perf_counter()
    try:
        data = extract(job.path, settings)
        status, message, tb = "ok", None, None
    except ExtractorError as e:
        data, status, message, tb = None, e.status, e.message, traceback.format_exc()
    except Exception as e:  # a bug in an extractor must not stop the batch
        data, status, tb = None, FAILED, traceback.format_exc()
        message = f"internal error {type(e).__name__}: {e} (run with --debug for the traceback)"
    return Result(
        job.path, job.sha256, status, data, message, time.perf_counter() - start, tb, job.replaces
    )


# ---------------------------------------------------------------------------------------------
# Writing


class Writer:
    """The single writer: stores a result and logs it, one transaction per document."""

    def __init__(self, db):
        from . import store  # sqlite-utils: loaded only when something is to be written

        self.db, self.store = db, store

    def skip(self, job: Job, status: str | None = None) -> None:
        """Log a file that is not extracted: skipped, unreadable, or ``status`` if given."""
        self.store.log_ingest(self.db, **skip_row(job, status))

    def write(self, result: Result) -> dict[str, int]:
        """Store ``result``; returns item counts by kind (empty when it failed)."""
        log = {
            "path": str(result.path),
            "sha256": result.sha256,
            "pages": result.pages,
            "seconds": round(result.seconds, 3),
        }
        if result.status != "ok":
            self.store.log_ingest(self.db, status=result.status, message=result.message, **log)
            return {}
        try:
            with self.db.atomic():
                saved = self.store.save_document(
                    self.db, result.data, result.sha256, result.path, refresh=False
                )
                _mark_pending(self.db, saved.get("touched") or ())
                replaced = saved["replaced"]
                notes = [f"replaced {replaced}"] if replaced else []
                message = "; ".join(notes + result.warnings) or None
                self.store.log_ingest(
                    self.db, status="ok", message=message, document_id=result.sha256, **log
                )
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


def skip_row(job: Job, status: str | None = None) -> dict:
    """The ingest_log row of a file that is not extracted: skipped (its bytes are stored),
    unreadable, or ``status`` if given."""
    status = status or ("skipped" if job.action in ("skip", "same") else FAILED)
    return {"path": str(job.path), "sha256": job.sha256, "status": status, "message": job.message,
            "document_id": job.document_id if status == "skipped" else None}


PENDING = unchanged.PENDING  # councils whose derived tables a batch has yet to refresh


def _mark_pending(db, councils) -> None:
    """Note, in the document's own transaction, the councils whose derived tables (plan changes,
    recommendation outcomes) need recomputing; :func:`refresh_pending` does it."""
    db.execute(f"CREATE TABLE IF NOT EXISTS [{PENDING}] (council TEXT)")
    for council in councils:
        db.execute(f"INSERT INTO [{PENDING}] (council) VALUES (?)", [council])


def refresh_pending(db) -> int:
    """Recompute the derived tables of every council noted by :func:`_mark_pending`, each in
    its own transaction; returns how many.  A batch calls it at its start (to finish a killed
    run's work) and at its end: once per council rather than once per document, which keeps a
    batch linear in its size."""
    if PENDING not in db.table_names():
        return 0
    from .changes import refresh_council

    councils = [r[0] for r in db.execute(f"SELECT DISTINCT council FROM [{PENDING}]").fetchall()]
    for council in councils:
        with db.atomic():
            refresh_council(db, council)
            db.execute(f"DELETE FROM [{PENDING}] WHERE council IS ?", [council])
    return len(councils)


# ---------------------------------------------------------------------------------------------
# Progress and summary


@dataclass
class Summary:
    ok: int = 0
    skipped: int = 0
    failed: int = 0
    replaced: int = 0
    pages: int = 0
    seconds: float = 0.0
    items: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    failures: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.ok + self.skipped + self.failed

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        items = ", ".join(f"{n} {kind}" for kind, n in self.items.items())
        replaced = f" ({self.replaced} replaced)" if self.replaced else ""
        return (
            f"{self.documents} documents: {self.ok} ok{replaced}, {self.skipped} skipped, "
            f"{self.failed} failed; {self.pages} pages; items: {items}; {self.seconds:.1f} s"
        )


class Progress:
    """One status line rewritten in place on a terminal; nothing otherwise."""

    def __init__(self, total: int, stream: TextIO | None, enabled: bool):
        self.total = total
        self.stream = stream
        self.enabled = enabled and stream is not None
        self.done = 0
        self.pages = 0
        self._width = 0

    def show(self, current: str | None) -> None:
        if not self.enabled:
            return
        text = f"[{self.done}/{self.total}] {self.pages} pages"
        if current:
            text += f" · {current}"
        text = text[:110]
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def advance(self, pages: int | None) -> None:
        self.done += 1
        self.pages += pages or 0

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


# ---------------------------------------------------------------------------------------------
# The batch


def ingest_paths(
    paths: Iterable[str | Path],
    db_path: str | Path = "csp.db",
    settings: Settings | None = None,
    password: str | None = None,
    quiet: bool = False,
    debug: bool = False,
    extract: ExtractFn | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    workers: int | None = None,
    timeout: float | None = None,
) -> Summary:
    """Ingest files, folders and patterns into the database at ``db_path``.

    Files are extracted by ``workers`` processes (default ``settings.workers``; 0 extracts in
    this process, with no time limit), each file given ``timeout`` seconds (default
    ``settings.timeout``); this process alone writes, one document per transaction.  Progress
    goes to ``err`` (stderr) only when it is a terminal and not ``quiet``; each failure is
    reported on ``err`` (with its traceback when ``debug``); the closing summary line goes to
    ``out`` (stdout) unless ``quiet``.  Raises ValueError for a path that matches nothing or a
    database file that is not SQLite.
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    settings = _with(settings or Settings(), password=password, workers=workers, timeout=timeout)
    started = time.perf_counter()
    files = find_files(paths)
    jobs, summary = _plan_first(files, db_path, settings)
    if summary is not None:
        summary.seconds = time.perf_counter() - started
        if not quiet:
            print(summary.line(), file=out)
        return summary
    summary = Summary()
    to_extract = len(files) if jobs is None else sum(job.action == "extract" for job in jobs)
    with _workers(settings, extract, to_extract) as pool:  # they load the models meanwhile
        db = _open(db_path, settings)
        try:
            refresh_pending(db)
            jobs = plan(db, files) if jobs is None else jobs
            progress = Progress(len(jobs), err, enabled=not quiet and _is_terminal(err))
            batch = _Batch(Writer(db), summary, progress, err, debug, quiet)
            batch.record([job for job in jobs if job.action in ("skip", "error")])
            todo = [job for job in jobs if job.action == "extract"]
            for result in _results(todo, settings, extract, batch.started, pool):
                batch.finished(result)
            batch.record_same([job for job in jobs if job.action == "same"])
            refresh_pending(db)
            progress.show(None)
            progress.close()
        finally:
            _close(db)
    summary.seconds = time.perf_counter() - started
    if not quiet:
        print(summary.line(), file=out)
    return summary


def _plan_first(files: list[Path], db_path: str | Path, settings: Settings) -> tuple[list[Job] | None, Summary | None]:
    """Plan the batch against an existing database with the standard library alone
    (:mod:`extractor.unchanged`).  Returns the jobs, and also a summary when every file was
    stored already and the database is current: the files are then logged as skipped (one
    transaction) and the batch is done.  (None, None) when there is no database to plan
    against yet."""
    import sqlite3

    conn = unchanged.open_existing(db_path)
    if conn is None:
        return None, None
    try:
        jobs = plan(conn, files)
        if any(job.action not in ("skip", "same") for job in jobs) or not unchanged.is_current(conn, settings):
            return jobs, None
        for job in jobs:
            if job.action == "same":
                job.message = f"same bytes as {job.same_as}"
        unchanged.log_skipped(conn, [skip_row(job) for job in jobs])
    except sqlite3.DatabaseError:  # a damaged file: the full ingest says so, with the fix
        return None, None
    finally:
        conn.close()
    return jobs, Summary(skipped=len(jobs))


def _with(settings: Settings, **changes) -> Settings:
    """``settings`` with the options that were given (not None) replaced."""
    changes = {k: v for k, v in changes.items() if v is not None}
    return dataclasses.replace(settings, **changes) if changes else settings


def _workers(settings: Settings, extract: ExtractFn | None, files: int):
    """The worker processes for a batch of ``files`` files (as a context manager), started
    before the database is opened so that they load the extraction libraries while this
    process prepares it; no pool when ``settings.workers`` is 0 (extraction in this process)."""
    if settings.workers == 0 or files == 0:
        return contextlib.nullcontext()
    from .workers import WorkerPool

    return WorkerPool(min(settings.workers, files), settings, extract)


def _results(jobs: list[Job], settings: Settings, extract: ExtractFn | None, on_start, pool) -> Iterable[Result]:
    """Extract ``jobs`` with the worker ``pool`` (in this process when there is none)."""
    if pool is None:
        for job in jobs:
            on_start(job)
            yield extract_one(job, settings, extract)
        return
    if jobs:
        yield from pool.run(jobs, on_start)


class _Batch:
    """Stores results as they come and keeps the summary, the progress line and the report."""

    def __init__(self, writer: Writer, summary: Summary, progress: Progress, err, debug: bool,
                 quiet: bool = False):  # fmt: skip
        self.writer, self.summary, self.progress = writer, summary, progress
        self.err, self.debug, self.quiet = err, debug, quiet
        self.outcomes: dict[Path, tuple[str, str | None]] = {}  # path -> (status, message)

    def record(self, jobs: list[Job]) -> None:
        """Log the files not to extract (skipped, unreadable) in one transaction."""
        with self.writer.db.atomic():
            for job in jobs:
                self.writer.skip(job)
        for job in jobs:
            self.progress.advance(0)
            if job.action == "skip":
                self.outcomes[job.path] = ("ok", None)  # stored: a later file with these bytes is skipped too
                self.summary.skipped += 1
            else:
                self._failed(str(job.path), FAILED, job.message, None)

    def record_same(self, jobs: list[Job]) -> None:
        """Files with the same bytes as one extracted in this batch share its outcome."""
        for job in jobs:
            status, message = self.outcomes.get(job.same_as, (FAILED, "not extracted"))
            job.message = f"same bytes as {job.same_as}" + (f": {message}" if status != "ok" else "")
            self.writer.skip(job, "skipped" if status == "ok" else status)
            self.progress.advance(0)
            if status == "ok":
                self.summary.skipped += 1
            else:
                self._failed(str(job.path), status, job.message, None)

    def started(self, job: Job) -> None:
        self.progress.show(job.path.name)

    def finished(self, result: Result) -> None:
        """Store one result (its own transaction) and account for it."""
        counts = self.writer.write(result)
        self.outcomes[result.path] = (result.status, result.message)
        if result.status == "ok":
            self.summary.ok += 1
            self.summary.replaced += int(result.replaces is not None)
            self.summary.pages += result.pages or 0
            for kind, n in counts.items():
                self.summary.items[kind] += n
            for warning in [] if self.quiet else result.warnings:
                _report(self.err, self.progress, str(result.path), "warning", warning, None)
        else:
            tb = result.traceback if self.debug else None
            self._failed(str(result.path), result.status, result.message, tb)
        self.progress.advance(result.pages)

    def _failed(self, path: str, status: str, message: str | None, tb: str | None) -> None:
        self.summary.failed += 1
        self.summary.failures.append((path, status, message or ""))
        _report(self.err, self.progress, path, status, message, tb)


def _report(err, progress: Progress, path: str, status: str, message, tb) -> None:
    progress.close()
    print(f"{path}: {status}: {message}", file=err)
    if tb:
        print(tb, file=err)


def _open(db_path: str | Path, settings: Settings):
    import sqlite3

    from . import store

    path = Path(db_path)
    if not path.parent.exists():
        raise ValueError(f"{path}: the folder {path.parent} does not exist; create it first")
    try:
        db = store.open_db(path)
        db.execute("PRAGMA journal_mode = WAL")  # readers never block; a commit costs no fsync
        db.execute("PRAGMA synchronous = NORMAL")
        store.ensure_schema(db, settings)
    except sqlite3.DatabaseError as e:
        raise ValueError(
            f"{path}: not a usable SQLite database ({e}); give another --db or remove the file"
        ) from None
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


def bundled_corpus() -> Path:
    """The five sample reports shipped with a csp-extract checkout (corpus/docs)."""
    return Path(__file__).resolve().parent.parent / "corpus" / "docs"


def demo(
    db_path: str | Path = "csp.db",
    host: str = "127.0.0.1",
    port: int = 8001,
    serve: bool = True,
    quiet: bool = False,
) -> int:
    """Ingest the bundled corpus into ``db_path`` and serve it; returns an exit status."""
    corpus = bundled_corpus()
    if not corpus.is_dir():
        raise ValueError(
            f"{corpus}: the sample corpus is not here (it ships with a git checkout of "
            "csp-extract, not with the installed package); run csp-extract ingest on your own "
            "reports instead"
        )
    summary = ingest_paths([corpus], db_path, quiet=quiet)
    if summary.ok + summary.skipped == 0:
        raise ValueError("no sample report could be ingested; see the messages above")
    if not serve:
        return summary.exit_code
    from .serve import serve as run_server

    return run_server(db_path, host=host, port=port)
