"""What a correction may change: the fields of each kind of item and of a document, and how a
value typed by a person (``--set rank=2``, a form, a CSV cell) becomes the stored value."""
from __future__ import annotations

import json
import re
from typing import Any

ITEM_KINDS = ("priorities", "recommendations", "risks", "funding", "decisions")
KINDS = ("fix", "delete", "add", "document")  # the kinds of correction

# field -> type: int, float (whole pounds stay int), bool, list (JSON list), str, theme, outcome, date
ITEM_FIELDS: dict[str, dict[str, str]] = {
    "priorities": {"rank": "int", "text": "str", "main_theme": "theme"},
    "recommendations": {"addressee": "str", "actions": "list", "text": "str"},
    "risks": {"risk": "str", "description": "str", "mitigation": "str", "rating": "str"},
    "funding": {"amount_gbp": "money", "amount_high_gbp": "money", "amount_text": "str", "is_total": "bool",
                "period": "str", "funder": "str", "purpose": "str", "recipient": "str"},
    "decisions": {"body": "str", "outcome": "outcome", "text": "str"},
}
DOCUMENT_FIELDS: dict[str, str] = {
    "council": "str", "county": "str", "title": "str", "meeting_body": "str", "meeting_date": "date",
    "author": "str", "plan_start_year": "int", "plan_end_year": "int",
}
# the field an added item must have (what it is called)
KEY_FIELD = {"priorities": "text", "recommendations": "text", "risks": "risk", "funding": "amount_gbp",
             "decisions": "text"}
OUTCOMES = ("approved", "agreed", "noted", "deferred", "rejected", "amended", "delegated")


def fields_of(kind: str) -> dict[str, str]:
    """The correctable fields of an item kind, or of a document (``kind == 'document'``)."""
    if kind == "document":
        return DOCUMENT_FIELDS
    if kind not in ITEM_FIELDS:
        raise ValueError(f"no kind of item called {kind!r}; give one of {', '.join(ITEM_KINDS)}")
    return ITEM_FIELDS[kind]


def check_field(kind: str, field: str) -> str:
    """The type of ``field`` of ``kind``; ValueError naming the fields that can be corrected."""
    fields = fields_of(kind)
    if field not in fields:
        raise ValueError(f"{kind} has no field {field!r} that can be corrected; give one of {', '.join(fields)}")
    return fields[field]


def convert(kind: str, field: str, text: Any, themes: set[str] | None = None) -> Any:
    """The stored value of ``text`` for ``field`` of ``kind`` (empty text: null); ValueError with
    the fix when it is not one."""
    typ = check_field(kind, field)
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if not isinstance(text, str):
        text = json.dumps(text) if isinstance(text, list) else str(text)
    text = text.strip()
    converter = _CONVERTERS[typ]
    try:
        value = converter(text)
    except ValueError as e:
        raise ValueError(f"{kind}.{field}: {e}") from None
    if typ == "theme" and themes is not None and value not in themes:
        raise ValueError(f"{kind}.{field}: no theme {value!r}; give one of {', '.join(sorted(themes))}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number (e.g. 2)") from None


def _money(text: str) -> int | float:
    cleaned = re.sub(r"[£,\s]", "", text)
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a sum of pounds (e.g. 106460 or £106,460)") from None
    return int(value) if value.is_integer() else value


def _bool(text: str) -> int:
    lowered = text.lower()
    if lowered not in ("0", "1", "true", "false", "yes", "no"):
        raise ValueError(f"{text!r} is not yes or no (give 1 or 0)")
    return int(lowered in ("1", "true", "yes"))


def _list(text: str) -> str:
    if text.startswith("["):
        items = json.loads(text)
    else:
        items = [part.strip() for part in text.split(",") if part.strip()]
    return json.dumps([str(item).lower() for item in items])


def _outcome(text: str) -> str:
    if text.lower() not in OUTCOMES:
        raise ValueError(f"{text!r} is not an outcome; give one of {', '.join(OUTCOMES)}")
    return text.lower()


def _date(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{text!r} is not an ISO date; write it as yyyy-mm-dd (e.g. 2024-03-05)")
    return text


_CONVERTERS = {"int": _int, "money": _money, "bool": _bool, "list": _list, "str": str,
               "theme": lambda t: t.lower(), "outcome": _outcome, "date": _date}
