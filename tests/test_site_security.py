"""Issue 14, the site: escaping, security headers, SQL limits, the published copy, source file
names and a leftover WAL.  In process (Datasette's test client); the browser side is in
test_browser_security.py."""
from __future__ import annotations

import asyncio
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse

import pytest
from click.testing import CliRunner

from extractor.batch import files, ingest
from extractor.cli import cli
from extractor.publish import serve, site_security
from tests.helpers import get, get_json
from tests.test_store import CORPUS, fake_extract, ingested_copy

# Payloads that run script if written into a page unescaped; each sets a DOM marker.
RUN = "document.title='pwn'+'ed'"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'"><img src=x onerror="{RUN}">',
    f"javascript:{RUN}",
    f"'><svg onload={RUN}>",
]
RAW_MARKERS = ["<script>do", "<img src=x", "<svg onload"]  # a payload's first 10 characters too


def hostile_id(index: int) -> str:
    """A 64-character document id that is a script fragment (render_cell links such ids)."""
    return f"<script>{RUN}</script>{index}".ljust(64, "x")


def make_hostile(db_path, keep_first_id: bool = True) -> str:
    """Every text value of every table gets a payload appended (the same value always gets the
    same one, so joins still hold); every document id but the first becomes a 64-character
    script fragment.  Returns the id kept as it was (the source and page routes need hex)."""
    conn = sqlite3.connect(db_path)
    ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY rowid")]
    new_ids = {old: (old if keep_first_id and i == 0 else hostile_id(i)) for i, old in enumerate(ids)}

    def hostile(value):
        if not isinstance(value, str):
            return value
        if value in new_ids:
            return new_ids[value]
        if value[:1] in "[{":  # JSON (warnings, words): views read it with json_each
            return value
        return value + " " + PAYLOADS[int(hashlib.sha256(value.encode()).hexdigest(), 16) % len(PAYLOADS)]

    conn.create_function("hostile", 1, hostile)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE '%_fts%' AND name NOT LIKE 'sqlite_%'")]  # fmt: skip
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])") if r[2].upper() == "TEXT"]
        for column in columns:
            if column in ("path", "file_name", "text"):  # the source route and the page view read these
                continue
            conn.execute(f"UPDATE [{table}] SET [{column}] = hostile([{column}])")
    conn.commit()
    conn.close()
    return ids[0]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    db_path = ingested_copy(tmp_path_factory, "hostile")
    kept = make_hostile(db_path)
    return {"db": db_path, "kept": kept, "app": serve.build_app(db_path)}


