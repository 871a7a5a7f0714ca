"""The library behind ``csp-extract correct``: add a correction (checked against the database,
written to the corrections file and applied at once), list, validate (anchor every correction
again and apply what is not applied) and drop one.  Each function opens the database itself and
raises ValueError with the fix."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Mapping

from . import store
from .anchor import find_quote
from .apply import TABLE, Outcome, _rows, corrections_for
from .fields import ITEM_KINDS, KEY_FIELD, check_field, convert
from .store import Correction
from .undo import forget, reapply_document, undo_document


def open_database(db_path: str | Path):
    """The csp-extract database at ``db_path``, its schema brought up to date."""
    import sqlite3

    from ..store.db import open_db
    from ..store.schema import ensure_schema

    if not Path(db_path).is_file():
        raise ValueError(f"{db_path}: no such database; create it with: csp-extract ingest REPORTS... --db {db_path}")
    db = open_db(db_path)
    try:
        if "documents" not in db.table_names():
            raise ValueError(f"{db_path}: not a csp-extract database (no documents table); give another --db")
        ensure_schema(db)
    except (ValueError, sqlite3.DatabaseError) as e:
        db.close()
        raise ValueError(f"{db_path}: {e}" if isinstance(e, sqlite3.DatabaseError) else str(e)) from None
    return db


def parse_item(text: str) -> tuple[str, int]:
    """``priorities:12`` -> ("priorities", 12)."""
    kind, _, number = (text or "").partition(":")
    if kind not in ITEM_KINDS or not number.isdigit():
        raise ValueError(f"--item {text!r}: write it as KIND:ID, e.g. priorities:12 (KIND one of "
                         f"{', '.join(ITEM_KINDS)}; ID the row's id in the database)")
    return kind, int(number)


def find_document(db, given: str) -> dict:
    """The document whose id is ``given`` or starts with it."""
    found = _rows(db, "SELECT id, path, text FROM documents WHERE id LIKE ? || '%'", [given.lower()]) if given else []
    if len(found) != 1:
        problem = "no document" if not found else f"{len(found)} documents"
        raise ValueError(f"{problem} with an id starting {given!r}; give more of the id (the documents "
                         "table's id column, the SHA-256 of the file)")
    return found[0]


def item_correction(db, item: str, sets: Mapping[str, str], delete: bool) -> Correction:
    """A fix (or with ``delete``, a deletion) of the stored item ``item`` (``KIND:ID``)."""
    kind, number = parse_item(item)
    rows = _rows(db, f"SELECT i.document_id, i.quote, i.char_start, i.char_end, i.page, d.path "
                     f"FROM [{kind}] i JOIN documents d ON d.id = i.document_id WHERE i.id = ?", [number])
    if not rows:
        raise ValueError(f"no {kind} row with id {number}; look it up in the {kind} table")
    if delete == bool(sets) or len(sets) > 1:
        raise ValueError("give either --delete or one --set FIELD=VALUE for --item (one field per correction)")
    row = rows[0]
    field, value = next(iter(sets.items())) if sets else ("", "")
    if field:
        check_field(kind, field)
    return Correction(id="", kind="delete" if delete else "fix", document_id=row["document_id"],
                      source_path=row["path"], item_kind=kind, field=field, value=value, quote=row["quote"],
                      char_start=row["char_start"], char_end=row["char_end"], page=row["page"])


def added_correction(db, document: str, kind: str, quote: str, sets: Mapping[str, str]) -> Correction:
    """An item the extractor missed, anchored to ``quote`` in the document's text."""
    doc = find_document(db, document)
    if kind not in ITEM_KINDS:
        raise ValueError(f"--new {kind!r}: give one of {', '.join(ITEM_KINDS)}")
    anchor = find_quote(doc["text"], quote or "")
    if not quote or anchor is None:
        raise ValueError(f"the quoted words {quote!r} are not in the document's text; copy them from its page "
                         f"view (csp-extract extract {doc['path']} --include-text --format json shows the text)")
    values = dict(sets)
    values.setdefault(KEY_FIELD[kind], doc["text"][anchor.index:anchor.end] if kind != "funding" else None)
    return Correction(id="", kind="add", document_id=doc["id"], source_path=doc["path"], item_kind=kind,
                      value=json.dumps({k: v for k, v in values.items() if v is not None}),
                      quote=doc["text"][anchor.index:anchor.end], char_start=anchor.index, char_end=anchor.end,
                      page=doc["text"].count("\f", 0, anchor.index) + 1)


def document_correction(db, document: str, sets: Mapping[str, str]) -> Correction:
    doc = find_document(db, document)
    if len(sets) != 1:
        raise ValueError("give one --set FIELD=VALUE for --document (one field per correction)")
    field, value = next(iter(sets.items()))
    convert("document", field, value)
    return Correction(id="", kind="document", document_id=doc["id"], source_path=doc["path"], field=field, value=value)


