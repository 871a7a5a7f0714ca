"""Corrections on the site: the form of ``serve --edit`` (a writable canned query for the root
actor, with Datasette's CSRF protection) and the read-only site's badge (tables, row and document
pages) and corrections table."""
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


def test_the_edit_form_corrects_an_item_for_the_root_actor_only(site):
    db_path, path, _ = site
    item = _priority(db_path, "Strengthening communities")
    app = serve.build_app(db_path, corrections=path)
    page = asyncio.run(app.client.get(f"/csp/priorities/{item['id']}"))
    assert f"/csp/correct_item?kind=priorities&amp;id={item['id']}" in page.text  # the link on the item's page
    anonymous, _, _ = _form(app, f"/csp/correct_item?kind=priorities&id={item['id']}", {})
    assert anonymous.status_code == 403  # Datasette's permissions: the allow block names root
    form, token, cookies = _form(app, f"/csp/correct_item?kind=priorities&id={item['id']}", _root(app))
    assert form.status_code == 200 and token and 'method="post"' in form.text
    data = {"kind": "priorities", "id": str(item["id"]), "field": "main_theme", "value": "road_safety", "why": "web"}
    assert _post(app, "/csp/correct_item", data, cookies).status_code == 403  # no CSRF token: refused
    assert _post(app, "/csp/correct_item", {**data, "csrftoken": token}, cookies).status_code == 302
    corrected = _priority(db_path, "Strengthening communities")
    assert (corrected["main_theme"], corrected["corrected"]) == ("road_safety", 1)
    [written] = corrections_store.read(path)
    assert (written.id, written.who, written.field, written.value) == (corrected["correction_id"], "root",
                                                                        "main_theme", "road_safety")
    bad = {**data, "value": "no-such-theme", "csrftoken": token}
    assert _post(app, "/csp/correct_item", bad, cookies).status_code == 302
    assert len(corrections_store.read(path)) == 1  # refused: not in the file, not in the database
    assert _priority(db_path, "Strengthening communities")["main_theme"] == "road_safety"


def test_the_delete_form_deletes_an_item(site):
    db_path, path, _ = site
    item = _priority(db_path, "Reducing re-offending")
    app = serve.build_app(db_path, corrections=path)
    _, token, cookies = _form(app, f"/csp/delete_item?kind=priorities&id={item['id']}", _root(app))
    data = {"kind": "priorities", "id": str(item["id"]), "why": "an action", "csrftoken": token}
    assert _post(app, "/csp/delete_item", data, cookies).status_code == 302
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
    assert "correct_item" not in page and 'method="post"' not in page
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
