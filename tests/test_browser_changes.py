"""The "what changed" pages in a real browser: headless Chromium against `datasette serve`.

Real corpus documents (Kent County Council's 2022 and 2024 documents, Spelthorne's plan and its
review, Sevenoaks' plan report and the Council minutes on it) go through the real extractor into
a temporary database, served as `csp-extract serve` serves it.  Screenshots go to tmp_path and
/tmp/csp-screens/ (changes.png is the "what changed in Kent County Council's priorities" page).
Skipped when Chromium or ../shared/corpus is absent.
"""
from __future__ import annotations

import re

import pytest

from extractor.batch.ingest import ingest_paths
from tests.helpers import datasette_server
from tests.test_browser import CHROMIUM, assert_not_blank, dump_dom, screenshot
from tests.test_changes import REAL

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    missing = [p.name for p in REAL if not p.is_file()]
    if missing:
        pytest.skip(f"../shared/corpus is absent ({', '.join(missing)})")
    tmp = tmp_path_factory.mktemp("browser-changes")
    db_path = tmp / "csp.db"
    assert ingest_paths(REAL, db_path, quiet=True).failed == 0
    with datasette_server(db_path, tmp) as base:
        yield base


def test_what_changed_page(server, tmp_path):
    url = f"{server}/csp/council_changes?council=Kent+County+Council"
    dom = dump_dom(url)
    assert "What changed in a council" in dom
    for kind in ("added", "renamed", "re-ranked"):
        assert re.search(rf'class="csp-badge"[^>]*>{kind}</span>', dom), kind
    assert "Anti-Social Behaviour (including environmental)" in dom and ">ASB<" in dom
    assert "2022-23 → 2024-25" in dom
    # both plans' pages link to the source documents
    assert len(set(re.findall(r'href="/-/csp-page/csp/([0-9a-f]{64})/1"', dom))) == 2
    assert_not_blank(screenshot(url, tmp_path / "changes.png"))


def test_follow_through_page(server, tmp_path):
    url = f"{server}/csp/council_follow_through?council=Sevenoaks"
    dom = dump_dom(url)
    assert "no recorded outcome</span>" in dom
    assert "Matters considered by the Cabinet and/or Scrutiny Committee" in dom
    assert_not_blank(screenshot(url, tmp_path / "follow-through.png"))


def test_theme_trends_chart(server, tmp_path):
    url = f"{server}/-/dashboards/csp-overview"
    dom = dump_dom(url)
    block = dom.split('id="chart-theme-trends"', 1)[1].split('class="dashboard-card"', 1)[0]
    assert re.search(r"<(svg|canvas)[^>]*marks", block), "theme-trends was not drawn"
    chart = dom.split('id="chart-theme-trends"', 1)[1].split("</svg>", 1)[0]
    for label in ("2022", "2024", "Serious violence", "Anti-social behaviour"):
        assert label in chart, label
    assert_not_blank(screenshot(url, tmp_path / "dashboard-trends.png"))
