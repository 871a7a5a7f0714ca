"""A second process helping with one document (extractor.batch.helper): half of the pattern
matching (extractor.analyse.halves) and some extractors run in a forked helper, and the output
is that of one process, also when the helper dies.  Two workers ingesting a long PDF (which
their joining worker extracts with a helper) store the rows of one worker.

The tests wait on events (a child's answer or its death), never on how fast the machine is.
"""
from __future__ import annotations

import io
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from extractor import core
from extractor.analyse import halves
from extractor.analyse.pipeline import analyse, build_nlp
from extractor.batch import ingest
from extractor.batch.helper import Answers, Helper
from extractor.read import read_document
from extractor.settings import Settings
from extractor.store.schema import ITEM_TABLES

from .conftest import ROOT
from .helpers import agenda_pack

pytestmark = pytest.mark.processes
FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt")) + sorted(FIXTURES.glob("*.pdf"))


def _pid() -> int:
    return os.getpid()


def _dying(step, parent: int = os.getpid()):
    """``step``, but a helper process running it dies first (killed, as by the memory ceiling)."""
    def run():
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return step()
    return run


_die = _dying(lambda: "computed here")


def _fail() -> None:
    raise ValueError("not here")


def test_a_helper_answers_each_step_in_order_from_another_process():
    with Helper().run([_pid, lambda: "two", lambda: [3, (4, 5)]]) as answers:
        assert answers.take() != os.getpid()
        assert answers.take() == "two"
        assert answers.take() == [3, (4, 5)]


@pytest.mark.parametrize("failing", [_die, _fail])
def test_the_steps_a_failed_helper_did_not_answer_run_here(failing):
    with Helper().run([lambda: "first", failing, _pid, _pid]) as answers:
        assert answers.take() == "first"  # sent before the helper failed
        if failing is _fail:
            with pytest.raises(ValueError, match="not here"):  # raised again, here
                answers.take()
        else:
            assert answers.take() == "computed here"  # the helper was killed
        assert answers.take() == os.getpid() == answers.take()


def test_leaving_before_every_answer_is_taken_ends_the_helper():
    answers = Helper().run([_pid, lambda: signal.pause()])
    pid = answers.pid
    answers.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped: no such child any more


def test_without_fork_every_step_runs_here(monkeypatch):
    monkeypatch.setattr(Helper, "forks", False)
    answers = Helper().run([_pid])
    assert isinstance(answers, Answers) and answers.pid is None and answers.take() == os.getpid()


def test_when_no_process_can_be_forked_every_step_runs_here(monkeypatch):
    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    with Helper().run([_pid, _pid]) as answers:
        assert answers.pid is None and answers.take() == os.getpid() == answers.take()


def test_the_halves_of_the_pattern_ruler_hold_every_key_once():
    ruler = build_nlp(Settings().models_dir).get_pipe("csp_patterns")
    one, two = halves.halves(ruler)
    keys = {repr((p["label"], p.get("id", ""))) for p in ruler.patterns if not isinstance(p["pattern"], str)}
    held = [{k for k in keys if k in m} for m in (one, two)]
    assert held[0] | held[1] == keys and not held[0] & held[1] and len(one) + len(two) == len(keys)
    assert halves.halves(ruler) == (one, two)  # made once


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_a_helped_spacy_pass_gives_the_same_spans(path):
    document = read_document(path, Settings())
    alone, helped = analyse(document), analyse(document, helper=Helper())
    for key in ("patterns", "themes", "blocks"):
        assert [(s.start, s.end, s.label_, s.id_) for s in helped.spans[key]] == \
            [(s.start, s.end, s.label_, s.id_) for s in alone.spans[key]]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_a_helped_extraction_gives_the_output_of_one_process(path):
    settings = Settings()
    document = read_document(path, settings)
    alone = core.extract_document(document, settings, all_items=True)
    assert core.extract_document(document, settings, all_items=True, helper=Helper()) == alone


def test_a_helper_that_dies_changes_no_item(monkeypatch):
    document = read_document(DOCS[0], Settings())
    alone = core.extract_document(document, Settings())
    run = Helper.run
    monkeypatch.setattr(Helper, "run", lambda self, steps: run(self, [_dying(steps[0])] + steps[1:]))
    broken = core.extract_document(document, Settings(), helper=Helper())
    assert broken == alone


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """A 17-page agenda pack: the bundled report PDFs one after another."""
    return agenda_pack(tmp_path_factory.mktemp("pack"))


def _rows(db_path: Path) -> dict[str, list]:
    """Every row of documents and the item tables but the time it was stored."""
    db = sqlite3.connect(db_path)
    try:
        out = {}
        for table in ("documents", *ITEM_TABLES):
            columns = [r[1] for r in db.execute(f"PRAGMA table_info([{table}])") if r[1] != "ingested_at"]
            out[table] = sorted(map(repr, db.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}]")))
        return out
    finally:
        db.close()


def test_two_workers_store_the_rows_of_one_for_a_long_pdf(pack, tmp_path):
    settings = Settings(split_pages=2)  # 17 pages: read in two ranges, joined and extracted with a helper
    for workers in (1, 2):
        summary = ingest.ingest_paths([pack], tmp_path / f"w{workers}.db", settings=settings, workers=workers,
                                      out=io.StringIO(), err=io.StringIO())
        assert (summary.ok, summary.failed) == (1, 0)
    one, two = _rows(tmp_path / "w1.db"), _rows(tmp_path / "w2.db")
    assert one == two and len(one["documents"]) == 1 and sum(len(one[t]) for t in ITEM_TABLES) > 20
