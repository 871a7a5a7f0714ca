"""The JSONL records ``csp-extract map`` writes and ``csp-extract load`` stores: one line per file.

A record is what one file became, in the form a worker anywhere can write and the one writer
can store later: the file's ``path`` (as ingest stores it), ``sha256`` and ``size``, its
``status`` (``ok`` or an ingest_log failure status), the ``message`` saying why and what to do,
the ``seconds`` it took, its ``traceback`` when the reader raised, and, when it is ``ok``, the
extraction ``result`` (the dict :func:`extractor.core.extract_file` returns, with ``text``),
exactly what :meth:`extractor.batch.writer.Writer.write` stores.  ``format`` names the layout,
so that a folder written by another layout is refused with the fix instead of misread.

A folder of records is read file by file (``*.jsonl``, sorted by name) and line by line, so a
folder of millions of documents is never held in memory.  A line that is not a record (a map
that was killed half-way through a line) comes back as a :class:`BadLine`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..store import unchanged
from .jobs import Job, Result

FORMAT = "csp-extract map 1"
SUFFIX = ".jsonl"


@dataclass
class BadLine:
    """A line of a records file that could not be read as a record, with why and the fix."""

    file: Path
    line: int
    message: str

    def where(self) -> str:
        return f"{unchanged.path_text(self.file)}:{self.line}"


def from_result(result: Result, size: int | None) -> dict:
    """The record of one extracted (or failed) file."""
    return {
        "format": FORMAT,
        "path": unchanged.path_text(result.path),
        "sha256": result.sha256,
        "size": size,
        "status": result.status,
        "message": result.message,
        "seconds": round(result.seconds, 3),
        "traceback": result.traceback,
        "result": result.data if result.status == "ok" else None,
    }


def from_job(job: Job) -> dict:
    """The record of a file that was not extracted: a symbolic link out of the folders given
    (``skipped``) or a sub-folder or file that could not be read (``failed``)."""
    status = "skipped" if job.action == "skip" else "failed"
    return {"format": FORMAT, "path": unchanged.path_text(job.path), "sha256": job.sha256, "size": None,
            "status": status, "message": job.message, "seconds": 0.0, "traceback": None, "result": None}


def to_result(record: dict, replaces: str | None = None) -> Result:
    """The :class:`Result` the writer stores for a record of an extracted or failed file."""
    return Result(Path(record["path"]), record["sha256"], record["status"], record.get("result"),
                  record.get("message"), record.get("seconds") or 0.0, record.get("traceback"), replaces)


def to_job(record: dict) -> Job:
    """The :class:`Job` the writer logs for a record of a file that was not extracted."""
    action = "skip" if record["status"] == "skipped" else "error"
    return Job(Path(record["path"]), record.get("sha256"), action, record.get("message"))


def files(folder: Path) -> list[Path]:
    """The records files of ``folder``, sorted; ValueError (with the fix) when there are none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder}: no such folder; give the folder `csp-extract map --out` wrote")
    found = sorted(p for p in folder.glob(f"*{SUFFIX}") if p.is_file() and not p.name.startswith("."))
    if not found:
        raise ValueError(f"{folder}: no {SUFFIX} files here; write them with "
                         f"`csp-extract map REPORTS... --out {folder}`")
    return found


def read(folder: Path) -> Iterator[dict | BadLine]:
    """Every record of ``folder`` in order (files by name, lines in order), or a
    :class:`BadLine` for a line that is not one."""
    for path in files(folder):
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield parse(line, path, number)


def parse(line: str, path: Path, number: int) -> dict | BadLine:
    """One line as a record, or a :class:`BadLine` saying what is wrong and what to do."""
    try:
        record = json.loads(line)
    except ValueError as e:
        cut = "" if line.endswith("\n") else " (the line is cut short: was map stopped while writing it?)"
        return BadLine(path, number, f"not JSON{cut}: {e}; run `csp-extract map` again on the same "
                                     "files with the same --out: it writes what is missing")
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        found = record.get("format") if isinstance(record, dict) else None
        return BadLine(path, number, f"not a csp-extract map record (format {found!r}, this csp-extract reads "
                                     f"{FORMAT!r}); write the folder again with this csp-extract's map")
    missing = [key for key in ("path", "sha256", "status") if key not in record]
    if missing or (record["status"] == "ok" and not isinstance(record.get("result"), dict)):
        what = ", ".join(missing) or "result"
        return BadLine(path, number, f"a record without {what}; write the folder again with `csp-extract map`")
    return record


def mapped(folder: Path) -> dict[str, str]:
    """path -> sha256 of the files ``folder`` already holds a record of, whatever its status;
    empty for a new folder."""
    if not Path(folder).is_dir() or not any(Path(folder).glob(f"*{SUFFIX}")):
        return {}
    done = {}
    for record in read(folder):
        if isinstance(record, dict) and record["sha256"]:
            done[record["path"]] = record["sha256"]
    return done


def next_file(folder: Path) -> Path:
    """A new records file in ``folder`` (created if need be): part-0001.jsonl, part-0002.jsonl ..."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    taken = {p.name for p in folder.glob(f"part-*{SUFFIX}")}
    n = 1
    while f"part-{n:04d}{SUFFIX}" in taken:
        n += 1
    return folder / f"part-{n:04d}{SUFFIX}"
