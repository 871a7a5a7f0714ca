"""Shared fixtures: where the bundled corpus and the ../shared material lie."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SHARED_PDFS = SHARED / "corpus-pdfs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def shared_corpus() -> Path:
    if not (SHARED_CORPUS / "gold").is_dir():
        pytest.skip("../shared/corpus is absent (CI has it)")
    return SHARED_CORPUS


@pytest.fixture
def shared_pdfs() -> Path:
    if not SHARED_PDFS.is_dir():
        pytest.skip("../shared/corpus-pdfs is absent (CI has it)")
    return SHARED_PDFS


@pytest.fixture
def db(tmp_path):
    """A new database with the schema applied, in the test's own folder."""
    from extractor import store

    database = store.open_db(tmp_path / "csp.db")
    store.ensure_schema(database)
    yield database
    database.close()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "processes: starts worker processes or the csp-extract command; waits on events, not "
        "on speed, so it holds on 2 cores (deselect with -m 'not processes')",
    )
