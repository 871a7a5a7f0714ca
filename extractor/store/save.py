"""Saving one extraction result: the documents row, its council and every item, in ONE
transaction.  It first deletes any earlier document stored under the same path (a changed file
replaces its rows).  Items carry their document's council and county so that Datasette can
facet on them without a join.  In the same transaction it recomputes the derived tables
(:mod:`extractor.store.derived`) for every council the save touches.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

import sqlite_utils

from .derived import latest_date, refresh_council
from .pages import save_pages
from .reference import council_kind
from .schema import ITEM_TABLES, TABLES
from .summaries import refresh_peers
from .unchanged import find_document, now, path_text

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _prov(item: Mapping[str, Any]) -> dict[str, Any]:
    rules = item.get("rules")
    return {
        "page": item.get("page"),
        "char_start": item.get("char_start"),
        "char_end": item.get("char_end"),
        "quote": item.get("quote"),
        "confidence": item.get("confidence"),
        "rules": json.dumps(list(rules)) if rules is not None else None,
    }


def _amount(value: Any) -> int | float | None:
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def document_row(
    result: Mapping[str, Any], sha256: str, path: str | Path, ingested_at: str | None = None
) -> dict[str, Any]:
    """The documents row for one extraction result."""
    if not isinstance(result.get("text"), str):
        raise ValueError(
            "the extraction result has no text, so quotes cannot be checked against it; "
            "call extract_file(path, settings, include_text=True)"
        )
    doc = result.get("document") or {}
    period = doc.get("plan_period") or {}
    meeting_date = doc.get("meeting_date")
    warnings = list(result.get("warnings") or [])
    if meeting_date is not None and not _ISO_DATE.match(str(meeting_date)):
        warnings.append(f"meeting_date {meeting_date!r} is not an ISO date; left empty")
        meeting_date = None
    path = Path(path)
    return {
        "id": sha256,
        "path": path_text(path),
        "file_name": path_text(path.name),
        "council": doc.get("council"),
        "county": doc.get("county"),
        "title": doc.get("title"),
        "meeting_body": doc.get("meeting_body"),
        "meeting_date": meeting_date,
        "author": doc.get("author"),
        "plan_start_year": period.get("start_year"),
        "plan_end_year": period.get("end_year"),
        "pages": result.get("pages") or 1,
        "text": result["text"],
        "warnings": json.dumps(warnings),
        "source_url": result.get("source_url"),
        "supplied": result.get("supplied"),
        "extractor_version": result.get("extractor_version"),
        "models_hash": result.get("models_hash"),  # extractor/settings.py: models_hash
        "ingested_at": ingested_at or now(),
    }


def delete_document(db: sqlite_utils.Database, document_id: str, refresh: bool = True) -> None:
    """Delete a document and every row that points at it (call inside a transaction), then
    recompute its council's derived and summary tables (``refresh=False``: the caller will)."""
    from .derived import forget_document, refresh_council

    council = db.execute("SELECT council FROM documents WHERE id = ?", [document_id]).fetchone()
    forget_document(db, document_id)
    db.execute(
        "DELETE FROM priority_themes WHERE priority_id IN "
        "(SELECT id FROM priorities WHERE document_id = ?)",
        [document_id],
    )
    for table in ITEM_TABLES:
        db.execute(f"DELETE FROM [{table}] WHERE document_id = ?", [document_id])
    db.execute("DELETE FROM pages WHERE document_id = ?", [document_id])
    # its corrections stay in the corrections table, detached until the document (or the
    # changed file at its path) is stored again: extractor/corrections/apply.py
    db.execute("UPDATE corrections SET applied_to = NULL, item_id = NULL, original = NULL, status = 'pending' "
               "WHERE applied_to = ?", [document_id])
    db.execute("UPDATE documents SET correction_id = NULL WHERE id = ?", [document_id])
    db.execute("DELETE FROM documents WHERE id = ?", [document_id])
    if refresh and council is not None:
        refresh_council(db, council[0])


