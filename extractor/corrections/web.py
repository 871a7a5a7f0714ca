"""Corrections made in the browser (``csp-extract serve --edit``).  The form on an item's row page
posts to a writable canned query (:func:`canned_queries`) that inserts a row into the ``corrections`` table
with status ``new``; a trigger on the editing Datasette's connections (``publish/site_corrections.py``)
then calls :func:`apply_new`, which applies it to the item's rows exactly as ``csp-extract correct
add`` does and appends it to the corrections file (the council's plan changes and
follow-through are recomputed by the next ingest: sqlite-utils cannot write them from inside the
form's statement).  A correction that cannot be applied raises,
so the insert is rolled back and nothing is written."""
from __future__ import annotations

from pathlib import Path

from . import store
from .apply import APPLIED, _rows
from .fields import ITEM_KINDS
from .store import COLUMNS, Correction

NEW = "new"  # the status of a row the form has just inserted
# csp_apply_correction(id) returns null when the correction is applied, else why not: the insert
# is then aborted (rolled back), so nothing is kept
TRIGGER = f"""CREATE TEMP TRIGGER IF NOT EXISTS csp_web_correction AFTER INSERT ON main.corrections
WHEN NEW.status = '{NEW}' BEGIN
  SELECT CASE WHEN csp_apply_correction(NEW.id) IS NOT NULL
    THEN RAISE(ABORT, 'the correction was not saved (the terminal running serve --edit says why)') END;
END"""

_ITEMS = " UNION ALL ".join(
    f"SELECT '{kind}' AS kind, id, document_id, quote, char_start, char_end, page FROM [{kind}]" for kind in ITEM_KINDS)
_INSERT = """INSERT INTO corrections (id, kind, document_id, source_path, item_kind, field, value, quote, char_start,
  char_end, page, who, at, why, status, position)
SELECT 'c' || lower(hex(randomblob(4))), '{kind}', i.document_id, d.path, i.kind, {field}, {value}, i.quote,
  i.char_start, i.char_end, i.page, COALESCE(:_actor_id, 'unknown'), strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'),
  :why, '{new}', (SELECT COALESCE(MAX(position), -1) + 1 FROM corrections)
FROM ({items}) i JOIN documents d ON d.id = i.document_id
WHERE i.kind = :kind AND i.id = CAST(:id AS INTEGER)"""
ERROR = ("The correction was not saved: the item was not found, or the field or value is not one csp-extract "
         "accepts (fields: rank, text, main_theme (a theme id such as drugs), addressee, actions, risk, mitigation, "
         "rating, amount_gbp, period, funder, purpose, recipient, body, outcome...). The terminal running "
         "csp-extract serve --edit shows why.")


def canned_queries(database: str) -> dict[str, dict]:
    """The writable canned queries of ``database`` on the editing site, for the root actor only.
    Saved or refused, each redirects to ``/-/csp-corrected/DATABASE/QUERY`` (with the query string
    of the form's action: the item's row page posts ``?_csp_kind=&_csp_id=&_csp_document=``),
    which goes back to the item (``publish/site_corrections.py``)."""
    allow = {"id": "root"}
    fix = _INSERT.format(kind="fix", field=":field", value=":value", new=NEW, items=_ITEMS)
    delete = _INSERT.format(kind="delete", field="NULL", value="NULL", new=NEW, items=_ITEMS)
    queries = {
        "correct_item": {"title": "Correct an item", "sql": fix, "write": True, "allow": allow, "hide_sql": True,
                         "params": ["kind", "id", "field", "value", "why"],
                         "description": "Give the right value of one field of an item (kind: priorities, "
                                        "recommendations, risks, funding or decisions; id: its row id). "
                                        "Applied at once and written to the corrections file.",
                         "on_success_message": "Saved: the correction is applied and in the corrections file.",
                         "on_error_message": ERROR},
        "delete_item": {"title": "Delete a wrong item", "sql": delete, "write": True, "allow": allow, "hide_sql": True,
                        "params": ["kind", "id", "why"],
                        "description": "Delete an item that is not what it says (kept in the corrections file, "
                                       "applied on every ingest).",
                        "on_success_message": "Deleted: the correction is in the corrections file.",
                        "on_error_message": ERROR},
    }
    for name, query in queries.items():
        back = f"/-/csp-corrected/{database}/{name}"
        query.update({"on_success_redirect": back, "on_error_redirect": back})
    return queries


def apply_new(db, corrections_path: str | Path, correction_id: str) -> str | None:
    """Apply the correction the form inserted and append it to the corrections file; returns
    None, or why it cannot be applied (with the fix)."""
    from .manage import sync

    row = _rows(db, f"SELECT {', '.join(COLUMNS)} FROM corrections WHERE id = ?", [correction_id])[0]
    correction = Correction(**{k: ("" if v is None and k not in ("char_start", "char_end", "page") else v)
                               for k, v in row.items()})
    outcomes = dict(sync(db, [*store.read(corrections_path), correction], {correction.document_id}, refresh=False))
    outcome = outcomes[correction_id]
    if outcome.status not in APPLIED:
        return outcome.message
    store.append(corrections_path, correction)
    return None
