"""The page view (/-/csp-page/...), page links by source format, and how source files are served."""
from __future__ import annotations

import hashlib
import re

import pytest

from extractor import store
from extractor.publish import serve
from tests.helpers import get

PAGE_TWO = "<script>alert('x')</script> Knife crime & \"more\" <b>rose</b>"
TEXT = "Cover page\f" + PAGE_TWO + "\fThe last page"
QUOTE = "Knife crime & \"more\""


def _result(path, text: str, title: str) -> dict:
    start = text.index(QUOTE)
    item = {"rank": 1, "text": QUOTE, "themes": ["serious_violence"], "page": text.count("\f", 0, start) + 1,
            "char_start": start, "char_end": start + len(QUOTE), "quote": QUOTE, "confidence": 1.0,
            "rules": ["test"]}  # fmt: skip
    return {
        "source": str(path), "pages": text.count("\f") + 1, "extractor_version": "test", "warnings": [],
        "text": text, "document": {"council": "Testham Borough Council", "county": "Surrey", "title": title},
        "priorities": [item], "recommendations": [], "risks": [], "funding": [], "decisions": [],
    }  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One document per source format, each stored with the text TEXT (three pages) and one
    priority on page 2; the files' bytes are what the source route serves (checked by SHA-256)."""
    tmp = tmp_path_factory.mktemp("pages")
    files = {
        "report.txt": TEXT.encode("utf-8"),
        "legacy.txt": "Caf\xe9 report\fpage two".encode("cp1252"),
        "saved.html": b"<html><body><script>alert(1)</script><p>Knife crime</p></body></html>",
        "report.docx": b"PK\x03\x04 not really a Word file",
        "report.pdf": b"%PDF-1.4 not really a PDF",
        "notes.md": b"# Notes\n\nKnife crime",
    }
    db = store.open_db(tmp / "csp.db")
    store.ensure_schema(db)
    ids = {}
    for name, data in files.items():
        path = tmp / name
        path.write_bytes(data)
        ids[name] = hashlib.sha256(data).hexdigest()
        store.save_document(db, _result(path, TEXT, f"Title of {name} <i>"), ids[name], path)
    db.close()
    return {"app": serve.build_app(tmp / "csp.db"), "ids": ids}


def _page_link(site, name: str) -> str:
    """The link of the page-2 cell of the document ``name``'s priority."""
    html = get(site["app"], "/csp/priorities").text
    doc_id = site["ids"][name]
    return re.search(rf'href="([^"]*{doc_id}[^"]*)"[^>]*>p.&nbsp;2</a>', html).group(1).replace("&amp;", "&")


def test_page_view_marks_the_span_and_escapes_the_text(site):
    start = TEXT.index(QUOTE)
    doc_id = site["ids"]["report.txt"]
    response = get(site["app"], f"/-/csp-page/csp/{doc_id}/2?start={start}&end={start + len(QUOTE)}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<mark id="quote">Knife crime &amp; &#34;more&#34;</mark>' in html
    # the document's text is shown, never run
    assert "<script>alert('x')" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<b>rose</b>" not in html and "&lt;b&gt;rose&lt;/b&gt;" in html
    assert "Title of report.txt &lt;i&gt;" in html and "Testham Borough Council" in html
    assert "page 2 of 3" in html and "Cover page" not in html and "The last page" not in html
    assert f'href="/-/csp-page/csp/{doc_id}/1"' in html and f'href="/-/csp-page/csp/{doc_id}/3"' in html
    assert f'href="/-/csp-source/csp/{doc_id}"' in html


def test_page_view_without_a_span_or_with_one_off_the_page(site):
    doc_id = site["ids"]["report.txt"]
    html = get(site["app"], f"/-/csp-page/csp/{doc_id}/3").text
    assert "The last page" in html and "<mark" not in html
    html = get(site["app"], f"/-/csp-page/csp/{doc_id}/3?start=2&end=5").text  # a span on page 1
    assert "<mark" not in html and "not on this page" in html
    html = get(site["app"], f"/-/csp-page/csp/{doc_id}/3?start=x&end=").text
    assert "<mark" not in html and "The last page" in html
    assert get(site["app"], f"/-/csp-page/csp/{doc_id}/4").status_code == 404
    assert get(site["app"], f"/-/csp-page/csp/{'0' * 64}/1").status_code == 404


def test_page_links_go_to_the_page_view_except_for_pdfs(site):
    start = TEXT.index(QUOTE)
    for name in ("report.txt", "saved.html", "report.docx", "notes.md"):
        href = _page_link(site, name)
        assert href == f"/-/csp-page/csp/{site['ids'][name]}/2?start={start}&end={start + len(QUOTE)}#quote", name
    assert _page_link(site, "report.pdf") == f"/-/csp-source/csp/{site['ids']['report.pdf']}#page=2"
    # the page view of a PDF page opens the PDF at that page
    html = get(site["app"], f"/-/csp-page/csp/{site['ids']['report.pdf']}/2").text
    assert f'href="/-/csp-source/csp/{site["ids"]["report.pdf"]}#page=2"' in html


def test_source_files_are_served_with_their_content_types(site):
    def source(name):
        return get(site["app"], f"/-/csp-source/csp/{site['ids'][name]}")

    assert source("report.txt").headers["content-type"] == "text/plain; charset=utf-8"
    assert source("notes.md").headers["content-type"] == "text/plain; charset=utf-8"
    legacy = source("legacy.txt")
    assert legacy.headers["content-type"] == "text/plain; charset=windows-1252" and "Café" in legacy.text
    html = source("saved.html")
    assert html.headers["content-type"] == "text/html"
    assert html.headers["content-disposition"].startswith("inline")
    assert "sandbox" in html.headers["content-security-policy"]  # its scripts do not run
    docx = source("report.docx")
    assert docx.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert docx.headers["content-disposition"] == 'attachment; filename="report.docx"'
    pdf = source("report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
