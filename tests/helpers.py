"""Shared test helper: extraction from a string, with every item's provenance checked."""
from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from extractor.publish import serve
from extractor.core import KINDS, extract_document, extract_text
from extractor.read.text import parse_text


def extract_checked(text: str) -> dict:
    """extract_text(text), after checking every item's page and quote against the read text."""
    doc = parse_text(text)
    full = extract_document(doc)
    for kind in KINDS:
        for item in full[kind]:
            assert item["quote"] == doc.text[item["char_start"]:item["char_end"]], item
            assert item["page"] >= 1 and item["page"] == doc.page_of(item["char_start"])
    out = extract_text(text)
    assert {k: out[k] for k in KINDS} == {k: full[k] for k in KINDS}
    assert out["document"] == full["document"]
    return out


def db_rows(db_path, sql: str, params=()) -> list[dict]:
    """The rows of a query on a database file, as dicts."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def datasette_server(db_path: Path, tmp: Path):
    """`datasette serve` started as `csp-extract serve` starts it, on a free port; yields its URL."""
    metadata = tmp / "metadata.json"
    metadata.write_text(json.dumps(serve.load_metadata("csp")), encoding="utf-8")
    port = free_port()
    args = serve.datasette_args(db_path, metadata, serve.PUBLISH_DIR, "127.0.0.1", port)
    log_path = tmp / "datasette.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, proc, log, log_path)
            yield base
        finally:
            _stop(proc)


def _wait_until_up(base: str, proc, log, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.flush()
            pytest.fail("datasette did not start:\n" + log_path.read_text())
        time.sleep(0.2)


def _stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def get(app, path, **params):
    """A request to an in-process Datasette (serve.build_app)."""
    return asyncio.run(app.client.get(path, params=params or None))


def get_json(app, path, **params):
    response = get(app, path, **params)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def agenda_pack(folder: Path) -> Path:
    """An agenda pack in ``folder``: the bundled report PDFs (tests/fixtures/pdf), one after another."""
    import pypdfium2 as pdfium

    path = folder / "agenda-pack.pdf"
    out = pdfium.PdfDocument.new()
    for source in sorted((Path(__file__).parent / "fixtures" / "pdf").glob("*.pdf")):
        pdf = pdfium.PdfDocument(str(source))
        out.import_pages(pdf)
        pdf.close()
    out.save(str(path))
    out.close()
    return path
