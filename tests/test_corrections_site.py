"""Corrections on the site: the forms on an item's row page of ``serve --edit`` (posting to
writable canned queries for the root actor, with Datasette's CSRF protection, and coming back to
the item), and the read-only site's badge (tables, row and document pages) and corrections table."""
from __future__ import annotations

import asyncio
import json
import re
import sqlite3

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.corrections import manage, store as corrections_store
from extractor.publish import serve
from tests.test_corrections import _priority, site  # noqa: F401
from tests.test_site_security import assert_escaped, make_hostile
from tests.test_store import ingested_copy


def _form(app, path, cookies):
    """GET a form page; returns (response, its CSRF token, cookies to send back)."""
    response = asyncio.run(app.client.get(path, cookies=cookies))
    found = re.search(r'name="csrftoken" value="([^"]+)"', response.text)
    cookies = {**cookies, "ds_csrftoken": response.cookies.get("ds_csrftoken") or ""}
    return response, found.group(1) if found else None, cookies


def _post(app, path, data, cookies):
    return asyncio.run(app.client.post(path, data=data, cookies=cookies))


def _root(app):
    return {"ds_actor": app.sign({"a": {"id": "root"}}, "actor")}


def _action(page: str, form: str) -> str:
    """Where a form of the row page posts (HTML-unescaped)."""
    found = re.search(rf'<form class="{form}" action="([^"]+)" method="post">', page)
    assert found, f"no {form} form on the page"
    return found.group(1).replace("&amp;", "&")


def _follow(app, response, cookies):
    """Follow redirects as a browser does, keeping the cookies they set (Datasette's messages)."""
    while response.status_code == 302:
        cookies = {**cookies, **dict(response.cookies)}
        response = asyncio.run(app.client.get(response.headers["location"], cookies=cookies))
    return response


def test_the_form_on_an_item_s_page_corrects_it_and_comes_back_to_it(site):
    db_path, path, _ = site
    item = _priority(db_path, "Strengthening communities")
    app = serve.build_app(db_path, corrections=path)
    row_page = f"/csp/priorities/{item['id']}"
    page, token, cookies = _form(app, row_page, _root(app))
    assert 'id="csp-correct"' in page.text and token  # the form is on the item's own page
    assert '<option value="main_theme">' in page.text and '<option value="road_safety">Road safety' in page.text
    action = _action(page.text, "csp-correct-item")
    assert action.startswith("/csp/correct_item?")  # the writable canned query
    data = {"kind": "priorities", "id": str(item["id"]), "field": "main_theme", "value": "road_safety",
            "why": "the plan lists it under road safety"}
    assert _post(app, action, data, cookies).status_code == 403  # no CSRF token: refused
    saved = _post(app, action, {**data, "csrftoken": token}, cookies)
    assert saved.headers["location"].startswith("/-/csp-corrected/csp/correct_item?")
    back = _follow(app, saved, cookies)
    assert str(back.url).endswith(row_page)  # back on the item's page, with Datasette's message
    assert "Saved: the correction is applied" in back.text and ">corrected</a>" in back.text
    assert _priority(db_path, "Strengthening communities")["main_theme"] == "road_safety"
    refused = _follow(app, _post(app, action, {**data, "value": "no-such-theme", "csrftoken": token}, cookies), cookies)
    assert str(refused.url).endswith(row_page) and "The correction was not saved" in refused.text
    assert len(corrections_store.read(path)) == 1


def test_the_row_page_asks_a_visitor_to_sign_in_and_shows_no_form(site):
    db_path, path, _ = site
    item = _priority(db_path, "Strengthening communities")
    app = serve.build_app(db_path, corrections=path)
    page = asyncio.run(app.client.get(f"/csp/priorities/{item['id']}")).text
    assert "sign in with the link" in page and "<form class=\"csp-" not in page
    documents = asyncio.run(app.client.get("/csp/documents/" + item["document_id"])).text
    assert 'id="csp-correct"' not in documents  # only items have the forms


