"""What the user tells the tool about files it cannot read for itself (issue 13): the council a
folder of reports belongs to (``ingest --council NAME [--county COUNTY]``), or, per file, a
manifest CSV with the columns ``path, url, council, meeting_date, title`` (any may be blank).

Supplied values override extraction and are recorded in ``documents.supplied`` (a JSON object of
the fields supplied), so a site can say where a value came from; ``url`` fills
``documents.source_url``.  A stored file whose supplied values change is extracted again.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Mapping

FIELDS = ("council", "county", "meeting_date", "title")
MANIFEST_COLUMNS = ("path", "url", "council", "meeting_date", "title")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Supplied:
    """Supplied values by file: the manifest's row for a file, else the folder-wide values."""

    def __init__(self, default: Mapping[str, str] | None = None, rows: Mapping[Path, Mapping[str, str]] | None = None):
        self.default = {k: v for k, v in (default or {}).items() if v}
        self.rows = {Path(p).resolve(): {k: v for k, v in r.items() if v} for p, r in (rows or {}).items()}

    def __bool__(self) -> bool:
        return bool(self.default or self.rows)

    def for_path(self, path: Path) -> dict[str, str]:
        return {**self.default, **self.rows.get(Path(path).resolve(), {})}

    def stamp(self, path: Path) -> str | None:
        """What ``documents.supplied`` holds for this file (None when nothing is supplied)."""
        return stamp_of(self.for_path(path))


def stamp_of(values: Mapping[str, str]) -> str | None:
    """Supplied values as stored and compared: sorted JSON, None when there are none."""
    return json.dumps(dict(values), sort_keys=True) if values else None


def for_folder(council: str | None, county: str | None, models_dir: Path | None = None) -> dict[str, str]:
    """``--council NAME [--county COUNTY]``: the council's canonical name and county from the
    gazetteer when it knows the name (fuzzily), else as given."""
    if not council:
        if county:
            raise ValueError("--county needs --council: give the council the reports belong to")
        return {}
    from ..normalise.councils import load_gazetteer

    known = load_gazetteer(models_dir).lookup(council)
    name = known.name if known else council.strip()
    return {"council": name, "county": county or (known.county if known else None) or ""}


def load_manifest(path: str | Path) -> dict[Path, dict[str, str]]:
    """Rows of a manifest CSV by the file they describe (relative paths are relative to the CSV).
    Raises ValueError naming the file, the line and the fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise ValueError(f"{path}: cannot read the manifest ({e.strerror}); check the path") from None
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "path" not in reader.fieldnames:
        raise ValueError(f"{path}: a manifest needs a header line with the columns {', '.join(MANIFEST_COLUMNS)} "
                         "(any but path may be left blank)")
    rows: dict[Path, dict[str, str]] = {}
    for line, row in enumerate(reader, start=2):
        rows[_resolve(path, row.get("path") or "", line)] = _values(path, row, line)
    return rows


def _resolve(manifest: Path, value: str, line: int) -> Path:
    if not value.strip():
        raise ValueError(f"{manifest}: line {line} has no path; give the report's file name")
    file = Path(value.strip()).expanduser()
    return (file if file.is_absolute() else manifest.parent / file).resolve()


def _values(manifest: Path, row: Mapping[str, str], line: int) -> dict[str, str]:
    values = {k: (row.get(k) or "").strip() for k in ("url", "council", "meeting_date", "title")}
    if values["meeting_date"] and not _ISO.match(values["meeting_date"]):
        raise ValueError(f"{manifest}: line {line}: meeting_date {values['meeting_date']!r} is not a date; "
                         "write it as YYYY-MM-DD")
    if values["council"]:
        values.update({k: v for k, v in for_folder(values["council"], None).items() if v})
    return {k: v for k, v in values.items() if v}


def apply(result: dict, values: Mapping[str, str]) -> dict:
    """The extraction result with the supplied values in place of the extracted ones."""
    if not values:
        return result
    document = dict(result.get("document") or {})
    document.update({k: v for k, v in values.items() if k in FIELDS})
    out = {**result, "document": document, "supplied": stamp_of(values)}
    if values.get("url"):
        out["source_url"] = values["url"]
    return out