def add(db_path, corrections_path, *, item=None, document=None, new=None, quote=None, sets=None, delete=False,
        who=None, why="") -> tuple[Correction, Outcome]:
    """Build one correction from the options, check it, write it to the file and apply it."""
    sets = dict(sets or {})
    if not why.strip():
        raise ValueError("say why with --why (it is kept with the correction for the people who review it)")
    db = open_database(db_path)
    try:
        if item:
            correction = item_correction(db, item, sets, delete)
        elif document and new:
            correction = added_correction(db, document, new, quote, sets)
        elif document:
            correction = document_correction(db, document, sets)
        else:
            raise ValueError("say what to correct: --item KIND:ID, or --document ID (with --new KIND to add an item)")
        existing = store.read(corrections_path)
        correction.id, correction.who, correction.at, correction.why = (
            store.new_id(c.id for c in existing), who or store.who_default(), store.now(), why.strip())
        outcome = _trial(db, [*existing, correction], correction)
        store.append(corrections_path, correction)
        return correction, outcome
    finally:
        db.close()


def _trial(db, corrections: list[Correction], correction: Correction) -> Outcome:
    """Apply the corrections of ``correction``'s document; ValueError (nothing kept) when the new
    one cannot be applied."""
    with db.atomic():  # an exception rolls it all back
        outcomes = dict(sync(db, corrections, {correction.document_id}))
        outcome = outcomes.get(correction.id)
        if outcome is None or outcome.status not in ("applied", "re-anchored"):
            raise ValueError(f"the correction was not saved: {outcome.message if outcome else 'its document is not stored'}")
    return outcome


def sync(db, corrections: list[Correction], document_ids: Iterable[str], refresh=True) -> list[tuple[str, Outcome]]:
    """Re-apply every correction of the given documents and recompute their councils' derived
    tables (plan changes, follow-through); ``refresh=False`` (inside a running statement, where
    sqlite-utils cannot open a savepoint) leaves those councils for the next ingest instead."""
    positions = {c.id: i for i, c in enumerate(corrections)}
    results = []
    for doc in _rows(db, "SELECT id, path, council FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                     [json.dumps(sorted(document_ids))]):
        mine = corrections_for(corrections, doc["id"], doc["path"])
        if refresh:
            from ..store.derived import forget_document
            forget_document(db, doc["id"])
        outcomes = reapply_document(db, doc["id"], mine, positions)
        results += [(c.id, o) for c, o in zip(mine, outcomes)]
        _refresh(db, {doc["council"], *(x for o in outcomes for x in o.councils)}, refresh)
    return results


def _refresh(db, councils: set, now: bool) -> None:
    """Recompute the councils' derived tables now, or mark them for the next ingest."""
    from ..store.derived import refresh_council
    from ..store.summaries import refresh_summaries
    from ..store.unchanged import PENDING

    for council in councils:
        if now:
            refresh_council(db, council)
        else:  # the summary tables (matrix, money, peers' plans) need no savepoint: recomputed now
            refresh_summaries(db, council)
            db.execute(f"CREATE TABLE IF NOT EXISTS [{PENDING}] (council TEXT)")
            db.execute(f"INSERT INTO [{PENDING}] (council) VALUES (?)", [council])


def listing(db_path, corrections_path) -> list[dict]:
    """Every correction in the file with its status in the database (``not applied yet`` when
    the database has not seen it: run ``correct validate``)."""
    corrections = store.read(corrections_path)
    db = open_database(db_path)
    try:
        status = {r["id"]: r for r in _rows(db, f"SELECT id, status, message, item_id FROM {TABLE}")}
    finally:
        db.close()
    blank = {"status": "not applied yet", "message": "run: csp-extract correct validate", "item_id": None}
    return [{**c.row(), **{k: status.get(c.id, blank)[k] for k in blank}} for c in corrections]


def validate(db_path, corrections_path) -> list[tuple[Correction, Outcome]]:
    """Anchor every correction in the file against the database again and apply it; corrections
    the database holds that the file no longer has are taken off.  Returns each correction with
    its outcome (a correction whose document is not stored: ``unanchored``, with the fix)."""
    corrections = store.read(corrections_path)
    db = open_database(db_path)
    try:
        with db.atomic():
            gone = [r["id"] for r in _rows(db, f"SELECT id FROM {TABLE}") if r["id"] not in {c.id for c in corrections}]
            touched = {r["applied_to"] for r in _rows(db, f"SELECT applied_to FROM {TABLE} WHERE applied_to IS NOT NULL")}
            stored = {r["id"]: r["path"] for r in _rows(db, "SELECT id, path FROM documents")}
            docs = touched | {d for d, p in stored.items() if corrections_for(corrections, d, p)}
            outcomes = dict(sync(db, corrections, docs))
            forget(db, gone)
        return [(c, outcomes.get(c.id) or _not_stored(c)) for c in corrections]
    finally:
        db.close()


def _not_stored(c: Correction) -> Outcome:
    return Outcome("unanchored", f"its document ({c.document_id[:12]}, {c.source_path or 'path unknown'}) is not "
                                 f"in this database; ingest that file (csp-extract ingest PATH), or drop the "
                                 f"correction with: csp-extract correct drop {c.id}")


def drop(db_path, corrections_path, correction_id: str) -> Correction:
    """Take a correction off the database's rows and out of the file."""
    dropped = store.drop(corrections_path, correction_id)
    db = open_database(db_path)
    try:
        with db.atomic():
            applied = _rows(db, f"SELECT applied_to FROM {TABLE} WHERE id = ?", [correction_id])
            docs = {r["applied_to"] for r in applied if r["applied_to"]}
            for doc in docs:
                undo_document(db, doc)
            forget(db, [correction_id])
            sync(db, store.read(corrections_path), docs)
    finally:
        db.close()
    return dropped
