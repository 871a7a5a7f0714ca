"""A new worker's first file is read while the worker loads spaCy and the models.

A worker spends its first one and a half to two seconds importing spaCy and building the
pipeline (:func:`extractor.batch.workers._warm`); reading a file needs neither.  So before it
loads them, a new worker forks a reader (:class:`ReadAhead`).  The reader takes the worker's
first job from the worker's pipe, hands the job to the worker, and does that job's reading step:

- a file: its Document (:func:`extractor.read.read_document`), unless the file is a PDF to be
  read in page ranges, whose page count the worker takes as usual;
- a page range of a split PDF: its pages, pickled (as :func:`extractor.batch.split.work` does).

The worker extracts from what the reader read (:func:`extractor.batch.split.work`), so the items
are those of reading in the worker.  The reader is a fork of the worker as it was before loading
spaCy, so it adds little memory; it dies with the worker (a worker stopped at its time limit
takes it along).  An error in the reader is raised again in the worker, so a file gets the same
status and message either way; a reader that dies reading gives :class:`ChildDied`.  The time
limit of the first file counts, as for every file, from when the worker has loaded the models.
Where there is no ``fork``, or it fails, the worker reads its first file itself.
"""
from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection, Pipe
from typing import Any, Callable

from ..settings import Settings
from .child import ChildDied, _how, die_with, outcome, unwrapped

Job = Any  # extractor.batch.jobs's Job (jobs imports split, which imports this: no import back)


class ReadAhead:
    """The reader of a worker's first job (module doc); ``conn`` is the worker's end of the pipe
    from ingest."""

    def __init__(self, conn: Connection, settings: Settings) -> None:
        self.conn, self.answers = conn, None
        self.pid = 0
        if not sys.platform.startswith("linux"):
            return
        answers, out = Pipe(duplex=False)
        parent = os.getpid()
        try:
            self.pid = os.fork()
        except OSError:  # no process to spare: the worker reads its first file itself
            answers.close()
            out.close()
            return
        if self.pid == 0:  # the reader: answer, then leave without the worker's clean-up
            answers.close()
            _serve(conn, out, settings, parent)
        out.close()
        self.answers = answers

    @property
    def reading(self) -> bool:
        """Whether a reader was forked and has not yet been waited for."""
        return self.answers is not None

    def first_job(self) -> Job | None:
        """The worker's first job (None: stop); EOFError when ingest has gone."""
        if self.answers is None:
            return self.conn.recv()
        try:
            return self.answers.recv()
        except EOFError:
            self.close()
            raise

    def read(self, job: Job) -> Callable[[], Any] | None:
        """What the reader read of ``job`` (the job :meth:`first_job` gave), as a call that returns
        it or raises its error; None when it read nothing of that job."""
        if self.answers is None or job is None or _step(job) is None:
            self.close()
            return None
        return lambda: self._answer(job)

    def _answer(self, job: Job) -> Any:
        try:
            answer = self.answers.recv()
        except EOFError:
            raise ChildDied(str(job.path), _how(self.close())) from None
        self.close()
        return unwrapped(answer)

    def close(self) -> int:
        """Close the pipe and wait for the reader; its exit status."""
        if self.answers is not None:
            self.answers.close()
            self.answers = None
        status, self.pid = (os.waitpid(self.pid, 0)[1] if self.pid else 0), 0
        return status


def _serve(conn: Connection, out: Connection, settings: Settings, parent: int) -> None:
    """In the reader: pass the first job on, then what reading it gives (ok, value or error)."""
    code = 0
    try:
        die_with(parent)
        try:
            job = conn.recv()
        except (EOFError, OSError):  # ingest has gone: the worker's recv of out fails too
            os._exit(0)
        out.send(job)
        step = None if job is None else _step(job)
        if step is not None:
            out.send(outcome(step, job, settings))  # its error is raised again in the worker
    except BaseException:  # noqa: BLE001 - never return into the worker's code
        code = 1
    finally:
        os._exit(code)


def _step(job: Job) -> Callable[[Job, Settings], Any] | None:
    """The reading step of ``job`` the reader does (module doc), or None."""
    from . import split

    if job.action != "extract" or job.read is not None:
        return None
    return split.read_range if job.part is not None else split.read_whole
