"""A large PDF read by two workers at once, in page ranges (extractor.batch.split).

The PDF is the five bundled report PDFs one after another (17 pages); ``split_pages=2`` makes it
large enough to split, so the real reader and extractor run in each worker and the tests take a
few seconds.  They wait on events (a result, a worker's death), never on how fast the machine is.
"""
from __future__ import annotations

import dataclasses
import io
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from extractor.batch import ingest, split, workers
from extractor.batch.files import sha256_file
from extractor.batch.jobs import Job
from extractor.batch.split import ranges
from extractor.batch.workers import WorkerPool
from extractor.core import extract_file
from extractor.errors import CorruptFileError
from extractor.read import pdf as pdf_reader
from extractor.settings import Settings
from extractor.store.schema import ITEM_TABLES

from .helpers import agenda_pack

pytestmark = pytest.mark.processes


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """An agenda pack: the bundled report PDFs, one after another."""
    return agenda_pack(tmp_path_factory.mktemp("pack"))


def test_ranges_cover_every_page_once_in_order():
    assert ranges(17, 2) == [range(1, 9), range(9, 18)]
    assert ranges(3, 4) == [range(1, 2), range(2, 3), range(3, 4)]
    assert [n for r in ranges(301, 3) for n in r] == list(range(1, 302))


def test_two_workers_reading_page_ranges_give_the_items_of_one_process(pack, tmp_path):
    settings = Settings(split_pages=2, workers=2, timeout=120)
    earlier = tmp_path / "earlier.pdf"  # while it waits, the pack is read whole: the workers are busy
    earlier.write_bytes(pack.read_bytes())
    jobs = [Job(earlier, sha256_file(earlier), "extract"), Job(pack, sha256_file(pack), "extract")]
    with WorkerPool(2, settings) as pool:
        results = {r.path: r for r in pool.run(jobs)}
        joined = pool.splits.joined
    assert [r.status for r in results.values()] == ["ok", "ok"], [r.message for r in results.values()]
    assert joined == 1  # the last file was read in two ranges and joined
    whole = extract_file(pack, settings, include_text=True)
    assert results[pack].data["pages"] == 17
    assert results[pack].data == whole  # every item, field, offset and the text itself
    assert {**results[earlier].data, "source": str(pack)} == whole


def test_one_worker_reads_a_long_pdf_in_a_child_process_with_the_same_items(pack, monkeypatch):
    from extractor.batch import child

    def marked(path, step, *args):  # what the worker runs in a child: recorded in the result
        return dataclasses.replace(child_run(path, step, *args), warnings=[f"read in child {step.__name__}"])

    child_run = child.in_child
    monkeypatch.setattr(split, "in_child", marked)  # the forked worker inherits it
    # a new worker's first file is read by its reader, another child (tests/test_prefetch.py):
    # here the worker reads it, as it reads every later file
    monkeypatch.setattr(workers, "ReadAhead", lambda conn, settings: None)
    settings = Settings(split_pages=2, workers=1)
    with WorkerPool(1, settings) as pool:
        (result,) = list(pool.run([Job(pack, sha256_file(pack), "extract")]))
    assert result.status == "ok", result.message
    assert result.data.pop("warnings") == ["read in child read_whole"]
    whole = extract_file(pack, settings, include_text=True)
    whole.pop("warnings")
    assert result.data == whole


def test_page_ranges_are_read_in_child_processes_not_in_the_worker(pack, tmp_path, monkeypatch):
    # issue 15: a worker that read 1,000 pages in its own heap went on to peak at 431 MB
    # analysing the 2,000-page pack: each range is read in a forked child, as the join is
    readers = tmp_path / "readers"
    read_range = split.read_range

    def recorded(job, settings):
        with open(readers, "a") as f:
            f.write(f"{os.getpid()} {os.getppid()}\n")
        return read_range(job, settings)

    monkeypatch.setattr(split, "read_range", recorded)  # forked workers and their children run it
    monkeypatch.setattr(workers, "ReadAhead", lambda conn, settings: None)  # the workers' own path
    with WorkerPool(2, Settings(split_pages=2, workers=2, timeout=120)) as pool:
        worker_pids = {w.process.pid for w in pool.workers}
        (result,) = list(pool.run([Job(pack, sha256_file(pack), "extract")]))
        assert result.status == "ok" and pool.splits.joined == 1, result.message
    rows = [line.split() for line in readers.read_text().splitlines()]
    assert len(rows) == 2 and all(int(pid) not in worker_pids and int(parent) in worker_pids for pid, parent in rows)


