"""Extraction in worker processes, with a time limit per file; the caller is the one writer.

:class:`WorkerPool` hands :class:`~extractor.batch.jobs.Job` objects to N worker processes and
yields a :class:`~extractor.batch.jobs.Result` for each file as soon as it is done, in the order
they finish.  Each worker runs :func:`~extractor.batch.jobs.extract_one` (which never raises) in a
loop, so a worker serves many files and keeps its loaded models.

- A worker still busy with one file after ``settings.timeout`` seconds is killed (pdfminer can
  loop for ever on a hostile file) and the file comes back as ``timeout``.
- A worker that dies (a crash in a C library, the out-of-memory killer) gives ``failed``.
- Each worker's address space is capped at ``settings.max_memory`` bytes (``RLIMIT_AS``,
  :mod:`extractor.batch.memory`): a file that needs more gives ``too_large`` and the worker
  goes on.

Either way a fresh worker takes its place and the batch goes on.  Workers ignore Ctrl+C: the
parent stops them when it is interrupted.

A worker runs with Python's cyclic garbage collector off while it loads the models and
extracts a file (its pauses cost about a tenth of a 60-page PDF's time) and collects the
cycles a file left after sending its result, while the parent stores it.

Workers are forked from the ingest process on Linux (``fork``: instant, and they share the
already-imported spaCy and PDF libraries) and spawned elsewhere.  Forking is safe here because
the parent opens no PDF, starts no thread and never lets a worker touch its database
connection: workers leave through ``os._exit`` without running the parent's clean-up.  Pass
``start_method="spawn"`` (or ``"forkserver"``) to start clean interpreters instead; the extract
function must then be importable by name.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from pathlib import Path
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable, Iterator

from .jobs import FAILED, ExtractFn, Job, Result, extract_one
from .memory import set_ceiling
from .child import die_with
from .prefetch import ReadAhead
from .split import Splits
from ..errors import format_bytes
from ..settings import Settings

TIMEOUT = "timeout"
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
READY = "ready"  # what a worker sends once its libraries and models are loaded
SMALL_FILE = 64 << 10  # bytes: a file this small that takes minutes is hostile, not long
LOAD_GRACE = 60.0  # seconds a worker may take to load before its first file's time limit runs


def _serve(conn: Connection, settings: Settings, extract: ExtractFn | None, parent: int,
           lazy: bool = False) -> None:  # fmt: skip
    """A worker's life: extract each job received until told to stop (``None``) or until the
    ingest process ``parent`` has gone.  A ``lazy`` worker loads the models only with the first
    job that needs them (a page range of a PDF needs none)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with(parent)  # no orphan goes on extracting
    set_ceiling(settings.max_memory)  # a memory bomb fails with MemoryError here, not the machine
    gc.disable()  # no collection pauses while loading the models or extracting a file
    ahead = ReadAhead(conn, settings) if extract is None else None  # reads the first file meanwhile
    if extract is None and not lazy:  # with a reader, the PDF reader is loaded with the first file read here (below)
        _warm(settings, pdf=not (ahead and ahead.reading))
    gc.freeze()  # the loaded libraries and models stay out of every later collection
    try:
        conn.send(READY)  # a file's time limit counts from here, not from the fork
    except OSError:
        return
    while True:
        try:
            job = ahead.first_job() if ahead else conn.recv()
        except (EOFError, OSError):  # the parent has gone
            return
        early, ahead = (ahead.read(job) if ahead else None), None
        if lazy and job is not None and job.part is None and extract is None:
            _warm(settings, pdf=False)  # a file or a join: spaCy and the models now
            lazy = False
        if job is not None and extract is None and early is None:
            _load_pdf_reader()  # for the files it reads itself, and the children it forks to read
        if job is None or not _send(conn, extract_one(job, settings, extract, early)):
            return
        gc.collect(1)  # what the file left in reference cycles, while the parent stores it


def _warm(settings: Settings, pdf: bool = True) -> None:
    """Load the extraction libraries (and the PDF reader when ``pdf``), build the spaCy pipeline
    and the gazetteer before the first job arrives (the ingest process is meanwhile opening the
    database and hashing files).  A worker whose reader reads its first file
    (:mod:`extractor.batch.prefetch`) loads the PDF reader only with the first file it reads
    itself: 0.2 to 0.3 s less before a single report is extracted."""
    try:
        from .. import core  # noqa: F401
        from ..analyse.pipeline import build_nlp
        from ..normalise.councils import load_gazetteer

        if pdf:
            _load_pdf_reader()
        build_nlp(Path(settings.models_dir))
        load_gazetteer(settings.models_dir)  # its name regexes take a quarter of a second to compile
    except Exception:  # a missing or broken model: the first job reports it, with the fix
        return


