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

