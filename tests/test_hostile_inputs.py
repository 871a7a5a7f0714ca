"""Issue 14 ("Hostile files and a public site"), the ingest side: one regression test (or a few)
per defect, named after it.  The hostile files are built by tests/hostile.py; the end-to-end
tests run ``csp-extract`` in a subprocess with this checkout's code on PYTHONPATH."""
from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.batch import files, ingest, workers, writer
from extractor.batch.jobs import Job
from extractor.cli import db as cli_db
from extractor.errors import CorruptFileError, EmptyFileError, StoreError, TooLargeError
from extractor.read import limits, read_document
from extractor.settings import Settings, memory_limit, parse_size
from tests import hostile
from tests.test_store import CORPUS, fake_extract

ROOT = Path(__file__).resolve().parents[1]
GOOD = CORPUS[0]  # a short corpus report


def cli(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env)


def log_rows(db: Path) -> dict[str, tuple[str, str]]:
    con = sqlite3.connect(db)
    rows = {Path(p).name: (s, m) for p, s, m in con.execute("SELECT path, status, message FROM ingest_log")}
    con.close()
    return rows


def run(paths, db_path, **kw):
    out, err = io.StringIO(), io.StringIO()
    kw.setdefault("extract", fake_extract)
    summary = ingest.ingest_paths(paths, db_path, out=out, err=err, **kw)
    return summary, out.getvalue(), err.getvalue()


# ----------------------------------------------------------------------------- defect 1: memory bombs
def test_defect_1_a_gridspan_of_a_million_columns_is_clamped(tmp_path):
    path = hostile.gridspan_docx(tmp_path / "span.docx")
    assert path.stat().st_size < 1500
    started = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - started < 5
    rows = [b for b in doc.blocks if b.cells]
    assert rows and all(len(b.cells) <= 2 * 50 for b in rows)  # MAX_SPAN columns per cell at most


def test_defect_1_a_docx_inflating_past_the_cap_is_too_large_before_parsing(tmp_path):
    path = hostile.inflating_docx(tmp_path / "bomb.docx", 65 << 20)
    with pytest.raises(TooLargeError) as err:
        read_document(path)
    assert err.value.status == "too_large"
    assert "word/document.xml inflates to more than 64.0 MB" in err.value.message


def test_defect_1_the_inflated_size_is_counted_not_only_declared(tmp_path):
    path = hostile.inflating_docx(tmp_path / "big.docx", 3 << 20)
    limits.check_inflated_size(path)  # under the real caps
    with pytest.raises(TooLargeError):
        limits.check_inflated_size(path, part_limit=1 << 20)
    with pytest.raises(TooLargeError, match="the .docx inflates"):
        limits.check_inflated_size(path, total_limit=2 << 20)


def test_defect_1_an_html_page_over_the_size_cap_is_not_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_HTML_BYTES", 1000)
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<p>Priorities</p>" * 200 + "</body></html>")
    with pytest.raises(TooLargeError, match="more than the 1000 bytes"):
        read_document(path)


def allocate(path, settings):
    """An extraction that tries to take 8 GB at once when the file is named *bomb*."""
    if "bomb" in path.name:
        hoard = bytearray(8 << 30)
        return {"never": len(hoard)}
    return fake_extract(path, settings)


