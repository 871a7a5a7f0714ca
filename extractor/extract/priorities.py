"""The partnership's priorities: ranked lists, "Priority N: X" lines, inline lists.

Rules (ids in each item's ``rules``):
- ``priority.list``: list items after a lead-in that names priorities, themes or
  focus areas ("the seven priorities ... are:", a "Key Priorities" heading);
- ``priority.numbered``: "Priority 3 – Domestic Abuse" lines or table cells;
- ``priority.inline``: "the top key priorities included: A, B and C.";
- ``priority.table``: the rows of a table with a Priority (or Theme) column;
- ``priority.named``: "including Hate Crime as one of the key priorities",
  "the ASB priority".
Lead-ins owned by someone else (corporate priorities, the police's borough
priorities, the PCC's plan) are skipped unless they also name the partnership.
"""
from __future__ import annotations

import re

from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Block
from ..normalise.text import similar
from .context import Context, clean_text, contains_any, make_item, strip_trailing
from .risks import tables

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10}
_NUMBERED = re.compile(r"^\s*Priority\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:–—.-]\s*"
                       r"(?P<text>.+?)\s*$", re.I)
_NAMED_AS = re.compile(r"including\s+(?P<text>[A-Z][\w'’&\- ]{2,60}?)\s+as\s+(?:one\s+of\s+)?(?:the|our|its)\s+(?:key\s+|main\s+|top\s+)?priorit", re.S)
_NAMED_THE = re.compile(r"\bthe\s+(?P<text>(?:[A-Z][\w'’-]*\s+){0,4}?(?:[A-Z][\w'’-]*|[A-Z]{2,6})(?:\s+\([A-Z]{2,6}\))?)\s+priority\b")
_INLINE = re.compile(r"priorit(?:y|ies)\s+(?:for\s+[\w/ -]+?\s+)?(?:are|were|included|include|includes)\s*:?\s*(?P<list>[^.:;]+(?:\([^)]*\)[^.:;]*)*)\.", re.I)
MAX_WORDS = 30


def extract_priorities(ctx: Context) -> list[dict]:
    items = _from_lists(ctx)
    items += _dedupe_against(items, _from_numbered(ctx))
    items += _dedupe_against(items, _from_tables(ctx))
    if not items:
        items = _from_inline(ctx)
    items += _dedupe_against(items, _from_named(ctx))
    return items


# --- lead-in + list ----------------------------------------------------------------

def is_lead_in(ctx: Context, index: int) -> bool:
    """Does block ``index`` introduce a list of the partnership's priorities?"""
    block = ctx.blocks[index]
    text = block.text
    cue = contains_any(text, ctx.lexicon["priority_cues"])
    heading = block.kind == HEADING or ctx.section(index).heading == index
    if not cue or not (text.rstrip().endswith((":", ": -", ":-")) or (heading and len(text.split()) <= 8)):
        return False
    return _owned_by_partnership(ctx, text) and not _ACTIONS_FIRST.search(text)


_ACTIONS_FIRST = re.compile(r"\b(?:actions|activities|tasks|measures|steps|projects|initiatives|targets|indicators|kpis)\b[^:]*\b(?:priorit|focus area|theme)", re.I)


def _owned_by_partnership(ctx: Context, text: str) -> bool:
    foreign = contains_any(text, ctx.lexicon["not_partnership_owners"])
    return not foreign or contains_any(text, ctx.lexicon["partnership_words"])


def list_after(blocks: list[Block], index: int) -> list[Block]:
    """The run of list items (one level, one marker style) after block ``index``."""
    lead = blocks[index]
    run: list[Block] = []
    for block in blocks[index + 1:]:
        if block.kind != LIST_ITEM or (lead.kind == LIST_ITEM and block.level <= lead.level and _same_style(lead, block)):
            break
        if run and block.level > run[0].level:
            continue
        if run and (block.level != run[0].level or not _same_style(run[0], block)):
            break
        run.append(block)
    return run


