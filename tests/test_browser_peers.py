"""The peer comparison in a real browser: headless Chromium against `datasette serve`.

Every document of ../shared/corpus/docs goes through the real extractor into a temporary
database, served as `csp-extract serve` serves it.  The page comparing Spelthorne (a Surrey
district) with its peers must show, theme by theme, exactly the ranks the database holds for
Spelthorne and for the Surrey districts with a plan.  The screenshot goes to tmp_path and
/tmp/csp-screens/peers.png.  Skipped when Chromium or ../shared/corpus is absent.
"""
from __future__ import annotations

import sqlite3

import pytest
from bs4 import BeautifulSoup

from extractor.batch.ingest import ingest_paths
from tests.conftest import SHARED_CORPUS
from tests.helpers import datasette_server
from tests.test_browser import CHROMIUM, assert_not_blank, dump_dom, screenshot

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

COUNCIL = "Spelthorne Borough Council"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    docs = SHARED_CORPUS / "docs"
    if not docs.is_dir():
        pytest.skip("../shared/corpus is absent")
    tmp = tmp_path_factory.mktemp("browser-peers")
    db_path = tmp / "csp.db"
    assert ingest_paths([docs], db_path, quiet=True).failed == 0
    with datasette_server(db_path, tmp) as base:
        yield base, db_path


def best_ranks(db_path, councils) -> dict[tuple[str, str], str]:
    """(council, theme label) -> best rank in its plan of record ('✓' when unranked), read from
    council_theme_ranks without the canned query."""
    conn = sqlite3.connect(db_path)
    try:
        found = conn.execute(
            f"SELECT council, theme, MIN(rank), COUNT(*) FROM council_theme_ranks "
            f"WHERE council IN ({','.join('?' * len(councils))}) GROUP BY council, theme", list(councils)
        ).fetchall()
    finally:
        conn.close()
    return {(c, t): str(r) if r is not None else "✓" for c, t, r, _ in found}


def surrey_districts(db_path) -> dict[str, str]:
    """The other Surrey districts, by name, with their short names (from the councils table)."""
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute(
            "SELECT name, nice_name FROM councils WHERE county = 'Surrey' AND type = 'NMD' AND name != ?",
            [COUNCIL]).fetchall())  # fmt: skip
    finally:
        conn.close()


def table_rows(dom: str) -> list[dict[str, str]]:
    soup = BeautifulSoup(dom, "html.parser")
    table = soup.select_one("table.rows-and-columns")
    assert table is not None, "no result table on the page"
    out = []
    for tr in table.select("tbody tr"):
        cells = {}
        for td in tr.find_all("td"):
            column = next(c[4:] for c in td["class"] if c.startswith("col-"))
            cells[column] = td.get_text(" ", strip=True).replace("\xa0", " ")
        out.append(cells)
    return out


def test_peer_comparison_page_for_a_surrey_district(served, tmp_path):
    base, db_path = served
    url = f"{base}/csp/peer_comparison?council=Spelthorne"
    dom = dump_dom(url)
    assert "A council&#39;s priorities beside its peers" in dom or "A council's priorities beside its peers" in dom
    rows = table_rows(dom)
    districts = surrey_districts(db_path)
    assert len(districts) == 10
    ranks = best_ranks(db_path, [COUNCIL, *districts])
    with_plans = {c for c, _ in ranks} - {COUNCIL}
    assert {"Epsom and Ewell Borough Council", "Waverley Borough Council"} <= with_plans

    themes = {r["theme"] for r in rows}
    assert {r["council"] for r in rows} == {COUNCIL} and len(rows) == len(themes) == 18
    for row in rows:
        theme = row["theme"]
        assert row["rank"] == ranks.get((COUNCIL, theme), ""), theme
        expected = [f"{districts[c]} {ranks[(c, theme)]}" for c in sorted(with_plans) if (c, theme) in ranks]
        shown = row["same_county"].split(" · ") if row["same_county"] else []
        assert sorted(shown) == sorted(expected), theme  # the Surrey peers' ranks, no others
        gap = row["rank"] == "" and bool(expected or row["same_type_nearest_population"])
        assert (row["gap"] == "peers have it") == gap, theme
    # at least one theme with Spelthorne's rank beside a Surrey peer's
    both = [r for r in rows if r["rank"] and r["same_county"]]
    assert both, "no theme where Spelthorne and a Surrey peer both rank it"
    assert any(r["gap"] for r in rows)  # and one its Surrey peers have that it lacks
    assert "Epsom and Ewell" in dom and "Waverley" in dom
    assert_not_blank(screenshot(url, tmp_path / "peers.png"))


def test_peers_page_names_every_surrey_district(served):
    base, db_path = served
    dom = dump_dom(f"{base}/csp/peers?council=Spelthorne+Borough+Council")
    rows = table_rows(dom)
    by_county = {r["peer"] for r in rows if r["reason"].startswith("same county")}
    assert by_county == set(surrey_districts(db_path))
    assert "Surrey County Council" not in {r["peer"] for r in rows}
    assert sum(r["reason"].endswith("nearest population") for r in rows) == 5
