"""The memory ceiling of an extracting process, enforced by the OS.

A hostile file (a .docx whose cells claim a million columns, a zip that inflates to gigabytes)
can make a reader allocate without end; each of ``--workers N`` processes doing so at once
would take the machine down.  :func:`set_ceiling` caps the process's address space
(``RLIMIT_AS``): an allocation past it fails with ``MemoryError``, which
:func:`~extractor.batch.jobs.extract_one` reports as status ``too_large`` while the worker
goes on with the next file.  Where the OS has no such limit (Windows) nothing is capped.
"""
from __future__ import annotations

import contextlib

try:
    import resource
except ImportError:  # Windows
    resource = None


def set_ceiling(limit: int | None) -> tuple[int, int] | None:
    """Cap this process's address space at ``limit`` bytes (never above the hard limit);
    returns the previous (soft, hard) limits, or None when nothing was changed."""
    if resource is None or not limit:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    target = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (target, hard))
    except (ValueError, OSError):  # already using more than the limit, or not allowed
        return None
    return soft, hard


@contextlib.contextmanager
def ceiling(limit: int | None):
    """Cap this process's address space at ``limit`` while the block runs (``extract`` and
    ``ingest --workers 0`` read files in the calling process), then restore it."""
    previous = set_ceiling(limit)
    try:
        yield
    finally:
        if previous is not None:
            resource.setrlimit(resource.RLIMIT_AS, previous)


def current_ceiling() -> int | None:
    """This process's address-space limit in bytes, or None when there is none."""
    if resource is None:
        return None
    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    return None if soft == resource.RLIM_INFINITY else soft
