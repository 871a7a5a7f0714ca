"""The corrections file: plain CSV kept beside the database (``corrections.csv`` next to
``csp.db`` by default), one row per correction with who made it, when and why, so that a team
can review it, keep it in version control and publish it.

Columns (:data:`COLUMNS`):

- ``id``: the correction's id (``c`` and 8 hex digits), never reused;
- ``kind``: ``fix`` (one field of an item), ``delete`` (an item that is wrong), ``add`` (an item
  the extractor missed), ``document`` (one field of the document);
- ``document_id``: the SHA-256 of the document's file; ``source_path``: its path, so that a
  changed file (new bytes, same path) is followed;
- ``item_kind``: priorities, recommendations, risks, funding or decisions (not for ``document``);
- ``field`` and ``value``: the field and its right value (``fix``, ``document``); for ``add``,
  ``value`` is a JSON object of the new item's fields;
- ``quote``, ``char_start``, ``char_end``, ``page``: where the item is in the document's text
  (the extracted item's quote and span; for ``add``, the quoted words, found in the text);
- ``who``, ``at`` (UTC, ISO 8601), ``why``.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import os
import secrets
from pathlib import Path
from typing import Iterable

from .fields import ITEM_KINDS, KINDS

COLUMNS = ("id", "kind", "document_id", "source_path", "item_kind", "field", "value", "quote",
           "char_start", "char_end", "page", "who", "at", "why")
DEFAULT_NAME = "corrections.csv"


@dataclasses.dataclass
class Correction:
    id: str
    kind: str
    document_id: str
    source_path: str = ""
    item_kind: str = ""
    field: str = ""
    value: str = ""
    quote: str = ""
    char_start: int | None = None
    char_end: int | None = None
    page: int | None = None
    who: str = ""
    at: str = ""
    why: str = ""

    def row(self) -> dict[str, str]:
        """The CSV row (empty cells for nothing)."""
        return {c: "" if getattr(self, c) is None else str(getattr(self, c)) for c in COLUMNS}


def default_path(db_path: str | Path) -> Path:
    """``corrections.csv`` beside the database."""
    return Path(db_path).with_name(DEFAULT_NAME)


def new_id(taken: Iterable[str] = ()) -> str:
    taken = set(taken)
    while (candidate := f"c{secrets.token_hex(4)}") in taken:
        pass
    return candidate


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def who_default() -> str:
    """The person making a correction when none is given: the login name."""
    return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def _int_or_none(text: str, name: str, line: int, path: Path) -> int | None:
    if text in ("", None):
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{path}, line {line}: {name} {text!r} is not a whole number; fix or remove that row") from None


def _from_row(row: dict[str, str], line: int, path: Path) -> Correction:
    values = {c: (row.get(c) or "") for c in COLUMNS}
    for name in ("char_start", "char_end", "page"):
        values[name] = _int_or_none(values[name], name, line, path)
    correction = Correction(**values)
    check_shape(correction, f"{path}, line {line}")
    return correction


def check_shape(c: Correction, where: str) -> None:
    """ValueError (saying where and what to write) when a correction misses what its kind needs."""
    problem = None
    if c.kind not in KINDS:
        problem = f"kind {c.kind!r} is not one of {', '.join(KINDS)}"
    elif not c.id or not c.document_id:
        problem = "id and document_id are required"
    elif c.kind != "document" and c.item_kind not in ITEM_KINDS:
        problem = f"item_kind {c.item_kind!r} is not one of {', '.join(ITEM_KINDS)}"
    elif c.kind in ("fix", "document") and not c.field:
        problem = f"a {c.kind} correction needs a field"
    elif c.kind in ("fix", "delete", "add") and not c.quote:
        problem = f"a {c.kind} correction needs the quote it is anchored to"
    if problem:
        raise ValueError(f"{where}: {problem}; fix that row or drop it with: csp-extract correct drop {c.id or 'ID'}")


def read(path: str | Path) -> list[Correction]:
    """The corrections in ``path`` in file order ([] when there is no file)."""
    path = Path(path)
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ("id", "kind", "document_id") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: not a corrections file (no {', '.join(missing)} column); give another "
                             f"--corrections file, or move this one aside")
        corrections = [_from_row(row, n, path) for n, row in enumerate(reader, start=2)]
    ids = [c.id for c in corrections]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise ValueError(f"{path}: the id {duplicate} is used twice; give one of the rows a new id")
    return corrections


def write(path: str | Path, corrections: Iterable[Correction]) -> None:
    """Write the whole file (atomically: a temporary file renamed over it)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(c.row() for c in corrections)
    os.replace(tmp, path)


def append(path: str | Path, correction: Correction) -> None:
    """Add one correction at the end of the file (creating it with its header)."""
    check_shape(correction, str(path))
    corrections = read(path)
    if any(c.id == correction.id for c in corrections):
        raise ValueError(f"{path}: a correction {correction.id} exists already")
    write(path, [*corrections, correction])


def drop(path: str | Path, correction_id: str) -> Correction:
    """Remove the correction ``correction_id`` from the file; returns it."""
    corrections = read(path)
    found = next((c for c in corrections if c.id == correction_id), None)
    if found is None:
        known = ", ".join(c.id for c in corrections) or "none"
        raise ValueError(f"{path}: no correction {correction_id}; its corrections: {known} "
                         "(csp-extract correct list shows them)")
    write(path, [c for c in corrections if c.id != correction_id])
    return found
