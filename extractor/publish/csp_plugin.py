"""Datasette plugin for csp-extract databases (loaded with ``--plugins-dir``).

- a ``page`` cell in a row that has a ``document_id`` becomes a link to the source document
  at that page (``/-/csp-source/<database>/<document_id>#page=N``), and so does ``X_page``
  with ``X_document_id`` (``from_page``, ``decision_page``, ...); so does ``file_name`` in
  ``documents``;
- (``site_pages.py`` beside this file renders document ids, document titles and the priority
  matrix's cells, and serves the document page);
- a plan-to-plan ``change`` (added, dropped, ...), a recommendation's ``status`` and a peer
  comparison's ``gap`` show as coloured badges;
- that route serves the ingested file itself (or redirects to ``source_url`` when the council's
  address is known).  It only serves files listed in the ``documents`` table, and only while
  their bytes still match the SHA-256 they were ingested with;
- amounts in pounds (``amount_gbp``, ``total_gbp``, ...) show as £1,234;
- ``funding_ids`` (the rows behind a sum in ``funding_by_council_year``) becomes a link to
  those rows of ``funding``, each with its page;
- search snippets mark the matched words (the canned queries wrap them in « »);
- ``/-/csp-page/<database>/<document_id>/<page>?start=&end=`` shows one page's stored text
  (``pages``), HTML-escaped, with the span ``start:end`` of ``documents.text`` (an item's
  ``char_start``/``char_end``) marked.  A ``page`` link goes there for text, Markdown, HTML and
  Word sources, whose files cannot open at a page, and to the file with ``#page=N`` for PDFs;
- the SQL function ``csp_page_query(text)`` turns what a reader types into an FTS5 query
  (``search.py`` beside this file: OR, quoted phrases, theme words from the ``themes`` table),
  for the ``search_pages`` canned query.

This file must stay importable on its own: Datasette loads it by path.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

SOURCE_PREFIX = "/-/csp-source"
PAGE_PREFIX = "/-/csp-page"
STYLE_PATH = "/-/csp-static/matrix.css"
MATRIX = "priority_matrix"
# Column widths for the what-changed and follow-through pages (views and canned queries).
CHANGES_STYLE_PATH = "/-/csp-static/changes.css"
CHANGES_COLUMNS = {"detail", "reason"}
# Column widths for the peer comparison canned queries (peer_comparison, peer_gaps).
PEERS_STYLE_PATH = "/-/csp-static/peers.css"
PEERS_COLUMNS = {"same_county", "which_peers"}
MONEY_COLUMNS = {"amount_gbp", "amount_high_gbp", "total_gbp", "total_high_gbp"}
# Badges for what happened to a priority between plans and to a recommendation.
CHANGE_COLOURS = {"added": "#1a9850", "dropped": "#d73027", "renamed": "#4575b4",
                  "re-ranked": "#f46d43", "kept": "#bababa"}
STATUS_COLOURS = {"approved": "#1a9850", "agreed": "#1a9850", "noted": "#4575b4",
                  "delegated": "#4575b4", "amended": "#f46d43", "deferred": "#f46d43",
                  "rejected": "#d73027", "no recorded outcome": "#bababa"}
GAP_COLOUR = "#d94801"
# How a source file is served.  Text and Markdown as plain text (browsers download
# text/markdown), in UTF-8 unless the bytes are not UTF-8 (the text reader then read them as
# cp1252: see _content_type).  HTML without a charset, so that the page's own <meta charset>
# applies, and sandboxed (HTML_HEADERS).  Word files cannot be shown by a browser: they download,
# and page links go to the page view instead.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DOWNLOAD = {".docx"}
# A saved council web page is shown, not run: no scripts, no requests to other sites (its
# images and styles come from the council's site), and its own origin, not this site's.
HTML_HEADERS = {
    "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "x-content-type-options": "nosniff",
}
# Sources whose file opens at a page (#page=N); the others link to the page view.
PAGED_SUFFIXES = {".pdf"}


def _sibling(name: str):
    """A module beside this file, loaded by path (Datasette loads this plugin by path, and a
    published copy has no csp-extract installed)."""
    module_name = f"csp_plugin_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, Path(__file__).with_name(f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


search = _sibling("search")
styles = _sibling("styles")  # the stylesheets the routes below serve
security = _sibling("site_security")


def _keys(row) -> list[str]:
    try:
        return list(row.keys())
    except AttributeError:
        return []


def _plain(value):
    """A cell's raw value: Datasette expands foreign keys to {"value": ..., "label": ...}."""
    return value.get("value") if isinstance(value, dict) else value


