"""Storing a folder of map records in the database (``csp-extract load``), as ``ingest`` stores.

:func:`load_folder` reads the JSONL records ``csp-extract map`` wrote
(:mod:`extractor.batch.records`) and stores them through ingest's own single writer
(:class:`~extractor.batch.writer.Writer`, :func:`~extractor.store.save.save_document`): one
document and its ``ingest_log`` row per transaction, so a stopped load leaves whole documents
and the same command finishes the rest; the derived tables of every council touched are
refreshed once at the end, then the planner's statistics (:func:`~extractor.batch.ingest.finish_batch`).  Like ``ingest``
(whose corrections file, ``corrections.csv`` beside the database, it applies the same way):

- a record whose bytes (SHA-256) are already stored is logged ``skipped`` (``already ingested``
  or ``same bytes as PATH``), so loading the same folder twice changes nothing;
- a record of a stored path with other bytes replaces that document;
- a failed record (a file that could not be read) is logged with its status and message.

A line that is not a record is reported with its file and line and the fix, and the rest is
loaded.  Nothing here needs Dask: the records may come from any machine.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from ..settings import Settings
from ..store import unchanged
from . import records
from .ingest import _Batch, _corrections, closing_line, finish_batch
from .jobs import FAILED, Job
from .progress import Progress, Summary
from .writer import Writer, _close, _open, refresh_pending


def load_folder(
    folder: str | Path,
    db_path: str | Path = "csp.db",
    settings: Settings | None = None,
    quiet: bool = False,
    debug: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Summary:
    """Store every record of ``folder`` in the database at ``db_path``; return the summary
    (failures on ``err``, with tracebacks when ``debug``; the closing line on ``out`` unless
    ``quiet``).  Raises ValueError for a folder without records or a database file that is not
    SQLite, :class:`~extractor.errors.StoreError` when the database cannot be written."""
    out, err = out if out is not None else sys.stdout, err if err is not None else sys.stderr
    started = time.perf_counter()
    records.files(folder)  # no records here: say so before opening the database
    summary = Summary()
    db = _open(db_path, settings or Settings())
    try:
        refresh_pending(db)  # what a stopped ingest or load left to do
        batch = _Batch(Writer(db, None, _corrections(db_path, None)), summary, Progress(0, None, enabled=False), err, debug, quiet)
        for record in records.read(folder):
            _store(batch, db, record)
        finish_batch(db)
    finally:
        _close(db)
    return closing_line(summary, started, quiet, out)


def _store(batch: _Batch, db, record: dict | records.BadLine) -> None:
    """Store or log one record, in its own transaction."""
    if isinstance(record, records.BadLine):
        batch._failed(record.where(), FAILED, record.message, None)
        return
    if record["status"] == "skipped":  # a symbolic link out of the folders mapped
        batch.record([records.to_job(record)])
        return
    if record["status"] != "ok":
        batch.finished(records.to_result(record))
        return
    same = unchanged.find_document(db, sha256=record["sha256"])
    if same is not None:
        message = "already ingested" if same[1] == record["path"] else f"same bytes as {same[1]}"
        batch.record([Job(Path(record["path"]), record["sha256"], "skip", message, document_id=same[0])])
        return
    old = unchanged.find_document(db, path=record["path"])
    batch.finished(records.to_result(record, replaces=old[0] if old else None))
