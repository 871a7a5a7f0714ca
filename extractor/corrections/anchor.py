"""Anchoring a correction: to its document by SHA-256 (or, for a changed file, by its path), to
an item by its quote and span, and to the document's text by quoted words.  When a re-ingest or
a new extractor version shifts spans or changes items, the anchor is found again (the same quote
elsewhere, then the most similar quote by rapidfuzz); when nothing is close enough the
correction is *not* applied and the caller reports it with the fix."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from rapidfuzz import fuzz

SIMILAR = 85  # rapidfuzz ratio (0-100) at which another quote is taken for the same item


@dataclass
class Anchor:
    index: int  # the item's position in the list searched, or the quote's start in the text
    end: int | None = None  # for a quote found in the text: its end
    moved: str = ""  # empty when found where it was; else how it was found again


def _fold(text: str) -> str:
    return " ".join((text or "").split()).lower()


def find_item(items: Sequence[Mapping[str, Any]], quote: str, start: int | None, end: int | None) -> Anchor | None:
    """The item (dicts with quote, char_start, char_end) a correction's quote and span name:
    the same quote and span; else the same quote nearest the old span; else the most similar
    quote (rapidfuzz ratio >= :data:`SIMILAR`).  None when no item is close enough."""
    folded = _fold(quote)
    same = [i for i, it in enumerate(items) if _fold(it.get("quote")) == folded]
    exact = [i for i in same if items[i].get("char_start") == start and items[i].get("char_end") == end]
    if exact:
        return Anchor(exact[0])
    if same:
        best = min(same, key=lambda i: abs((items[i].get("char_start") or 0) - (start or 0)))
        return Anchor(best, moved=f"the quote moved from {start} to {items[best].get('char_start')}")
    return _most_similar(items, folded)


def _most_similar(items: Sequence[Mapping[str, Any]], folded: str) -> Anchor | None:
    scored = [(fuzz.ratio(folded, _fold(it.get("quote"))), i) for i, it in enumerate(items)]
    if not scored:
        return None
    score, best = max(scored)
    if score < SIMILAR:
        return None
    return Anchor(best, moved=f"the quote changed to {_short(items[best].get('quote'))} (similarity {score:.0f})")


def best_guess(items: Sequence[Mapping[str, Any]], quote: str) -> str:
    """The closest item's quote and its similarity, for a message (or that there are none)."""
    scored = [(fuzz.ratio(_fold(quote), _fold(it.get("quote"))), it.get("quote")) for it in items]
    if not scored:
        return "the document has no such items now"
    score, text = max(scored)
    return f"the closest is {_short(text)} (similarity {score:.0f}, below {SIMILAR})"


def find_quote(text: str, quote: str, near: int | None = None) -> Anchor | None:
    """Where ``quote`` is in ``text``: exactly (nearest ``near``), then ignoring case and white
    space, then the most similar passage (rapidfuzz partial ratio >= 90)."""
    starts = [m.start() for m in re.finditer(re.escape(quote), text)] if quote else []
    if starts:
        start = min(starts, key=lambda s: abs(s - (near or 0)))
        moved = "" if near in (None, start) else f"the quote moved from {near} to {start}"
        return Anchor(start, start + len(quote), moved)
    words = re.findall(r"\w+", quote or "")
    if words:
        m = re.search(r"\W+".join(re.escape(w) for w in words), text, re.IGNORECASE)
        if m:
            return Anchor(m.start(), m.end(), "found ignoring case, spacing and punctuation")
    return _similar_passage(text, quote)


def _similar_passage(text: str, quote: str) -> Anchor | None:
    if not quote or len(quote) < 8:
        return None
    found = fuzz.partial_ratio_alignment(quote, text, score_cutoff=90)
    if found is None:
        return None
    return Anchor(found.dest_start, found.dest_end,
                  f"found as {_short(text[found.dest_start:found.dest_end])} (similarity {found.score:.0f})")


def overlaps(item: Mapping[str, Any], start: int, end: int) -> bool:
    """Whether an item's span overlaps ``start:end``."""
    a, b = item.get("char_start"), item.get("char_end")
    return a is not None and b is not None and a < end and start < b


def _short(text, limit: int = 60) -> str:
    text = " ".join(str(text or "").split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
