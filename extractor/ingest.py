"""Batch ingest: find files, hash them, skip what is stored, extract the rest, store, log.

The work is split so that parallel workers and per-file timeouts can come later without
changing the shape:

- :func:`find_files` turns files, folders (searched recursively) and glob patterns into a
  sorted list of ``.pdf``, ``.txt`` and ``.md`` files;
- :func:`plan` hashes each file and decides: ``skip`` (these bytes are already stored) or
  ``extract`` (new, or a changed file at a stored path: it will replace that document);
- :func:`extract_one` extracts ONE file and returns a :class:`Result` (data or an error); it
  touches no database, so it can run in a worker process;
- :class:`Writer` is the only code that writes: one document (and its ingest_log row) per
  transaction.

:func:`ingest_paths` runs the three in sequence, shows progress on a terminal and returns a
:class:`Summary`.
"""
from __future__ import annotations

import dataclasses
import glob
import hashlib
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, TextIO

from . import store
from .errors import ExtractorError
from .settings import Settings

SUFFIXES = (".pdf", ".txt", ".md")
FAILED = "failed"

ExtractFn = Callable[[Path, Settings], dict]


# ---------------------------------------------------------------------------------------------
# Finding and planning


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest, absolute and sorted, without duplicates.

    A file is taken whatever its suffix (extraction reports an unsupported one); a folder is
    searched recursively for .pdf, .txt and .md files, skipping hidden ones; a pattern such as
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
    """One file to ingest: ``action`` is "extract" or "skip"."""

    path: Path
    sha256: str | None
    action: str
    message: str | None = None
    replaces: str | None = None  # id of the stored document at this path, if bytes changed
    document_id: str | None = None  # for a skip: the stored document


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
        if sha in seen:
            jobs.append(Job(path, sha, "skip", f"same bytes as {seen[sha]}", document_id=sha))
            continue
        seen[sha] = path
        same = store.find_document(db, sha256=sha)
        if same is not None:
            message = "already ingested" if same[1] == str(path) else f"same bytes as {same[1]}"
            jobs.append(Job(path, sha, "skip", message, document_id=same[0]))
            continue
        old = store.find_document(db, path=str(path))
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


def default_extract(path: Path, settings: Settings) -> dict:
    from . import extract_file  # imported late so that store and ingest load on their own

    return extract_file(path, settings, include_text=True)


def extract_one(job: Job, settings: Settings, extract: ExtractFn | None = None) -> Result:
    """Extract one file.  Never raises: errors come back as a failed :class:`Result`."""
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
        self.db = db

    def skip(self, job: Job) -> None:
        store.log_ingest(
            self.db,
            path=str(job.path),
            sha256=job.sha256,
            status="skipped" if job.action == "skip" else FAILED,
            message=job.message,
            document_id=job.document_id,
        )

    def write(self, result: Result) -> dict[str, int]:
        """Store ``result``; returns item counts by kind (empty when it failed)."""
        log = {
            "path": str(result.path),
            "sha256": result.sha256,
            "pages": result.pages,
            "seconds": round(result.seconds, 3),
        }
        if result.status != "ok":
            store.log_ingest(self.db, status=result.status, message=result.message, **log)
            return {}
        try:
            with self.db.atomic():
                saved = store.save_document(self.db, result.data, result.sha256, result.path)
                replaced = saved["replaced"]
                message = f"replaced {replaced}" if replaced else None
                store.log_ingest(
                    self.db, status="ok", message=message, document_id=result.sha256, **log
                )
        except Exception as e:
            result.status = FAILED
            result.traceback = traceback.format_exc()
            result.message = (
                f"could not store the extraction ({type(e).__name__}: {e}); "
                "run with --debug for the traceback"
            )
            store.log_ingest(self.db, status=FAILED, message=result.message, **log)
            return {}
        return saved["counts"]


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
    items: dict[str, int] = field(default_factory=lambda: {k: 0 for k in store.ITEM_TABLES})
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
) -> Summary:
    """Ingest files, folders and patterns into the database at ``db_path``.

    Progress goes to ``err`` (stderr) only when it is a terminal and not ``quiet``; each
    failure is reported on ``err`` (with its traceback when ``debug``); the closing summary
    line goes to ``out`` (stdout) unless ``quiet``.  Raises ValueError for a path that matches
    nothing or a database file that is not SQLite.
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    settings = settings or Settings()
    if password is not None:
        settings = dataclasses.replace(settings, password=password)
    started = time.perf_counter()
    files = find_files(paths)
    db = _open(db_path, settings)
    summary = Summary()
    try:
        jobs = plan(db, files)
        writer = Writer(db)
        progress = Progress(len(jobs), err, enabled=not quiet and _is_terminal(err))
        for job in jobs:
            progress.show(job.path.name)
            if job.action != "extract":
                writer.skip(job)
                if job.action == "skip":
                    summary.skipped += 1
                else:
                    summary.failed += 1
                    summary.failures.append((str(job.path), FAILED, job.message or ""))
                    _report(err, progress, str(job.path), FAILED, job.message, None)
                progress.advance(0)
                continue
            result = extract_one(job, settings, extract)
            counts = writer.write(result)
            if result.status == "ok":
                summary.ok += 1
                summary.replaced += int(job.replaces is not None)
                summary.pages += result.pages or 0
                for kind, n in counts.items():
                    summary.items[kind] += n
            else:
                summary.failed += 1
                summary.failures.append((str(job.path), result.status, result.message or ""))
                _report(
                    err, progress, str(job.path), result.status, result.message,
                    result.traceback if debug else None,
                )  # fmt: skip
            progress.advance(result.pages)
        progress.show(None)
        progress.close()
    finally:
        db.close()
    summary.seconds = time.perf_counter() - started
    if not quiet:
        print(summary.line(), file=out)
    return summary


def _report(err, progress: Progress, path: str, status: str, message, tb) -> None:
    progress.close()
    print(f"{path}: {status}: {message}", file=err)
    if tb:
        print(tb, file=err)


def _open(db_path: str | Path, settings: Settings):
    import sqlite3

    path = Path(db_path)
    if not path.parent.exists():
        raise ValueError(f"{path}: the folder {path.parent} does not exist; create it first")
    try:
        db = store.open_db(path)
        store.ensure_schema(db, settings)
    except sqlite3.DatabaseError as e:
        raise ValueError(
            f"{path}: not a usable SQLite database ({e}); give another --db or remove the file"
        ) from None
    return db


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
