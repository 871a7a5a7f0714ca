"""Datasette plugin for csp-extract databases (loaded with ``--plugins-dir``).

- a ``page`` cell in a row that has a ``document_id`` becomes a link to the source document
  at that page (``/-/csp-source/<database>/<document_id>#page=N``); so does ``file_name`` in
  ``documents``;
- that route serves the ingested file itself (or redirects to ``source_url`` when the council's
  address is known).  It only serves files listed in the ``documents`` table, and only while
  their bytes still match the SHA-256 they were ingested with;
- amounts in pounds (``amount_gbp``, ``total_gbp``) show as £1,234;
- search snippets mark the matched words (the canned queries wrap them in « »).

This file must stay importable on its own: Datasette loads it by path.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

SOURCE_PREFIX = "/-/csp-source"
MONEY_COLUMNS = {"amount_gbp", "total_gbp"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
}


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


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None:
        return None
    keys = _keys(row)
    if column == "page" and "document_id" in keys and _plain(row["document_id"]):
        try:
            page = int(value)
        except (TypeError, ValueError):
            return None
        href = source_href(datasette, database, _plain(row["document_id"]), page)
        return Markup(
            f'<a href="{escape(href)}" title="Open the source document at page {page}">'
            f"p.&nbsp;{page}</a>"
        )
    if column == "file_name" and table == "documents" and "id" in keys:
        href = source_href(datasette, database, _plain(row["id"]))
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column in MONEY_COLUMNS and isinstance(value, (int, float)):
        text = f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
        return Markup(f'<span style="white-space:nowrap">{text}</span>')
    if column == "snippet" and isinstance(value, str):
        html = str(escape(value)).replace("«", "<mark>").replace("»", "</mark>")
        return Markup(html)
    return None


async def source_document(request, datasette):
    database = request.url_vars["database"]
    document_id = request.url_vars["document_id"]
    await datasette.ensure_permissions(
        request.actor, [("view-database", database), "view-instance"]
    )
    try:
        db = datasette.get_database(database)
    except KeyError:
        return Response.text(f"No database called {database}", status=404)
    result = await db.execute(
        "SELECT path, file_name, source_url FROM documents WHERE id = ?", [document_id]
    )
    row = result.first()
    if row is None:
        return Response.text(f"No document {document_id} in {database}", status=404)
    if row["source_url"]:
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
    content_type = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return Response(
        data,
        content_type=content_type,
        headers={"content-disposition": f'inline; filename="{path.name}"'},
    )


@hookimpl
def register_routes():
    return [
        (
            rf"^{SOURCE_PREFIX}/(?P<database>[^/]+)/(?P<document_id>[0-9a-f]{{64}})$",
            source_document,
        )
    ]
