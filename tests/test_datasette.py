"""The published site, through Datasette's own test client (in process, no network)."""
from __future__ import annotations

import re
import shutil

import pytest
from markupsafe import escape

from extractor import store
from extractor.batch import files, ingest
from extractor.publish import serve
from tests.helpers import get, get_json
from tests.test_store import CORPUS, fake_extract, ingested_copy

VIEWS_WITH_ROWS = [
    "latest_plans", "council_theme_ranks", "priority_matrix", "themes_by_county",
    "priorities_over_time", "funding_by_council_year", "recommendations_by_body_action",
    "risk_register", "items",
]  # fmt: skip
QUERIES = {
    "council_priorities": {"council": "Sevenoaks"},
    "search_items": {"q": "domestic abuse"},
    "search_documents": {"q": "strategic assessment"},
    "theme_councils": {"theme": "domestic abuse"},
    "search_pages": {"q": "knife crime OR serious violence"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db_path = ingested_copy(tmp_path_factory, "site")
    return {"db": db_path, "docs": db_path.parent / "docs", "app": serve.build_app(db_path)}


def test_database_is_immutable(site):
    assert site["app"].databases["csp"].is_mutable is False


def test_home_page(site):
    response = get(site["app"], "/")
    assert response.status_code == 200
    html = response.text
    assert "Community Safety Partnership reports, as data" in html
    assert "Open Government Licence v3.0" in html
    assert 'href="/csp/priority_matrix"' in html and 'href="/-/dashboards/csp-overview"' in html


def test_database_page_lists_views_and_queries(site):
    html = get(site["app"], "/csp").text
    for view in VIEWS_WITH_ROWS:
        assert f'href="/csp/{view}"' in html, view
    for title in ["A council&#39;s priorities over time", "Items mentioning a search term",
                  "Documents mentioning a search term", "Which partnerships name a theme",
                  "Pages mentioning a search term"]:  # fmt: skip
        assert title in html


def test_every_view_has_rows_and_a_description(site):
    metadata = serve.load_metadata()["databases"]["csp"]["tables"]
    for view in VIEWS_WITH_ROWS:
        data = get_json(site["app"], f"/csp/{view}.json", _shape="objects")
        assert data["rows"], view
        assert metadata[view]["description"], view
        html = get(site["app"], f"/csp/{view}").text
        assert metadata[view]["description"].split(":")[0][:40].replace("'", "&#39;") in html


def test_every_table_and_column_is_described(site):
    metadata = serve.load_metadata()["databases"]["csp"]["tables"]
    for table, spec in store.TABLES.items():
        assert metadata[table]["description"], table
        described = set(metadata[table].get("columns", {}))
        assert set(spec["columns"]) - {"id"} <= described | {"id"}, table


def test_priority_matrix(site):
    rows = get_json(site["app"], "/csp/priority_matrix.json", _shape="array")
    by_council = {r["council"]: r for r in rows}
    assert by_council["Sevenoaks District Council"]["Business and retail crime"] == 4
    assert by_council["Medway Council"]["Strong and engaged communities"] == 1
    html = get(site["app"], "/csp/priority_matrix").text
    assert "Priority matrix" in html and "Spelthorne Borough Council" in html


def test_canned_queries(site):
    for name, params in QUERIES.items():
        data = get_json(site["app"], f"/csp/{name}.json", _shape="objects", **params)
        assert data["rows"], name
    rows = get_json(site["app"], "/csp/council_priorities.json", _shape="array", council="Sevenoaks")
    assert {r["plan"] for r in rows} == {"2024-25"}
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    hits = get_json(site["app"], "/csp/search_items.json", _shape="array", q="domestic abuse")
    assert {(h["kind"], h["council"]) for h in hits} >= {
        ("priority", "Medway Council"), ("priority", "Sevenoaks District Council")}
    assert all(h["page"] == 1 and "«" in h["snippet"] for h in hits)
    # stemming: "offenders" finds "re-offending"
    assert get_json(site["app"], "/csp/search_items.json", _shape="array", q="offending")
    # an empty or awkward term is no error
    assert get_json(site["app"], "/csp/search_items.json", _shape="array", q="") == []
    assert get_json(site["app"], "/csp/search_items.json", _shape="array", q='knife-crime "') == []


def test_search_page_highlights_snippets(site):
    html = get(site["app"], "/csp/search_items", q="domestic abuse").text
    assert "<mark>domestic abuse</mark>" in html.replace("Domestic Abuse", "domestic abuse")
    assert re.search(r'href="/-/csp-page/csp/[0-9a-f]{64}/1"', html)
    # document ids in query results are short links to the document's page
    assert re.search(r'href="/-/csp-document/csp/[0-9a-f]{64}"[^>]*>[0-9a-f]{10}…</a>', html)


def test_table_search_box(site):
    data = get_json(site["app"], "/csp/priorities.json", _search="offending", _shape="objects")
    # porter stemming: "offending" also finds "offenders"
    assert {r["text"] for r in data["rows"]} == {
        "Reducing re-offending",
        "Supporting victims and tackling offenders of sexual and domestic abuse",
    }
    assert 'name="_search"' in get(site["app"], "/csp/priorities").text


def test_facet_by_council(site):
    data = get_json(site["app"], "/csp/priorities.json", _facet="council")
    results = {f["value"]: f["count"] for f in data["facet_results"]["council"]["results"]}
    assert results == {"Sevenoaks District Council": 7, "Medway Council": 5,
                       "Spelthorne Borough Council": 1}  # fmt: skip


def test_default_facets_from_metadata(site):
    data = get_json(site["app"], "/csp/priorities.json")
    assert {"council", "county", "main_theme"} <= set(data["facet_results"])
    data = get_json(site["app"], "/csp/recommendations.json")
    actions = {f["value"]: f["count"] for f in data["facet_results"]["actions"]["results"]}
    assert actions["note"] >= 2 and "approve" in actions
    data = get_json(site["app"], "/csp/ingest_log.json")
    assert "status" in data["facet_results"]
    data = get_json(site["app"], "/csp/council_theme_ranks.json")
    assert {"county", "theme", "council"} <= set(data["facet_results"])


def test_row_links_back_to_source_page(site):
    html = get(site["app"], "/csp/risks").text
    # a text file cannot open at a page: the page number links to the page view, quote marked
    links = re.findall(r'href="(/-/csp-page/csp/([0-9a-f]{64})/(\d+)\?start=(\d+)&amp;end=(\d+)#quote)"', html)
    assert links
    href, doc_id, page, start, end = links[0]
    quote = get_json(site["app"], "/csp/risks.json", _shape="array", document_id=doc_id,
                     char_start=start, char_end=end)[0]["quote"]  # fmt: skip
    view = get(site["app"], href.replace("&amp;", "&").split("#")[0])
    assert view.status_code == 200
    assert str(escape(quote)) in re.findall(r'<mark id="quote">(.*?)</mark>', view.text, re.S)
    source = re.search(r'href="(/-/csp-source/csp/[0-9a-f]{64})"', view.text).group(1)
    response = get(site["app"], source)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Community Safety" in response.text


def test_page_search_knife_crime_or_serious_violence(site):
    rows = get_json(site["app"], "/csp/search_pages.json", _shape="array", q="knife crime OR serious violence")
    found = {(r["council"], r["document"], r["page"]) for r in rows}
    assert found == {
        ("Sevenoaks District Council", "Sevenoaks District Community Safety Partnership Strategy & Action Plan 2024-25", 1),
        ("Spelthorne Borough Council", "Community Safety Partnership Plan & Priorities 2024-2026", 1),
    }  # fmt: skip
    snippets = {r["council"]: r["snippet"].lower() for r in rows}
    assert "«knife crime»" in snippets["Sevenoaks District Council"]
    assert "«serious violence»" in snippets["Spelthorne Borough Council"]
    html = get(site["app"], "/csp/search_pages", q="knife crime OR serious violence").text
    assert re.search(r"<mark>(knife crime|serious violence)</mark>", html, re.I)
    assert len(re.findall(r'href="/-/csp-page/csp/[0-9a-f]{64}/1"', html)) == 2


def test_page_search_widens_a_theme_unless_quoted(site):
    def councils(q):
        return {r["council"] for r in get_json(site["app"], "/csp/search_pages.json", _shape="array", q=q)}

    # Spelthorne writes "serious violence", never "knife crime": the theme finds it
    assert "Spelthorne Borough Council" in councils("knife crime")
    assert councils('"knife crime"') == {"Sevenoaks District Council"}
    assert councils("knife crime OR serious violence") == councils("serious violence")
    # awkward input is no error
    for q in ['"', " - ", "knife-crime \"", "", "OR", "NOT (x"]:
        assert isinstance(get_json(site["app"], "/csp/search_pages.json", _shape="array", q=q), list), q


def test_source_route_refuses_changed_or_missing_files(site, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    path = docs / CORPUS[0].name
    shutil.copy(CORPUS[0], path)
    db_path = tmp_path / "csp.db"
    ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=True)
    app = serve.build_app(db_path)
    doc_id = files.sha256_file(path)
    assert get(app, f"/-/csp-source/csp/{doc_id}").status_code == 200
    path.write_text(path.read_text() + "\nedited\n")
    response = get(app, f"/-/csp-source/csp/{doc_id}")
    assert response.status_code == 409 and "csp-extract ingest" in response.text
    path.unlink()
    assert get(app, f"/-/csp-source/csp/{doc_id}").status_code == 404
    assert get(app, f"/-/csp-source/csp/{'0' * 64}").status_code == 404


def test_money_is_shown_in_pounds(site):
    assert "£106,460" in get(site["app"], "/csp/funding").text
    assert "£106,460" in get(site["app"], "/csp/funding_by_council_year").text
    rows = get_json(site["app"], "/csp/funding.json", _shape="array")
    assert rows[0]["amount_gbp"] == 106460  # JSON keeps the number


def test_dashboard_page_uses_bundled_scripts(site):
    response = get(site["app"], "/-/dashboards/csp-overview")
    assert response.status_code == 200
    html = response.text
    for chart in ["themes-by-council", "themes-by-county", "funding-by-year"]:
        assert f"chart-{chart}" in html
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert any("vega-lite" in s for s in scripts)
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))]
    links = re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert not [s for s in links if s.startswith(("http:", "https:", "//"))]


