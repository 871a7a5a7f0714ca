"""Reference data the schema loads into the database: the theme taxonomy (models/taxonomy.json)
and every English council (models/councils.csv, from mySociety's register, CC BY 4.0)."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from ..settings import Settings


def taxonomy_path(settings: Settings | None = None) -> Path:
    return (settings or Settings()).models_dir / "taxonomy.json"


def load_taxonomy(settings: Settings | None = None) -> list[dict[str, str]]:
    """The theme taxonomy from ``models/taxonomy.json`` (a list of ``{id, label, covers}``)."""
    path = taxonomy_path(settings)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(
            f"{path}: theme taxonomy not found; set CSP_EXTRACT_MODELS to the models/ folder "
            "of a csp-extract checkout"
        ) from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e}); restore it from git") from None
    themes = []
    for entry in raw:
        covers = entry.get("covers") or ""
        if isinstance(covers, list):
            covers = ", ".join(covers)
        words = entry.get("covers") or []
        words = [w.strip() for w in words.split(",")] if isinstance(words, str) else list(words)
        themes.append({"id": entry["id"], "label": entry["label"], "description": covers,
                       "words": json.dumps(words, ensure_ascii=False)})
    return themes


# Columns of models/councils.csv (built by extractor/normalise/make_gazetteer.py).
COUNCIL_COLUMNS = ("code", "name", "nice_name", "type", "kind", "county", "county_council",
                   "region", "population", "gss_code")


def councils_path(settings: Settings | None = None) -> Path:
    return (settings or Settings()).models_dir / "councils.csv"


def load_councils(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every English council from ``models/councils.csv`` (derived from mySociety's UK Local
    Authority Names and Codes, CC BY 4.0), typed for the ``councils`` table; none when a models
    folder has no such file."""
    path = councils_path(settings)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = set(COUNCIL_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(
                f"{path}: no column {', '.join(sorted(missing))}; rebuild it with: "
                "python -m extractor.normalise.make_gazetteer ../shared/reference/uk-local-authorities"
            )
        return [_council_row(row) for row in reader]


def _council_row(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {col: (row[col] or None) for col in COUNCIL_COLUMNS}
    out["population"] = int(row["population"]) if row["population"] else None
    return out


_KINDS = [
    (re.compile(r"\bCounty Council\b"), "county"),
    (re.compile(r"\bDistrict Council\b"), "district"),
    (re.compile(r"\bBorough Council\b"), "borough"),
    (re.compile(r"\bCity Council\b"), "city"),
    (re.compile(r"^[A-Z][\w' -]* Council$"), "unitary"),
]


def council_kind(name: str, models_dir: Path | None = None) -> str | None:
    """The kind of authority: from the gazetteer (models/gazetteer.json) when it knows the
    council, else read from the name ("Dover District Council" -> district)."""
    try:
        from ..normalise.councils import load_gazetteer

        council = load_gazetteer(models_dir).get(name)
        if council is not None and council.kind:
            return council.kind
    except Exception:  # gazetteer absent or unreadable: fall back to the name
        pass
    for pattern, kind in _KINDS:
        if pattern.search(name):
            return kind
    return None