def test_defect_1_a_worker_past_its_memory_ceiling_logs_too_large_and_goes_on(tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    (root / "agenda-bomb.txt").write_text("Priority: memory\n")
    (root / GOOD.name).write_bytes(GOOD.read_bytes())
    summary, out, err = run([root], tmp_path / "m.db", extract=allocate, workers=1, max_memory=1 << 30)
    assert (summary.ok, summary.failed) == (1, 1)
    status, message = log_rows(tmp_path / "m.db")["agenda-bomb.txt"]
    assert status == "too_large"
    assert "limit of 1.0 GB per worker" in message and "--max-memory" in message and "--timeout" not in message


def test_defect_1_the_default_ceiling_is_shared_by_the_workers():
    one, four = memory_limit(Settings(workers=1)), memory_limit(Settings(workers=4))
    assert one >= four >= 2 << 30
    assert memory_limit(Settings(max_memory=3 << 30, workers=4)) == 3 << 30
    assert parse_size("4G") == 4 << 30 and parse_size("1500M") == 1500 << 20 and parse_size("800") == 800 << 20
    with pytest.raises(ValueError, match="at least 512 MB"):
        Settings(max_memory=100 << 20)


def test_defect_1_max_memory_reaches_the_cli(tmp_path):
    run_ = CliRunner().invoke(cli_db.ingest, [str(GOOD), "--db", str(tmp_path / "x.db"), "--max-memory", "lots"])
    assert run_.exit_code == 2 and "not a size" in run_.output


def test_defect_1_a_small_file_that_times_out_is_not_told_to_take_more_time(tmp_path):
    pool_settings = Settings(timeout=3)
    pool = workers.WorkerPool.__new__(workers.WorkerPool)
    pool.settings = pool_settings
    small = tmp_path / "tiny.docx"
    small.write_bytes(b"PK\x03\x04" + b"\x00" * 1000)
    worker = type("W", (), {"job": Job(small, None, "extract"), "started": time.monotonic()})()
    message = pool._timed_out(worker).message
    assert "probably damaged or built to hang a reader" in message and "1004 bytes DOCX" in message


# ----------------------------------------------------------------------------- defect 6: uncaught errors
def test_defect_6_a_pdf_whose_page_tree_loops_is_corrupt_with_the_fix(tmp_path):
    path = hostile.looping_pdf(tmp_path / "loop.pdf")
    with pytest.raises(CorruptFileError) as err:
        read_document(path)
    assert "cannot be read as PDF: the file is damaged (PdfiumError" in err.value.message
    assert "re-download it" in err.value.message


def test_fuzz_finding_a_looping_page_tree_pdfium_rejects_is_corrupt_not_a_hang(tmp_path):
    path = hostile.looping_pdf_pdfium_rejects(tmp_path / "loop.pdf")  # 4 of 100,000 fuzzed inputs hung here
    with pytest.raises(CorruptFileError) as err:
        read_document(path)
    assert "cannot be read as PDF" in err.value.message


@pytest.mark.parametrize("name, data", [
    ("bad-zlib.docx", None),  # a deflated member with its bytes scrambled
    ("truncated.docx", None),
])
def test_defect_6_a_damaged_docx_is_corrupt_not_a_traceback(tmp_path, name, data):
    path = hostile.docx_with(tmp_path / name, hostile.paragraph("Community safety " * 200))
    raw = bytearray(path.read_bytes())
    if name == "truncated.docx":
        raw = raw[: len(raw) // 2]
    else:
        start = raw.index(b"word/document.xml") + len("word/document.xml")
        for i in range(start + 10, start + 60):
            raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))
    with pytest.raises(CorruptFileError):
        read_document(path)


def test_defect_6_extract_prints_the_good_files_and_reports_the_bad(tmp_path):
    loop = hostile.looping_pdf(tmp_path / "loop.pdf")
    run_ = cli("extract", GOOD, loop, GOOD, "--format", "json")
    assert run_.returncode == 1
    assert f"error: {loop}: cannot be read as PDF" in run_.stderr and "Traceback" not in run_.stderr
    import json

    printed = json.loads(run_.stdout)
    assert [r["source"] for r in printed] == [str(GOOD), str(GOOD)]


def test_defect_6_an_internal_error_in_extract_does_not_hide_the_others(tmp_path, monkeypatch):
    from extractor import core
    from extractor.cli.extract import extract

    real = core.extract_file

    def flaky(path, *args, **kw):
        if "flaky" in str(path):
            raise IndexError("list index out of range")
        return real(path, *args, **kw)

    monkeypatch.setattr(core, "extract_file", flaky)
    bad = tmp_path / "flaky.txt"
    bad.write_text("Priorities:\n1. Domestic abuse\n")
    result = CliRunner().invoke(extract, [str(bad), str(GOOD), "--format", "jsonl", "--max-memory", "16G"])
    assert result.exit_code == 1
    assert "internal error IndexError" in result.output and str(GOOD) in result.output


# ----------------------------------------------------------------------------- defect 9: symlinks
@pytest.fixture
def linked(tmp_path):
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    (root / GOOD.name).write_bytes(GOOD.read_bytes())
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("Priorities:\n1. A secret\n")
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "elsewhere").symlink_to(outside)
    (root / "sub" / "inside.txt").symlink_to(root / GOOD.name)
    return root


def test_defect_9_a_symlink_out_of_the_folder_is_skipped_with_the_reason(linked, tmp_path):
    summary, out, err = run([linked], tmp_path / "s.db")
    rows = log_rows(tmp_path / "s.db")
    for name in ("passwd.txt", "elsewhere"):
        status, message = rows[name]
        assert status == "skipped" and "outside the folders given" in message
    assert "secret.txt" not in rows
    con = sqlite3.connect(tmp_path / "s.db")
    assert [r[0] for r in con.execute("SELECT file_name FROM documents")] == [GOOD.name]
    assert "symbolic links outside the folders given: elsewhere, passwd.txt" in out
    assert summary.exit_code == 0


def test_defect_9_a_file_named_on_its_own_is_read_even_through_a_link(linked):
    assert files.find_files([linked / "passwd.txt"]) == [(linked / "passwd.txt").resolve()]


