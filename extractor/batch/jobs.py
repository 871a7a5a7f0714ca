"""What to do with each file (a :class:`Job`), and what became of it (a :class:`Result`).
:func:`extract_one` touches no database, so it runs in a worker process."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..errors import ExtractorError, memory_message
from ..settings import Settings, models_hash
from ..store import unchanged
from .files import EMPTY_SHA256, sha256_file

FAILED = "failed"
TOO_LARGE = "too_large"

ExtractFn = Callable[[Path, Settings], dict]


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
    parts: int = 0  # a PDF of many pages may be read in this many page ranges (extractor.batch.split)
    part: range | None = None  # the page numbers to read, for a job reading one range of a PDF
    read: list[bytes] | None = None  # every range's pages, read (pickled), for the job joining them


def plan(db, files: Iterable[Path], supplied=None, models: str | None = None) -> list[Job]:
    """Hash each file and decide what to do with it against what ``db`` holds; a stored file whose
    ``supplied`` values (:class:`~extractor.batch.supplied.Supplied`) changed, or that was extracted
    with other models than ``models`` (:func:`~extractor.settings.models_hash`), is extracted
    again."""
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
        if same is not None and _stale(db, sha, path, supplied, models):
            jobs.append(Job(path, sha, "extract", replaces=same[0]))
            continue
        if same is not None:
            message = "already ingested" if same[1] == unchanged.path_text(path) else f"same bytes as {same[1]}"
            jobs.append(Job(path, sha, "skip", message, document_id=same[0]))
            continue
        old = unchanged.find_document(db, path=path)
        jobs.append(Job(path, sha, "extract", replaces=old[0] if old else None))
    return jobs


def _stale(db, sha: str, path: Path, supplied, models: str | None) -> bool:
    """Whether the stored document with these bytes must be extracted again: its supplied values
    changed, or it was extracted with other models (one stored before the models were recorded
    is kept: which models made it is unknown)."""
    if supplied and _stored(db, sha, "supplied") != supplied.stamp(path):
        return True
    stored = _stored(db, sha, "models_hash") if models else None
    return stored is not None and stored != models


def refused_jobs(refused) -> list[Job]:
    """Jobs logging what a folder search refused (:attr:`~extractor.batch.files.Selection.refused`):
    a symbolic link leading out of the folders given is logged ``skipped``, an unreadable
    sub-folder ``failed``, each with its reason."""
    return [Job(path, None, "skip" if status == "skipped" else "error", message) for path, status, message in refused]


def _stored(db, sha: str, column: str) -> str | None:
    """A stored document's ``supplied`` or ``models_hash``."""
    try:
        row = db.execute(f"SELECT [{column}] FROM documents WHERE id = ?", [sha]).fetchone()
    except Exception:  # a database from before the column: nothing was supplied, no models recorded
        return None
    return row[0] if row else None


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
    from ..core import extract_file  # imported late so that store and ingest load on their own

    return extract_file(path, settings, include_text=True)


def extract_one(job: Job, settings: Settings, extract: ExtractFn | None = None,
                early: Callable[[], object] | None = None) -> Result:  # fmt: skip
    """Extract one file (``early``: what the worker's reader read of it ahead,
    :mod:`extractor.batch.prefetch`).  Never raises: errors come back as a failed :class:`Result`."""
    import traceback

    start = time.perf_counter()
    try:
        status, data = _run(job, settings, extract, early)
        message, tb = None, None
    except ExtractorError as e:
        data, status, message, tb = None, e.status, e.message, traceback.format_exc()
    except MemoryError:  # past the worker's ceiling (--max-memory): the frames holding it are gone
        data, status, tb = None, TOO_LARGE, None
        message = memory_message(settings.max_memory)
    except Exception as e:  # a bug in an extractor must not stop the batch
        data, status, tb = None, FAILED, traceback.format_exc()
        message = f"internal error {type(e).__name__}: {e} (run with --debug for the traceback)"
    if status == "ok" and isinstance(data, dict):
        data.setdefault("models_hash", models_hash(settings))  # an extract function that does not say
    if status == "ok" and job.sha256 and _rehash(job.path) != job.sha256:
        data, status, tb = None, FAILED, None  # stored under the old hash, the new bytes would be skipped for ever
        message = "the file changed while it was being read (still being written?); run ingest again when it is complete"
    return Result(
        job.path, job.sha256, status, data, message, time.perf_counter() - start, tb, job.replaces
    )



def _run(job: Job, settings: Settings, extract: ExtractFn | None, early=None) -> tuple[str, dict]:
    """The job's status and data: a whole file's extraction, or a step of reading a large PDF in
    page ranges (:mod:`extractor.batch.split`)."""
    if extract is None and (early or job.parts or job.part is not None or job.read is not None):
        from .split import work

        return work(job, settings, early)
    return "ok", (extract or default_extract)(job.path, settings)


def _rehash(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def skip_row(job: Job, status: str | None = None) -> dict:
    """The ingest_log row of a file that is not extracted: skipped (its bytes are stored),
    unreadable, or ``status`` if given."""
    status = status or ("skipped" if job.action in ("skip", "same") else FAILED)
    return {"path": unchanged.path_text(job.path), "sha256": job.sha256, "status": status, "message": job.message,
            "document_id": job.document_id if status == "skipped" else None}