def test_the_edit_form_corrects_an_item_for_the_root_actor_only(site):
    db_path, path, _ = site
    item = _priority(db_path, "Strengthening communities")
    app = serve.build_app(db_path, corrections=path)
    table = asyncio.run(app.client.get("/csp/priorities", params={"text": "Strengthening communities"}))
    assert f'href="/csp/priorities/{item["id"]}#csp-correct" class="csp-correct"' in table.text  # to its forms
    anonymous, _, _ = _form(app, f"/csp/correct_item?kind=priorities&id={item['id']}", {})
    assert anonymous.status_code == 403  # Datasette's permissions: the allow block names root
    form, token, cookies = _form(app, f"/csp/correct_item?kind=priorities&id={item['id']}", _root(app))
    assert form.status_code == 200 and token and 'method="post"' in form.text
    data = {"kind": "priorities", "id": str(item["id"]), "field": "main_theme", "value": "road_safety", "why": "web"}
    assert _post(app, "/csp/correct_item", data, cookies).status_code == 403  # no CSRF token: refused
    saved = _post(app, "/csp/correct_item", {**data, "csrftoken": token}, cookies)
    assert _follow(app, saved, cookies).url.path == "/csp/correct_item"  # the canned query's own page
    corrected = _priority(db_path, "Strengthening communities")
    assert (corrected["main_theme"], corrected["corrected"]) == ("road_safety", 1)
    [written] = corrections_store.read(path)
    assert (written.id, written.who, written.field, written.value) == (corrected["correction_id"], "root",
                                                                        "main_theme", "road_safety")
    bad = {**data, "value": "no-such-theme", "csrftoken": token}
    assert _post(app, "/csp/correct_item", bad, cookies).status_code == 302
    assert len(corrections_store.read(path)) == 1  # refused: not in the file, not in the database
    assert _priority(db_path, "Strengthening communities")["main_theme"] == "road_safety"


def test_the_delete_form_deletes_an_item_and_goes_to_its_report(site):
    db_path, path, _ = site
    item = _priority(db_path, "Reducing re-offending")
    app = serve.build_app(db_path, corrections=path)
    page, token, cookies = _form(app, f"/csp/priorities/{item['id']}", _root(app))
    data = {"kind": "priorities", "id": str(item["id"]), "why": "an action", "csrftoken": token}
    after = _follow(app, _post(app, _action(page.text, "csp-delete-item"), data, cookies), cookies)
    assert after.url.path == f"/-/csp-document/csp/{item['document_id']}"  # the row is gone: its report
    assert "Deleted: the correction is in the corrections file." in after.text
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM priorities WHERE id = ?", [item["id"]]).fetchone()[0] == 0
    assert [c.kind for c in corrections_store.read(path)] == ["delete"]


def test_the_read_only_site_shows_the_badge_and_the_corrections_but_no_form(site):
    db_path, path, _ = site
    item = _priority(db_path, "Strengthening communities")
    manage.add(db_path, path, item=f"priorities:{item['id']}", sets={"main_theme": "drugs"}, why="the plan says so")
    app = serve.build_app(db_path)
    page = asyncio.run(app.client.get(f"/csp/priorities/{item['id']}")).text
    assert ">corrected</a>" in page and "/csp/corrections/" in page
    assert "correct_item" not in page and 'method="post"' not in page and "csp-correct" not in page
    assert asyncio.run(app.client.get("/csp/correct_item")).status_code == 404
    rows = asyncio.run(app.client.get("/csp/corrections.json?_shape=array")).json()
    assert [(r["kind"], r["field"], r["value"], r["status"]) for r in rows] == [("fix", "main_theme", "drugs", "applied")]


