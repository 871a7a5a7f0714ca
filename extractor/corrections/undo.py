"""Taking a document's applied corrections off its rows again (newest first), so that a changed
set of corrections can be applied afresh (:func:`reapply_document`) or one dropped."""
from __future__ import annotations

import json
from typing import Iterable

from .apply import TABLE, Outcome, _copy_to_items, _rows, apply_document, set_themes
from .store import Correction


def undo_document(db, document_id: str) -> None:
    """Restore what extraction gave for every correction applied to ``document_id`` (in the
    reverse of the order they were applied) and mark them pending."""
    applied = _rows(db, f"SELECT id, kind, item_kind, field, item_id, original FROM {TABLE} "
                        "WHERE applied_to = ? ORDER BY position DESC", [document_id])
    for row in applied:
        original = json.loads(row["original"]) if row["original"] else None
        _UNDO[row["kind"]](db, row, original, document_id)
    db.execute(f"UPDATE {TABLE} SET applied_to = NULL, item_id = NULL, original = NULL, status = 'pending' "
               "WHERE applied_to = ?", [document_id])


def _undo_fix(db, row, original, document_id) -> None:
    db.execute(f"UPDATE [{row['item_kind']}] SET [{row['field']}] = ?, corrected = ?, correction_id = ? WHERE id = ?",
               [original["value"], original["corrected"], original["correction_id"], row["item_id"]])
    if "themes" in original:
        set_themes(db, row["item_id"], original["themes"])


def _undo_delete(db, row, original, document_id) -> None:
    item = original["row"]
    db.execute(f"INSERT INTO [{row['item_kind']}] ({', '.join(f'[{k}]' for k in item)}) "
               f"VALUES ({', '.join('?' * len(item))})", list(item.values()))
    if "themes" in original:
        set_themes(db, row["item_id"], original["themes"])


def _undo_add(db, row, original, document_id) -> None:
    if row["item_kind"] == "priorities":
        db.execute("DELETE FROM priority_themes WHERE priority_id = ?", [row["item_id"]])
    db.execute(f"DELETE FROM [{row['item_kind']}] WHERE id = ?", [row["item_id"]])


def _undo_document(db, row, original, document_id) -> None:
    db.execute(f"UPDATE documents SET [{row['field']}] = ?, corrected = ?, correction_id = ? WHERE id = ?",
               [original["value"], original["corrected"], original["correction_id"], document_id])
    _copy_to_items(db, document_id, row["field"], original["value"])


_UNDO = {"fix": _undo_fix, "delete": _undo_delete, "add": _undo_add, "document": _undo_document}


def reapply_document(db, document_id: str, corrections: Iterable[Correction], positions=None) -> list[Outcome]:
    """Take the document's applied corrections off and apply ``corrections`` (its current ones)."""
    undo_document(db, document_id)
    return apply_document(db, document_id, corrections, positions)


def forget(db, correction_ids: Iterable[str]) -> None:
    """Delete corrections (already undone) from the corrections table."""
    for correction_id in correction_ids:
        db.execute(f"DELETE FROM {TABLE} WHERE id = ?", [correction_id])
