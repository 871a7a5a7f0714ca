"""One large PDF read by every worker at once: page ranges read in parallel, joined in page order.

Reading is most of a PDF's time, and each page is read on its own
(:func:`extractor.read.pdf.read_pages`), so a PDF of at least ``settings.split_pages`` pages is
read in as many page ranges as there are workers; one worker then joins the ranges in page order
(:func:`extractor.read.pdf.join_pages`, the same pass two as reading the whole file) and extracts
the items, which are therefore those of a one-worker run.  The steps, each a job of its own (its
own time limit and memory ceiling, in whichever worker is free):

1. the page count: a forked child of the ingest process counts the pages when the file is handed
   out (:meth:`Splits.planned`; the ingest process itself opens no PDF), so that the range jobs
   go out at once and are read while the workers still load spaCy.  When that count fails, the
   file's job goes to a worker, which counts the pages and answers :data:`SPLIT` (or extracts the
   file as usual when it is short, or when PDFium cannot open it: the whole-file reader decides);
2. one job per page range, answered :data:`PART` with that range's pages (pickled: the parent
   only holds bytes);
3. when every range is in, the join job, answered like any file.  The batch's other workers have
   nothing left to do then, so the joining worker forks a helper (:mod:`extractor.batch.helper`)
   that runs half of the spaCy pattern matching and some of the extractors beside it.

Each range is read, and the join runs, in a forked child of the worker (:mod:`extractor.batch.child`),
which hands back the pickled pages or the Document and exits, so that the pages' memory is not in
the worker's heap during the spaCy pass (a worker that had read 1,000 pages itself went on to
peak at 431 MB analysing a 2,000-page pack; 330 MB otherwise); with one worker, a PDF of
``split_pages`` pages or more is read whole in such a child.

:class:`Splits` is the parent's side: it turns those answers into the next jobs, and gives
ingest one result per file.  A range that fails (a damaged page, the time limit, a crash, the
memory ceiling) fails its file with that status and a message naming the pages; the other
ranges' answers are dropped and nothing is stored for the file, so a stored earlier version
stays as it was.
"""
from __future__ import annotations

import dataclasses
import pickle
import sys
import time
from pathlib import Path
from typing import Any, Callable

from ..read.formats import PDF_SUFFIXES
from ..settings import Settings
from .child import in_child
from .helper import Helper
from .memory import set_ceiling

Job = Result = Any  # extractor.batch.jobs's Job and Result (it runs work(): no import back)

SPLIT = "split"  # a worker's answer to a file's job: read it in page ranges (data: {"pages": N})
PART = "part"  # a worker's answer to a range's job (data: {"read": pickled pages})


# ----------------------------------------------------------------------------- in a worker
def work(job: Job, settings: Settings, early: Callable[[], Any] | None = None) -> tuple[str, dict]:
    """A worker's answer to a job of :meth:`Splits.prepare` or :meth:`Splits.take`: the status
    (``ok``, :data:`SPLIT` or :data:`PART`) and its data.  ``early``: what the worker's reader
    read of the job ahead (:mod:`extractor.batch.prefetch`): the range's pickled pages, or the
    file's Document (None when the file is to be read in page ranges)."""
    if job.part is not None:  # read in a child too, so that the joining worker's heap stays small
        return PART, {"read": early() if early else in_child(job.path, read_range, job, settings)}
    from ..core import extract_file, extract_read  # not before: a worker reading a range needs no spaCy

    if job.read is not None:  # the pages are joined in a child: their memory goes with it
        document = in_child(job.path, _joined, job.path, job.read)
        helper = Helper() if len(job.read) > 1 else None  # the other workers wait: one helps
        return "ok", extract_read(document, job.path, settings, include_text=True, helper=helper)
    document = early() if early else None
    if document is None:
        count = page_count(job.path, settings.password) if settings.split_pages else None
        if _in_ranges(job, settings, count):
            return SPLIT, {"pages": count}
        if count is None or count < settings.split_pages:
            return "ok", extract_file(job.path, settings, include_text=True)
        document = in_child(job.path, read_whole, job, settings)  # one worker: read in a child all the same
    return "ok", extract_read(document, job.path, settings, include_text=True)


