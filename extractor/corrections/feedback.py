"""Corrections fed back into evaluation.  Each correction records something extraction got
wrong, so it is a small gold annotation: :func:`score` runs the extractor again on each
corrected document and counts, per kind of correction, the ones it now gets right (a fixed
field now extracted with the right value, a deleted item no longer extracted, a missed item now
found, a document field now right) and the ones it still gets wrong.  :func:`export_gold` writes
the corrected documents in the shape of ``corpus/ANNOTATION.md``, so that they can join a gold
corpus."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable

from .anchor import find_item, find_quote, overlaps
from .fields import convert
from .store import Correction

VERDICTS = ("right", "wrong", "not found")


def _row_key(c: Correction) -> str:
    return f"{c.kind} {c.item_kind}" if c.item_kind else f"{c.kind} {c.field}"


def score(corrections: Iterable[Correction], extract: Callable[[Path], dict]) -> dict[str, dict[str, int]]:
    """{"fix priorities": {"right": 1, "wrong": 2, "not found": 0}, ...}: the extractor scored
    against the corrections (``extract(path)`` returns the extraction with its ``text``)."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
    results: dict[str, dict | None] = {}
    for c in corrections:
        if c.source_path not in results:
            path = Path(c.source_path)
            results[c.source_path] = extract(path) if path.is_file() else None
        table[_row_key(c)][verdict(c, results[c.source_path])] += 1
    return dict(sorted(table.items()))


def verdict(c: Correction, result: dict | None) -> str:
    """right, wrong, or not found (the document, or the item a fix names, is not there)."""
    if result is None:
        return "not found"
    if c.kind == "document":
        return "right" if _document_value(result, c.field) == convert("document", c.field, c.value) else "wrong"
    items = result.get(c.item_kind) or []
    if c.kind == "add":
        found = find_quote(result.get("text") or "", c.quote, c.char_start)
        return "right" if found and any(overlaps(it, found.index, found.end) for it in items) else "wrong"
    anchor = find_item(items, c.quote, c.char_start, c.char_end)
    if c.kind == "delete":
        return "wrong" if anchor else "right"
    if anchor is None:
        return "not found"
    right = convert(c.item_kind, c.field, c.value)
    return "right" if _item_value(items[anchor.index], c) == right else "wrong"


def _item_value(item: dict, c: Correction) -> Any:
    if c.field == "main_theme":
        return (item.get("themes") or [None])[0]
    value = item.get(c.field)
    return convert(c.item_kind, c.field, value) if value is not None else None


def _document_value(result: dict, field: str) -> Any:
    doc = result.get("document") or {}
    if field in ("plan_start_year", "plan_end_year"):
        return (doc.get("plan_period") or {}).get(field.replace("plan_", ""))
    return doc.get(field)


def format_score(table: dict[str, dict[str, int]]) -> str:
    """The scores as a table: per kind of correction, how many the extractor now gets right."""
    lines = [f"{'correction':<28}{'n':>5}{'right':>7}{'wrong':>7}{'not found':>11}{'right %':>9}"]
    totals = dict.fromkeys(VERDICTS, 0)
    for key, counts in table.items():
        lines.append(_line(key, counts))
        for name in VERDICTS:
            totals[name] += counts[name]
    lines.append(_line("all corrections", totals))
    return "\n".join(lines)


def _line(name: str, counts: dict[str, int]) -> str:
    n = sum(counts.values())
    share = f"{100 * counts['right'] / n:.1f}" if n else "-"
    return f"{name:<28}{n:>5}{counts['right']:>7}{counts['wrong']:>7}{counts['not found']:>11}{share:>9}"


# ---- gold files --------------------------------------------------------------------------

GOLD_FIELDS = {
    "recommendations": ("addressee", "actions", "text"),
    "risks": ("risk", "description", "mitigation", "rating"),
    "funding": ("amount_gbp", "amount_high_gbp", "is_total", "period", "funder", "purpose", "recipient"),
    "decisions": ("body", "outcome", "text"),
}


def gold_document(db, document_id: str) -> dict:
    """One stored (corrected) document in the shape of corpus/ANNOTATION.md."""
    from .apply import _rows, themes_of

    doc = _rows(db, "SELECT * FROM documents WHERE id = ?", [document_id])[0]
    gold = {"source": f"docs/{doc['file_name']}", "document": {
        **{k: doc[k] for k in ("council", "county", "title", "meeting_body", "meeting_date", "author")},
        "plan_period": {"start_year": doc["plan_start_year"], "end_year": doc["plan_end_year"]}}}
    gold["priorities"] = [{"rank": p["rank"], "text": p["text"], "themes": themes_of(db, p["id"])}
                          for p in _rows(db, "SELECT * FROM priorities WHERE document_id = ? ORDER BY char_start, id",
                                         [document_id])]
    for kind, names in GOLD_FIELDS.items():
        rows = _rows(db, f"SELECT * FROM [{kind}] WHERE document_id = ? ORDER BY char_start, id", [document_id])
        gold[kind] = [{k: _gold_value(k, r[k]) for k in names} for r in rows]
    return gold


def _gold_value(name: str, value):
    if name == "actions":
        return json.loads(value or "[]")
    if name == "is_total":
        return bool(value)
    return value


def export_gold(db, out_dir: str | Path) -> list[Path]:
    """Write ``<stem>.json`` for every document with a correction applied; returns the files."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for (document_id,) in db.execute("SELECT DISTINCT applied_to FROM corrections WHERE applied_to IS NOT NULL "
                                     "ORDER BY applied_to").fetchall():
        gold = gold_document(db, document_id)
        path = out / (Path(gold["source"]).stem + ".json")
        path.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
