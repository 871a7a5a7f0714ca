"""Readable pages: the document page, hidden bookkeeping columns, matrix links and numeric
ranks, the home page's questions, the about page and the county comparison query (in process,
through Datasette's own test client)."""
from __future__ import annotations

import re
import sqlite3

import pytest
import yaml

from extractor.publish import serve
from extractor.publish.site_pages import MATRIX_FIXED
from extractor.store.views import VIEWS
from tests.helpers import get, get_json
from tests.test_store import ingested_copy

KINDS = ["priorities", "recommendations", "risks", "funding", "decisions"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db_path = ingested_copy(tmp_path_factory, "site-pages")
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    yield {"app": serve.build_app(db_path), "conn": conn, "db": db_path}
    conn.close()


def medway(conn) -> sqlite3.Row:
    return conn.execute("SELECT * FROM documents WHERE council = 'Medway Council'").fetchone()


def test_document_page_has_a_header_and_a_table_per_kind(site):
    doc = medway(site["conn"])
    response = get(site["app"], f"/-/csp-document/csp/{doc['id']}")
    assert response.status_code == 200, response.text[:500]
    html = response.text
    assert f"<h1>{doc['title']}</h1>" in html
    assert "Medway Council (Kent)" in html and doc["meeting_date"] in html and "2020-24" in html
    for kind in KINDS:
        n = site["conn"].execute(f"SELECT COUNT(*) FROM {kind} WHERE document_id = ?", [doc["id"]]).fetchone()[0]
        heading = re.search(rf'<h2 id="{kind}">[^<(]*\((\d+)\)</h2>', html)
        if n == 0:
            assert heading is None, kind
            continue
        assert heading and int(heading.group(1)) == n, kind
        table = html.split(f'<h2 id="{kind}">', 1)[1].split("</table>", 1)[0]
        assert table.count("<tr>") == n + 1, kind  # the heading row and one per item
        # every page number opens the page view with the quote marked
        assert len(re.findall(rf'href="/-/csp-page/csp/{doc["id"]}/\d+\?start=\d+&amp;end=\d+#quote"', table)) == n
    assert "Strengthening communities" in html and "£106,460" not in html  # amounts as numbers
    assert "106,460" in html
    # the hash shows only inside links, never as text
    assert doc["id"] not in re.sub(r'href="[^"]*"', "", html)
    assert len(html) < 60_000


def test_document_page_unknown_document_is_404(site):
    assert get(site["app"], "/-/csp-document/csp/" + "0" * 64).status_code == 404


def test_document_ids_and_titles_link_to_the_document_page(site):
    doc = medway(site["conn"])
    html = get(site["app"], "/csp/priorities", council="Medway Council").text
    # the foreign key shows the report's title, linked to its page
    assert f'<a href="/-/csp-document/csp/{doc["id"]}" title="{doc["id"]}">{doc["title"]}</a>' in html
    html = get(site["app"], "/csp/documents").text
    assert f'<a href="/-/csp-document/csp/{doc["id"]}">{doc["title"]}</a>' in html


def test_item_tables_hide_offsets_and_rules_until_asked(site):
    css = get(site["app"], "/-/csp-static/hidden-columns.css").text
    for kind in KINDS:
        html = get(site["app"], f"/csp/{kind}").text
        assert 'href="/-/csp-static/hidden-columns.css"' in html, kind
        for column in ("char_start", "char_end", "rules"):
            assert f"body.table-{kind} th.col-{column}, body.table-{kind} td.col-{column}" in css
        assert f"body.table-{kind} td.col-text" not in css
        assert f'<a href="/csp/{kind}?_csp_columns=all">Show char_start, char_end, rules</a>' in html
        shown = get(site["app"], f"/csp/{kind}", _csp_columns="all").text
        assert "hidden-columns.css" not in shown and "Hide char_start, char_end, rules" in shown
    assert "body.table-documents td.col-text" in css and "display: none" in css
    # the data itself keeps every column
    row = get_json(site["app"], "/csp/priorities.json", _shape="array")[0]
    assert {"char_start", "char_end", "rules"} <= set(row)
    assert "hidden-columns.css" not in get(site["app"], "/csp/priority_matrix").text


def test_matrix_ranks_are_numbers_and_cells_link_to_the_priority(site):
    rows = get_json(site["app"], "/csp/priority_matrix.json", _shape="array")
    themes = [c for c in rows[0] if c not in MATRIX_FIXED]  # the plan, its period and age, ...
    ranked = [(r, t) for r in rows for t in themes if isinstance(r[t], int)]
    assert ranked and not any(isinstance(r[t], str) and r[t].isdigit() for r in rows for t in themes)
    # sorting a theme's column sorts its ranks as numbers
    theme = max(themes, key=lambda t: sum(isinstance(r[t], int) for r in rows))
    values = [r[theme] for r in get_json(site["app"], "/csp/priority_matrix.json", _shape="array", _sort=theme)]
    numbers = [v for v in values if isinstance(v, int)]
    assert numbers == sorted(numbers)
    # a cell links to the row of the priority it counts, which names the theme at that rank
    html = get(site["app"], "/csp/priority_matrix").text
    links = re.findall(r'<a href="/csp/priorities/(\d+)" class="csp-rank-link"><span[^>]*>(\d+)</span>', html)
    assert len(links) == len(ranked)
    for priority_id, rank in links:
        row = site["conn"].execute("SELECT rank FROM priorities WHERE id = ?", [priority_id]).fetchone()
        assert row["rank"] == int(rank)


def test_home_page_links_every_view_and_query_with_a_question(site):
    html = get(site["app"], "/").text
    queries = yaml.safe_load(serve.METADATA_FILE.read_text())["databases"]["csp"]["queries"]
    for name in list(VIEWS) + list(queries) + ["documents"]:
        item = re.search(rf'<li>[^\n]*href="/csp/{name}[?"][^\n]*</li>', html)
        assert item, name
    assert html.count("?</li>") + html.count("?)</li>") >= 10  # each line asks its question
    assert 'href="/-/csp-about"' in html


def test_about_page(site):
    html = get(site["app"], "/-/csp-about").text
    n = site["conn"].execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert "About this site" in html and f"{n} reports of" in html and "Open Government Licence" in html


def test_county_theme_gaps_lists_themes_only_the_first_county_names(site):
    conn = site["conn"]

    def themes(county):
        return {r[0] for r in conn.execute(
            "SELECT DISTINCT pt.theme_id FROM latest_plans lp JOIN priorities p ON p.document_id = lp.document_id "
            "JOIN priority_themes pt ON pt.priority_id = p.id LEFT JOIN councils c ON c.name = lp.council "
            "WHERE lp.county = ? AND COALESCE(c.kind, '') NOT IN ('county', 'pcc')", [county])}  # fmt: skip

    labels = dict(conn.execute("SELECT id, label FROM themes").fetchall())
    expected = {labels[t] for t in themes("Surrey") - themes("Kent")}
    rows = get_json(site["app"], "/csp/county_theme_gaps.json", _shape="array", county_a="Surrey", county_b="kent")
    assert expected and {r["theme"] for r in rows} == expected
    assert all(r["partnerships_naming_it"] >= 1 and "Spelthorne" in r["their_priorities"] for r in rows)


def test_export_ships_the_site_pages_plugin(site, tmp_path):
    files = serve.export_publish_files(site["db"], tmp_path / "publish")
    assert (files["plugins_dir"] / "site_pages.py").is_file()


def test_plans_current_in_a_year_cover_that_year_only(site):
    rows = get_json(site["app"], "/csp/plans_current_in_year.json", year="2024", _shape="array")
    expected = site["conn"].execute(
        "SELECT COUNT(*) FROM documents WHERE council IS NOT NULL AND 2024 BETWEEN "
        "COALESCE(plan_start_year, CAST(substr(meeting_date, 1, 4) AS INTEGER)) AND "
        "COALESCE(plan_end_year, plan_start_year, CAST(substr(meeting_date, 1, 4) AS INTEGER))").fetchone()[0]
    assert rows and len(rows) == expected
    assert all(r["plan"].startswith("2024") or "-" in r["plan"] for r in rows)
    assert not get_json(site["app"], "/csp/plans_current_in_year.json", year="1990", _shape="array")