def source_href(datasette, database: str, document_id: str, page=None) -> str:
    href = datasette.urls.path(f"{SOURCE_PREFIX}/{database}/{document_id}")
    return f"{href}#page={int(page)}" if page is not None else href


def page_href(datasette, database: str, document_id: str, page: int, start=None, end=None) -> str:
    """The page view of one page, with the span start:end of documents.text marked."""
    href = datasette.urls.path(f"{PAGE_PREFIX}/{database}/{document_id}/{int(page)}")
    if start is not None and end is not None:
        href += f"?start={int(start)}&end={int(end)}#quote"
    return href


# (database, document_id) -> the file's suffix; a document id is the hash of its bytes, so this
# never goes stale.
_SUFFIXES: dict[tuple[str, str], str] = {}


async def _suffix(datasette, database: str, document_id: str) -> str:
    key = (database, document_id)
    if key not in _SUFFIXES:
        result = await datasette.get_database(database).execute(
            "SELECT file_name FROM documents WHERE id = ?", [document_id]
        )
        row = result.first()
        _SUFFIXES[key] = Path(row["file_name"]).suffix.lower() if row else ""
    return _SUFFIXES[key]


def _quote_span(row) -> tuple:
    """(char_start, char_end) of the row's quote when it carries them (item tables), else
    (None, None)."""
    try:
        return int(_plain(row["char_start"])), int(_plain(row["char_end"]))
    except (KeyError, IndexError, TypeError, ValueError):
        return None, None


def _page_link(datasette, database: str, document_id: str, page: int, span):
    """A page number as a link: PDFs open at the page, other files at the page view."""

    async def link():
        if await _suffix(datasette, database, document_id) in PAGED_SUFFIXES:
            href = source_href(datasette, database, document_id, page)
            tip = f"Open the source document at page {page}"
        else:
            href = page_href(datasette, database, document_id, page, *span)
            tip = f"Show page {page} of the source document" + (" with the quote marked" if span[0] is not None else "")
        return Markup(f'<a href="{escape(href)}" title="{escape(tip)}">p.&nbsp;{page}</a>')

    return link


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None:
        return None
    keys = _keys(row)
    # page -> document_id; from_page -> from_document_id, decision_page -> decision_document_id
    doc_column = "document_id" if column == "page" else (
        column[: -len("page")] + "document_id" if column.endswith("_page") else None)  # fmt: skip
    if doc_column and doc_column in keys and _plain(row[doc_column]):
        try:
            page = int(value)
        except (TypeError, ValueError):
            return None
        span = _quote_span(row) if column == "page" else (None, None)
        return _page_link(datasette, database, _plain(row[doc_column]), page, span)
    if column == "file_name" and table == "documents" and "id" in keys:
        href = source_href(datasette, database, _plain(row["id"]))
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column == "change" and value in CHANGE_COLOURS:
        return _badge(value, CHANGE_COLOURS[value])
    if column == "status" and value in STATUS_COLOURS and table != "ingest_log":
        return _badge(value, STATUS_COLOURS[value])
    if column == "gap" and isinstance(value, str) and value:
        return _badge(value, GAP_COLOUR)  # peer comparison: a theme peers name and it does not
    if column == "funding_ids" and isinstance(value, str) and value:
        return _rows_link(datasette, database, "funding", value)
    if column in MONEY_COLUMNS and isinstance(value, (int, float)):
        text = f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
        return Markup(f'<span style="white-space:nowrap">{text}</span>')
    if column == "snippet" and isinstance(value, str):
        # one line: a passage's line breaks and table layout would stretch the row
        html = str(escape(" ".join(value.split()))).replace("«", "<mark>").replace("»", "</mark>")
        return Markup(html)
    return None