def test_dashboard_chart_queries_run(site):
    config = serve.load_metadata()["plugins"]["datasette-dashboards"]["csp-overview"]
    for slug, chart in config["charts"].items():
        if "query" not in chart:
            continue
        sql = re.sub(r"\[\[.*?\]\]", "", chart["query"])
        data = get_json(site["app"], "/csp.json", sql=sql, _shape="objects")
        assert data["rows"], slug
        sql = re.sub(r"\[\[(.*?)\]\]", r"\1", chart["query"])
        data = get_json(site["app"], "/csp.json", sql=sql, county="Surrey", _shape="objects")
        assert "rows" in data, slug


def test_other_database_name(tmp_path):
    db_path = tmp_path / "kent-2024.db"
    ingest.ingest_paths(CORPUS[:2], db_path, extract=fake_extract, quiet=True)
    app = serve.build_app(db_path)
    assert get_json(app, "/kent-2024/priority_matrix.json", _shape="array")
    assert "/kent-2024/priority_matrix" in get(app, "/").text
    assert get(app, "/-/dashboards/csp-overview").status_code == 200
    data = get_json(app, "/kent-2024/priorities.json")
    assert "council" in data["facet_results"]  # table metadata applies under the new name


def test_not_a_csp_database(tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ValueError, match="not a csp-extract database"):
        serve.build_app(other)