def _given(monkeypatch) -> list[tuple]:
    """What the workers are given, recorded in this process: (range, whether a join) per job."""
    given, give = [], workers._Worker.give

    def recorded(worker, job):
        given.append((job.part, job.read is not None))
        give(worker, job)

    monkeypatch.setattr(workers._Worker, "give", recorded)
    return given


def test_the_ingest_process_counts_a_long_pdfs_pages_so_its_ranges_start_at_once(pack, monkeypatch):
    # issue 15: a worker counted the pages and answered SPLIT only once it had loaded spaCy, a
    # second and a half after the start; the ingest process's child counts them, and the first
    # jobs the workers get are the two ranges (their readers read them while the workers load)
    given = _given(monkeypatch)
    with WorkerPool(2, Settings(split_pages=2, workers=2, timeout=120)) as pool:
        (result,) = list(pool.run([Job(pack, sha256_file(pack), "extract")]))
        assert result.status == "ok" and pool.splits.joined == 1, result.message
    assert given == [(range(1, 9), False), (range(9, 18), False), (None, True)]


def test_when_the_ingest_process_cannot_count_the_pages_a_worker_does(pack, monkeypatch):
    given = _given(monkeypatch)
    with WorkerPool(2, Settings(split_pages=2, workers=2, timeout=120)) as pool:
        monkeypatch.setattr(split, "page_count", lambda path, password: 1 / 0)  # in this process only
        (result,) = list(pool.run([Job(pack, sha256_file(pack), "extract")]))
        assert result.status == "ok" and pool.splits.joined == 1, result.message
    assert given == [(None, False), (range(1, 9), False), (range(9, 18), False), (None, True)]


def _warmed(tmp_path, monkeypatch) -> Path:
    """A file where each worker that loads the models writes its pid (the workers inherit it)."""
    loads, warm = tmp_path / "loads", workers._warm

    def recorded(settings, pdf=True):
        with open(loads, "a") as f:
            f.write(f"{os.getpid()}\n")
        warm(settings, pdf)

    monkeypatch.setattr(workers, "_warm", recorded)
    return loads


def test_of_two_workers_on_one_long_pdf_only_the_joining_one_loads_spacy(pack, tmp_path, monkeypatch):
    # issue 15: the second worker only reads a page range; loading spaCy there took the cores
    # the ranges were read on
    loads = _warmed(tmp_path, monkeypatch)
    err = io.StringIO()
    summary = ingest.ingest_paths([pack], tmp_path / "csp.db", settings=Settings(split_pages=2), workers=2,
                                  out=io.StringIO(), err=err)  # fmt: skip
    assert summary.ok == 1, err.getvalue()
    assert len(set(loads.read_text().split())) == 1


def test_lazy_workers_load_the_models_for_the_first_file_they_extract(tmp_path, monkeypatch):
    loads = _warmed(tmp_path, monkeypatch)
    files = []
    for n in range(2):
        files.append(tmp_path / f"minutes-{n}.txt")
        files[-1].write_text(f"Minutes {n}\n\nRESOLVED: that the Community Safety Plan be approved.\n")
    with WorkerPool(2, Settings(workers=2, timeout=120), lazy=2) as pool:
        results = list(pool.run([Job(f, sha256_file(f), "extract") for f in files]))
        pids = {w.process.pid for w in pool.workers}
    assert [r.status for r in results] == ["ok", "ok"], [r.message for r in results]
    assert all(r.data["decisions"] for r in results)
    assert {int(pid) for pid in loads.read_text().split()} == pids  # each loaded with its file