def save_document(
    db: sqlite_utils.Database,
    result: Mapping[str, Any],
    sha256: str,
    path: str | Path,
    ingested_at: str | None = None,
    refresh: bool = True,
    corrections: Sequence[Any] = (),
) -> dict[str, Any]:
    """Store one extraction result in one transaction; return counts of items by kind, the
    id of the document it replaced (same path, other bytes), if any, the councils whose
    derived tables the save affects (``touched``) and the latest date of the documents
    involved (``until``, None when one is undated: see :func:`extractor.store.derived.refresh_council`).
    ``refresh=False`` leaves those tables to the caller (a batch refreshes each council once at
    its end: extractor/batch/ingest.py).  ``corrections`` (read from the corrections file:
    extractor/corrections/store.py) are applied to the stored rows after extraction, in the same
    transaction; their outcomes are returned as ``corrections`` (a list of (correction, outcome))."""
    row = document_row(result, sha256, path, ingested_at)
    counts = {kind: 0 for kind in ITEM_TABLES}
    replaced = None
    with db.atomic():
        old = find_document(db, path=row["path"])
        # councils whose plan sequence and outcomes this save changes (see the end)
        # and the latest date they can reach (the document's, the one it replaces)
        before = db.execute(
            "SELECT council, meeting_date FROM documents WHERE id IN (?, ?)", [old[0] if old else None, sha256]
        ).fetchall()
        touched = {row["council"]} | {r[0] for r in before}
        until = latest_date([row["meeting_date"]] + [r[1] for r in before])
        if old is not None:
            replaced = old[0]
            delete_document(db, old[0], refresh=False)
        if find_document(db, sha256=sha256) is not None:
            # Same bytes under another path: the newest path wins.
            delete_document(db, sha256, refresh=False)
        if row["council"]:
            existing = db.execute(
                "SELECT county, kind FROM councils WHERE name = ?", [row["council"]]
            ).fetchone()
            if existing is None:
                db.table("councils").insert(
                    {
                        "name": row["council"],
                        "county": row["county"],
                        "kind": council_kind(row["council"]),
                    }
                )
            elif existing[0] is None and row["county"]:
                db.execute(
                    "UPDATE councils SET county = ? WHERE name = ?", [row["county"], row["council"]]
                )
            if existing is None or (existing[0] is None and row["county"]):
                refresh_peers(db, row["council"])  # it joins its county's pairs
        db.table("documents").insert(row)
        save_pages(db, sha256, row["text"])
        head = {"document_id": sha256, "council": row["council"], "county": row["county"]}
        known_themes = {r[0] for r in db.execute("SELECT id FROM themes")}

        for item in result.get("priorities") or []:
            themes = [t for t in dict.fromkeys(item.get("themes") or [])]
            for theme in themes:
                if theme not in known_themes:
                    db.table("themes").insert(
                        {"id": theme, "label": theme, "description": "not in models/taxonomy.json"}
                    )
                    known_themes.add(theme)
            pid = (
                db.table("priorities")
                .insert(
                    {
                        **head,
                        "rank": item.get("rank"),
                        "text": item["text"],
                        "main_theme": themes[0] if themes else None,
                        **_prov(item),
                    }
                )
                .last_pk
            )
            db.table("priority_themes").insert_all(
                {"priority_id": pid, "theme_id": t, "is_main": int(i == 0), "position": i + 1}
                for i, t in enumerate(themes)
            )
            counts["priorities"] += 1

        simple = {
            "recommendations": lambda it: {
                "addressee": it.get("addressee"),
                "actions": json.dumps(list(it.get("actions") or [])),
                "text": it["text"],
            },
            "risks": lambda it: {
                "risk": it["risk"],
                "description": it.get("description"),
                "mitigation": it.get("mitigation"),
                "rating": it.get("rating"),
            },
            "funding": lambda it: {
                "amount_gbp": _amount(it.get("amount_gbp")),
                "amount_high_gbp": _amount(it.get("amount_high_gbp")),
                "amount_text": it.get("amount_text"),
                "is_total": int(bool(it.get("is_total"))),
                "period": it.get("period"),
                "funder": it.get("funder"),
                "purpose": it.get("purpose"),
                "recipient": it.get("recipient"),
            },
            "decisions": lambda it: {
                "body": it.get("body"),
                "outcome": it.get("outcome"),
                "text": it["text"],
            },
        }
        for kind, fields in simple.items():
            rows = [{**head, **fields(it), **_prov(it)} for it in result.get(kind) or []]
            if rows:
                db.table(kind).insert_all(rows)
            counts[kind] = len(rows)

        applied = _apply_corrections(db, sha256, path, corrections)
        touched |= {council for _, outcome in applied for council in outcome.councils}
        until = None if applied else until  # a corrected date or council: refresh the councils whole

        # Derived tables (extractor/store/derived.py): plan-to-plan changes and recommendation
        # outcomes of every council this save touched, in the same transaction.
        for council in sorted(touched, key=lambda c: (c is None, c or "")) if refresh else ():
            refresh_council(db, council, until)
    return {"counts": counts, "replaced": replaced, "touched": touched, "until": until,
            "corrections": applied}


def _apply_corrections(db, sha256: str, path, corrections) -> list:
    """Apply the corrections of this document (by its bytes, or its path for a changed file)."""
    if not corrections:
        return []
    from ..corrections.apply import apply_document, corrections_for

    mine = corrections_for(corrections, sha256, path)
    positions = {c.id: i for i, c in enumerate(corrections)}
    return list(zip(mine, apply_document(db, sha256, mine, positions)))


def log_ingest(db: sqlite_utils.Database, **row: Any) -> None:
    """Append one row to ingest_log (its own small transaction)."""
    row.setdefault("at", now())
    with db.atomic():
        db.table("ingest_log").insert(row)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of the data tables (not ingest_log)."""
    return {
        name: db.execute(f"SELECT COUNT(*) FROM [{name}]").fetchone()[0]
        for name in TABLES
        if name != "ingest_log"
    }
