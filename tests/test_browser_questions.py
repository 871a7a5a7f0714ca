"""A researcher's question answered in a real browser (headless Chromium against `datasette
serve` on 127.0.0.1), on the real extractor's output for the 28 reports of ../shared/corpus:
"which priorities do Surrey CSPs have that Kent's don't?".  Skipped without Chromium or without
../shared/corpus; the screenshots go to /tmp/csp-screens/ (surrey-kent.png, document-page.png)."""
from __future__ import annotations

import datetime
import html as html_lib
import re
import sqlite3
from collections import defaultdict

import pytest

from extractor.batch import ingest
from tests.conftest import SHARED_CORPUS
from tests.helpers import datasette_server
from tests.test_browser import CHROMIUM, assert_not_blank, dump_dom, screenshot

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

SPELTHORNE_2025 = [
    "Serious Violence", "Violence Against Women & Girls", "Domestic Abuse", "Hate Crime",
    "Town Centre & Acquisitive Crime", "Anti-Social Behaviour", "Exploitation & Vulnerability",
    "Water Safety", "Counter Terrorism (Prevent)", "Clear, Hold, Build – Ashford Town",
]  # fmt: skip


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    docs = SHARED_CORPUS / "docs"
    if not docs.is_dir():
        pytest.skip("../shared/corpus is absent (CI has it)")
    tmp = tmp_path_factory.mktemp("browser-questions")
    db_path = tmp / "csp.db"
    assert ingest.ingest_paths([docs], db_path, quiet=True).failed == 0
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    with datasette_server(db_path, tmp) as base:
        yield base, conn
    conn.close()


def plans_of_record(conn) -> dict[str, sqlite3.Row]:
    """Each council's plan of record, from the documents and priorities tables: a document
    listing ranked priorities beats one naming some in passing, then the latest year (the plan's
    first year, else the meeting's), the latest meeting, the most priorities."""
    best: dict[str, tuple] = {}
    for d in conn.execute("SELECT * FROM documents WHERE council IS NOT NULL"):
        ranks = [r[0] for r in conn.execute("SELECT rank FROM priorities WHERE document_id = ?", [d["id"]])]
        if not ranks:
            continue
        year = d["plan_start_year"] or int((d["meeting_date"] or "0")[:4] or 0)
        key = (any(r is not None for r in ranks), year, d["meeting_date"] or "", len(ranks))
        if d["council"] not in best or key > best[d["council"]][0]:
            best[d["council"]] = (key, d)
    return {council: d for council, (_, d) in best.items()}


def partnership_themes(conn, county: str) -> dict[str, set[str]]:
    """Theme label -> the district partnerships of ``county`` whose plan of record names it."""
    county_wide = {r[0] for r in conn.execute("SELECT name FROM councils WHERE kind IN ('county', 'pcc')")}
    themes = defaultdict(set)
    for council, doc in plans_of_record(conn).items():
        if doc["county"] != county or council in county_wide:
            continue
        for (label,) in conn.execute(
            "SELECT t.label FROM priorities p JOIN priority_themes pt ON pt.priority_id = p.id "
            "JOIN themes t ON t.id = pt.theme_id WHERE p.document_id = ?", [doc["id"]]):  # fmt: skip
            themes[label].add(council)
    return themes


def cells(dom: str, column: str) -> list[str]:
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(rf'<td class="col-{column}[^"]*">(.*?)</td>', dom, re.S)]


def test_which_priorities_surrey_partnerships_have_that_kents_do_not(shared, tmp_path):
    base, conn = shared
    # the plan of record for Spelthorne is its 2025 review, with its ten priorities
    spelthorne = plans_of_record(conn)["Spelthorne Borough Council"]
    assert spelthorne["file_name"] == "14_spelthorne_2025-11.txt"
    (chosen,) = conn.execute("SELECT document_id, priorities FROM latest_plans "
                             "WHERE council = 'Spelthorne Borough Council'").fetchall()  # fmt: skip
    assert tuple(chosen) == (spelthorne["id"], 10)
    page = dump_dom(f"{base}/-/csp-document/csp/{spelthorne['id']}")
    table = page.split('<h2 id="priorities">Priorities (10)</h2>', 1)[1].split("</table>", 1)[0]
    texts = [html_lib.unescape(t) for t in re.findall(r'<tr><td class="num">\d+</td><td>(.*?)</td>', table)]
    assert texts == SPELTHORNE_2025
    assert_not_blank(screenshot(f"{base}/-/csp-document/csp/{spelthorne['id']}", tmp_path / "document-page.png"))

    surrey, kent = partnership_themes(conn, "Surrey"), partnership_themes(conn, "Kent")
    expected = {theme: councils for theme, councils in surrey.items() if theme not in kent}
    assert expected and kent  # the question has an answer in this corpus

    url = f"{base}/csp/county_theme_gaps?county_a=Surrey&county_b=Kent"
    dom = dump_dom(url)
    assert "Themes one county&#39;s partnerships have that another&#39;s lack" in dom or \
        "Themes one county's partnerships have that another's lack" in dom
    assert set(cells(dom, "theme")) == set(expected)
    counts = dict(zip(cells(dom, "theme"), map(int, cells(dom, "partnerships_naming_it"))))
    assert counts == {theme: len(councils) for theme, councils in expected.items()}
    listed = " ".join(cells(dom, "their_priorities"))
    assert "Spelthorne 4. Hate Crime" in listed and "Spelthorne 8. Water Safety" in listed
    # each plan compared is shown with its period and age (years since its period began, or its
    # meeting), on both sides: a 2005 plan is not set beside a 2024 one unmarked
    ages = {c: datetime.date.today().year - (d["plan_start_year"] or int(d["meeting_date"][:4]))
            for c, d in plans_of_record(conn).items() if d["plan_start_year"] or d["meeting_date"]}
    assert f"Spelthorne 2024-26 ({ages['Spelthorne Borough Council']} years old)" in " ".join(cells(dom, "their_plans"))
    kent_plans = cells(dom, "other_county_plans")[0]
    for council in {c for councils in kent.values() for c in councils} & set(ages):
        short = council.replace(" District Council", "").replace(" Borough Council", "").replace(" Council", "")
        assert f"{short} " in kent_plans and f"({ages[council]} year" in kent_plans, (council, kent_plans)
    oldest = max(ages[c] for councils in expected.values() for c in councils if c in ages)
    assert max(map(int, cells(dom, "oldest_age_years"))) == oldest
    assert_not_blank(screenshot(url, tmp_path / "surrey-kent.png"))
