"""A second core for one document: steps run in a forked helper process while this one goes on.

A large PDF read in page ranges (:mod:`extractor.batch.split`) is joined, analysed and extracted
by one worker while the batch's other workers wait: the ranges are its last file.  That worker
forks a :class:`Helper` for the steps that need nothing from one another (half of the pattern
matcher, some of the extractors: :func:`extractor.core.extract_document`), so that the spaCy
pass and the extraction use the idle core too.  The child shares the worker's memory as it was at
the fork (the Doc is not copied, let alone pickled) and sends back only each step's value.

Every step is a function of what both processes hold at the fork, so it gives the same value in
either: when the helper cannot answer (it crashed, ran out of memory or raised), the steps it did
not answer run here, in order, and the output is that of one process whatever happens.  Where
there is no ``fork`` every step runs here.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
from typing import Any, Callable

from .child import die_with

Step = Callable[[], Any]


class Helper:
    """Forks a child for each list of steps given to :meth:`run`."""

    forks = hasattr(os, "fork") and sys.platform.startswith("linux")

    def run(self, steps: list[Step]) -> "Answers":
        """Start ``steps`` in a forked child, in order; their values come from :meth:`Answers.take`."""
        if not self.forks:
            return Answers(steps)
        read, write = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no memory or no process left for a child: every step runs here
            os.close(read)
            os.close(write)
            return Answers(steps)
        if pid == 0:  # the child: answer, then leave without the parent's clean-up
            os.close(read)
            _serve(write, parent, steps)
        os.close(write)
        return Answers(steps, pid, os.fdopen(read, "rb"))


def _serve(fd: int, parent: int, steps: list[Step]) -> None:
    """In the child: each step's value, pickled to ``fd`` as soon as it is known."""
    code = 0
    try:
        die_with(parent)
        with os.fdopen(fd, "wb") as pipe:
            for step in steps:
                pickle.dump(step(), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()
    except BaseException:  # noqa: BLE001 - the parent runs the steps left itself
        code = 1
    finally:
        os._exit(code)


class Answers:
    """The values of a helper's steps, in order (a context manager: leaving it ends the child)."""

    def __init__(self, steps: list[Step], pid: int | None = None, pipe=None) -> None:
        self.steps, self.pid, self.pipe = steps, pid, pipe
        self.taken = 0

    def take(self) -> Any:
        """The next step's value: the helper's, or computed here when the helper cannot give it."""
        step = self.steps[self.taken]
        self.taken += 1
        if self.pipe is not None:
            try:
                return pickle.load(self.pipe)
            except (EOFError, OSError, pickle.UnpicklingError, ValueError):  # it died or raised
                self.close()
        return step()

    def close(self) -> None:
        """End the child (killed if it is still at work: its values are no longer wanted)."""
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None
        if self.pid is not None:
            try:
                if self.taken < len(self.steps):
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None

    def __enter__(self) -> "Answers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
