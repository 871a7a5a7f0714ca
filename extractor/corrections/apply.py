"""Applying corrections to a stored document, inside the transaction that stores it.

:func:`apply_document` runs after extraction has stored a document's items (every ingest and
re-ingest, :func:`extractor.store.save.save_document`) and :func:`reapply_document` when the
corrections change (``csp-extract correct``, the ``serve --edit`` form).  Each correction is
anchored (:mod:`.anchor`) and applied, or, when it can no longer be anchored, left unapplied with
its status and the fix in the ``corrections`` table: never dropped, never put on the wrong item.

A corrected or added row gets ``corrected = 1`` and ``correction_id``; what extraction gave is
kept in ``corrections.original`` (JSON), which is also what :func:`undo_document` restores.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..store.unchanged import path_text
from .anchor import best_guess, find_item, find_quote, overlaps
from .fields import KEY_FIELD, convert
from .store import Correction, COLUMNS

TABLE = "corrections"
APPLIED = ("applied", "re-anchored")
DROP_FIX = "or drop it with: csp-extract correct drop {id}"


@dataclass
class Outcome:
    status: str  # applied, re-anchored, unanchored, superseded, invalid
    message: str = ""
    item_id: int | None = None
    original: Any = None
    councils: set = field(default_factory=set)  # councils whose rows changed (a document's council)


def _rows(db, sql: str, params: Iterable = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def corrections_for(corrections: Iterable[Correction], document_id: str, path) -> list[Correction]:
    """The corrections of a document: made on these bytes, or on an earlier version of the file
    at the same path (a changed file is followed)."""
    path = path_text(path) if path else None
    return [c for c in corrections if c.document_id == document_id or (path and c.source_path == path)]


def apply_document(db, document_id: str, corrections: Iterable[Correction], positions=None) -> list[Outcome]:
    """Apply ``corrections`` (those of this document, in file order) to its freshly stored rows;
    record each one's outcome in the corrections table.  Call inside the document's transaction."""
    themes = {r[0] for r in db.execute("SELECT id FROM themes")}
    outcomes = []
    for position, c in enumerate(corrections):
        _record(db, c, (positions or {}).get(c.id, position))
        try:
            outcome = _APPLY[c.kind](db, c, document_id, themes)
        except ValueError as e:
            outcome = Outcome("invalid", f"{e}; correct the row in the corrections file, " + DROP_FIX.format(id=c.id))
        if outcome.status in APPLIED and c.document_id != document_id:
            outcome.message = "; ".join(filter(None, [
                f"followed the changed file (the correction was made on {c.document_id[:12]})", outcome.message]))
        _finish(db, c, document_id, outcome)
        outcomes.append(outcome)
    return outcomes


def _record(db, c: Correction, position: int) -> None:
    row = {**{k: getattr(c, k) for k in COLUMNS}, "position": position}
    names = ", ".join(f"[{k}]" for k in row)
    updates = ", ".join(f"[{k}] = excluded.[{k}]" for k in row if k != "id")
    db.execute(f"INSERT INTO {TABLE} ({names}) VALUES ({', '.join('?' * len(row))}) "
               f"ON CONFLICT(id) DO UPDATE SET {updates}", list(row.values()))


def _finish(db, c: Correction, document_id: str, o: Outcome) -> None:
    applied = o.status in APPLIED
    db.execute(
        f"UPDATE {TABLE} SET status = ?, message = ?, applied_to = ?, item_id = ?, original = ? WHERE id = ?",
        [o.status, o.message or None, document_id if applied else None, o.item_id if applied else None,
         json.dumps(o.original) if applied else None, c.id])


def _items(db, kind: str, document_id: str) -> list[dict[str, Any]]:
    return _rows(db, f"SELECT id, quote, char_start, char_end FROM [{kind}] WHERE document_id = ? ORDER BY id",
                 [document_id])


def _anchored_item(db, c: Correction, document_id: str):
    """(item id, how it moved) of the item ``c`` names, or an unanchored Outcome."""
    items = _items(db, c.item_kind, document_id)
    anchor = find_item(items, c.quote, c.char_start, c.char_end)
    if anchor is None:
        return None, Outcome("unanchored", (
            f"no {c.item_kind} item of this document matches the quote {c.quote!r} any more "
            f"({best_guess(items, c.quote)}); check the document, then add the correction again "
            f"on the right item ({DROP_FIX.format(id=c.id)})"))
    return items[anchor.index]["id"], anchor.moved


def _status(moved: str) -> str:
    return "re-anchored" if moved else "applied"


def themes_of(db, priority_id: int) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT theme_id FROM priority_themes WHERE priority_id = ? ORDER BY position", [priority_id])]


def set_themes(db, priority_id: int, themes: list[str]) -> None:
    db.execute("DELETE FROM priority_themes WHERE priority_id = ?", [priority_id])
    for i, theme in enumerate(dict.fromkeys(themes)):
        db.execute("INSERT INTO priority_themes (priority_id, theme_id, is_main, position) VALUES (?, ?, ?, ?)",
                   [priority_id, theme, int(i == 0), i + 1])


def _fix(db, c: Correction, document_id: str, themes: set) -> Outcome:
    value = convert(c.item_kind, c.field, c.value, themes)
    item_id, moved = _anchored_item(db, c, document_id)
    if item_id is None:
        return moved
    old = db.execute(f"SELECT [{c.field}], corrected, correction_id FROM [{c.item_kind}] WHERE id = ?",
                     [item_id]).fetchone()
    original = {"value": old[0], "corrected": old[1], "correction_id": old[2]}
    if c.item_kind == "priorities" and c.field == "main_theme":
        original["themes"] = themes_of(db, item_id)
        set_themes(db, item_id, [value] + [t for t in original["themes"][1:] if t != value])
    db.execute(f"UPDATE [{c.item_kind}] SET [{c.field}] = ?, corrected = 1, correction_id = ? WHERE id = ?",
               [value, c.id, item_id])
    note = "the extraction already gave this value" if old[0] == value else ""
    return Outcome(_status(moved), "; ".join(filter(None, [moved, note])), item_id, original)


def _delete(db, c: Correction, document_id: str, themes: set) -> Outcome:
    item_id, moved = _anchored_item(db, c, document_id)
    if item_id is None:
        return moved
    row = _rows(db, f"SELECT * FROM [{c.item_kind}] WHERE id = ?", [item_id])[0]
    original = {"row": row}
    if c.item_kind == "priorities":
        original["themes"] = themes_of(db, item_id)
        db.execute("DELETE FROM priority_themes WHERE priority_id = ?", [item_id])
    db.execute(f"DELETE FROM [{c.item_kind}] WHERE id = ?", [item_id])
    return Outcome(_status(moved), moved, item_id, original)


def _add(db, c: Correction, document_id: str, themes: set) -> Outcome:
    values = _added_values(c, themes)
    doc = _rows(db, "SELECT text, council, county FROM documents WHERE id = ?", [document_id])[0]
    anchor = find_quote(doc["text"], c.quote, c.char_start)
    if anchor is None:
        return Outcome("unanchored", (
            f"the quoted words {c.quote!r} are no longer in the document's text; quote words that are "
            f"(csp-extract correct add --document ... --new {c.item_kind} --quote ...), {DROP_FIX.format(id=c.id)}"))
    start, end = anchor.index, anchor.end
    found = [it for it in _items(db, c.item_kind, document_id) if overlaps(it, start, end)]
    if found:
        return Outcome("superseded", (f"the extractor finds this item itself ({c.item_kind} id {found[0]['id']}), so "
                                      f"it is not added again (in the corrections file it is no longer needed: "
                                      f"csp-extract correct drop {c.id})"))
    main = values.pop("themes", None)
    row = {"document_id": document_id, "council": doc["council"], "county": doc["county"], **values,
           "page": doc["text"].count("\f", 0, start) + 1, "char_start": start, "char_end": end,
           "quote": doc["text"][start:end], "confidence": 1.0, "rules": json.dumps(["correction.add"]),
           "corrected": 1, "correction_id": c.id}
    cursor = db.execute(f"INSERT INTO [{c.item_kind}] ({', '.join(f'[{k}]' for k in row)}) "
                        f"VALUES ({', '.join('?' * len(row))})", list(row.values()))
    if main:
        set_themes(db, cursor.lastrowid, main)
    return Outcome(_status(anchor.moved), anchor.moved, cursor.lastrowid, None)


def _added_values(c: Correction, themes: set) -> dict[str, Any]:
    """The fields of an added item from the correction's JSON value, converted; ValueError when
    its key field (text, risk, amount) is missing."""
    try:
        given = json.loads(c.value or "{}")
    except json.JSONDecodeError:
        raise ValueError(f"the value of an added item must be a JSON object of its fields, not {c.value!r}") from None
    key = KEY_FIELD[c.item_kind]
    if not isinstance(given, dict) or given.get(key) in (None, ""):
        raise ValueError(f"an added {c.item_kind} item needs its {key} (--set {key}=...)")
    values = {name: convert(c.item_kind, name, v, themes) for name, v in given.items()}
    if values.get("main_theme"):
        values["themes"] = [values["main_theme"]]
    if c.item_kind == "funding" and values.get("amount_text") is None:
        values["amount_text"] = c.quote
    return values


def _document(db, c: Correction, document_id: str, themes: set) -> Outcome:
    value = convert("document", c.field, c.value)
    old = db.execute(f"SELECT [{c.field}], corrected, correction_id, council FROM documents WHERE id = ?",
                     [document_id]).fetchone()
    original = {"value": old[0], "corrected": old[1], "correction_id": old[2]}
    if c.field == "council" and value:
        db.execute("INSERT OR IGNORE INTO councils (name) VALUES (?)", [value])
    db.execute(f"UPDATE documents SET [{c.field}] = ?, corrected = 1, correction_id = ? WHERE id = ?",
               [value, c.id, document_id])
    _copy_to_items(db, document_id, c.field, value)
    return Outcome("applied", "", None, original, {old[3], value} if c.field == "council" else {old[3]})


def _copy_to_items(db, document_id: str, name: str, value) -> None:
    """Items carry their document's council and county (for facets without a join)."""
    if name in ("council", "county"):
        for kind in KEY_FIELD:
            db.execute(f"UPDATE [{kind}] SET [{name}] = ? WHERE document_id = ?", [value, document_id])


_APPLY = {"fix": _fix, "delete": _delete, "add": _add, "document": _document}
