"""The served site in a real browser: headless Chromium against `datasette serve` on 127.0.0.1.

Starts Datasette exactly as `csp-extract serve` does (a subprocess, immutable database, our
metadata and plugin) on a free port, opens the comparison page (priority matrix), the chart
dashboard and a search, checks the DOM and saves screenshots to tmp_path and to
/tmp/csp-screens/ for people to look at.  Skipped when no Chromium is installed
(`apt-get install -y chromium`, listed in .ci/apt-packages.txt).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from extractor.batch import ingest
from tests.helpers import datasette_server
from tests.test_store import CORPUS

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

SCREENS = Path("/tmp/csp-screens")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--window-size=1400,1000", "--virtual-time-budget=10000", "--hide-scrollbars",
]  # fmt: skip
COUNCILS = ["Medway Council", "Sevenoaks District Council", "Spelthorne Borough Council"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The bundled corpus through the real extractor, served as `csp-extract serve` serves it."""
    tmp = tmp_path_factory.mktemp("browser")
    docs = tmp / "docs"
    docs.mkdir()
    for path in CORPUS:
        shutil.copy(path, docs / path.name)
    db_path = tmp / "csp.db"
    assert ingest.ingest_paths([docs], db_path, quiet=True).failed == 0
    with datasette_server(db_path, tmp) as base:
        yield base


def chromium(url: str, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="csp-chromium-") as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip


def dump_dom(url: str) -> str:
    result = chromium(url, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def screenshot(url: str, path: Path) -> Path:
    result = chromium(url, f"--screenshot={path}")
    assert result.returncode == 0 and path.exists(), result.stderr[-2000:]
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENS / path.name)
    return path


def assert_not_blank(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        assert image.size == (1400, 1000)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "screenshot is (nearly) one colour"
    # no single colour covers more than 95% of the page
    assert max(n for n, _ in colours) < 0.95 * 1400 * 1000


def test_comparison_page(server, tmp_path):
    url = f"{server}/csp/priority_matrix"
    dom = dump_dom(url)
    assert "Priority matrix" in dom
    for council in COUNCILS:
        assert council in dom
    # ranks are drawn as coloured badges, e.g. Sevenoaks' 4th priority is business crime
    assert re.search(r'class="csp-rank"[^>]*>4</span>', dom)
    assert "Business and retail crime" in dom
    assert_not_blank(screenshot(url, tmp_path / "priority-matrix.png"))


def test_chart_page(server, tmp_path):
    url = f"{server}/-/dashboards/csp-overview"
    dom = dump_dom(url)
    for chart in ("themes-by-council", "themes-by-county", "funding-by-year"):
        block = dom.split(f'id="chart-{chart}"', 1)[1].split('class="dashboard-card"', 1)[0]
        assert re.search(r"<(svg|canvas)[^>]*marks", block), f"{chart} was not drawn"
    heatmap = dom.split('id="chart-themes-by-council"', 1)[1].split("</svg>", 1)[0]
    for council in COUNCILS:
        assert council in heatmap  # axis labels of the rendered chart
    funding = dom.split('id="chart-funding-by-year"', 1)[1].split("</svg>", 1)[0]
    assert "2019-20" in funding and "100,000" in funding  # Medway's £106,460 grant, by year
    assert_not_blank(screenshot(url, tmp_path / "dashboard.png"))


def test_search_page(server, tmp_path):
    url = f"{server}/csp/search_items?q=domestic+abuse"
    dom = dump_dom(url)
    assert "<mark>" in dom and "Medway Council" in dom
    assert re.search(r'href="/-/csp-page/csp/[0-9a-f]{64}/1"', dom)
    assert_not_blank(screenshot(url, tmp_path / "search.png"))


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """The 28 reports of ../shared/corpus/docs through the real extractor, served."""
    from tests.conftest import SHARED_CORPUS

    docs = SHARED_CORPUS / "docs"
    if not docs.is_dir():
        pytest.skip("../shared/corpus is absent (CI has it)")
    tmp = tmp_path_factory.mktemp("browser-pages")
    db_path = tmp / "csp.db"
    assert ingest.ingest_paths([docs], db_path, quiet=True).failed == 0
    with datasette_server(db_path, tmp) as base:
        yield base


def test_page_search(shared_server, tmp_path):
    url = f"{shared_server}/csp/search_pages?q=knife+crime+OR+serious+violence"
    dom = dump_dom(url)
    assert "Pages mentioning a search term" in dom
    rows = re.findall(r"<tr>(.*?)</tr>", dom.split("<tbody>", 1)[1], re.S)
    assert len(rows) >= 5
    for row in rows:  # every row: a council, a page linked to its page view, a marked snippet
        assert re.search(r'class="col-council">[^<]*Council<', row), row
        assert re.search(r'href="/-/csp-page/csp/[0-9a-f]{64}/\d+"[^>]*>p.&nbsp;\d+</a>', row), row
        assert re.search(r"<mark>(knife crime|serious violence|violent crime)", row, re.I), row
    for council in ("Kent County Council", "Spelthorne Borough Council", "Sevenoaks District Council"):
        assert council in dom
    # the theme widened the search: a page that says "violent crime" and neither of the two
    assert re.search(r"<mark>violent crime</mark>", dom, re.I)
    # a result's page view shows that page's text
    href = re.search(r'href="(/-/csp-page/csp/[0-9a-f]{64}/\d+)"', rows[0]).group(1)
    page = dump_dom(shared_server + href)
    assert "csp-page-text" in page and re.search(r"knife crime|serious violence", page, re.I)
    assert_not_blank(screenshot(url, tmp_path / "page-search.png"))