def _names(db_path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    finally:
        conn.close()


def assert_escaped(html: str, where: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, f"{where}: unescaped {marker!r}"
    assert not re.search(r"""<a [^>]*href=["']?javascript:""", html, re.IGNORECASE), f"{where}: javascript: link"


def test_render_cell_escapes_every_value_of_every_table_and_view(hostile_site):
    """Issue 14 (2): every column of every table and view, rendered with hostile values."""
    app = hostile_site["app"]
    names = _names(hostile_site["db"])
    assert {"documents", "priorities", "priority_matrix", "items"} <= set(names)
    for name in names:
        response = get(app, f"/csp/{urllib.parse.quote(name)}", _size="max")
        assert response.status_code == 200, (name, response.text[:300])
        assert_escaped(response.text, name)
    payload_rows = get_json(app, "/csp/documents.json", _shape="array")
    assert any(row["id"].startswith("<script>") for row in payload_rows)  # the payloads are there


def test_document_id_fragments_from_arbitrary_sql_are_escaped(hostile_site):
    """Issue 14 (2): two 64-character values in *_document_id columns made a working <script>
    from their first 10 characters each."""
    sql = ("SELECT '<script>/*' || substr(hex(zeroblob(27)), 1, 54) AS document_id, "
           "'*/' || 'document.title=1</script>' || substr(hex(zeroblob(27)), 1, 37) AS to_document_id")  # fmt: skip
    response = get(hostile_site["app"], "/csp", sql=sql)
    assert response.status_code == 200
    assert "&lt;script&gt;/*" in response.text
    assert "<script>/*" not in response.text and "</script>…" not in response.text


def test_page_view_and_search_escape_hostile_text(hostile_site):
    app, kept = hostile_site["app"], hostile_site["kept"]
    for path, params in [(f"/-/csp-page/csp/{kept}/1", {}), ("/csp/search_items", {"q": "script"}),
                         ("/csp/search_pages", {"q": "domestic"}), ("/csp/documents/" + kept, {})]:  # fmt: skip
        response = get(app, path, **params)
        assert response.status_code == 200, path
        assert_escaped(response.text, path)


SECURITY_URLS = ["/", "/csp", "/csp/priority_matrix", "/csp/priorities.json", "/csp/priorities.csv",
                 "/-/dashboards/csp-overview", "/-/static/app.css", "/no-such-page",
                 "/csp.json?sql=select+1"]  # fmt: skip


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("x-content-type-options") == "nosniff", where
    policy = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy or "sandbox" in policy, where


def test_security_headers_on_every_response(hostile_site, tmp_path):
    """Issue 14 (2): no CSP, X-Frame-Options or nosniff headers."""
    app, kept = hostile_site["app"], hostile_site["kept"]
    for url in SECURITY_URLS + [f"/-/csp-page/csp/{kept}/1", f"/-/csp-source/csp/{kept}"]:
        response = get(app, url)
        assert response.status_code in (200, 404), url
        assert_security_headers(response, url)
    policy = get(app, "/csp/priority_matrix").headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "default-src 'self'" in policy and "object-src 'none'" in policy


def test_csp_allows_exactly_the_inline_scripts_datasette_and_the_charts_write(hostile_site):
    response = get(hostile_site["app"], "/-/dashboards/csp-overview")
    policy = response.headers["content-security-policy"]
    inline = re.findall(r"<script(?![^>]*src)[^>]*>(.*?)</script", response.text, re.DOTALL)
    assert any("renderChart(" in s for s in inline)
    for script in inline:
        digest = hashlib.sha256(script.encode()).digest()
        assert f"'sha256-{__import__('base64').b64encode(digest).decode()}'" in policy, script[:80]
    assert "'unsafe-eval'" in policy  # Vega compiles its expressions
    for src in re.findall(r'<script[^>]+src="([^"]+)"', response.text):
        assert src.startswith("/"), src  # 'self' covers every script the charts load
    for text in PAYLOADS + ["renderChart('x', {}, '', ''); alert(1)", "DATASETTE_ALLOW_FACET = 1; alert(1);"]:
        assert not site_security.trusted_inline_script(text, dashboard=True), text


def test_arbitrary_sql_memory_is_capped(hostile_site):
    """Issue 14 (8): one GET took the server from 83 MB to 3.8 GB."""
    app = hostile_site["app"]
    many = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000) "
    for sql in [many + "SELECT zeroblob(20000000) FROM c",  # 20 GB in rows of 20 MB
                "SELECT randomblob(100000000)",  # one 100 MB value
                many.replace("1000", "100000") + "SELECT group_concat(hex(zeroblob(1000))) FROM c"]:  # 200 MB
        response = get(app, "/csp.json", sql=sql)
        assert response.status_code == 400, (sql, response.text[:300])
        assert re.search(r"too large|too big|memory", response.json()["error"]), response.text[:300]
    settings = get(app, "/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 5000 and settings["max_returned_rows"] == 1000


def test_heap_limit_error_is_a_400_not_a_500():
    """SQLite's hard heap limit raises MemoryError: the plugin answers 400."""
    response = site_security.handle_exception(MemoryError())
    assert response.status == 400 and "memory" in response.body
    assert site_security.handle_exception(ValueError()) is None


def exported(tmp_path, db_path, *options):
    out = tmp_path / "publish"
    result = CliRunner().invoke(cli, ["serve", str(db_path), "--export", str(out), *options])
    assert result.exit_code == 0, result.output
    from datasette.app import Datasette

    return out, result.output, Datasette(config_dir=out)  # as `datasette serve publish/` runs it


def test_export_has_serve_settings_and_no_arbitrary_sql(hostile_site, tmp_path):
    """Issue 14 (8): arbitrary SQL on the publish export, which left out serve's settings."""
    out, output, app = exported(tmp_path, hostile_site["db"])
    settings = json.loads((out / "settings.json").read_text())
    assert settings == {k: serve._setting_value(v) for k, v in serve.SETTINGS.items()}
    for key, value in serve.SETTINGS.items():
        assert f"--setting {key} {value}" in output  # the publish command passes them on
    assert get(app, "/-/settings.json").json()["max_returned_rows"] == 1000
    for url in ["/csp.json?sql=select+1", "/csp?sql=select+randomblob(10)",
                "/csp/documents?_where=1", "/csp.json?%73ql=select+1"]:  # fmt: skip
        response = get(app, url)
        assert response.status_code == 403 and "--allow-sql" in response.text, url
        assert_security_headers(response, url)
    assert get(app, "/-/dashboards/csp-overview").status_code == 200
    charts = serve.load_metadata()["plugins"]["datasette-dashboards"]["csp-overview"]["charts"]
    for slug, chart in charts.items():
        if "query" in chart:  # the charts' own queries still run, with and without the filter
            for sql in site_security.query_variants(chart["query"]):
                assert get(app, "/csp.json", sql=sql, county="Kent").status_code == 200, slug
    assert get(app, "/csp/search_items", q="domestic").status_code == 200  # canned queries run


def test_export_allow_sql(hostile_site, tmp_path):
    _, _, app = exported(tmp_path, hostile_site["db"], "--allow-sql")
    assert get(app, "/csp.json", sql="select 1").status_code == 200


def test_allow_sql_without_export_is_a_usage_error(hostile_site):
    result = CliRunner().invoke(cli, ["serve", str(hostile_site["db"]), "--allow-sql"])
    assert result.exit_code == 2 and "--export" in result.output


def test_published_copy_has_no_absolute_paths(tmp_path):
    """Issue 14 (10): absolute paths leaked through documents.warnings and ingest_log."""
    docs = tmp_path / "private-folder" / "reports"
    (docs / "sub").mkdir(parents=True)
    for path in CORPUS[:2]:
        shutil.copy(path, docs / path.name)
    shutil.copy(CORPUS[0], docs / "sub" / "copy.txt")  # "same bytes as /abs/path"
    (docs / "empty.txt").write_text("")
    db_path = tmp_path / "csp.db"
    ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=True)
    ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=True)  # "already ingested"
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE documents SET warnings = ? WHERE rowid = 1",
                 [json.dumps([f"table on page 2 of {docs / 'x.txt'} skipped", "read /etc/odd/place.txt"])])  # fmt: skip
    conn.commit()
    assert str(tmp_path) in " ".join(str(r) for r in conn.execute("SELECT * FROM ingest_log"))
    conn.close()
    out, _, _ = exported(tmp_path, db_path)
    copy = sqlite3.connect(out / "csp.db")
    for table in _names(out / "csp.db"):
        for row in copy.execute(f"SELECT * FROM [{table}]"):
            for value in row:
                assert not (isinstance(value, str) and ("/" + "private-folder" in value or "/etc/" in value)), (table, value)
    paths = sorted(r[0] for r in copy.execute("SELECT path FROM documents"))
    assert paths == sorted([p.name for p in CORPUS[:2]]) or all(not p.startswith("/") for p in paths)
    messages = " ".join(r[0] or "" for r in copy.execute("SELECT message FROM ingest_log"))
    assert "same bytes as" in messages and "sub/copy.txt" in messages or "reports" not in messages
    warnings = copy.execute("SELECT warnings FROM documents WHERE rowid = 1").fetchone()[0]
    assert json.loads(warnings) == ["table on page 2 of x.txt skipped", "read place.txt"]
    copy.close()
    assert b"private-folder" not in (out / "csp.db").read_bytes()  # not left in free pages either
    assert str(tmp_path).encode() in db_path.read_bytes()  # the local database keeps them