def _rows_link(datasette, database: str, table: str, ids: str) -> Markup:
    """A link to the rows of ``table`` whose ids are listed (comma-separated) in ``ids``."""
    count = len(ids.split(","))
    href = datasette.urls.table(database, table) + "?id__in=" + ids.replace(" ", "")
    noun = "row" if count == 1 else "rows"
    return Markup(f'<a href="{escape(href)}" title="The {noun} added up, with their pages">{count} {noun}</a>')


def _badge(text: str, colour: str) -> Markup:
    ink = "black" if colour == "#bababa" else "white"
    return Markup(
        f'<span class="csp-badge" style="background:{colour};color:{ink};padding:0.1em 0.45em;'
        f'border-radius:4px;white-space:nowrap;font-weight:bold">{escape(text)}</span>'
    )


async def _readable_database(request, datasette, database: str):
    """The database a route reads, once the actor may view it; a 404 Response when there is none."""
    await datasette.ensure_permissions(
        request.actor, [("view-database", database), "view-instance"]
    )
    try:
        return datasette.get_database(database)
    except KeyError:
        return Response.text(f"No database called {database}", status=404)


async def source_document(request, datasette):
    database = request.url_vars["database"]
    document_id = request.url_vars["document_id"]
    db = await _readable_database(request, datasette, database)
    if isinstance(db, Response):
        return db
    result = await db.execute(
        "SELECT path, file_name, source_url FROM documents WHERE id = ?", [document_id]
    )
    row = result.first()
    if row is None:
        return Response.text(f"No document {document_id} in {database}", status=404)
    if security.safe_redirect(row["source_url"]):
        return Response.redirect(row["source_url"])
    path = Path(row["path"])
    if not path.is_file():
        return Response.text(
            f"{row['file_name']} is not on this server (it was ingested from {row['path']}). "
            "Open it from your own copy, or set documents.source_url to where the council "
            "published it.",
            status=404,
        )
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != document_id:
        return Response.text(
            f"{path} has changed since it was ingested, so its pages may no longer match. "
            f"Run: csp-extract ingest {path}",
            status=409,
        )
    suffix = path.suffix.lower()
    disposition = "attachment" if suffix in DOWNLOAD else "inline"
    headers = {"content-disposition": security.content_disposition(disposition, path.name)}
    if suffix in {".html", ".htm"}:
        headers.update(HTML_HEADERS)
    return Response(data, content_type=_content_type(suffix, data), headers=headers)


