"""The progress bar of a batch: pages, files, time left, and redraws while a long file is read."""
from __future__ import annotations

import io
import re
import time

import pytest

from extractor.batch import ingest
from extractor.batch.progress import Progress
from tests.test_store import CORPUS, fake_extract


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_counts_files_and_pages_and_estimates_the_time_left():
    clock = Clock()
    bar = Progress(3, io.StringIO(), True, clock=clock)
    bar.expect([1000, 3000])
    bar.advance(0)  # a skipped file
    bar.start("reports/a.txt", 1000)
    assert bar.line().startswith("[....................]   0%  1/3 files, 0 pages, time left: after the first file")
    clock.now += 2
    bar.advance(4, "reports/a.txt")  # 500 bytes a second
    bar.start("reports/b.pdf", 3000)
    clock.now += 2
    line = bar.line()
    # 1000 bytes done + about 1000 of b.pdf read: half-way, 2000 bytes left at 500 a second
    assert "[##########..........]  50%  2/3 files, 4 pages, 0:04 left · b.pdf 0:02" == line
    clock.now += 60  # the estimate of a file being read stops at 90% of it
    assert bar.line() == "[##################..]  92%  2/3 files, 4 pages, 0:01 left · b.pdf 1:02"
    bar.advance(20, "reports/b.pdf")
    assert bar.line() == "[####################] 100%  3/3 files, 24 pages"


def test_bar_is_off_when_not_asked():
    stream = io.StringIO()
    bar = Progress(1, stream, False)
    bar.expect([10])
    bar.start("a.txt", 10)
    bar.tick()
    bar.close()
    assert stream.getvalue() == ""


def slow_second_file(path, settings=None):
    if "sevenoaks-2021" in str(path):
        time.sleep(2.0)
    return fake_extract(path, settings)


@pytest.mark.processes
def test_bar_redraws_while_a_long_file_is_read(tmp_path):
    err = Terminal()
    summary = ingest.ingest_paths(CORPUS[:3], tmp_path / "csp.db", extract=slow_second_file,
                                  err=err, out=io.StringIO(), workers=1)
    assert summary.ok == 3
    frames = [f for f in err.getvalue().split("\r") if "sevenoaks-2021" in f]
    # drawn when the file starts and again, with its time so far, while it is read
    assert len(frames) >= 3, frames
    assert any(re.search(r"sevenoaks-2021-07-08-csp-annual-report-2020-21\.txt 0:0[12]", f) for f in frames), frames
    assert all("pages" in f and "files" in f for f in frames)
    assert any(" left" in f for f in frames)


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    err = io.StringIO()
    summary = ingest.ingest_paths(CORPUS[:2], tmp_path / "csp.db", extract=fake_extract,
                                  err=err, out=io.StringIO(), workers=0)
    assert summary.ok == 2 and "\r" not in err.getvalue() and "files" not in err.getvalue()
