"""Datasette plugin for csp-extract databases (loaded with ``--plugins-dir``).

- a ``page`` cell in a row that has a ``document_id`` becomes a link to the source document
  at that page (``/-/csp-source/<database>/<document_id>#page=N``), and so does ``X_page``
  with ``X_document_id`` (``from_page``, ``decision_page``, ...); so does ``file_name`` in
  ``documents``;
- a plan-to-plan ``change`` (added, dropped, ...) and a recommendation's ``status`` show as
  coloured badges;
- that route serves the ingested file itself (or redirects to ``source_url`` when the council's
  address is known).  It only serves files listed in the ``documents`` table, and only while
  their bytes still match the SHA-256 they were ingested with;
- amounts in pounds (``amount_gbp``, ``total_gbp``, ...) show as £1,234;
- ``funding_ids`` (the rows behind a sum in ``funding_by_council_year``) becomes a link to
  those rows of ``funding``, each with its page;
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
STYLE_PATH = "/-/csp-static/matrix.css"
MATRIX = "priority_matrix"
MATRIX_FIXED = {"council", "county", "plan", "priorities", "document_id"}
# Cell colours of the priority matrix, by rank (6 and below share the last); ✓ = unranked.
RANK_COLOURS = ["#a63603", "#d94801", "#f16913", "#fd8d3c", "#fdae6b", "#fdd0a2"]
MATRIX_CSS = """
table.rows-and-columns th { white-space: normal; vertical-align: bottom; min-width: 4.5em; }
table.rows-and-columns td { text-align: center; }
table.rows-and-columns td.col-council { text-align: left; }
.csp-rank { display: inline-block; min-width: 1.8em; padding: 0.1em 0.3em; border-radius: 4px;
            font-weight: bold; }
"""
# Column widths for the what-changed and follow-through pages (views and canned queries).
CHANGES_STYLE_PATH = "/-/csp-static/changes.css"
CHANGES_COLUMNS = {"detail", "reason"}
CHANGES_CSS = """
td.col-plans, td.col-from_plan, td.col-to_plan, td.col-change, td.col-status { white-space: nowrap; }
td.col-before, td.col-after, td.col-from_priority, td.col-to_priority { min-width: 14em; }
td.col-detail, td.col-reason { min-width: 16em; font-size: 0.9em; color: #333; }
td.col-recommendation_quote, td.col-decision_quote { min-width: 20em; }
td.col-from_document, td.col-to_document, td.col-report { min-width: 12em; font-size: 0.9em; }
"""
MONEY_COLUMNS = {"amount_gbp", "amount_high_gbp", "total_gbp", "total_high_gbp"}
# Tables whose document_id is a foreign key: Datasette already links it, with the title.
FK_TABLES = {"priorities", "recommendations", "risks", "funding", "decisions",
             "priority_changes", "recommendation_outcomes"}
# Badges for what happened to a priority between plans and to a recommendation.
CHANGE_COLOURS = {"added": "#1a9850", "dropped": "#d73027", "renamed": "#4575b4",
                  "re-ranked": "#f46d43", "kept": "#bababa"}
STATUS_COLOURS = {"approved": "#1a9850", "agreed": "#1a9850", "noted": "#4575b4",
                  "delegated": "#4575b4", "amended": "#f46d43", "deferred": "#f46d43",
                  "rejected": "#d73027", "no recorded outcome": "#bababa"}
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
    # page -> document_id; from_page -> from_document_id, decision_page -> decision_document_id
    doc_column = "document_id" if column == "page" else (
        column[: -len("page")] + "document_id" if column.endswith("_page") else None)  # fmt: skip
    if doc_column and doc_column in keys and _plain(row[doc_column]):
        try:
            page = int(value)
        except (TypeError, ValueError):
            return None
        href = source_href(datasette, database, _plain(row[doc_column]), page)
        return Markup(
            f'<a href="{escape(href)}" title="Open the source document at page {page}">'
            f"p.&nbsp;{page}</a>"
        )
    if column == "file_name" and table == "documents" and "id" in keys:
        href = source_href(datasette, database, _plain(row["id"]))
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if table == MATRIX and column not in MATRIX_FIXED and isinstance(value, str) and value:
        if value.isdigit():
            colour = RANK_COLOURS[min(int(value), len(RANK_COLOURS)) - 1]
            ink = "white" if int(value) <= 2 else "black"
            tip = f"rank {value} among this council's priorities"
        else:
            colour, ink, tip = RANK_COLOURS[-1], "black", "a priority, without a rank"
        return Markup(
            f'<span class="csp-rank" style="background:{colour};color:{ink}" title="{tip}">'
            f"{escape(value)}</span>"
        )
    if column == "change" and value in CHANGE_COLOURS:
        return _badge(value, CHANGE_COLOURS[value])
    if column == "status" and value in STATUS_COLOURS and table != "ingest_log":
        return _badge(value, STATUS_COLOURS[value])
    if (
        (column == "document_id" or column.endswith("_document_id"))
        and table not in FK_TABLES
        and isinstance(value, str)
        and len(value) == 64
    ):
        href = datasette.urls.table(database, "documents") + "/" + value
        return Markup(f'<a href="{escape(href)}" title="{escape(value)}">{value[:10]}…</a>')
    if column == "funding_ids" and isinstance(value, str) and value:
        return _rows_link(datasette, database, "funding", value)
    if column in MONEY_COLUMNS and isinstance(value, (int, float)):
        text = f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
        return Markup(f'<span style="white-space:nowrap">{text}</span>')
    if column == "snippet" and isinstance(value, str):
        html = str(escape(value)).replace("«", "<mark>").replace("»", "</mark>")
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


async def matrix_css(request, datasette):
    return Response(MATRIX_CSS, content_type="text/css; charset=utf-8")


async def changes_css(request, datasette):
    return Response(CHANGES_CSS, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls(template, database, table, columns, datasette):
    if table == MATRIX:
        return [datasette.urls.path(STYLE_PATH)]
    if columns and CHANGES_COLUMNS & set(columns):
        return [datasette.urls.path(CHANGES_STYLE_PATH)]
    return []


@hookimpl
def register_routes():
    return [
        (rf"^{STYLE_PATH}$", matrix_css),
        (rf"^{CHANGES_STYLE_PATH}$", changes_css),
        (
            rf"^{SOURCE_PREFIX}/(?P<database>[^/]+)/(?P<document_id>[0-9a-f]{{64}})$",
            source_document,
        )
    ]
