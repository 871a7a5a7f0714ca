"""Every row of the bad-input table, end to end through ``csp-extract ingest`` (a subprocess).

The files are in tests/fixtures/bad/ (made by tests/fixtures/make_bad_inputs.py).  Each file
must get exactly one ingest_log row with its status and a message saying the fix, the batch must
go on, no traceback may reach the user, and the exit status must be 0 (all ok or skipped), 1 (any
failed) or 2 (usage error).
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, FIXTURES

pytestmark = pytest.mark.processes
BAD = FIXTURES / "bad"

# file -> (status, words the message must hold)
EXPECTED = {
    "empty.pdf": ("empty", "the file is empty (0 bytes); re-download or remove it"),
    "empty.txt": ("empty", "the file is empty"),
    "random-bytes.pdf": ("corrupt", "cannot be read as PDF; re-download"),
    "not-a-pdf.pdf": ("corrupt", "cannot be read as PDF: it is an HTML page (often a login, cookie or error page"),
    "truncated.pdf": ("corrupt", "cannot be read as PDF; re-download"),
    "encrypted.pdf": ("encrypted", "password protected; give --password or decrypt it first (e.g. qpdf"),
    "owner-password.pdf": ("ok", None),
    "scanned.pdf": ("needs_ocr", "no text layer (a scanned PDF); run OCR first (e.g. ocrmypdf"),
    "partly-scanned.pdf": ("ok", "page 2 has no text layer; run OCR (e.g. ocrmypdf) to include it"),
    "binary.txt": ("corrupt", "not text"),
    "cp1252.txt": ("ok", "not valid UTF-8, read as cp1252"),
    "report.rtf": ("unsupported", "csp-extract reads .txt, .md"),
}


def ingest(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "extractor", "ingest", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def log_rows(db: Path) -> dict[str, list[tuple[str, str]]]:
    con = sqlite3.connect(db)
    rows: dict[str, list[tuple[str, str]]] = {}
    for path, status, message in con.execute("SELECT path, status, message FROM ingest_log ORDER BY id"):
        rows.setdefault(Path(path).name, []).append((status, message))
    con.close()
    return rows


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory):
    """One ingest of the whole bad folder (and the .rtf, which a folder search leaves out)."""
    db = tmp_path_factory.mktemp("bad") / "bad.db"
    run = ingest(BAD, BAD / "report.rtf", "--db", db, "--workers", "2")
    return run, db


def test_every_file_has_one_log_row(bad_batch):
    run, db = bad_batch
    rows = log_rows(db)
    assert set(rows) == set(EXPECTED)
    assert all(len(r) == 1 for r in rows.values()), rows


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_status_and_message(bad_batch, name):
    run, db = bad_batch
    status, words = EXPECTED[name]
    (got_status, message), = log_rows(db)[name]
    assert got_status == status
    if words:
        assert words in message
    if status not in ("ok", "skipped"):
        assert f"{BAD / name}: {status}: " in run.stderr  # the user sees the file and the fix


def test_the_batch_goes_on_without_tracebacks(bad_batch):
    run, db = bad_batch
    assert run.returncode == 1  # some failed
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stdout.startswith("12 documents: 3 ok, 0 skipped, 9 failed;")
    con = sqlite3.connect(db)
    names = {r[0] for r in con.execute("SELECT file_name FROM documents")}
    warnings = dict(con.execute("SELECT file_name, warnings FROM documents").fetchall())
    con.close()
    assert names == {"owner-password.pdf", "partly-scanned.pdf", "cp1252.txt"}
    assert json.loads(warnings["partly-scanned.pdf"]) == [EXPECTED["partly-scanned.pdf"][1] + ""]
    assert f"{BAD / 'partly-scanned.pdf'}: warning: page 2 has no text layer" in run.stderr


def test_password_opens_the_encrypted_pdf(tmp_path):
    run = ingest(BAD / "encrypted.pdf", "--db", tmp_path / "x.db", "--password", "csp")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("1 documents: 1 ok")


def test_a_file_over_the_time_limit(tmp_path):
    text = (CORPUS / "docs" / "medway-2020-12-03-csp-annual-scrutiny.txt").read_text(encoding="utf-8")
    big = tmp_path / "agenda-pack.txt"
    big.write_text((text + "\n\n") * 200, encoding="utf-8")  # several seconds of work (40 copies: 1 s since issue 15)
    good = tmp_path / "short.txt"
    good.write_text(text, encoding="utf-8")
    run = ingest(big, good, "--db", tmp_path / "t.db", "--timeout", "1", "--workers", "1")
    assert run.returncode == 1
    rows = log_rows(tmp_path / "t.db")
    (status, message), = rows["agenda-pack.txt"]
    assert status == "timeout"
    assert "longer than 1 s" in message and "--timeout" in message
    assert rows["short.txt"] == [("ok", None)]  # the replacement worker did the next file
    assert "Traceback" not in run.stderr


def test_exit_status_0_when_all_ok_or_skipped(tmp_path):
    args = (BAD / "owner-password.pdf", BAD / "cp1252.txt", "--db", tmp_path / "ok.db", "-q")
    first = ingest(*args)
    assert first.returncode == 0 and first.stdout == ""
    again = ingest(*args)
    assert again.returncode == 0  # skipped


@pytest.mark.parametrize("args, words", [
    (["no/such/folder"], "no such file or folder"),
    ([str(BAD / "cp1252.txt"), "--workers", "-1"], "--workers"),
    ([str(BAD / "cp1252.txt"), "--timeout", "0"], "--timeout"),
])
def test_exit_status_2_for_usage_errors(tmp_path, args, words):
    run = ingest(*args, "--db", tmp_path / "u.db")
    assert run.returncode == 2
    assert words in run.stderr and "Traceback" not in run.stderr