def _style(marker: str | None) -> str:
    """'1.' and '2.' share a style, as do '(i)' and '(iv)', 'a)' and 'b)'; bullets by character."""
    if not marker:
        return ""
    last = marker.split()[-1]
    core = last.strip("()").rstrip(".)")
    if core[-1:].isdigit():
        return f"num{core.count('.')}{last[-1]}"
    if core.isalpha() and last != core:
        return "alpha" + ("(" if last.startswith("(") else ")")
    return last


def _same_style(a: Block, b: Block) -> bool:
    return _style(a.marker) == _style(b.marker)


_STRONG_LEAD = re.compile(r"\b(?:following|these|those|the\s+(?:\w+\s+)?(?:key|strategic|headline|main|top|proposed|new)?)\s*"
                          r"(?:priorities|priority themes|themes|focus areas|priority areas)\b"
                          r"|\b(?:priorities|themes|focus areas)\b[^:]{0,60}\b(?:are|were|include[sd]?|included)\b"
                          r"|^(?:key|strategic|our|partnership)?\s*priorities\b", re.I)


def _from_lists(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for i in range(len(ctx.blocks)):
        if is_lead_in(ctx, i):
            run = list_after(ctx.blocks, i) or _short_lines_after(ctx, i)
            run = [b for b in run if len(b.text.split()) <= MAX_WORDS]
            found = [_item(ctx, b.start, b.end, b.text, rank, "priority.list", 0.9) for rank, b in enumerate(run, 1)]
            if _themed(found) or _STRONG_LEAD.search(ctx.blocks[i].text):
                items += found
    return items


def _short_lines_after(ctx: Context, index: int) -> list[Block]:
    """Under a priorities heading, unbulleted short lines ("Serious Violence") are the list."""
    if ctx.section(index).heading != index or ctx.section(index).type != "priorities":
        return []
    run = []
    for block in ctx.blocks[index + 1:]:
        if block.kind not in (PARAGRAPH, HEADING) or len(block.text.split()) > 12 or block.text[-1] in ".:" \
                or _NUMBERED.match(block.text):
            break
        run.append(block)
    return run if len(run) >= 2 else []


def _themed(items: list[dict]) -> bool:
    """At least one item names a theme of the taxonomy."""
    return any(it["themes"] != ["other"] for it in items)


# --- a table with a Priority column ---------------------------------------------------

_PRIORITY_HEADER = re.compile(r"^(?:our\s+|key\s+|strategic\s+|partnership\s+|csp\s+)?"
                              r"(?:priorit(?:y|ies)|priority themes?|themes?|focus areas?)$", re.I)


def _from_tables(ctx: Context) -> list[dict]:
    """Rows of a table whose header names a Priority (or Theme) column, ranked in row order."""
    items: list[dict] = []
    for table in tables(ctx.blocks):
        col = next((i for i, c in enumerate(table[0].cells) if _PRIORITY_HEADER.match(c.text.strip(" :"))), None)
        cells = [r.cells[col] for r in table[1:] if col is not None and len(r.cells) > col and r.cells[col].text]
        found = [_item(ctx, c.start, c.end, c.text, rank, "priority.table", 0.8)
                 for rank, c in enumerate(cells, 1) if len(c.text.split()) <= 15]
        items += found if _themed(found) else []
    return items


# --- "Priority N – X" --------------------------------------------------------------

def _from_numbered(ctx: Context) -> list[dict]:
    seen: dict[int, dict] = {}
    for block in ctx.blocks:
        for start, end, raw in _block_texts(block):
            m = _NUMBERED.match(raw)
            n = _rank_number(m.group("n")) if m else None
            if m and n not in seen:
                s = start + m.start("text")
                seen[n] = _item(ctx, s, start + m.end("text"), m.group("text"), n, "priority.numbered", 0.85)
    return [seen[n] for n in sorted(seen)]


def _rank_number(text: str) -> int:
    return int(text) if text.isdigit() else _WORD_NUMBERS[text.lower()]


def _block_texts(block: Block) -> list[tuple[int, int, str]]:
    if block.kind == TABLE_ROW:
        return [(c.start, c.end, c.text) for c in block.cells[:1]]
    if block.kind in (HEADING, PARAGRAPH) and len(block.text) < 120:
        return [(block.start, block.end, block.text)]
    return []


# --- inline lists and single named priorities -----------------------------------------

def _from_inline(ctx: Context) -> list[dict]:
    items: list[dict] = []
    text = ctx.document.text
    for block in ctx.blocks:
        if block.kind not in (PARAGRAPH, LIST_ITEM):
            continue
        raw = text[block.start:block.end]
        for m in _INLINE.finditer(raw):
            if _owned_by_partnership(ctx, raw[max(0, m.start() - 200):m.end()]):
                base = block.start + m.start("list")
                parts = split_enumeration(ctx, m.group("list"), base)
                if not _looks_like_enumeration(m.group("list"), parts):
                    continue
                items += [_item(ctx, base + s, base + e, m.group("list")[s:e], rank, "priority.inline", 0.75)
                          for rank, (s, e) in enumerate(parts, 1)]
    return items


def _looks_like_enumeration(text: str, parts: list[tuple[int, int]]) -> bool:
    """At least two short members, each starting with a capital letter."""
    members = [text[s:e] for s, e in parts]
    return len(members) >= 2 and all(m[:1].isupper() and len(m.split()) <= 12 for m in members)


def split_enumeration(ctx: Context, text: str, base: int) -> list[tuple[int, int]]:
    """Spans of the members of "A (x, y), B and C" (commas inside brackets kept)."""
    cuts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            cuts.append((start, i))
            start = i + 1
    cuts.append((start, len(text)))
    last_s, last_e = cuts.pop()
    cuts += _split_last_and(ctx, text, last_s, last_e, base)
    return [_trim(text, s, e) for s, e in cuts if text[s:e].strip()]


def _split_last_and(ctx: Context, text: str, s: int, e: int, base: int) -> list[tuple[int, int]]:
    """Split "A and B" at the last 'and' that is not inside a theme phrase ('&' joins names)."""
    protected = [(t.start_char - base, t.end_char - base) for t in ctx.themes(base + s, base + e)]
    for m in reversed(list(re.finditer(r"\s+and\s+", text[s:e]))):
        pos = s + m.start()
        if not any(a <= pos < b for a, b in protected):
            return [(s, pos), (s + m.end(), e)]
    return [(s, e)]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \n\t":
        s += 1
    while e > s and text[e - 1] in " \n\t.;,":
        e -= 1
    return s, e


def _from_named(ctx: Context) -> list[dict]:
    items: list[dict] = []
    text = ctx.document.text
    for block in ctx.blocks:
        raw = text[block.start:block.end]
        for rx, rule in ((_NAMED_AS, "priority.named_as"), (_NAMED_THE, "priority.named_the")):
            for m in rx.finditer(raw):
                if len(m.group("text").split()) <= 6:
                    s = block.start + m.start("text")
                    items.append(_item(ctx, s, block.start + m.end("text"), m.group("text"), None, rule, 0.6))
    return items


# --- building ------------------------------------------------------------------------

_NEW_MARK = re.compile(r"\s*\((?:new|new item|new priority|added)\)\s*$", re.I)


def _item(ctx: Context, start: int, end: int, text: str, rank, rule: str, confidence: float) -> dict:
    cleaned = _NEW_MARK.sub("", strip_trailing(clean_text(text)))
    return make_item(ctx, start, end, {"rank": rank, "text": cleaned, "themes": themes_of(ctx, start, end)},
                     [rule], confidence)


def themes_of(ctx: Context, start: int, end: int) -> list[str]:
    """Theme ids found in a span, in order of appearance; ['other'] when none."""
    found: list[str] = []
    for span in ctx.themes(start, end):
        if span.label_ not in found:
            found.append(span.label_)
    return found or ["other"]


def _dedupe_against(kept: list[dict], new: list[dict]) -> list[dict]:
    out = []
    for item in new:
        if not any(similar(item["text"], k["text"]) or _same_rank(item, k) for k in kept + out):
            out.append(item)
    return out


def _same_rank(a: dict, b: dict) -> bool:
    return a["rank"] is not None and a["rank"] == b["rank"] and "priority.numbered" in a["rules"]
