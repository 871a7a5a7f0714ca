"""What keeps the site fast at scale, as a reader sees it: the big canned queries come 50 rows
a page (``page=2`` for the next), and the summary tables behind the comparison views are not
listed."""
from __future__ import annotations

import pytest

from extractor.batch import ingest
from extractor.publish import serve
from extractor.store.summaries import PREFIX, SUMMARIES
from tests.helpers import get, get_json
from tests.test_store import fake_extract

TOPICS = 60  # priorities in one report: more than a page


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site-speed")
    docs = tmp / "docs"
    docs.mkdir()
    lines = [f"Priority: Community safety topic number {n}" for n in range(1, TOPICS + 1)]
    (docs / "testham-plan.txt").write_text("Testham plan\n" + "\n".join(lines) + "\n", encoding="utf-8")
    db_path = tmp / "csp.db"
    ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=True, workers=0)
    return {"app": serve.build_app(db_path), "db": db_path}


def test_a_councils_priorities_come_fifty_a_page(app):
    first = get_json(app["app"], "/csp/council_priorities.json", _shape="array", council="Testham")
    second = get_json(app["app"], "/csp/council_priorities.json", _shape="array", council="Testham", page="2")
    assert [r["rank"] for r in first] == list(range(1, 51))
    assert [r["rank"] for r in second] == list(range(51, TOPICS + 1))
    assert get_json(app["app"], "/csp/council_priorities.json", _shape="array", council="Testham", page="3") == []
    assert "50 a page" in get(app["app"], "/csp/council_priorities", council="Testham").text


def test_search_comes_fifty_a_page_with_snippets(app):
    pages = [get_json(app["app"], "/csp/search_items.json", _shape="array", q="topic", page=str(n)) for n in (1, 2)]
    assert [len(p) for p in pages] == [50, TOPICS - 50]
    snippets = [r["snippet"] for p in pages for r in p]
    assert all("«topic»" in s for s in snippets)
    assert len(set(snippets)) == TOPICS  # each priority once, none on both pages


def test_summary_tables_are_not_listed(app):
    html = get(app["app"], "/csp").text
    assert 'href="/csp/priority_matrix"' in html
    for name in SUMMARIES:
        assert f'href="/csp/{PREFIX}{name}"' not in html, name