def test_a_short_pdf_is_not_split(pack):
    with WorkerPool(2, Settings(split_pages=18, workers=2)) as pool:
        (result,) = list(pool.run([Job(pack, sha256_file(pack), "extract")]))
        assert result.status == "ok" and pool.splits.joined == 0


def _fail_second_range(how: str):
    read_pages = pdf_reader.read_pages

    def reader(path, settings=None, pages=None):
        if pages is not None and pages.start > 1:
            if how == "crash":
                os.kill(os.getpid(), signal.SIGKILL)
            raise MemoryError
        return read_pages(path, settings, pages)

    return reader


def _items(db_path: Path) -> dict[str, list]:
    db = sqlite3.connect(db_path)
    try:
        return {t: sorted(map(repr, db.execute(f"SELECT * FROM [{t}]").fetchall())) for t in ITEM_TABLES}
    finally:
        db.close()


@pytest.mark.parametrize("how, status", [("crash", "failed"), ("memory", "too_large")])
def test_a_failing_range_fails_its_file_and_keeps_what_was_stored(pack, tmp_path, monkeypatch, how, status):
    copy = tmp_path / "agenda-pack.pdf"
    copy.write_bytes(pack.read_bytes())
    db_path = tmp_path / "csp.db"
    settings = Settings(split_pages=2)
    first = ingest.ingest_paths([copy], db_path, settings=settings, workers=0, out=io.StringIO(), err=io.StringIO())
    assert first.ok == 1
    stored = _items(db_path)
    copy.write_bytes(pack.read_bytes() + b"\n% a new version\n")  # changed bytes: it would replace the stored one
    monkeypatch.setattr(pdf_reader, "read_pages", _fail_second_range(how))  # the forked workers inherit it
    err = io.StringIO()
    again = ingest.ingest_paths([copy], db_path, settings=settings, workers=2, out=io.StringIO(), err=err)
    assert (again.ok, again.failed) == (0, 1), err.getvalue()
    assert f"agenda-pack.pdf: {status}: pages 9-17: " in err.getvalue()
    assert _items(db_path) == stored and any(stored.values())  # the earlier version is still there
    db = sqlite3.connect(db_path)
    rows = db.execute("SELECT status, message FROM ingest_log ORDER BY rowid DESC LIMIT 1").fetchall()
    db.close()
    assert rows[0][0] == status and rows[0][1].startswith("pages 9-17: ")


def _step(how: str):
    if how == "corrupt":
        raise CorruptFileError("x.pdf", "cannot be read as PDF; re-download it")
    if how == "memory":
        raise MemoryError
    if how == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    return {"pid": os.getpid()}


def _silent(seconds: float):
    import time

    time.sleep(seconds)


def test_a_step_in_a_child_that_does_not_answer_in_time_is_stopped():
    from extractor.batch.child import ChildDied, in_child

    with pytest.raises(ChildDied, match=r"x.pdf: the process reading it crashed \(no answer after 0.2 s, stopped\)"):
        in_child("x.pdf", _silent, 60, timeout=0.2)
    assert in_child("x.pdf", _step, "ok", timeout=60)["pid"] != os.getpid()


def test_a_step_in_a_child_gives_its_value_its_error_or_its_death():
    from extractor.batch.child import ChildDied, in_child

    assert in_child("x.pdf", _step, "ok")["pid"] != os.getpid()
    with pytest.raises(CorruptFileError, match="x.pdf: cannot be read as PDF; re-download it") as found:
        in_child("x.pdf", _step, "corrupt")
    assert found.value.status == "corrupt" and found.value.message == "cannot be read as PDF; re-download it"
    with pytest.raises(MemoryError):
        in_child("x.pdf", _step, "memory")
    with pytest.raises(ChildDied, match=r"x.pdf: the process reading it crashed \(killed by SIGKILL\)"):
        in_child("x.pdf", _step, "crash")
