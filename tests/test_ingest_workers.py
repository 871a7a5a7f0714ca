"""Worker processes: parallel extraction, a file that hangs or crashes its worker, the time limit.

The extract function is injected: :func:`faulty_extract` sleeps on a file named *hang*, kills
its own process on *crash*, and otherwise returns the gold result (tests.test_store).  Time
limits are 2 s, so these tests take a few seconds each; they wait on events, never on how fast
the machine is, and hold on 2 cores.
"""
from __future__ import annotations

import faulthandler
import io
import multiprocessing
import os
import shutil
import signal
import sqlite3
import threading
import time

import pytest

from extractor import store
from extractor.batch import ingest, workers
from extractor.settings import Settings
from tests.test_store import CORPUS, fake_extract

pytestmark = pytest.mark.processes


def faulty_extract(path, settings):
    """fake_extract, except that *hang* files never finish and *crash* files kill the worker;
    every result records the worker's process id in its warnings."""
    if "hang" in path.name:
        time.sleep(600)
    if "crash" in path.name:
        faulthandler.disable()  # pytest's crash dump would clutter the output
        os.kill(os.getpid(), signal.SIGSEGV)
    result = fake_extract(path, settings)
    result["warnings"] = [f"pid {os.getpid()}"]
    return result


@pytest.fixture
def folder(tmp_path):
    """The five corpus reports, a file that hangs and one that crashes its worker."""
    root = tmp_path / "reports"
    root.mkdir()
    for path in CORPUS:
        shutil.copy(path, root / path.name)
    (root / "agenda-hang.txt").write_text("Priority: this never finishes\n")
    (root / "agenda-crash.txt").write_text("Priority: this kills its worker\n")
    return root


def ingest_folder(folder, db_path, **kw):
    err = io.StringIO()
    kw.setdefault("extract", faulty_extract)
    summary = ingest.ingest_paths([folder], db_path, out=io.StringIO(), err=err, **kw)
    return summary, err.getvalue()


def log(db_path) -> dict[str, tuple[str, str]]:
    db = store.open_db(db_path)
    rows = db.execute("SELECT path, status, message FROM ingest_log ORDER BY id").fetchall()
    db.close()
    return {os.path.basename(p): (status, message) for p, status, message in rows}


def test_hung_and_crashed_workers_are_replaced_and_the_batch_goes_on(folder, tmp_path):
    db_path = tmp_path / "csp.db"
    summary, err = ingest_folder(folder, db_path, workers=2, timeout=2)
    assert (summary.ok, summary.failed) == (5, 2) and summary.exit_code == 1
    rows = log(db_path)
    assert len(rows) == 7  # one ingest_log row per file
    status, message = rows["agenda-hang.txt"]
    assert status == "timeout"
    assert "longer than 2 s" in message and "--timeout" in message
    status, message = rows["agenda-crash.txt"]
    assert status == "failed" and "crashed (killed by SIGSEGV)" in message
    assert all(rows[p.name][0] == "ok" for p in CORPUS)
    assert "agenda-hang.txt: timeout: extraction took longer than 2 s" in err
    assert "Traceback" not in err
    db = store.open_db(db_path)
    assert store.counts(db)["documents"] == 5
    db.close()


