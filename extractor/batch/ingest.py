"""Batch ingest: find files, hash them, skip what is stored, extract the rest, store, log.

The work is split so that files are extracted in parallel worker processes while one writer
stores them:

- :func:`select_files` turns files, folders (searched recursively) and glob patterns into a
  sorted list of ``.pdf``, ``.txt`` and ``.md`` files;
- :func:`plan` hashes each file and decides: ``skip`` (these bytes are already stored, extracted
  with the same models) or ``extract`` (new, a changed file at a stored path, or one extracted
  with another models folder's content: it will replace that document);
- :func:`extract_one` extracts ONE file and returns a :class:`Result` (data or an error); it
  touches no database, so it runs in a worker process (:mod:`extractor.batch.workers`: N workers, a
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
import sys
import time
from pathlib import Path
from typing import Iterable, TextIO

from ..settings import Settings, memory_limit, models_hash
from ..store import unchanged
from .files import select_files
from .jobs import FAILED, ExtractFn, Job, Result, extract_one, plan, refused_jobs, skip_row
from .memory import ceiling
from .progress import Progress, Summary, _is_terminal
from .supplied import Supplied
from .writer import Writer, _close, _open, analyse, immediate, refresh_pending



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
    exclude: Iterable[str] = (),
    supplied: Supplied | None = None,
    max_memory: int | None = None,
    corrections: str | Path | None = None,
    models_dir: str | Path | None = None,
) -> Summary:
    """Ingest files, folders and patterns into the database at ``db_path``.

    Files are extracted by ``workers`` processes (default ``settings.workers``; 0 extracts in
    this process, with no time limit), each file given ``timeout`` seconds (default
    ``settings.timeout``); this process alone writes, one document per transaction.  Progress
    goes to ``err`` (stderr) only when it is a terminal and not ``quiet``; each failure is
    reported on ``err`` (with its traceback when ``debug``); the closing summary line goes to
    ``out`` (stdout) unless ``quiet``.  Files of a folder that are not reports (README,
    ANNOTATION ...) and files matching an ``exclude`` pattern are left out and named in the
    summary.  ``supplied`` values (``--council``, ``--manifest``: :mod:`extractor.batch.supplied`)
    override extraction.  Each extracting process may use ``max_memory`` bytes (default
    :func:`~extractor.settings.memory_limit`: sized to the machine's memory and the workers); a
    file that needs more is logged ``too_large``.  The corrections in ``corrections`` (default
    ``corrections.csv`` beside the database, when it exists: :mod:`extractor.corrections`) are
    applied to every document stored.  ``models_dir`` (default ``settings.models_dir``) is the
    models/ folder to extract with; a stored file extracted with another models folder's
    content is extracted again (:func:`~extractor.settings.models_hash`).  Raises
    ValueError for a path that matches nothing, a database file that is not SQLite or a
    models_dir that is not a folder, :class:`~extractor.errors.StoreError` when
    the database cannot be written.
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    settings = _with(settings or Settings(), password=password, workers=workers, timeout=timeout,
                     max_memory=max_memory, models_dir=models_dir)
    settings = _with(settings, max_memory=memory_limit(settings))  # fixed now: workers and messages agree
    started = time.perf_counter()
    selection = select_files(paths, exclude)
    files, refused = selection.files, refused_jobs(selection.refused)
    if not files and not refused:
        raise ValueError(f"no report to ingest: {selection.line()}; name the files themselves to ingest them")
    jobs, summary = _plan_first(files, db_path, settings, supplied, refused)
    if summary is not None:
        summary.left_out = selection.line()
        summary.seconds = time.perf_counter() - started
        if not quiet:
            print(summary.line(), file=out)
        return summary
    summary = Summary(left_out=selection.line())
    to_extract = files if jobs is None else [job.path for job in jobs if job.action == "extract"]
    with _workers(settings, extract, to_extract) as pool, _in_process_ceiling(settings):  # workers load models meanwhile
        jobs = _start_early(pool, jobs, files, db_path, supplied, refused) if pool is not None else jobs
        db = _open(db_path, settings)
        try:
            refresh_pending(db)
            jobs = plan(db, files, supplied, models_hash(settings)) + refused if jobs is None else jobs
            progress = Progress(len(jobs), err, enabled=not quiet and _is_terminal(err))
            batch = _Batch(Writer(db, supplied, _corrections(db_path, corrections)), summary, progress, err,
                           debug, quiet)
            batch.record([job for job in jobs if job.action in ("skip", "error")])
            todo = [job for job in jobs if job.action == "extract"]
            progress.expect(_size(job.path) for job in todo)
            tick = progress.tick if progress.enabled else None
            for result in _results(todo, settings, extract, batch.started, pool, tick):
                batch.finished(result)
            batch.record_same([job for job in jobs if job.action == "same"])
            finish_batch(db)
            progress.show(None)
            progress.close()
        finally:
            _close(db)
    return closing_line(summary, started, quiet, out)


def finish_batch(db) -> None:
    """The end of a batch (ingest or load): the councils it touched refreshed once each, then the
    query planner's statistics."""
    refresh_pending(db)
    analyse(db)


def closing_line(summary: Summary, started: float, quiet: bool, out) -> Summary:
    """The batch's time in ``summary``, and its one-line summary on ``out`` unless ``quiet``."""
    summary.seconds = time.perf_counter() - started
    if not quiet:
        print(summary.line(), file=out)
    return summary


def _plan_first(files: list[Path], db_path: str | Path, settings: Settings,
                supplied: Supplied | None = None, refused: list[Job] = ()) -> tuple[list[Job] | None, Summary | None]:
    """Plan the batch against an existing database with the standard library alone
    (:mod:`extractor.store.unchanged`).  Returns the jobs, and also a summary when every file was
    stored already and the database is current: the files are then logged as skipped (one
    transaction) and the batch is done.  (None, None) when there is no database to plan
    against yet."""
    import sqlite3

    conn = unchanged.open_existing(db_path)
    if conn is None:
        return None, None
    try:
        jobs = plan(conn, files, supplied, models_hash(settings)) + list(refused)
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


def _start_early(pool, jobs: list[Job] | None, files: list[Path], db_path: str | Path, supplied: Supplied | None,
                 refused: list[Job]) -> list[Job] | None:  # fmt: skip
    """Hand the first files to the workers before the database is opened, so that their readers
    read them while it is prepared: ``jobs`` as planned against the existing database, or, for
    a new database in an existing folder, planned against nothing stored.  The jobs (None when
    they can only be planned once the database is open)."""
    path = Path(db_path)
    if jobs is None and not path.exists() and path.parent.is_dir():
        jobs = plan(None, files, supplied) + refused
    if jobs is not None:
        pool.start([job for job in jobs if job.action == "extract"])
    return jobs


def _corrections(db_path: str | Path, path: str | Path | None) -> list:
    """The corrections to apply: ``path``, else corrections.csv beside the database."""
    from ..corrections import store as corrections

    return corrections.read(path or corrections.default_path(db_path))


def _with(settings: Settings, **changes) -> Settings:
    """``settings`` with the options that were given (not None) replaced."""
    changes = {k: v for k, v in changes.items() if v is not None}
    return dataclasses.replace(settings, **changes) if changes else settings


def _workers(settings: Settings, extract: ExtractFn | None, files: list[Path]):
    """The worker processes for a batch of ``files`` (as a context manager), started before the
    database is opened so that they load the extraction libraries while this process prepares
    it; no pool when ``settings.workers`` is 0 (extraction in this process).  There are no more
    workers than files, unless a PDF may be long enough for all of them to read it at once
    (:mod:`extractor.batch.split`); those beyond the number of files load the models only when a
    job needs them (a page range needs none)."""
    if settings.workers == 0 or not files:
        return contextlib.nullcontext()
    from .split import may_split
    from .workers import WorkerPool

    wanted = settings.workers if extract is None and may_split(files, settings) else len(files)
    size = min(settings.workers, wanted)
    return WorkerPool(size, settings, extract, lazy=max(0, size - len(files)))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _in_process_ceiling(settings: Settings):
    """With ``workers=0`` files are read in this process: cap it instead of the workers."""
    return ceiling(settings.max_memory) if settings.workers == 0 else contextlib.nullcontext()


def _results(jobs: list[Job], settings: Settings, extract: ExtractFn | None, on_start, pool,
             on_tick=None) -> Iterable[Result]:  # fmt: skip
    """Extract ``jobs`` with the worker ``pool`` (in this process when there is none);
    ``on_tick()`` about twice a second while the pool waits (the progress bar)."""
    if pool is None:
        for job in jobs:
            on_start(job)
            yield extract_one(job, settings, extract)
        return
    if jobs:
        yield from pool.run(jobs, on_start, on_tick)


class _Batch:
    """Stores results as they come and keeps the summary, the progress line and the report."""

    def __init__(self, writer: Writer, summary: Summary, progress: Progress, err, debug: bool,
                 quiet: bool = False):  # fmt: skip
        self.writer, self.summary, self.progress = writer, summary, progress
        self.err, self.debug, self.quiet = err, debug, quiet
        self.outcomes: dict[Path, tuple[str, str | None]] = {}  # path -> (status, message)

    def record(self, jobs: list[Job]) -> None:
        """Log the files not to extract (skipped, unreadable) in one transaction."""
        with immediate(self.writer.db):
            for job in jobs:
                self.writer.skip(job)
        for job in jobs:
            self.progress.advance(0)
            if job.action == "skip":
                self.outcomes[job.path] = ("ok", None)  # stored: a later file with these bytes is skipped too
                self.summary.skipped += 1
            else:
                self._failed(unchanged.path_text(job.path), FAILED, job.message, None)

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
                self._failed(unchanged.path_text(job.path), status, job.message, None)

    def started(self, job: Job) -> None:
        self.progress.start(unchanged.path_text(job.path), _size(job.path))

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
                _report(self.err, self.progress, unchanged.path_text(result.path), "warning", warning, None)
        else:
            tb = result.traceback if self.debug else None
            self._failed(unchanged.path_text(result.path), result.status, result.message, tb)
        self.progress.advance(result.pages, unchanged.path_text(result.path))

    def _failed(self, path: str, status: str, message: str | None, tb: str | None) -> None:
        self.summary.failed += 1
        self.summary.failures.append((path, status, message or ""))
        _report(self.err, self.progress, path, status, message, tb)


def _report(err, progress: Progress, path: str, status: str, message, tb) -> None:
    progress.close()
    print(f"{path}: {status}: {message}", file=err)
    if tb:
        print(tb, file=err)


def bundled_corpus() -> Path:
    """The five sample reports shipped with a csp-extract checkout (corpus/docs)."""
    return Path(__file__).resolve().parents[2] / "corpus" / "docs"


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
    from ..publish.serve import serve as run_server

    return run_server(db_path, host=host, port=port)
