"""Line-level layout rules shared by the readers: list markers, headings, wrapping.

These are pure functions on strings so that every reader (text, PDF, HTML)
classifies lines the same way.
"""
from __future__ import annotations

import re

from . import markers

# A list marker at line start: bullets, "- 1.1", "1.", "1.1", "(i)", "a)", "(a)".
_SP = r"[^\S\n\f]"  # any whitespace but line and page breaks (NBSPs included)
_NUMBER = rf"(?:{markers.NUMBER})(?=\s)"
_LETTER = rf"(?:{markers.LETTER_CLOSED}|(?:{markers.LETTER_DOT})(?=\s))"
# a bullet, dash or letter bullet before a space; "." is a bullet a PDF-to-text tool left behind
_BULLET = rf"(?:[{re.escape(markers.BULLETS + markers.DASHES)}]|[{markers.LETTER_BULLETS}](?=\s)|\.(?=\s))"
MARKER_RE = re.compile(
    rf"^(?P<indent>{_SP}*)(?P<marker>(?:{_BULLET}{_SP}+)?(?:{_NUMBER}|{_LETTER})|{_BULLET}(?=\s)){_SP}*(?=\S)"
)
TERMINAL = ".;!?,"
CONNECTORS = {"and", "or", "of", "the", "to", "for", "in", "on", "with", "by", "a", "an", "&", "-", "–"}
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Collapse runs of whitespace to single spaces and strip."""
    return _WS.sub(" ", text).strip()


def split_marker(line: str) -> tuple[str | None, int, int]:
    """Return (marker, indent width, offset where the item text starts) for a line.

    ``marker`` is None when the line is not a list item.
    """
    m = MARKER_RE.match(line)
    if not m:
        return None, 0, 0
    marker = m.group("marker").strip()
    if marker[0].isdigit() and _looks_like_number_value(line[m.end():]):
        return None, 0, 0
    return marker, len(m.group("indent").expandtabs(4)), m.end()


def _looks_like_number_value(rest: str) -> bool:
    """'2 |' or '10/10/25' after a number: a value, not a list item."""
    return rest.startswith("|") or bool(re.match(r"^[%/£$]", rest))


def is_heading_text(text: str) -> bool:
    """Short, title-like text with no sentence punctuation at its end."""
    t = text.strip().strip("*").strip()
    if not t or len(t) > 90 or len(t.split()) > 12:
        return False
    if t[-1] in TERMINAL or not (t[0].isupper() or t[0].isdigit()):
        return False
    if re.search(r":\s+\S", t):
        return False  # "Report of: Name" is a label with a value
    return sum(c.isalpha() for c in t) >= 3


def is_continuation(prev: str, nxt: str, blank_between: bool) -> bool:
    """Does line ``nxt`` continue the wrapped sentence of line ``prev``?"""
    p, n = prev.rstrip(), nxt.strip()
    if not p or not n or p.endswith("|") or n.endswith("|") and n == "|":
        return False
    if p[-1] in ".;:!?" or split_marker(nxt)[0] is not None:
        return n[0] == "&" and p[-1] not in ".;:!?"
    last_word = p.split()[-1].lower()
    if n[0].islower() or n[0] == "&" or n[0] == "(" and not blank_between:
        return True  # a bracketed line after a blank line opens a paragraph ("Title" / "(Portfolio Holder) ...")
    return not blank_between and (last_word in CONNECTORS or p[-1] in ",-–&")