def test_serve_on_a_busy_port_says_so_and_suggests_another(tmp_path):
    """Regression: on a busy port `serve` printed 'Serving ...' then a raw uvicorn error."""
    import socket

    from click.testing import CliRunner

    from extractor import store
    from extractor.cli import cli

    db = store.open_db(tmp_path / "csp.db")
    store.ensure_schema(db)
    db.close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(tmp_path / "csp.db"), "-p", str(port)])
    assert result.exit_code == 1, result.output
    assert "is in use" in result.output and f"-p {port + 1}" in result.output and "Serving" not in result.output


def test_an_item_tables_page_draws_fifty_rows_and_the_rest_are_a_click_or_a_size_away(site, tmp_path):
    """Issue 15: fewer rows of HTML keep a facet page quick over 20,000 reports; nothing is hidden."""
    import sqlite3

    db_path = tmp_path / "csp.db"
    shutil.copy(site["db"], db_path)
    with sqlite3.connect(db_path) as conn:  # 60 more priorities, copies of the first
        columns = [r[1] for r in conn.execute("PRAGMA table_info(priorities)") if r[1] != "id"]
        names = ", ".join(columns)
        for _ in range(60):
            conn.execute(f"INSERT INTO priorities ({names}) SELECT {names} FROM priorities ORDER BY id LIMIT 1")
    app = serve.build_app(db_path)
    whole = get_json(app, "/csp/priorities.json", _shape="objects", _size="max")["rows"]
    assert len(whole) > 60
    page = get_json(app, "/csp/priorities.json", _shape="objects")
    assert len(page["rows"]) == 50 and page["next"]
    html = get(app, "/csp/priorities?_facet=council").text
    assert html.count("<tr") - 1 == 50 and "_next=" in html
    for table in ("priorities", "recommendations", "risks", "funding", "decisions"):
        assert serve.load_metadata()["databases"]["csp"]["tables"][table]["size"] == 50, table
