"""Corrections on the site (loaded by Datasette from the plugins folder, like ``csp_plugin.py``).

- a row that a correction changed or added shows a "corrected" badge in its ``corrected`` cell,
  linking to the correction (the ``corrections`` table, which every site shows);
- on the editing site (``csp-extract serve --edit``: 127.0.0.1 only, the database writable,
  plugin config ``edit: true``) an item's row page has the correction forms under the row
  (``edit_templates/``, from :func:`extra_template_vars`): they post to the writable
  canned queries ``correct_item`` and ``delete_item`` (for the root actor, with Datasette's CSRF
  token), which then redirect to ``/-/csp-corrected/...`` and from there back to the item (or to
  its report's page when it was deleted), where Datasette shows the outcome.  The ``corrected``
  cell of an item table links to those forms.  Each connection gets a temporary trigger: a row the
  form inserts into ``corrections`` is applied to the item and appended to the corrections file
  (``extractor/corrections/web.py``).

A read-only site has no form: no canned query writes, no link to one, the row template is not
loaded and the database is immutable.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

PLUGIN = "csp-extract"
ITEM_TABLES = ("priorities", "recommendations", "risks", "funding", "decisions")
TABLES = {*ITEM_TABLES, "documents"}
NOUNS = {"priorities": "priority", "recommendations": "recommendation", "risks": "risk",
         "funding": "funding item", "decisions": "decision"}  # fmt: skip
FORMS = ("correct_item", "delete_item")  # the writable canned queries (corrections/web.py)
BACK_PREFIX = "/-/csp-corrected"  # where the forms redirect: back to the item (:func:`back_view`)
FORM_ANCHOR = "csp-correct"  # the forms' section on a row page
DOCUMENT_ID = re.compile(r"[0-9a-f]{64}")
BADGE = ('<a href="{href}" class="csp-badge" title="Corrected by a person: see the correction" '
         'style="background:#6a3d9a;color:white;padding:0.1em 0.45em;border-radius:4px;white-space:nowrap;'
         'font-weight:bold;text-decoration:none">corrected</a>')


def _config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def _plain(value):
    return value.get("value") if isinstance(value, dict) else value


def _library(name: str):
    """A module of csp-extract's corrections package (an editing site always has it: installed,
    or the checkout this folder is in)."""
    try:
        return __import__(f"extractor.corrections.{name}", fromlist=[name])
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        return __import__(f"extractor.corrections.{name}", fromlist=[name])


def badge(datasette, database: str, correction_id: str) -> Markup:
    """The "corrected" badge, linking to the correction's row."""
    return Markup(BADGE.format(href=escape(datasette.urls.row(database, "corrections", correction_id))))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column != "corrected" or table not in TABLES:
        return None
    parts = []
    correction = _plain(row["correction_id"]) if "correction_id" in row.keys() else None
    if value == 1 and correction:
        parts.append(badge(datasette, database, correction))
    if _config(datasette).get("edit") and table != "documents":
        href = f"{datasette.urls.row(database, table, int(_plain(row['id'])))}#{FORM_ANCHOR}"
        parts.append(Markup('<a href="{}" class="csp-correct" title="The correction forms, on the item\'s page">'
                            "correct</a>").format(href))
    return Markup(" ".join(parts)) if parts else None


async def _suggestions(db, table: str) -> list[tuple[str, str]]:
    """Values offered in the form's value box: theme ids for a priority, outcomes for a decision."""
    if table == "priorities":
        return [(r[0], r[1]) for r in (await db.execute("SELECT id, label FROM themes ORDER BY id")).rows]
    if table == "decisions":
        return [(o, o) for o in _library("fields").OUTCOMES]
    return []


async def correction_form(datasette, request, database: str, table: str) -> dict | None:
    """What the row template needs for an item's forms, or None (not an item's row page, or not
    the editing site)."""
    if not _config(datasette).get("edit") or table not in ITEM_TABLES or request is None:
        return None
    item_id = request.url_vars.get("pks", "")
    if not item_id.isdigit():
        return None
    db = datasette.get_database(database)
    row = (await db.execute(f"SELECT document_id FROM [{table}] WHERE id = ?", [int(item_id)])).first()
    if row is None:
        return None
    allowed = await datasette.permission_allowed(request.actor, "view-query", (database, FORMS[0]), default=True)
    back = urlencode({"_csp_kind": table, "_csp_id": item_id, "_csp_document": row[0] or ""})
    queries = datasette.urls.database(database)
    return {"kind": table, "id": int(item_id), "noun": NOUNS[table], "allowed": allowed,
            "fields": list(_library("fields").ITEM_FIELDS[table]), "suggestions": await _suggestions(db, table),
            "fix_action": f"{queries}/{FORMS[0]}?{back}", "delete_action": f"{queries}/{FORMS[1]}?{back}"}


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if view_name != "row":
        return {}

    async def variables():
        return {"csp_correction": await correction_form(datasette, request, database, table)}

    return variables


async def back_view(request, datasette):
    """Where a form goes after Datasette saved (or refused) a correction: the item's row page, its
    report's page when the item was deleted, else the canned query's own page."""
    database, query = request.url_vars["database"], request.url_vars["query"]
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    try:
        db = datasette.get_database(database)
    except KeyError:
        return Response.text(f"No database called {database}", status=404)
    kind, item_id = request.args.get("_csp_kind"), request.args.get("_csp_id") or ""
    document = request.args.get("_csp_document") or ""
    if kind in ITEM_TABLES and item_id.isdigit():
        if (await db.execute(f"SELECT 1 FROM [{kind}] WHERE id = ?", [int(item_id)])).first():
            return Response.redirect(datasette.urls.row(database, kind, int(item_id)))
        if DOCUMENT_ID.fullmatch(document):
            return Response.redirect(datasette.urls.path(f"/-/csp-document/{database}/{document}"))
    return Response.redirect(f"{datasette.urls.database(database)}/{query}")


@hookimpl
def register_routes():
    return [(rf"^{BACK_PREFIX}/(?P<database>[^/]+)/(?P<query>{'|'.join(FORMS)})$", back_view)]


def _apply(conn, corrections_file: str):
    """The SQL function the trigger calls: apply one new correction (library code of csp-extract,
    which an editing site always has installed)."""

    def apply(correction_id):
        web = _library("web")
        try:
            problem = web.apply_new(conn, corrections_file, correction_id)
        except Exception as e:  # a bug or a file that cannot be written: the insert is aborted
            problem = f"{type(e).__name__}: {e}"
        if problem:
            print(f"csp-extract: correction {correction_id} not saved: {problem}", file=sys.stderr)
        return problem

    return apply


@hookimpl
def prepare_connection(conn, database, datasette):
    config = _config(datasette)
    if not config.get("edit") or not config.get("corrections_file"):
        return
    conn.create_function("csp_apply_correction", 1, _apply(conn, config["corrections_file"]))
    try:
        conn.execute(_library("web").TRIGGER)
    except Exception:  # a database without the corrections table (not a csp-extract one)
        pass