def rendezvous_extract(path, settings):
    """fake_extract that first waits (up to 20 s) until two extractions are under way at once:
    run one at a time, it would wait for ever (and time out)."""
    meeting = path.parent.parent / "meeting"
    (meeting / f"{os.getpid()}-{path.name}").touch()
    deadline = time.monotonic() + 20
    while len(list(meeting.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    result = fake_extract(path, settings)
    result["warnings"] = [f"pid {os.getpid()} met {len(list(meeting.iterdir()))}"]
    return result


def test_two_workers_extract_at_the_same_time(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (tmp_path / "meeting").mkdir()
    for path in CORPUS[:2]:
        shutil.copy(path, folder / path.name)
    summary, err = ingest_folder(folder, tmp_path / "csp.db", extract=rendezvous_extract,
                                 workers=2, timeout=30)  # fmt: skip
    assert summary.ok == 2, err
    db = store.open_db(tmp_path / "csp.db")
    warnings = [w for (w,) in db.execute("SELECT warnings FROM documents")]
    assert len({w.split(" met")[0] for w in warnings}) == 2  # two processes
    assert all("met 2" in w for w in warnings)  # each saw the other at work


def test_rerun_retries_only_the_failures(folder, tmp_path):
    db_path = tmp_path / "csp.db"
    ingest_folder(folder, db_path, workers=2, timeout=2)
    (folder / "agenda-hang.txt").unlink()
    summary, _ = ingest_folder(folder, db_path, workers=2, timeout=2)
    assert (summary.ok, summary.skipped, summary.failed) == (0, 5, 1)


def test_settings_reach_the_workers(tmp_path):
    summary, _ = ingest_folder(CORPUS[0], tmp_path / "csp.db", extract=record_settings,
                               settings=Settings(min_confidence=0.25), password="pw", workers=1)  # fmt: skip
    assert summary.ok == 1
    db = store.open_db(tmp_path / "csp.db")
    (warnings,) = db.execute("SELECT warnings FROM documents").fetchone()
    assert "pw 0.25 1" in warnings


def record_settings(path, settings):
    result = fake_extract(path, settings)
    result["warnings"] = [f"{settings.password} {settings.min_confidence} {settings.workers}"]
    return result


def test_spawned_workers_work_too(folder, tmp_path, monkeypatch):
    """With clean interpreters (spawn) the injected function travels by name; one worker,
    replaced after the hang and after the crash."""
    monkeypatch.setattr(workers, "START_METHOD", "spawn")
    for path in CORPUS[1:]:
        (folder / path.name).unlink()
    summary, _ = ingest_folder(folder, tmp_path / "csp.db", workers=1, timeout=2)
    assert (summary.ok, summary.failed) == (1, 2)
    rows = log(tmp_path / "csp.db")
    assert rows["agenda-hang.txt"][0] == "timeout" and rows["agenda-crash.txt"][0] == "failed"


def test_in_process_mode(folder, tmp_path):
    (folder / "agenda-hang.txt").unlink()
    (folder / "agenda-crash.txt").unlink()
    summary, _ = ingest_folder(folder, tmp_path / "csp.db", workers=0)
    assert summary.ok == 5
    db = store.open_db(tmp_path / "csp.db")
    assert {w for (w,) in db.execute("SELECT warnings FROM documents")} == {f'["pid {os.getpid()}"]'}


def test_pool_stops_its_workers(tmp_path):
    pool = workers.WorkerPool(2, Settings(timeout=2), faulty_extract)
    processes = [w.process for w in pool.workers]
    assert all(p.is_alive() for p in processes)
    pool.close()
    assert not any(p.is_alive() for p in processes)


def test_ctrl_c_stops_the_workers_and_leaves_whole_documents(folder, tmp_path):
    """Ctrl+C while a worker hangs: the interrupt reaches the caller, no worker is left behind
    and the database holds whole documents only."""
    db_path = tmp_path / "csp.db"
    threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGINT)).start()
    with pytest.raises(KeyboardInterrupt):
        ingest_folder(folder, db_path, workers=2, timeout=60)  # the hang outlasts the timer
    assert multiprocessing.active_children() == []
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    logged = con.execute("SELECT COUNT(*) FROM ingest_log WHERE status = 'ok'").fetchone()[0]
    assert stored == logged


def test_the_time_limit_counts_from_when_the_worker_has_loaded(tmp_path, monkeypatch):
    """A worker that takes longer than --timeout to load the models (a slow machine, a busy
    one) still gets the whole time limit for its file: regression for files logged 'timeout'
    after 0.1 s of work because the model loading was counted against them."""
    slow_start = workers._serve

    def serve_after_a_slow_load(*args):
        time.sleep(3)  # longer than the time limit below
        slow_start(*args)

    monkeypatch.setattr(workers, "_serve", serve_after_a_slow_load)  # forked workers run it
    summary, err = ingest_folder(CORPUS[0].parent, tmp_path / "csp.db", extract=fake_extract, workers=1,
                                 timeout=2)
    assert (summary.ok, summary.failed) == (5, 0), err


def test_a_timed_out_text_file_is_not_blamed_on_a_damaged_pdf(tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    (root / "agenda-hang.txt").write_text("Priority: this never finishes\n")
    summary, err = ingest_folder(root, tmp_path / "csp.db", workers=1, timeout=2)
    assert summary.failed == 1
    assert "timeout" in err and "PDF" not in err and "TXT file" in err
