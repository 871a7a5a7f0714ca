"""Readable pages for a csp-extract site (a Datasette plugin, loaded from ``--plugins-dir``
beside ``csp_plugin.py``).

- ``/-/csp-document/<database>/<document_id>``: one report as a reader wants it: its title,
  council, meeting, plan period and pages, then one small table per kind of item (priorities,
  recommendations, risks, funding, decisions) whose page numbers link to the page view (or to
  the PDF at that page); an item or report a person corrected shows the "corrected" badge,
  linking to its correction (as ``site_corrections.py`` shows it on the tables);
- a ``document_id`` (or ``X_document_id``) links to that page, labelled with the report's
  title where Datasette expands the foreign key (else its first characters), and so does a
  title in ``documents``;
- a priority matrix cell shows the rank as a coloured badge linking to the priority's row;
- ``/-/csp-about``: what the site is, how its data was made and what it may be used for;
- on the item tables and ``documents``, the columns a reader does not need (character offsets,
  rule ids, hashes, the whole text) are hidden by a style sheet; ``?_csp_columns=all`` (also in
  the table's cog menu) shows them, and the JSON and CSV always have every column.

This file must stay importable on its own: Datasette loads it by path.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

DOCUMENT_PREFIX = "/-/csp-document"
ABOUT_PATH = "/-/csp-about"
HIDDEN_STYLE_PATH = "/-/csp-static/hidden-columns.css"
SHOW_ALL = "_csp_columns"  # ?_csp_columns=all shows every column
# Columns hidden on a table's HTML page, by table (the JSON and CSV keep them).
HIDDEN_COLUMNS = {
    "documents": ["path", "text", "warnings", "supplied", "extractor_version", "models_hash", "ingested_at"],
    "priorities": ["char_start", "char_end", "rules"],
    "recommendations": ["char_start", "char_end", "rules"],
    "risks": ["char_start", "char_end", "rules"],
    "funding": ["char_start", "char_end", "rules"],
    "decisions": ["char_start", "char_end", "rules"],
    "pages": ["char_start"],
    "ingest_log": ["sha256"],
}
PAGED_SUFFIXES = {".pdf"}  # as in csp_plugin.py: these open at a page (#page=N)
MATRIX = "priority_matrix"
MATRIX_FIXED = {"council", "county", "plan", "plan_start_year", "plan_end_year", "age_years", "priorities", "document_id"}
# Cell colours of the priority matrix, by rank (6 and below share the last); ✓ = unranked.
RANK_COLOURS = ["#a63603", "#d94801", "#f16913", "#fd8d3c", "#fdae6b", "#fdd0a2"]

# Each kind of item on a document page: its table, a heading and the columns shown
# (SQL expression, heading); every table also gets the page link.
KIND_TABLES = [
    ("priorities", "Priorities", [
        ("rank", "Rank"), ("text", "Priority"),
        ("(SELECT label FROM themes t WHERE t.id = x.main_theme)", "Main theme")]),
    ("recommendations", "Recommendations", [
        ("addressee", "Asked"),
        ("(SELECT group_concat(value, ', ') FROM json_each(COALESCE(x.actions, '[]')))", "To"),
        ("text", "Recommendation")]),
    ("risks", "Risks", [("risk", "Risk"), ("rating", "Rating"), ("mitigation", "Mitigation")]),
    ("funding", "Funding", [
        ("amount_gbp", "Amount (£)"), ("period", "Period"), ("funder", "Funder"),
        ("purpose", "Purpose"), ("recipient", "Recipient")]),
    ("decisions", "Decisions", [("body", "Body"), ("outcome", "Outcome"), ("text", "Decision")]),
]  # fmt: skip

STYLE = """<style>
.csp-doc-head { color: #333; margin: 0.2em 0 1em; line-height: 1.6; }
.csp-doc-head dt { font-weight: bold; display: inline; }
.csp-doc-head dd { display: inline; margin: 0 1.2em 0 0.3em; }
table.csp-items { border-collapse: collapse; margin-bottom: 1.5em; max-width: 70em; }
table.csp-items th, table.csp-items td { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em;
  text-align: left; vertical-align: top; }
table.csp-items td.num { text-align: right; white-space: nowrap; }
a.csp-corrected { background: #6a3d9a; color: white; padding: 0.1em 0.45em; border-radius: 4px;
  white-space: nowrap; font-weight: bold; text-decoration: none; font-size: 0.8rem; }
</style>"""

# The "corrected" badge (the colour of site_corrections.py's), linking to the correction.
DOCUMENT_TEMPLATE = """{% extends "base.html" %}
{% macro corrected(href) %}<a href="{{ href }}" class="csp-corrected" title="Corrected by a person: see the correction">corrected</a>{% endmacro %}
{% block title %}{{ title }}{% endblock %}
{% block extra_head %}""" + STYLE + """{% endblock %}
{% block content %}
<h1>{{ title }}{% if correction_href %} {{ corrected(correction_href) }}{% endif %}</h1>
<dl class="csp-doc-head">
{% for label, value in facts %}<dt>{{ label }}</dt><dd>{{ value }}</dd>{% endfor %}
</dl>
<p><a href="{{ source_href }}">Open the source file ({{ file_name }})</a> ·
<a href="{{ council_href }}">this council's other reports</a> ·
<a href="{{ row_href }}">every stored field</a></p>
{% if not kinds %}<p>No items were extracted from this report.</p>{% endif %}
{% for kind in kinds %}
<h2 id="{{ kind.table }}">{{ kind.heading }} ({{ kind.rows|length }})</h2>
<table class="csp-items"><thead><tr>{% for h in kind.headings %}<th>{{ h }}</th>{% endfor %}<th>Page</th>
{%- if kind.corrected %}<th></th>{% endif %}</tr></thead>
<tbody>{% for row in kind.rows %}<tr>{% for cell in row.cells %}<td{% if cell.num %} class="num"{% endif %}>{{ cell.text }}</td>{% endfor %}
<td class="num"><a href="{{ row.page_href }}">p.&nbsp;{{ row.page }}</a></td>
{%- if kind.corrected %}<td>{% if row.correction_href %}{{ corrected(row.correction_href) }}{% endif %}</td>{% endif %}</tr>{% endfor %}</tbody></table>
{% endfor %}
{% endblock %}"""

ABOUT_TEMPLATE = """{% extends "base.html" %}
{% block title %}About this site{% endblock %}
{% block content %}
<h1>About this site</h1>
<p>The priorities, recommendations, risks, funding and decisions on this site were extracted
automatically from English councils' Community Safety Partnership reports by
<strong>csp-extract</strong>{% if versions %} (version {{ versions }}){% endif %}, an open-source
Python tool: it reads each PDF, text, HTML or Word report, finds the items with rules written
from annotated reports, classifies priorities into a fixed set of themes and stores every item
with the page and the exact words it was read from. {{ documents }} reports of {{ councils }}
councils are in this database.</p>
<p>Extraction makes mistakes: before you quote a figure or a priority, click its page number
and read it in the source report. A report's plan of record, the peers of a council and the
themes are explained on each view's page.</p>
<p>The source reports are published by the councils under the Open Government Licence v3.0, and
the extracted data is released under the same licence. Council types, counties, regions and
populations contain data from mySociety's UK Local Authority Names and Codes (CC BY 4.0).</p>
<p><a href="{{ home_href }}">Back to the start page</a></p>
{% endblock %}"""


def _page_href(datasette, database: str, document_id: str, page: int, start, end, paged: bool) -> str:
    """Where a page number goes: the PDF at that page, or the page view with the quote marked."""
    if paged:
        return datasette.urls.path(f"/-/csp-source/{database}/{document_id}") + f"#page={int(page)}"
    href = datasette.urls.path(f"/-/csp-page/{database}/{document_id}/{int(page)}")
    if start is not None and end is not None:
        href += f"?start={int(start)}&end={int(end)}#quote"
    return href


def _plan(start, end) -> str | None:
    if start is None:
        return None
    if end is None or end == start:
        return str(start)
    return f"{start}-{str(end)[2:]}" if str(end)[:2] == str(start)[:2] else f"{start}-{end}"


def document_facts(doc: dict) -> list[tuple[str, str]]:
    """The header of a document page: (label, value) for each field the document has."""
    council = doc["council"] and (doc["council"] + (f" ({doc['county']})" if doc["county"] else ""))
    meeting = ", ".join(x for x in (doc["meeting_body"], doc["meeting_date"]) if x)
    facts = [("Council", council), ("Meeting", meeting), ("Plan period", _plan(doc["plan_start_year"], doc["plan_end_year"])),
             ("Author", doc["author"]), ("Pages", doc["pages"])]  # fmt: skip
    return [(label, str(value)) for label, value in facts if value not in (None, "")]


def _cell(value) -> dict:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"text": f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}", "num": True}
    return {"text": "" if value is None else str(value), "num": False}


async def _kind_rows(db, table: str, columns, document_id: str) -> list[tuple]:
    """The rows of one kind of item: the shown columns, then page, char_start, char_end, corrected
    and correction_id (null in a database from before corrections)."""
    select = ", ".join(f"{expr} AS c{i}" for i, (expr, _) in enumerate(columns))
    marks = "corrected, correction_id" if "correction_id" in await db.table_columns(table) else "NULL, NULL"
    result = await db.execute(
        f"SELECT {select}, page, char_start, char_end, {marks} FROM {table} x WHERE document_id = ? "
        "ORDER BY page, char_start, id",
        [document_id],
    )
    return list(result.rows)


def _correction_href(datasette, database: str, corrected, correction_id) -> str | None:
    """The correction's row, for a row a correction changed or added."""
    return datasette.urls.row(database, "corrections", correction_id) if corrected == 1 and correction_id else None


def _kind(datasette, database: str, document_id: str, paged: bool, table: str, heading: str, columns, rows) -> dict:
    """One kind of item on a document page: its heading and rows (cells, page link, correction)."""
    n = len(columns)
    shown = [{"cells": [_cell(v) for v in row[:n]], "page": row[n],
              "page_href": _page_href(datasette, database, document_id, row[n], row[n + 1], row[n + 2], paged),
              "correction_href": _correction_href(datasette, database, row[n + 3], row[n + 4])}
             for row in rows]  # fmt: skip
    return {"table": table, "heading": heading, "headings": [h for _, h in columns], "rows": shown,
            "corrected": any(row["correction_href"] for row in shown)}


async def document_view(request, datasette):
    database = request.url_vars["database"]
    document_id = request.url_vars["document_id"]
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    try:
        db = datasette.get_database(database)
    except KeyError:
        return Response.text(f"No database called {database}", status=404)
    doc = (await db.execute("SELECT * FROM documents WHERE id = ?", [document_id])).first()
    if doc is None:
        return Response.text(f"No document {document_id} in {database}", status=404)
    doc = dict(doc)
    paged = Path(doc["file_name"]).suffix.lower() in PAGED_SUFFIXES
    kinds = []
    for table, heading, columns in KIND_TABLES:
        rows = await _kind_rows(db, table, columns, document_id)
        if rows:
            kinds.append(_kind(datasette, database, document_id, paged, table, heading, columns, rows))
    context = {
        "title": doc["title"] or doc["file_name"],
        "facts": document_facts(doc),
        "file_name": doc["file_name"],
        "source_href": datasette.urls.path(f"/-/csp-source/{database}/{document_id}"),
        "council_href": datasette.urls.table(database, "documents")
        + (f"?council={quote(doc['council'])}" if doc["council"] else ""),
        "row_href": datasette.urls.table(database, "documents") + "/" + document_id,
        "kinds": kinds,
        "correction_href": _correction_href(datasette, database, doc.get("corrected"), doc.get("correction_id")),
    }
    template = datasette.jinja_env.from_string(DOCUMENT_TEMPLATE)
    return Response.html(await datasette.render_template(template, context, request=request))


def document_href(datasette, database: str, document_id: str) -> str:
    """The readable page of one document."""
    return datasette.urls.path(f"{DOCUMENT_PREFIX}/{database}/{document_id}")


async def about_view(request, datasette):
    documents = councils = 0
    versions = set()
    for name, db in datasette.databases.items():
        if name == "_internal":
            continue
        try:
            row = (await db.execute(
                "SELECT COUNT(*), COUNT(DISTINCT council), group_concat(DISTINCT extractor_version) FROM documents"
            )).first()
        except Exception:  # not a csp-extract database
            continue
        documents, councils = documents + row[0], councils + row[1]
        versions.update(v for v in (row[2] or "").split(",") if v)
    context = {"documents": documents, "councils": councils, "versions": ", ".join(sorted(versions)),
               "home_href": datasette.urls.instance()}  # fmt: skip
    template = datasette.jinja_env.from_string(ABOUT_TEMPLATE)
    return Response.html(await datasette.render_template(template, context, request=request))


def _keys(row) -> list[str]:
    try:
        return list(row.keys())
    except AttributeError:
        return []


def _plain(value):
    """A cell's raw value: Datasette expands foreign keys to {"value": ..., "label": ...}."""
    return value.get("value") if isinstance(value, dict) else value


def _is_hash(value) -> bool:
    return isinstance(value, str) and len(value) == 64


def _document_link(datasette, database: str, value) -> Markup:
    """A document id as a link to its page, labelled with its title when Datasette expanded the
    foreign key, else with the id's first characters."""
    document_id = _plain(value)
    label = value.get("label") if isinstance(value, dict) else None
    text = label if label and label != document_id else f"{document_id[:10]}…"
    return Markup('<a href="{}" title="{}">{}</a>').format(
        document_href(datasette, database, document_id), document_id, text
    )


# (database file, document_id) -> {theme label: id of the best-ranked priority naming it}; the
# database is served immutable, so this never goes stale (the same document in another database
# file has other priority ids: the file is part of the key).
_MATRIX_PRIORITIES: dict[tuple[str, str], dict[str, int]] = {}


async def _priority_ids(datasette, database: str, document_id: str) -> dict[str, int]:
    key = (str(datasette.get_database(database).path), document_id)
    if key not in _MATRIX_PRIORITIES:
        result = await datasette.get_database(database).execute(
            "SELECT t.label, p.id FROM priorities p JOIN priority_themes pt ON pt.priority_id = p.id "
            "JOIN themes t ON t.id = pt.theme_id WHERE p.document_id = ? "
            "ORDER BY p.rank IS NULL DESC, p.rank DESC, p.id DESC",
            [document_id],
        )
        _MATRIX_PRIORITIES[key] = {label: pid for label, pid in result.rows}  # the best rank comes last
    return _MATRIX_PRIORITIES[key]


def rank_badge(value) -> Markup:
    """A matrix rank as a coloured badge (✓: named without a rank)."""
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        colour = RANK_COLOURS[min(int(value), len(RANK_COLOURS)) - 1]
        ink = "white" if int(value) <= 2 else "black"
        tip = f"rank {value} among this council's priorities"
    else:
        colour, ink, tip = RANK_COLOURS[-1], "black", "a priority, without a rank"
    return Markup('<span class="csp-rank" style="background:{};color:{}" title="{}">{}</span>').format(
        colour, ink, tip, value)


def _matrix_cell(datasette, database: str, document_id: str, theme: str, value):
    """A matrix cell: the rank's badge, linking to the row of the priority it counts."""

    async def cell():
        priority = (await _priority_ids(datasette, database, document_id)).get(theme)
        if priority is None:
            return rank_badge(value)
        href = datasette.urls.table(database, "priorities") + f"/{int(priority)}"
        return Markup('<a href="{}" class="csp-rank-link">{}</a>').format(href, rank_badge(value))

    return cell


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None or value == "":
        return None
    keys = _keys(row)
    if (column == "document_id" or column.endswith("_document_id")) and _is_hash(_plain(value)):
        return _document_link(datasette, database, value)
    if column == "title" and table == "documents" and "id" in keys:
        return Markup('<a href="{}">{}</a>').format(document_href(datasette, database, _plain(row["id"])), value)
    if table == MATRIX and column not in MATRIX_FIXED and "document_id" in keys:
        return _matrix_cell(datasette, database, _plain(row["document_id"]), column, value)
    return None


def hidden_columns_css() -> str:
    """One rule per hidden column, scoped to its table's page (Datasette's body class)."""
    rules = []
    for table, columns in HIDDEN_COLUMNS.items():
        for column in columns:
            rules.append(f"body.table-{table} th.col-{column}, body.table-{table} td.col-{column}")
    return ",\n".join(rules) + " { display: none; }\n"


async def hidden_css(request, datasette):
    return Response(hidden_columns_css(), content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    if view_name == "table" and table in HIDDEN_COLUMNS and request is not None:
        if request.args.get(SHOW_ALL) != "all":
            return [datasette.urls.path(HIDDEN_STYLE_PATH)]
    return []


@hookimpl
def table_actions(datasette, actor, database, table, request):
    if table not in HIDDEN_COLUMNS or request is None:
        return []
    names = ", ".join(HIDDEN_COLUMNS[table])
    args = [(k, v) for k in request.args.keys() if k != SHOW_ALL for v in request.args.getlist(k)]
    if request.args.get(SHOW_ALL) == "all":
        label = f"Hide {names}"
    else:
        args.append((SHOW_ALL, "all"))
        label = f"Show {names}"
    return [{"href": request.path + ("?" + urlencode(args) if args else ""), "label": label}]


@hookimpl
def register_routes():
    return [
        (rf"^{HIDDEN_STYLE_PATH}$", hidden_css),
        (rf"^{ABOUT_PATH}$", about_view),
        (rf"^{DOCUMENT_PREFIX}/(?P<database>[^/]+)/(?P<document_id>[0-9a-f]{{64}})$", document_view),
    ]
