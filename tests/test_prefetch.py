"""A new worker's first file is read by a forked reader while the worker loads spaCy and the
models (extractor.batch.prefetch): the same outcome, sooner (issue 15)."""
from __future__ import annotations

import io
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from extractor import store
from extractor.batch import ingest, split, workers
from tests.test_store import CORPUS

pytestmark = [pytest.mark.processes,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reader is a fork")]
BAD = Path(__file__).parent / "fixtures" / "bad"


def run(paths, db_path, **kw):
    err = io.StringIO()
    summary = ingest.ingest_paths(paths, db_path, out=io.StringIO(), err=err, **kw)
    return summary, err.getvalue()


def logged(db_path) -> dict[str, tuple[str, str | None]]:
    db = store.open_db(db_path)
    rows = db.execute("SELECT path, status, message FROM ingest_log ORDER BY id").fetchall()
    db.close()
    return {os.path.basename(p): (status, message) for p, status, message in rows}


def stamp(path: Path, what: str) -> None:
    with open(path, "a") as f:
        f.write(f"{what} {time.monotonic()}\n")


def stamps(path: Path) -> dict[str, float]:
    return {what: float(at) for what, at in (line.split() for line in path.read_text().splitlines())}


def two_reports(tmp_path, monkeypatch, read_whole, **kw) -> tuple[dict, str]:
    """Ingest two corpus reports with one worker, its reader reading with ``read_whole``: the
    log by file name, and what ingest reported."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in CORPUS[:2]:
        shutil.copy(path, folder / path.name)
    monkeypatch.setattr(split, "read_whole", read_whole)  # the forked worker and its reader run it
    _, err = run([folder], tmp_path / "csp.db", workers=1, **kw)
    return logged(tmp_path / "csp.db"), err


def test_first_file_is_read_while_the_worker_loads_the_models(tmp_path, monkeypatch):
    times = tmp_path / "times"
    warm, read_whole = workers._warm, split.read_whole

    def slow_warm(settings, **kw):  # loading spaCy on a slow machine: until the first file is being read
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (times.exists() and "reading" in times.read_text()):
            time.sleep(0.05)
        warm(settings, **kw)
        stamp(times, "loaded")

    def timed_read(job, settings):
        stamp(times, "reading")
        return read_whole(job, settings)

    monkeypatch.setattr(workers, "_warm", slow_warm)  # the forked worker and its reader run these
    monkeypatch.setattr(split, "read_whole", timed_read)
    summary, err = run([CORPUS[0]], tmp_path / "csp.db", workers=1)
    assert (summary.ok, summary.failed) == (1, 0), err
    assert stamps(times)["reading"] < stamps(times)["loaded"]


@pytest.mark.parametrize("database", ["new", "existing"])
def test_first_file_is_read_while_ingest_prepares_the_database(tmp_path, monkeypatch, database):
    # issue 15: the first job went out only once ingest had opened (or created) the database
    times, db_path = tmp_path / "times", tmp_path / "csp.db"
    if database == "existing":
        run([CORPUS[1]], db_path, workers=0)
    open_db, read_whole = ingest._open, split.read_whole

    def slow_open(path, settings):  # preparing the database on a slow disk: until the file is being read
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (times.exists() and "reading" in times.read_text()):
            time.sleep(0.05)
        stamp(times, "opening")
        return open_db(path, settings)

    def timed_read(job, settings):
        stamp(times, "reading")
        return read_whole(job, settings)

    monkeypatch.setattr(ingest, "_open", slow_open)
    monkeypatch.setattr(split, "read_whole", timed_read)  # the forked worker's reader runs it
    summary, err = run([CORPUS[0]], db_path, workers=1)
    assert (summary.ok, summary.failed) == (1, 0), err
    assert stamps(times)["reading"] < stamps(times)["opening"]


def test_read_ahead_gives_the_same_items_as_reading_in_the_worker(tmp_path, monkeypatch):
    first, _ = run([CORPUS[0]], tmp_path / "ahead.db", workers=1)
    monkeypatch.setattr(workers, "ReadAhead", lambda conn, settings: None)
    second, _ = run([CORPUS[0]], tmp_path / "plain.db", workers=1)
    rows = []
    for name in ("ahead.db", "plain.db"):
        db = store.open_db(tmp_path / name)
        rows.append(db.execute("SELECT kind, text, page, quote FROM items ORDER BY kind, item_id").fetchall())
        db.close()
    assert (first.ok, second.ok) == (1, 1) and rows[0] == rows[1] and rows[0]


@pytest.mark.parametrize("name", ["not-a-pdf.pdf", "encrypted.pdf", "empty.pdf"])
def test_a_bad_first_file_gets_the_same_status_and_message_through_the_reader(name, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(BAD / name, folder / name)
    run([folder], tmp_path / "workers.db", workers=1)
    run([folder], tmp_path / "in-process.db", workers=0)
    assert logged(tmp_path / "workers.db")[name] == logged(tmp_path / "in-process.db")[name]
    assert logged(tmp_path / "workers.db")[name][0] != "ok"


def test_a_reader_that_crashes_fails_its_file_and_the_batch_goes_on(tmp_path, monkeypatch):
    read_whole = split.read_whole

    def crash_on_the_first(job, settings):
        if job.path.name == CORPUS[0].name:
            os.kill(os.getpid(), signal.SIGKILL)  # only the reader runs this for the first file
        return read_whole(job, settings)

    log, err = two_reports(tmp_path, monkeypatch, crash_on_the_first)
    assert log[CORPUS[0].name][0] == "failed" and "crashed (killed by SIGKILL)" in log[CORPUS[0].name][1]
    assert log[CORPUS[1].name][0] == "ok", err


def test_a_worker_that_cannot_fork_a_reader_reads_its_first_file_itself(tmp_path, monkeypatch):
    serve = workers._serve

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    def serve_without_fork(*args):  # in the forked worker only: ingest itself still forks it
        os.fork = no_fork
        serve(*args)

    monkeypatch.setattr(workers, "_serve", serve_without_fork)
    summary, err = run([CORPUS[0]], tmp_path / "csp.db", workers=1)
    assert (summary.ok, summary.failed) == (1, 0), err


def test_a_first_file_that_hangs_its_reader_times_out_and_leaves_no_reader_behind(tmp_path, monkeypatch):
    pids = tmp_path / "reader"
    read_whole = split.read_whole

    def hang_on_the_first(job, settings):
        if job.path.name == CORPUS[0].name:
            pids.write_text(str(os.getpid()))
            time.sleep(600)  # a hostile file PDFium never finishes
        return read_whole(job, settings)

    log, err = two_reports(tmp_path, monkeypatch, hang_on_the_first, timeout=5)  # the other needs well under 5 s
    assert log[CORPUS[0].name][0] == "timeout" and log[CORPUS[1].name][0] == "ok", err
    assert _gone(int(pids.read_text()))  # it died with its worker: no orphan goes on reading


def _gone(pid: int, seconds: float = 20) -> bool:
    """Whether process ``pid`` has ended (gone, or a zombie awaiting its parent)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False