def _content_type(suffix: str, data: bytes) -> str:
    """The Content-Type of a source file; plain text that is not UTF-8 was read as cp1252."""
    content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
    if content_type.endswith("charset=utf-8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return content_type.replace("utf-8", "windows-1252")
    return content_type


PAGE_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ title }}, page {{ page }}{% endblock %}
{% block extra_head %}<style>
.csp-page-text { white-space: pre-wrap; font-family: inherit; background: #fafafa;
  border: 1px solid #ddd; padding: 1em; max-width: 60em; line-height: 1.45; }
.csp-page-text mark { background: #ffe066; padding: 0.1em 0; }
.csp-page-nav a { margin-right: 1em; }
</style>{% endblock %}
{% block content %}
<h1>{{ title }}</h1>
<p>{% if council %}{{ council }}{% endif %}{% if meeting_date %} · {{ meeting_date }}{% endif %}
 · page {{ page }} of {{ pages }}</p>
<p class="csp-page-nav">
{% if page > 1 %}<a href="{{ prev_href }}">← page {{ page - 1 }}</a>{% endif %}
{% if page < pages %}<a href="{{ next_href }}">page {{ page + 1 }} →</a>{% endif %}
<a href="{{ source_href }}">Open the source file{% if paged %} at this page{% endif %} ({{ file_name }})</a>
<a href="{{ row_href }}">The whole document, item by item</a></p>
{% if note %}<p class="message-warning">{{ note }}</p>{% endif %}
<pre class="csp-page-text">{{ body }}</pre>
{% endblock %}"""


def mark_span(text: str, start=None, end=None) -> Markup:
    """``text`` HTML-escaped, with ``text[start:end]`` in ``<mark id="quote">``."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return escape(text)
    return Markup("{}<mark id=\"quote\">{}</mark>{}").format(text[:start], text[start:end], text[end:])


def _span_arg(request, name: str):
    value = request.args.get(name)
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


async def page_view(request, datasette):
    database = request.url_vars["database"]
    document_id = request.url_vars["document_id"]
    page = int(request.url_vars["page"])
    db = await _readable_database(request, datasette, database)
    if isinstance(db, Response):
        return db
    try:
        result = await db.execute(
            "SELECT p.text, p.char_start, d.title, d.council, d.meeting_date, d.file_name, "
            "(SELECT MAX(page) FROM pages WHERE document_id = d.id) AS pages "
            "FROM pages p JOIN documents d ON d.id = p.document_id "
            "WHERE p.document_id = ? AND p.page = ?",
            [document_id, page],
        )
    except Exception:  # a database from before the pages table
        return Response.text(
            f"{database} has no pages table; update it with: csp-extract ingest REPORTS... --db FILE",
            status=404,
        )
    row = result.first()
    if row is None:
        return Response.text(f"No page {page} of document {document_id} in {database}", status=404)
    start, end = _span_arg(request, "start"), _span_arg(request, "end")
    note = None
    if start is not None and end is not None:
        start, end = start - row["char_start"], end - row["char_start"]
        if not 0 <= start < end <= len(row["text"]):
            note = "The span asked for is not on this page, so nothing is marked."
    paged = Path(row["file_name"]).suffix.lower() in PAGED_SUFFIXES
    context = {
        "title": row["title"] or row["file_name"],
        "council": row["council"],
        "meeting_date": row["meeting_date"],
        "page": page,
        "pages": row["pages"],
        "file_name": row["file_name"],
        "paged": paged,
        "source_href": source_href(datasette, database, document_id, page if paged else None),
        "row_href": datasette.urls.path(f"/-/csp-document/{database}/{document_id}"),  # site_pages.py
        "prev_href": page_href(datasette, database, document_id, page - 1),
        "next_href": page_href(datasette, database, document_id, page + 1),
        "note": note,
        "body": mark_span(row["text"], start, end),
    }
    template = datasette.jinja_env.from_string(PAGE_TEMPLATE)
    return Response.html(await datasette.render_template(template, context, request=request))


@hookimpl
def prepare_connection(conn, database, datasette):
    """``csp_page_query(text)``: the FTS5 query for what a reader typed, widened by the
    themes stored in this database (``themes.label`` and ``themes.words``)."""
    try:
        rows = conn.execute("SELECT label, words FROM themes").fetchall()
    except sqlite3.Error:  # not a csp-extract database, or one from before themes.words
        rows = []
    themes = search.themes_from_taxonomy(
        {"label": label, "words": json.loads(words) if words else []} for label, words in rows
    )
    conn.create_function(
        "csp_page_query", 1, lambda text: search.page_query(text or "", themes), deterministic=True
    )


async def matrix_css(request, datasette):
    return Response(styles.MATRIX_CSS, content_type="text/css; charset=utf-8")


async def changes_css(request, datasette):
    return Response(styles.CHANGES_CSS, content_type="text/css; charset=utf-8")


async def peers_css(request, datasette):
    return Response(styles.PEERS_CSS, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls(template, database, table, columns, datasette):
    if table == MATRIX:
        return [datasette.urls.path(STYLE_PATH)]
    if columns and CHANGES_COLUMNS & set(columns):
        return [datasette.urls.path(CHANGES_STYLE_PATH)]
    if columns and PEERS_COLUMNS & set(columns):
        return [datasette.urls.path(PEERS_STYLE_PATH)]
    return []


@hookimpl
def register_routes():
    return [
        (rf"^{STYLE_PATH}$", matrix_css),
        (rf"^{CHANGES_STYLE_PATH}$", changes_css),
        (rf"^{PEERS_STYLE_PATH}$", peers_css),
        (
            rf"^{SOURCE_PREFIX}/(?P<database>[^/]+)/(?P<document_id>[0-9a-f]{{64}})$",
            source_document,
        ),
        (
            rf"^{PAGE_PREFIX}/(?P<database>[^/]+)/(?P<document_id>[0-9a-f]{{64}})/(?P<page>[0-9]{{1,6}})$",
            page_view,
        ),
    ]