def _load_pdf_reader() -> None:
    """Import the PDF reader and its libraries (nothing once they are)."""
    from ..read import pdf  # noqa: F401


def _send(conn: Connection, result: Result) -> bool:
    """Send ``result`` to the parent; False when the parent has gone."""
    try:
        conn.send(result)
    except OSError:
        return False
    except Exception as e:  # the extraction cannot be pickled: report it, not a traceback
        result.data, result.status, result.traceback = None, FAILED, None
        result.message = f"internal error: the extraction cannot be sent back ({e})"
        return _send(conn, result)
    return True


class _Worker:
    """One worker process, its end of the pipe and the job it is on (if any)."""

    def __init__(self, context, settings: Settings, extract: ExtractFn | None, lazy: bool = False) -> None:
        self.conn, child = context.Pipe()
        args = (child, settings, extract, os.getpid(), lazy)
        self.process = context.Process(target=_serve, args=args, daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.given = 0.0  # when it was given its job
        self.ready = False  # whether it has said that it has loaded the models
        self.started = 0.0  # when it started on its job: given, or ready if it was given earlier
        self.served = False  # whether it has been given a job

    def give(self, job: Job) -> None:
        """Send ``job``; if the worker has just died, the next wait finds it and reports it."""
        self.job, self.given, self.served = job, time.monotonic(), True
        self.started = self.given
        try:
            self.conn.send(job)
        except OSError:
            pass

    def deadline(self, timeout: float) -> float:
        """When its job's time is up: ``timeout`` seconds from when it started on the file,
        which is after it has loaded the models (they may take a while on a slow machine)."""
        return self.started + timeout + (0.0 if self.ready else LOAD_GRACE)

    def take(self) -> Result | None:
        """The finished job's result, or None for the message that the worker is ready
        (EOFError when the worker died instead)."""
        message = self.conn.recv()
        if message == READY:
            self.ready, self.started = True, max(self.given, time.monotonic())
            return None
        self.job = None
        return message

    def stop(self, kill: bool = False) -> None:
        """Ask the worker to leave (or kill it), wait for it and close the pipe."""
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=None if kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class WorkerPool:
    """``size`` worker processes extracting jobs; :meth:`run` yields their results.  The last
    ``lazy`` of them load the models only when a job needs them: a batch of one long PDF has
    every worker read a page range, and only the one that joins the ranges needs spaCy (loading
    it in the others would take the cores the ranges are read on)."""

    def __init__(self, size: int, settings: Settings, extract: ExtractFn | None = None,
                 start_method: str | None = None, lazy: int = 0) -> None:  # fmt: skip
        self.settings, self.extract = settings, extract
        self.context = multiprocessing.get_context(start_method or START_METHOD)
        size = max(1, size)
        self.workers = [self._start(lazy=n >= size - lazy) for n in range(size)]
        self.splits = Splits(len(self.workers), enabled=extract is None and settings.split_pages > 0, settings=settings)
        self.started: deque | None = None  # the jobs given to start(), not yet run
        self.announced: list[Job] = []  # the files start() handed out, for run()'s on_start

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self, lazy: bool = False) -> _Worker:
        """A new worker process."""
        return _Worker(self.context, self.settings, self.extract, lazy)

    def start(self, jobs: Iterable[Job]) -> None:
        """Hand the first of ``jobs`` to the workers now, before :meth:`run` is called (while the
        ingest process prepares the database, the workers' readers read them); :meth:`run` then
        goes on with these jobs, whatever it is given."""
        self.started = deque(jobs)
        self._dispatch(self.started, self.announced.append)

    def run(self, jobs: Iterable[Job], on_start: Callable[[Job], None] | None = None,
            on_tick: Callable[[], None] | None = None, tick: float = 0.5) -> Iterator[Result]:  # fmt: skip
        """Results of ``jobs`` in the order they finish, one per job; ``on_start(job)`` as each one
        starts; ``on_tick()`` at least every ``tick`` seconds while waiting (a progress bar).  A
        large PDF is read by every worker at once (:mod:`extractor.batch.split`): the steps it
        takes run before the other jobs.  After :meth:`start`, ``jobs`` are those it was given."""
        pending = deque(jobs) if self.started is None else self.started
        for job in self.announced if on_start else ():  # handed out by start()
            on_start(job)
        self.started, self.announced = None, []
        while pending or self._busy():
            self._dispatch(pending, on_start)
            for job, result in self._collect(tick if on_tick else None):
                following, final = self.splits.take(result, job)
                pending.extendleft(reversed(following))
                if final is not None:
                    yield final
            if on_tick:
                on_tick()

    def _dispatch(self, pending: deque, on_start: Callable[[Job], None] | None) -> None:
        """Give a job to every idle worker (a worker found dead is replaced first)."""
        for i, worker in enumerate(self.workers):
            while pending and self.splits.late(pending[0]):  # a range of a file that has failed
                pending.popleft()
            if worker.job is not None or not pending:
                continue
            if not worker.process.is_alive():
                worker.stop(kill=True)
                worker = self.workers[i] = self._start()
            job = pending.popleft()
            if on_start and job.part is None and job.read is None:  # a file's first job
                on_start(job)
            job, *after = self.splits.planned(self.splits.prepare(job, last=not pending))
            pending.extendleft(reversed(after))  # a PDF's other page ranges go next
            worker.give(job)

    def _busy(self) -> list[_Worker]:
        """The workers with a job under way."""
        return [w for w in self.workers if w.job is not None]

    def _collect(self, tick: float | None = None) -> Iterator[tuple[Job, Result]]:
        """Wait for a result, a dead worker, the nearest time limit or ``tick`` seconds, and
        deal with them: each finished job with its result."""
        busy = self._busy()
        if not busy:
            return
        now = time.monotonic()
        wait_for = max(0.0, min(w.deadline(self.settings.timeout) for w in busy) - now)
        wait_for = min(wait_for, tick) if tick else wait_for
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
        for worker in busy:
            job = worker.job
            if worker.conn in ready or worker.conn.poll():
                if (result := self._result(worker)) is not None:
                    yield job, result
            elif worker.process.sentinel in ready:
                yield job, self._replace(worker, self._crashed(worker))
            elif time.monotonic() >= worker.deadline(self.settings.timeout):
                yield job, self._replace(worker, self._timed_out(worker))

    def _result(self, worker: _Worker) -> Result | None:
        """The result a worker sent (a crash result if it died while sending), or None when
        it only said that it is ready."""
        job = worker.job
        try:
            return worker.take()
        except (EOFError, OSError):
            worker.job = job
            return self._replace(worker, self._crashed(worker))

    def _replace(self, worker: _Worker, result: Result) -> Result:
        """Kill ``worker`` and start a fresh one in its place; return ``result``."""
        worker.stop(kill=True)
        self.workers[self.workers.index(worker)] = self._start()
        return result

    def _timed_out(self, worker: _Worker) -> Result:
        """The ``timeout`` result for the file a worker was stopped on."""
        limit = self.settings.timeout
        size, kind = _size(worker.job.path), worker.job.path.suffix.lstrip(".").upper() or "text"
        if size is not None and size < SMALL_FILE:  # not long: more time would not help
            message = (f"extraction took longer than {limit:g} s and was stopped; a {format_bytes(size)} "
                       f"{kind} file takes a second or two, so it is probably damaged or built to hang a "
                       f"reader: check it or remove it (if it is a genuine report, give more time with "
                       f"--timeout {max(limit * 4, 60):g})")
            return self._failure(worker, TIMEOUT, message)
        check = ("a damaged PDF can make the parser loop" if worker.job.path.suffix.lower() == ".pdf"
                 else f"a very long {worker.job.path.suffix.lstrip('.').upper() or 'text'} file takes a while")
        message = (
            f"extraction took longer than {limit:g} s and was stopped; give more time with "
            f"--timeout {max(limit * 4, 60):g} (seconds), or check the file: {check}"
        )
        return self._failure(worker, TIMEOUT, message)

    def _crashed(self, worker: _Worker) -> Result:
        """The ``failed`` result for the file a worker died on."""
        worker.process.join(timeout=1)
        message = (
            f"the worker process reading it crashed ({_how(worker.process.exitcode)}); try "
            "`csp-extract extract FILE --debug` on this file alone, or re-download it"
        )
        return self._failure(worker, FAILED, message)

    def _failure(self, worker: _Worker, status: str, message: str) -> Result:
        """A failed Result for the worker's current job."""
        job = worker.job
        seconds = time.monotonic() - worker.started
        return Result(job.path, job.sha256, status, None, message, seconds, None, job.replaces)

    def close(self) -> None:
        """Stop every worker: idle ones are asked to leave; busy ones, and those never given a
        job (they may still be loading the models), are killed."""
        for worker in self.workers:
            worker.stop(kill=worker.job is not None or not worker.served)
        self.workers = []


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _how(exitcode: int | None) -> str:
    """How a worker ended, for the message: a signal's name or the exit status."""
    if exitcode is None:
        return "it stopped answering"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


__all__ = ["WorkerPool", "TIMEOUT", "START_METHOD"]
