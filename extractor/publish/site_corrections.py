"""Corrections on the site (loaded by Datasette from the plugins folder, like ``csp_plugin.py``).

- a row that a correction changed or added shows a "corrected" badge in its ``corrected`` cell,
  linking to the correction (the ``corrections`` table, which every site shows);
- on the editing site (``csp-extract serve --edit``: 127.0.0.1 only, the database writable,
  plugin config ``edit: true``) that cell also links to the forms (the writable canned queries
  ``correct_item`` and ``delete_item``, for the root actor, with Datasette's CSRF token), and each
  connection gets a temporary trigger: a row the form inserts into ``corrections`` is applied to
  the item and appended to the corrections file (``extractor/corrections/web.py``).

A read-only site has no form: no canned query writes, no link to one, and the database is
immutable.
"""
from __future__ import annotations

import sys
from pathlib import Path

from datasette import hookimpl
from markupsafe import Markup, escape

PLUGIN = "csp-extract"
TABLES = {"priorities", "recommendations", "risks", "funding", "decisions", "documents"}
BADGE = ('<a href="{href}" class="csp-badge" title="Corrected by a person: see the correction" '
         'style="background:#6a3d9a;color:white;padding:0.1em 0.45em;border-radius:4px;white-space:nowrap;'
         'font-weight:bold;text-decoration:none">corrected</a>')


def _config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def _plain(value):
    return value.get("value") if isinstance(value, dict) else value


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column != "corrected" or table not in TABLES:
        return None
    parts = []
    correction = _plain(row["correction_id"]) if "correction_id" in row.keys() else None
    if value == 1 and correction:
        parts.append(BADGE.format(href=escape(datasette.urls.row(database, "corrections", correction))))
    if _config(datasette).get("edit") and table != "documents":
        query = datasette.urls.database(database) + "/correct_item"
        href = f"{query}?kind={table}&id={int(_plain(row['id']))}"
        delete = f"{datasette.urls.database(database)}/delete_item?kind={table}&id={int(_plain(row['id']))}"
        parts.append(f'<a href="{escape(href)}" class="csp-correct">correct</a> · '
                     f'<a href="{escape(delete)}" class="csp-delete">delete</a>')
    return Markup(" ".join(parts)) if parts else None


def _apply(conn, corrections_file: str):
    """The SQL function the trigger calls: apply one new correction (library code of csp-extract,
    which an editing site always has installed)."""

    def apply(correction_id):
        try:
            from extractor.corrections import web
        except ImportError:  # run from a checkout without installing: the package is beside this folder
            sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
            from extractor.corrections import web
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
        from extractor.corrections.web import TRIGGER
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from extractor.corrections.web import TRIGGER
    try:
        conn.execute(TRIGGER)
    except Exception:  # a database without the corrections table (not a csp-extract one)
        pass
