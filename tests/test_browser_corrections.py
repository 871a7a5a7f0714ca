"""Correcting in a real browser (issue 16): headless Chromium, driven through the DevTools
protocol over a pipe (``--remote-debugging-pipe``: no extra package), signs in to ``serve
--edit`` with Datasette's root link, follows "correct" from the priorities table to the
priority's own row page, fills the form there (posting to a writable canned query with
Datasette's CSRF token), submits it, comes back to the row with the new theme and the badge, and
sees the priority matrix change; then a read-only ``serve`` of the same database shows the
corrected badge on the row and document pages and no form.
Skipped when no Chromium is installed, like tests/test_browser.py."""
from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pytest

from extractor.corrections import store as corrections_store
from extractor.publish import serve
from tests.helpers import _stop, datasette_server, free_port
from tests.test_browser import CHROMIUM, SCREENS
from tests.test_store import ingested_copy

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000"]
PATIENCE = 60  # seconds a page may take to load on a busy machine (the loop ends as soon as it has)


class Browser:
    """Chromium with the DevTools protocol on file descriptors 3 (commands) and 4 (replies)."""

    def __init__(self):
        self.profile = tempfile.TemporaryDirectory(prefix="csp-chromium-", ignore_cleanup_errors=True)  # its helpers may still write
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def descriptors():  # in the child: the pipe ends as fds 3 and 4 (via high numbers: no clash)
            a, b = fcntl.fcntl(to_child, fcntl.F_DUPFD, 20), fcntl.fcntl(from_child, fcntl.F_DUPFD, 20)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self.profile.name}", "about:blank"],
            preexec_fn=descriptors, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self._id, self._buffer = 0, b""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                assert "error" not in reply, reply
                return reply.get("result", {})

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._in, 1 << 16)
            assert chunk, "chromium closed the DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", self.session, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str):
        """Poll ``expression`` until it is truthy (the page has loaded what is looked for)."""
        deadline = time.monotonic() + PATIENCE
        while not (value := self.js(expression)):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}: {self.js('location.href')}"
            time.sleep(0.1)
        return value

    def goto(self, url: str) -> None:
        self.js("window.__left = true")
        self.send("Page.navigate", self.session, url=url)
        self.wait_for("!window.__left && document.readyState === 'complete'")

    def screenshot(self, name: str) -> None:
        import base64

        data = self.send("Page.captureScreenshot", self.session)["data"]
        SCREENS.mkdir(parents=True, exist_ok=True)
        (SCREENS / name).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (AssertionError, OSError):
            pass
        _stop(self.proc)
        os.close(self._out)
        os.close(self._in)
        self.profile.cleanup()


MATRIX_CELL = """(() => {
  const heads = [...document.querySelectorAll('table.rows-and-columns thead th')].map(th => th.innerText.trim());
  const column = heads.findIndex(h => h.startsWith(%s));
  const row = [...document.querySelectorAll('table.rows-and-columns tbody tr')]
    .find(tr => tr.innerText.includes('Medway Council'));
  return column < 0 || !row ? 'missing' : row.children[column].innerText.trim();
})()"""


def _edit_server(db_path, corrections, tmp):
    """`serve --edit` as the command starts it (writable, --root); yields its URL and sign-in link."""
    metadata = tmp / "metadata-edit.json"
    metadata.write_text(json.dumps(serve.edit_metadata(serve.load_metadata("csp"), "csp", corrections)))
    port = free_port()
    args = serve.datasette_args(db_path, metadata, serve.PUBLISH_DIR, "127.0.0.1", port, edit=True)
    log_path = tmp / "datasette-edit.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + PATIENCE
    while not (found := re.search(rf"{re.escape(base)}/-/auth-token\?token=\w+", log_path.read_text())):
        assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.2)
    return proc, log, base, found.group(0)


@pytest.fixture
def database(tmp_path_factory):
    return ingested_copy(tmp_path_factory, "browser-corrections", workers=0)


def test_correcting_a_priority_s_theme_in_the_browser_changes_the_matrix(database, tmp_path):
    corrections = tmp_path / "corrections.csv"
    proc, log, base, sign_in = _edit_server(database, corrections, tmp_path)
    browser = Browser()
    try:
        browser.goto(sign_in)  # Datasette's root link: the ds_actor cookie
        browser.goto(f"{base}/csp/priority_matrix")
        assert browser.js(MATRIX_CELL % '"Road safety"') == ""
        assert browser.js(MATRIX_CELL % '"Strong and engaged communities"') == "1"
        browser.goto(f"{base}/csp/priorities?text=Strengthening+communities")
        row_page = browser.wait_for("document.querySelector('a.csp-correct') && document.querySelector('a.csp-correct').href")
        browser.goto(row_page)  # the priority's own page, with the form under the row
        assert browser.js("location.pathname").startswith("/csp/priorities/")
        assert browser.js("!!document.querySelector('form.csp-correct-item input[name=csrftoken]').value")  # Datasette's CSRF token
        browser.js("""(() => { const form = document.querySelector('form.csp-correct-item');
            form.field.value = 'main_theme'; form.value.value = 'road_safety';
            form.why.value = 'the plan lists it under road safety'; window.__left = true;
            form.querySelector('input[type=submit]').click(); })()""")
        browser.wait_for("!window.__left && document.readyState === 'complete'")
        assert "the correction is applied" in browser.wait_for("document.querySelector('.message-info') && "
                                                               "document.querySelector('.message-info').innerText")
        assert browser.js("location.href") == row_page.split("#")[0]  # back on the item's page
        assert "road_safety" in browser.js("document.querySelector('td.col-main_theme').innerText")
        assert browser.js("document.querySelector('td.col-corrected a.csp-badge').innerText") == "corrected"
        browser.screenshot("corrections-row-page-after.png")
        browser.goto(f"{base}/csp/priority_matrix")
        assert browser.js(MATRIX_CELL % '"Road safety"') == "1"  # the matrix has changed
        assert browser.js(MATRIX_CELL % '"Strong and engaged communities"') == ""
        browser.screenshot("corrections-matrix-after.png")
    finally:
        browser.close()
        _stop(proc)
        log.close()
    [written] = corrections_store.read(corrections)
    assert (written.kind, written.field, written.value, written.who) == ("fix", "main_theme", "road_safety", "root")

    with datasette_server(database, tmp_path) as read_only:  # the public site: no form
        browser = Browser()
        try:
            browser.goto(f"{read_only}/csp/priorities?text=Strengthening+communities")
            assert browser.js("document.querySelector('a.csp-badge').innerText") == "corrected"
            assert browser.js("document.querySelectorAll('form[method=post], a.csp-correct').length") == 0
            browser.goto(f"{read_only}{urllib.parse.urlsplit(row_page).path}")  # the item's page: no form
            assert browser.js("document.querySelector('td.col-corrected a.csp-badge').innerText") == "corrected"
            assert browser.js("document.querySelectorAll('form, #csp-correct, a.csp-correct').length") == 0
            browser.goto(f"{read_only}/-/csp-document/csp/{written.document_id}")  # its report's page
            assert browser.js("[...document.querySelectorAll('a.csp-corrected')].map(a => "
                              "a.closest('tr').innerText).join()").count("Strengthening communities") == 1
            browser.goto(f"{read_only}/csp/priority_matrix")
            assert browser.js(MATRIX_CELL % '"Road safety"') == "1"
        finally:
            browser.close()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{read_only}/csp/correct_item")
        assert missing.value.code == 404
