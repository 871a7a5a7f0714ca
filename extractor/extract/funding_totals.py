"""Totals: a sum that adds up other sums the document gives is marked ``is_total``, so that
whoever adds the funding up does not count the same money twice.

A total is known by its form and checked by arithmetic:
- a table row labelled "Total", "Grand total" or "Sub-total" is a total;
- a sum the sentence calls a total ("a total of £50,000", "totalling £50,000", "£50,000 in
  total") is a total when it equals the sum of a run of two or more other sums that follow one
  another in the document, of the same (or an unstated) year.  A sum called a total whose parts
  the document does not give ("a total of £2.3m was awarded to 15 projects") is the only
  figure for that money, and counts.
"""
from __future__ import annotations

import re

TOTAL_LABEL = re.compile(r"^\W*(?:grand\s+|sub-?\s*)?totals?\b", re.I)
# the cue before the sum, in its sentence and with no other sum between: "a total of",
# "totalling", "the overall budget of", "combined"
_CUE_BEFORE = re.compile(r"\b(?:total(?:s|led|ling|ed|ing)?|overall|combined|altogether)\b[^£]{0,40}$", re.I)
_CUE_AFTER = re.compile(r"^\s*(?:in\s+total|in\s+all|altogether|overall)\b", re.I)


def total_cue(before: str, after: str) -> bool:
    """Does the sentence call the sum between ``before`` and ``after`` a total?"""
    return bool(_CUE_BEFORE.search(before) or _CUE_AFTER.match(after))


def mark_totals(items: list[dict]) -> None:
    """Set ``is_total`` on the items that add up others (smallest first, so a grand total is
    checked against the sums and not against its sub-totals); drop the working ``_total_cue``."""
    for item in sorted((i for i in items if i.pop("_total_cue", False)), key=lambda i: i["amount_gbp"]):
        parts = [p for p in sorted(items, key=lambda p: p["char_start"])
                 if p is not item and not p["is_total"] and p.get("amount_high_gbp") is None
                 and _same_year(p, item)]
        item["is_total"] = item["is_total"] or (item.get("amount_high_gbp") is None and adds_up(parts, item))
    for item in items:
        item.pop("_total_cue", None)


def adds_up(parts: list[dict], total: dict) -> bool:
    """Do two or more consecutive ``parts`` add up to ``total`` (to the pound)?"""
    amounts = [p["amount_gbp"] for p in parts]
    for i in range(len(amounts)):
        running = amounts[i]
        for j in range(i + 1, len(amounts)):
            running += amounts[j]
            if abs(running - total["amount_gbp"]) < 1:
                return True
    return False


def _same_year(a: dict, b: dict) -> bool:
    return a["period"] is None or b["period"] is None or a["period"] == b["period"]


def mark_area_totals(items: list[dict], council: str | None, county: str | None) -> None:
    """A district's paper that gives its whole county's figure as well as its own ("the Community
    Safety Grant funding for Worcestershire would be £644,338 ... the Redditch partnership had
    been allocated £107,400"): the county's figure holds this council's share and the other
    areas', so added to this council's money it would count money that is not its own."""
    if not county or not council or _county_level(council) or len(items) < 2:
        return
    area = re.compile(rf"\b(?:for|across|throughout)\s+(?:the\s+(?:whole\s+of\s+|county\s+of\s+)?)?"
                      rf"{re.escape(county)}\b(?!\s+(?:police|county\s+council|constabulary))", re.I)
    for item in items:
        smaller = any(o is not item and 0 < (o["amount_gbp"] or 0) < (item["amount_gbp"] or 0) for o in items)
        if not item["is_total"] and smaller and area.search(item.get("quote") or ""):
            item["is_total"] = True


def _county_level(council: str) -> bool:
    """A county council, a commissioner or a mayor's office: a county-wide figure is its own."""
    return bool(re.search(r"\bcounty council\b|commissioner|mayor", council, re.I))


POOLED = ("funder", "purpose", "recipient", "_use")  # the fields two mentions of one sum pool


def pool(into: dict, other: dict, keys: tuple = POOLED) -> None:
    """``into`` takes each field of ``keys`` that it lacks and ``other`` gives."""
    for key in keys:
        into[key] = into.get(key) or other.get(key)


# a sum printed as a round approximation: 'over £1m', 'almost £1 million', 'just under £1.5m'
_ROUNDED = re.compile(r"\b(?:over|more\s+than|almost|nearly|just\s+(?:under|over)|around|about|approximately|roughly"
                      r"|circa|c\.|in\s+excess\s+of|upwards\s+of)\s*$", re.I)
_NEAR = 0.1  # a rounded figure within a tenth of an exact one is that sum restated


def merge_rounded(items: list[dict], text: str) -> list[dict]:
    """The items without those that round another ('PCC secures over £1m' and, below, '£1,015,994'):
    the exact sum takes the fields the rounded mention gave and it lacks."""
    rounded = [_rounded(item, text) for item in items]
    exact = [item for item, r in zip(items, rounded) if not r]
    kept = list(items)
    for item in (item for item, r in zip(items, rounded) if r):
        match = next((e for e in exact if _near(item, e)), None)
        if match:
            pool(match, item, ("period",) + POOLED)
            kept.remove(item)
    return kept


def _rounded(item: dict, text: str) -> bool:
    at = text.find(item.get("amount_text") or "£", item["char_start"], item["char_end"])
    return at >= 0 and bool(_ROUNDED.search(text, max(0, at - 30), at))


def _near(rounded: dict, exact: dict) -> bool:
    return rounded["amount_gbp"] != exact["amount_gbp"] and \
        abs(rounded["amount_gbp"] - exact["amount_gbp"]) <= _NEAR * exact["amount_gbp"]