def _in_ranges(job: Job, settings: Settings, count: int | None) -> bool:
    """Whether the file of ``job`` (``count`` pages) is read in page ranges by several workers."""
    return count is not None and count >= max(settings.split_pages, 2) and job.parts > 1


def read_whole(job: Job, settings: Settings):
    """The Document of a file's job; None for a PDF to be read in page ranges."""
    from ..read import read_document

    if job.parts > 1 and settings.split_pages and _in_ranges(job, settings, page_count(job.path, settings.password)):
        return None
    return read_document(job.path, settings)


def read_range(job: Job, settings: Settings) -> bytes:
    """The pages of a range's job, pickled (as the parent keeps them)."""
    return pickle.dumps(_read_range(job.path, settings, job.part), protocol=pickle.HIGHEST_PROTOCOL)


def _read_range(path: Path, settings: Settings, pages: range) -> list:
    """The pages of one range, a library's failure on a damaged page reported as
    :func:`extractor.read.read_document` reports it for the whole file."""
    from ..errors import CorruptFileError, ExtractorError
    from ..read import _damaged, pdf

    try:
        return pdf.read_pages(path, settings, pages)
    except (ExtractorError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - PDFium or pdfminer failing on a hostile page
        raise CorruptFileError(str(path), _damaged(path, ".pdf", exc)) from exc


def _joined(path: Path, parts: list[bytes]):
    """The Document of the ranges' pages, joined in page order."""
    from ..read.pdf import join_pages

    return join_pages(path, [page for part in parts for page in pickle.loads(part)])


def page_count(path: Path, password: str | None) -> int | None:
    """The pages PDFium finds in ``path``; None when it cannot open it or the file is truncated
    (no ``%%EOF``): the whole-file reader then decides what is wrong with it."""
    import pypdfium2 as pdfium

    from ..read.pdf import _has_eof_marker

    try:
        if not _has_eof_marker(path):
            return None
        pdf = pdfium.PdfDocument(str(path), password=password or None)
    except Exception:  # noqa: BLE001 - any failure: not split, read as one file
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


COUNT_SECONDS = 10.0  # how long ingest waits for its child's page count (a worker counts otherwise)


def counted(path: Path, settings: Settings) -> int | None:
    """:func:`page_count` of ``path`` taken by a forked child of the ingest process (which opens
    no PDF itself), under the workers' memory ceiling and ``COUNT_SECONDS``; None when it cannot
    tell (and where there is no ``fork``)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return in_child(str(path), _count, path, settings, timeout=COUNT_SECONDS)
    except Exception:  # noqa: BLE001 - a worker counts the pages, under its own time limit
        return None


def _count(path: Path, settings: Settings) -> int | None:
    set_ceiling(settings.max_memory)
    return page_count(path, settings.password)


MIN_PAGE_BYTES = 2048  # a PDF page takes at least this many bytes: a smaller file is not worth counting


def may_split(paths: list[Path], settings: Settings) -> bool:
    """Whether one of ``paths`` may be a PDF long enough to read in page ranges (judged by its
    size alone: the parent process opens no PDF), so that every worker may be wanted even for one file."""
    if not settings.split_pages or settings.workers < 2:
        return False
    return any(p.suffix.lower() in PDF_SUFFIXES and _may_be_long(p, settings) for p in paths)


def _may_be_long(path: Path, settings: Settings) -> bool:
    """Whether ``path`` is large enough to hold ``settings.split_pages`` pages (a PDF page takes
    at least ``MIN_PAGE_BYTES``): a smaller file is not worth counting."""
    return _size(path) >= max(settings.split_pages, 2) * MIN_PAGE_BYTES


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def ranges(pages: int, parts: int) -> list[range]:
    """``pages`` page numbers (from 1) in ``parts`` consecutive ranges of near equal length."""
    parts = max(1, min(parts, pages))
    bounds = [1 + pages * k // parts for k in range(parts + 1)]
    return [range(a, b) for a, b in zip(bounds, bounds[1:])]


def describe(pages: range) -> str:
    """'pages 151-300' (or 'page 7')."""
    return f"page {pages.start}" if len(pages) == 1 else f"pages {pages.start}-{pages.stop - 1}"


# ----------------------------------------------------------------------------- in the parent
@dataclasses.dataclass
class _File:
    """A file being read in ranges: its first job, the ranges and the pages read so far."""

    job: Job
    ranges: list[range]
    read: dict[int, bytes]
    started: float
    failed: bool = False


class Splits:
    """The parent's book of files read in ranges by ``workers`` workers."""

    def __init__(self, workers: int, enabled: bool = True, settings: Settings | None = None) -> None:
        self.workers = workers
        self.enabled = enabled  # with one worker, a long PDF is read in a child of it, not split
        self.settings = settings  # with them, the parent counts a PDF's pages itself (planned)
        self.files: dict[Path, _File] = {}
        self.joined = 0  # files read in page ranges and joined

    def prepare(self, job: Job, last: bool = True) -> Job:
        """A file's job as it is handed to a worker: a PDF's may come back :data:`SPLIT` when it
        is the ``last`` file waiting (splitting costs time, about a tenth of the reading, in
        pickling the pages: worth it only where workers would otherwise wait)."""
        if self.enabled and job.part is None and job.read is None and job.path.suffix.lower() in PDF_SUFFIXES:
            job.parts = self.workers if last else 1
        return job

    def planned(self, job: Job) -> list[Job]:
        """``job`` as :meth:`prepare` left it; for a PDF to be read in page ranges, the jobs of its
        ranges instead, its pages counted by a child of the ingest process (:func:`counted`).
        The ranges are then read from the start, while the workers still load spaCy, not once a
        worker has loaded and answered :data:`SPLIT` (a second and a half later).  When the count
        fails, a worker counts as before."""
        settings = self.settings
        if job.parts < 2 or settings is None or not _may_be_long(job.path, settings):
            return [job]
        count = counted(job.path, settings)
        return self._ranges(job, count, time.monotonic()) if _in_ranges(job, settings, count) else [job]

    def take(self, result: Result, job: Job) -> tuple[list[Job], Result | None]:
        """The jobs that ``result`` (the answer to ``job``) calls for next, to run before any other,
        and the file's result for ingest when it is final (None while ranges are under way)."""
        if result.status == SPLIT:
            return self._ranges(job, result.data["pages"], time.monotonic() - result.seconds), None
        found = self.files.get(job.path) if (job.part is not None or job.read is not None) else None
        if found is None:
            return [], result
        if job.read is not None:
            del self.files[job.path]
            self.joined += 1
            return [], self._final(found, result)
        return self._part(found, result, job.part)

    def _ranges(self, job: Job, pages: int, started: float) -> list[Job]:
        """The jobs reading the file of ``job`` (``pages`` pages) in ranges, booked from ``started``."""
        found = self.files[job.path] = _File(job, ranges(pages, job.parts), {}, started)
        return [dataclasses.replace(job, parts=0, part=r) for r in found.ranges]

    def _part(self, found: _File, result: Result, pages: range) -> tuple[list[Job], Result | None]:
        """A range's answer: the join job once every range is in, the file's failure if it failed."""
        if found.failed:
            return [], None
        if result.status != PART:
            found.failed = True  # kept in the book: the other ranges' answers are dropped
            failed = dataclasses.replace(result, message=f"{describe(pages)}: {result.message}")
            return [], self._final(found, failed)
        found.read[pages.start] = result.data["read"]
        if len(found.read) < len(found.ranges):
            return [], None
        parts = [found.read[r.start] for r in found.ranges]  # in page order
        return [dataclasses.replace(found.job, parts=0, part=None, read=parts)], None

    def _final(self, found: _File, result: Result) -> Result:
        """The file's result, timed from its first job to its last."""
        result.seconds = time.monotonic() - found.started
        result.path, result.sha256, result.replaces = found.job.path, found.job.sha256, found.job.replaces
        return result

    def late(self, job: Job) -> bool:
        """Whether ``job`` is a range of a file that has already failed (not worth running)."""
        if job.part is None:
            return False
        found = self.files.get(job.path)
        return found is None or found.failed