def test_relative_text_keeps_urls_and_relative_paths():
    assert serve.relative_text("see https://example.org/a/b.pdf and sub/c.txt", "/root") == \
        "see https://example.org/a/b.pdf and sub/c.txt"  # fmt: skip
    assert serve.relative_text("same bytes as /root/sub/c.txt", "/root") == "same bytes as sub/c.txt"
    assert serve.relative_text(r"read C:\Users\me\a.pdf", "") == "read a.pdf"


def test_source_file_name_with_newline_and_utf8(tmp_path):
    """Issue 14 (10): /-/csp-source broke on \\n in a file name and sent raw UTF-8 in
    Content-Disposition."""
    docs = tmp_path / "docs"
    docs.mkdir()
    path = docs / 'Évaluation\nX-Injected: 1 "plan".txt'
    shutil.copy(CORPUS[0], path)
    db_path = tmp_path / "csp.db"
    ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=True)
    app = serve.build_app(db_path)
    response = get(app, f"/-/csp-source/csp/{files.sha256_file(path)}")
    assert response.status_code == 200, response.text[:300]
    header = response.headers["content-disposition"]
    header.encode("ascii")  # no raw UTF-8
    assert "\n" not in header and "\r" not in header and "x-injected" not in response.headers
    assert header == ("inline; filename=\"_valuation_X-Injected: 1 _plan_.txt\"; "
                      "filename*=UTF-8''%C3%89valuation%0AX-Injected%3A%201%20%22plan%22.txt")  # fmt: skip
    assert site_security.content_disposition("inline", "plain.pdf") == 'inline; filename="plain.pdf"'