def test_defect_9_a_pattern_does_not_follow_a_symlink_out_of_its_folder(linked, tmp_path):
    summary, out, err = run([str(linked / "**" / "*.txt")], tmp_path / "g.db")
    rows = log_rows(tmp_path / "g.db")
    status, message = rows["passwd.txt"]
    assert status == "skipped" and "outside the folders given" in message
    con = sqlite3.connect(tmp_path / "g.db")
    assert "secret.txt" not in {r[0] for r in con.execute("SELECT file_name FROM documents")}
    assert summary.exit_code == 0


def test_defect_9_an_unreadable_sub_folder_is_logged_not_skipped_silently(linked, tmp_path, monkeypatch):
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary, out, err = run([linked], tmp_path / "u.db")
    status, message = log_rows(tmp_path / "u.db")["sub"]
    assert status == "failed" and "cannot read this folder (Permission denied)" in message
    assert "check its permissions" in err and summary.exit_code == 1


# ----------------------------------------------------------------------------- defect 10: ingest
def hold_write_lock(db_path: Path, seconds: float) -> threading.Thread:
    """Another ingest, as SQLite sees it: the database in WAL mode (as during a batch) and a
    write transaction open for ``seconds``."""
    ready = threading.Event()

    def hold():
        con = sqlite3.connect(db_path, isolation_level=None, timeout=60)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("BEGIN IMMEDIATE")
        con.execute("CREATE TABLE IF NOT EXISTS holder (x)")
        ready.set()
        time.sleep(seconds)
        con.execute("COMMIT")
        con.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert ready.wait(30)
    return thread


def test_defect_10_a_second_ingest_waits_for_the_first(tmp_path):
    db = tmp_path / "c.db"
    run([GOOD], db)  # the database exists
    other = tmp_path / "more.txt"
    other.write_text(GOOD.read_text() + "\nAddendum.\n")
    thread = hold_write_lock(db, 6)  # longer than sqlite3's default 5 s busy wait
    summary, out, err = run([other], db, workers=0)
    thread.join()
    assert (summary.ok, summary.failed) == (1, 0), err


def test_defect_10_a_database_locked_too_long_stops_the_batch_without_mislogging(tmp_path, monkeypatch):
    db = tmp_path / "c.db"
    run([GOOD], db)
    other = tmp_path / "more.txt"
    other.write_text(GOOD.read_text() + "\nAddendum.\n")
    monkeypatch.setattr(writer, "BUSY_SECONDS", 1)
    thread = hold_write_lock(db, 4)
    result = CliRunner().invoke(cli_db.ingest, [str(other), "--db", str(db), "--workers", "0"])
    thread.join()
    assert result.exit_code == 1  # a runtime problem, not a usage error
    assert "another process (another csp-extract ingest?)" in result.output and "remove" not in result.output
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM ingest_log WHERE status != 'ok'").fetchone()[0] == 0


@pytest.mark.parametrize("error, words", [
    ("attempt to write a readonly database", "cannot be written (a read-only file or folder)"),
    ("database or disk is full", "the disk is full; free some space"),
    ("database is locked", "wait for that to finish"),
])
def test_defect_10_a_database_that_cannot_be_written_is_never_told_to_be_removed(error, words):
    problem = writer.store_problem("csp.db", sqlite3.OperationalError(error))
    assert isinstance(problem, StoreError)
    assert words in str(problem) and "remove" not in str(problem)


def test_defect_10_a_file_that_is_not_sqlite_is_a_usage_error_without_remove(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("my notes, not a database\n" * 100)
    run_ = cli("ingest", GOOD, "--db", bad)
    assert run_.returncode == 2
    assert "not an SQLite database" in run_.stderr and "remove the file" not in run_.stderr


def test_defect_10_utf16_text_without_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "notepad.txt"
    text = GOOD.read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-16-le"))
    doc = read_document(path)
    assert doc.text == text.lstrip("\ufeff") or doc.text == text
    assert "UTF-16 without a byte-order mark" in doc.warnings[0]


def test_defect_10_a_whitespace_only_file_is_not_called_0_bytes(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\n\t \r\n")
    with pytest.raises(EmptyFileError) as err:
        read_document(path)
    assert "holds only white space (7 bytes)" in err.value.message and "0 bytes" not in err.value.message


def test_defect_10_an_html_page_named_pdf_is_not_told_to_re_download(tmp_path):
    path = tmp_path / "agenda.pdf"
    path.write_text("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Log in</body></html>")
    with pytest.raises(CorruptFileError) as err:
        read_document(path)
    assert "it is an HTML page" in err.value.message and "rename it to .html" in err.value.message


def test_defect_10_text_after_an_xml_entity_in_a_docx_run_is_kept(tmp_path):
    doc = read_document(hostile.entity_docx(tmp_path / "entity.docx"))
    assert "tackling anti-social behaviour in town centres." in doc.text
