"""Run one step in a forked child process, so that the memory it used goes back to the system.

Reading a long PDF builds every page's words and lines as Python objects (about 150 MB for
1,000 pages); freed, they stay in the process's heap, and the spaCy pass that follows allocates
beside them, so a worker reading and then analysing a 1,000-page pack peaked at 440 MB.  A worker
reads a long PDF in a child instead (:func:`in_child`): the child returns the Document (a few MB,
pickled) and exits, and the worker analyses it with its heap as it was.

The child inherits the worker's memory ceiling and dies with it (a worker stopped at its time
limit takes its child along).  An exception in the child is raised again in the worker, a
``MemoryError`` as a ``MemoryError``; a child that dies (a crash in a C library) raises
:class:`ChildDied`.  Where there is no ``fork`` (Windows, macOS's default) the step runs in place.
"""
from __future__ import annotations

import ctypes
import os
import pickle
import select
import signal
import sys
from typing import Any, Callable

from ..errors import ExtractorError


class ChildDied(ExtractorError):
    """The child process reading a file died before answering (status ``failed``)."""

    def __init__(self, path: str, how: str):
        super().__init__(path, f"the process reading it crashed ({how}); try `csp-extract extract FILE "
                         "--debug` on this file alone, or re-download it")


def die_with(parent: int) -> None:
    """On Linux, have the kernel kill this process when ``parent`` dies, even by ``kill -9``
    (prctl PR_SET_PDEATHSIG), so that no orphan goes on reading."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)


def in_child(path: str, step: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
    """``step(*args)``, run in a forked child on Linux; its value or its exception (``path``:
    the file it reads, for the message when the child dies).  A child that has not answered
    after ``timeout`` seconds (when given) is killed, and :class:`ChildDied` raised."""
    if not sys.platform.startswith("linux"):
        return step(*args)
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: answer, then leave without the parent's clean-up
        os.close(read)
        _answer(write, parent, step, args)
    os.close(write)
    if timeout is not None and not select.select([read], [], [], timeout)[0]:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        raise ChildDied(str(path), f"no answer after {timeout:g} s, stopped")
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise ChildDied(str(path), _how(status))
    return unwrapped(pickle.loads(data))


def outcome(step: Callable[..., Any], *args: Any) -> tuple[bool, Any]:
    """``(True, step(*args))``, or ``(False, what the parent needs to raise its error again)``:
    picklable, for a child to send (:func:`unwrapped` on the other side)."""
    try:
        return True, step(*args)
    except BaseException as e:  # noqa: BLE001 - raised again in the parent
        return False, _described(e)


def unwrapped(answer: tuple[bool, Any]) -> Any:
    """The value of an :func:`outcome`, or its error raised again."""
    ok, value = answer
    if not ok:
        raise _rebuilt(*value)
    return value


def _answer(fd: int, parent: int, step: Callable[..., Any], args: tuple) -> None:
    """In the child: run ``step`` and write its :func:`outcome` to ``fd``."""
    code = 0
    try:
        die_with(parent)
        data = pickle.dumps(outcome(step, *args), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001 - never return into the parent's code
        code = 1
    finally:
        os._exit(code)


def _described(error: BaseException) -> tuple:
    """What the parent needs to raise ``error`` again: an ExtractorError's class, file and
    message (its own arguments do not survive pickling), else MemoryError or a description."""
    if isinstance(error, ExtractorError):
        return type(error), error.path, error.message
    if isinstance(error, MemoryError):
        return MemoryError, None, None
    return RuntimeError, None, f"{type(error).__name__}: {error}"


def _rebuilt(kind: type, path: str | None, message: str | None) -> BaseException:
    """The exception :func:`_described` described."""
    if issubclass(kind, ExtractorError):
        error = kind.__new__(kind)
        ExtractorError.__init__(error, path, message)
        return error
    return kind() if message is None else kind(message)


def _how(status: int) -> str:
    """How the child ended, for the message."""
    if os.WIFSIGNALED(status):
        try:
            return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
        except ValueError:
            return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"