def test_source_url_redirects_only_to_http(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS[0], docs / CORPUS[0].name)
    db_path = tmp_path / "csp.db"
    ingest.ingest_paths([docs], db_path, extract=fake_extract, quiet=True)
    doc_id = files.sha256_file(docs / CORPUS[0].name)
    for url, redirected in [("https://council.example/a.pdf", True), ("javascript:alert(1)", False),
                            ("https://x.example/\r\nSet-Cookie: a=b", False)]:  # fmt: skip
        conn = sqlite3.connect(db_path)
        conn.execute("UPDATE documents SET source_url = ?", [url])
        conn.commit()
        conn.close()
        response = get(serve.build_app(db_path), f"/-/csp-source/csp/{doc_id}")
        assert (response.status_code == 302) == redirected, url
        if redirected:
            assert response.headers["location"] == url


KILLED_WRITER = """
import sqlite3, os, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("CREATE TABLE IF NOT EXISTS late (x)")
with conn:
    conn.execute("INSERT INTO late VALUES ('committed before the kill')")
os._exit(0)  # as a killed ingest: no checkpoint, the -wal stays
"""


def test_serve_warns_about_and_folds_a_leftover_wal(hostile_site, tmp_path):
    """Issue 14 (10): `serve` opened immutable served a database left with a -wal after a kill,
    stale, without warning."""
    db_path = tmp_path / "csp.db"
    shutil.copy(hostile_site["db"], db_path)
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(db_path)], check=True)
    wal = tmp_path / "csp.db-wal"
    assert wal.stat().st_size > 0
    result = CliRunner().invoke(cli, ["serve", str(db_path), "--export", str(tmp_path / "pub")])
    assert result.exit_code == 0, result.output
    assert "Warning" in result.output and "csp.db-wal" in result.output and "ingest again" in result.output
    assert not wal.exists()
    app = serve.build_app(db_path)  # immutable, as serve opens it
    rows = asyncio.run(app.get_database("csp").execute("SELECT x FROM late")).rows
    assert [r[0] for r in rows] == ["committed before the kill"]


def test_serve_refuses_while_an_ingest_writes(hostile_site, tmp_path):
    db_path = tmp_path / "csp.db"
    shutil.copy(hostile_site["db"], db_path)
    writer = sqlite3.connect(db_path, isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("CREATE TABLE busy (x)")
        with pytest.raises(ValueError, match="being written"):
            serve.fold_wal(db_path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_charts_own_page_script_is_trusted_regression_blank_chart_page():
    """A chart's own page calls renderChart with a fifth argument (true); the policy blocked it and
    every chart page rendered empty."""
    from extractor.publish import site_security

    call = "\n  renderChart('funding-by-year', {\"title\": \"Money\"}, 'a=1', 'http://127.0.0.1:8001/', true)\n"
    assert site_security.trusted_inline_script(call, True)
    assert not site_security.trusted_inline_script(call.replace("true", "alert(1)"), True)


def test_sigterm_stops_the_datasette_child_too_regression_orphaned_server(tmp_path):
    """SIGTERM to `csp-extract serve` used to kill it and leave its Datasette child serving."""
    import os
    import signal
    import threading

    from extractor.publish.serve import run_until_stopped

    marker = tmp_path / "child.pid"
    child = [sys.executable, "-c", f"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(60)"]

    def term_when_child_runs():
        for _ in range(600):  # wait for the child to start, however slow the machine
            if marker.exists() and marker.read_text():
                break
            threading.Event().wait(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=term_when_child_runs, daemon=True).start()
    assert run_until_stopped(child) == 128 + signal.SIGTERM
    pid = int(marker.read_text())
    try:
        os.kill(pid, 0)
        alive = os.waitpid(pid, os.WNOHANG) == (0, 0)
    except (ProcessLookupError, ChildProcessError):
        alive = False
    assert not alive
