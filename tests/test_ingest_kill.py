"""Fault tolerance, for real: ``csp-extract ingest`` killed with SIGKILL in the middle of a batch.

The command runs as a subprocess (in its own session, so that the kill takes its workers too)
on a folder of 60 reports.  The test waits, by polling the database, until a few documents are
committed, kills it, and checks that the database passes ``PRAGMA integrity_check``, that every
stored document has exactly the rows a clean ingest of the same file gives (no half-stored
document) and that running the same command again completes the batch.  It waits on events
(rows in the database, the process ending), never on the machine's speed.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor import store
from extractor.batch.ingest import ingest_paths
from tests.conftest import CORPUS

pytestmark = pytest.mark.processes
DOCUMENTS = 60


def make_folder(root: Path, count: int = DOCUMENTS) -> Path:
    """``count`` reports: the corpus texts, each copy given its own last line (its own bytes)."""
    sources = sorted((CORPUS / "docs").glob("*.txt"))
    folder = root / "reports"
    folder.mkdir()
    for i in range(count):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8") + f"\nReference: copy {i} of this report.\n"
        (folder / f"{i:03d}-{source.name}").write_text(text, encoding="utf-8")
    return folder


def command(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "extractor", "ingest", str(folder), "--db", str(db), "--workers", "2", "-q"]


def committed(db: Path) -> int:
    """Documents logged ok so far (0 while the schema is not there yet)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM ingest_log WHERE status = 'ok'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def rows_per_document(db: Path) -> dict[str, tuple[int, ...]]:
    """file name -> (priorities, priority themes, recommendations, risks, funding, decisions)."""
    con = sqlite3.connect(db)
    counts = {}
    for doc_id, name in con.execute("SELECT id, file_name FROM documents"):
        row = [con.execute("SELECT COUNT(*) FROM priority_themes WHERE priority_id IN "
                           "(SELECT id FROM priorities WHERE document_id = ?)", [doc_id]).fetchone()[0]]
        for table in store.ITEM_TABLES:
            row.append(con.execute(f"SELECT COUNT(*) FROM [{table}] WHERE document_id = ?", [doc_id]).fetchone()[0])
        counts[name] = tuple(row)
    con.close()
    return counts


def kill_after_commits(folder: Path, db: Path, commits: int = 5) -> None:
    process = subprocess.Popen(command(folder, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while committed(db) < commits:
        assert process.poll() is None, f"ingest ended before the kill: {process.communicate()}"
        assert time.monotonic() < deadline, "no commits within 120 s"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL


def test_kill_9_mid_batch_then_rerun(tmp_path):
    folder = make_folder(tmp_path)
    db = tmp_path / "killed.db"
    kill_after_commits(folder, db)

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    logged = con.execute("SELECT COUNT(*) FROM ingest_log WHERE status = 'ok'").fetchone()[0]
    con.close()
    assert 5 <= stored < DOCUMENTS and logged == stored  # a document and its log row go together

    clean_db = tmp_path / "clean.db"
    summary = ingest_paths([folder], clean_db, quiet=True, workers=2)
    assert summary.ok == DOCUMENTS
    clean = rows_per_document(clean_db)
    after_kill = rows_per_document(db)
    assert after_kill == {name: clean[name] for name in after_kill}  # whole documents only

    rerun = subprocess.run(command(folder, db), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert rows_per_document(db) == clean
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    statuses = dict(con.execute(
        "SELECT status, COUNT(DISTINCT path) FROM ingest_log GROUP BY status").fetchall())
    con.close()
    assert statuses == {"ok": DOCUMENTS, "skipped": stored}