def test_serve_edit_refuses_any_other_host(site):
    db_path, _, _ = site
    result = CliRunner().invoke(cli, ["serve", "--db", str(db_path), "--edit", "--host", "0.0.0.0"])
    assert result.exit_code == 1, result.output
    assert "127.0.0.1 only" in result.output and "drop --host 0.0.0.0" in result.output
    result = CliRunner().invoke(cli, ["serve", "--db", str(db_path), "--corrections", "x.csv"])
    assert result.exit_code == 2 and "only applies to --edit" in result.output


@pytest.mark.parametrize("edit", [False, True])
def test_datasette_arguments(site, edit):
    db_path, _, _ = site
    args = serve.datasette_args(db_path, "m.json", "plugins", edit=edit)
    assert ("-i" in args) is not edit and ("--root" in args) is edit
    assert ("--template-dir" in args) is edit  # the row page with the forms: the editing site only


def test_a_published_copy_shows_the_badge_and_has_no_form(site, tmp_path):
    db_path, path, _ = site
    item = _priority(db_path, "Strengthening communities")
    manage.add(db_path, path, item=f"priorities:{item['id']}", sets={"main_theme": "drugs"}, why="the plan says so")
    files = serve.export_publish_files(db_path, tmp_path / "pub")
    assert (files["plugins_dir"] / "site_corrections.py").exists()
    metadata = (tmp_path / "pub" / "metadata.json").read_text()
    assert "correct_item" not in metadata and '"edit"' not in metadata
    from datasette.app import Datasette

    app = Datasette(immutables=[str(files["database"])], metadata=json.loads(metadata),
                    plugins_dir=str(files["plugins_dir"]))
    page = asyncio.run(app.client.get(f"/csp/priorities/{item['id']}")).text
    assert ">corrected</a>" in page and "csp-correct" not in page


def test_the_document_page_shows_the_badge_of_corrected_items(site):
    db_path, path, _ = site
    item = _priority(db_path, "Strengthening communities")
    added, _ = manage.add(db_path, path, item=f"priorities:{item['id']}", sets={"main_theme": "drugs"}, why="the plan")
    page = asyncio.run(serve.build_app(db_path).client.get(f"/-/csp-document/csp/{item['document_id']}")).text
    rows = [r for r in re.findall(r"<tr>.*?</tr>", page, re.DOTALL) if "csp-corrected" in r]
    assert len(rows) == 1 and "Strengthening communities" in rows[0]  # the corrected item only
    assert f'href="/csp/corrections/{added.id}" class="csp-corrected"' in rows[0]


@pytest.fixture(scope="module")
def hostile_edit_site(tmp_path_factory):
    """A database whose every text value carries a script payload (issue 14), one priority and
    its report marked corrected, served for editing."""
    db_path = ingested_copy(tmp_path_factory, "hostile-corrections", workers=0)
    conn = sqlite3.connect(db_path)
    pid, doc = conn.execute("SELECT id, document_id FROM priorities ORDER BY id LIMIT 1").fetchone()
    conn.execute("UPDATE priorities SET corrected = 1, correction_id = 'c1' WHERE id = ?", [pid])
    conn.execute("UPDATE documents SET corrected = 1, correction_id = 'c2' WHERE id = ?", [doc])
    conn.commit()
    conn.close()
    make_hostile(db_path)  # the first document keeps its id
    return db_path, pid, doc


def test_the_forms_and_the_document_badge_escape_hostile_values(hostile_edit_site, tmp_path):
    db_path, pid, doc = hostile_edit_site
    app = serve.build_app(db_path, corrections=tmp_path / "corrections.csv")
    page, _, _ = _form(app, f"/csp/priorities/{pid}", _root(app))
    assert 'class="csp-correct-item"' in page.text and "<datalist" in page.text  # themes' labels are hostile
    assert_escaped(page.text, "row page with the forms")
    document = asyncio.run(app.client.get(f"/-/csp-document/csp/{doc}")).text
    assert document.count('class="csp-corrected"') == 2  # the report and its priority
    assert_escaped(document, "document page")
