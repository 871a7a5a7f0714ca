"""The partnership's priorities: ranked lists, "Priority N: X" lines, inline lists.

Rules (ids in each item's ``rules``):
- ``priority.list``: what follows a lead-in that names priorities, themes or
  focus areas ("the seven priorities ... are:", a "Key Priorities" heading):
  list items; short unbulleted lines; short title lines each followed by their
  own description or bullets ("The four strategic priorities are:" / "Safe and
  confident communities" / "• Tackling ..."); "Title: description" paragraphs
  (the titles); or, where the lead-in splits them by owner ("SSCB:" a list,
  "CSP:" a list), the list under the partnership's own name;
- ``priority.numbered``: "Priority 3 – Domestic Abuse" lines or table cells;
- ``priority.inline``: "the top key priorities included: A, B and C.", "the
  priorities outlined in the Plan included a, b and c." (a few words may stand
  between "priorities" and the verb), and "the other priorities are A; B; and C";
- ``priority.table``: the rows of a table with a Priority (or Theme) column;
- ``priority.named``: "including Hate Crime as one of the key priorities",
  "had recognised violence against women as high priority", "the ASB priority".
Lead-ins owned by someone else (corporate priorities, the police's borough
priorities, the PCC's plan) are skipped unless they also name the partnership.
"""
from __future__ import annotations

import re

from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Block
from ..normalise.text import similar
from .context import Context, clean_text, contains_any, make_item, strip_trailing
from .lists import list_after, same_style
from .priority_prose import inline_lists, owned_by_partnership as _owned_by_partnership, partnership_focus
from .risks import tables

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10}
_NUMBERED = re.compile(r"^\s*Priority\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:–—.\t-]\s*"
                       r"(?P<text>.+?)\s*$", re.I)
_NAMED_AS = re.compile(r"including\s+(?P<text>[A-Z][\w'’&\- ]{2,60}?)\s+as\s+(?:one\s+of\s+)?(?:the|our|its)\s+(?:key\s+|main\s+|top\s+)?priorit", re.S)
_NAMED_RECOGNISED = re.compile(r"\b(?:recognised|recognized|identified|named|chosen|agreed|adopted|made)\s+"
                               r"(?P<text>[\w'’&-]+(?:\s+[\w'’&-]+){0,5}?)\s+as\s+(?:a\s+|the\s+|its\s+|their\s+|"
                               r"one\s+of\s+(?:the|its|our|their)\s+)?(?:high|key|top|main|strategic)?\s*priorit", re.I)
_NAMED_THE = re.compile(r"\bthe\s+(?P<text>(?:[A-Z][\w'’-]*\s+){0,4}?(?:[A-Z][\w'’-]*|[A-Z]{2,6})(?:\s+\([A-Z]{2,6}\))?)\s+priority\b")
_PRIORIT = re.compile(r"priorit", re.I)
MAX_WORDS = 30


def extract_priorities(ctx: Context) -> list[dict]:
    items = _from_lists(ctx)
    items += _dedupe_against(items, _from_numbered(ctx))
    items += _dedupe_against(items, _from_tables(ctx))
    if not items:
        items = _from_inline(ctx)
    items += _dedupe_against(items, _from_named(ctx))
    items += _dedupe_against(items, _from_label(ctx))
    return [it for it in items if not _SURVEY_SHARE.match(it["text"])]


_SURVEY_SHARE = re.compile(r"\W*\d{1,3}(?:\.\d+)?\s*%")  # "95% agreed that X should be a priority": what a survey found


# "Priority: Stop domestic abuse" heading a plan's page (not "Priority: High" in an action plan)
_LABEL_VALUE = r"[A-Z][^.:;]{3,80}"
_PRIORITY_LABEL_LINE = re.compile(rf"^\W*(?:Our\s+)?Priority\s*:\s*(?P<text>{_LABEL_VALUE})\s*$")


def _from_label(ctx: Context) -> list[dict]:
    items = []
    for block in ctx.blocks:
        for s, e, text in _label_values(block):
            found = _item(ctx, s, e, text, None, "priority.label", 0.7) if len(text.split()) <= 10 else None
            items += [found] if found and found["themes"] != ["other"] else []
    return items


def _label_values(block: Block) -> list[tuple[int, int, str]]:
    """The value of a 'Priority: X' line or of a cover sheet's 'Priority | X |' row."""
    if block.kind == TABLE_ROW and len(block.cells) == 2 and block.cells[0].text.strip(" :").lower() == "priority":
        cell = block.cells[1]
        return [(cell.start, cell.end, cell.text)] if re.fullmatch(rf"{_LABEL_VALUE}\s*", cell.text) else []
    m = _PRIORITY_LABEL_LINE.match(block.text) if block.kind in (HEADING, PARAGRAPH) else None
    return [(block.start + m.start("text"), block.start + m.end("text"), m.group("text"))] if m else []


# --- lead-in + list ----------------------------------------------------------------

def is_lead_in(ctx: Context, index: int) -> bool:
    """Does block ``index`` introduce a list of the partnership's priorities?"""
    block = ctx.blocks[index]
    text = block.text
    cue = contains_any(text, ctx.lexicon["priority_cues"]) or partnership_focus(ctx, text)
    heading = block.kind == HEADING or ctx.section(index).heading == index
    # "the five priorities of the CSP" + a list, or + that many title lines, each with its paragraph
    counted = _stated_count(text) is not None and (_nested_run(ctx, index) or _titled_after(ctx, index))
    titled = _titles_a_list(ctx, index) or _following_then_list(ctx, index)
    if not cue or not (text.rstrip().endswith((":", ": -", ":-")) or (heading and len(text.split()) <= 8) or counted
                       or titled):
        return False
    last = re.split(r"(?<=[.!?])\s+", text.strip())[-1]  # the sentence that leads into the list
    return _owned_by_partnership(ctx, text) and not _ACTIONS_FIRST.search(last) and not _MIXED_LEAD.search(last) \
        and not _RESIDENTS.search(last) and not _ONE_PRIORITY.search(last) and not _BESIDE_PRIORITIES.search(text) \
        and not _ABOUT_PRIORITIES.search(last)


def _nested_run(ctx: Context, index: int) -> list[Block]:
    """The list after a block; after a list item with no colon, only a deeper one (the items after
    '· ... two cross cutting themes, namely A and B.' at its own level are its parent's siblings)."""
    run = list_after(ctx.blocks, index)
    lead = ctx.blocks[index]
    if run and lead.kind == LIST_ITEM and not lead.text.rstrip().endswith(":") and run[0].level <= lead.level:
        return []
    return run


def _titles_a_list(ctx: Context, index: int) -> bool:
    """'Our priorities' or 'Partnership priorities 2024-25' on a line of its own, a list under it:
    a heading the reader could not tell from a paragraph."""
    block = ctx.blocks[index]
    return block.kind == PARAGRAPH and len(block.text.split()) <= 8 and block.text.rstrip()[-1:].isalnum() \
        and bool(list_after(ctx.blocks, index))


# "The Partnership has agreed the following priority areas for delivery." and a list: a full stop
# where a colon would be
_FOLLOWING_END = re.compile(r"\bthe\s+following\s+(?:[\w-]+\s+){0,2}(?:priorities|priority\s+(?:areas|themes)|themes|"
                            r"focus\s+areas)\b[^.:;]{0,40}\.\s*$", re.I)


def _following_then_list(ctx: Context, index: int) -> bool:
    return bool(_FOLLOWING_END.search(ctx.blocks[index].text)) and bool(list_after(ctx.blocks, index))


# "priorities and challenges ... included:" lists findings, not the partnership's priorities
# "the most important community safety priorities for residents were:": what a survey found, not the plan's
_RESIDENTS = re.compile(r"priorit\w*\s+(?:for|of)\s+(?:local\s+)?(?:residents|respondents|the\s+public|people\s+who)"
                        r"|(?:residents|respondents|public)['’]?s?\s+(?:top\s+|main\s+)?priorities", re.I)
# "The main focus for this priority is:", "addressing this priority by:": what one priority covers or does
_ONE_PRIORITY = re.compile(r"\b(?:this|that|each|the|a)\s+priority\b(?!\s+(?:areas?|themes?|groups?|issues?))", re.I)
_MIXED_LEAD = re.compile(r"priorit\w*\s+(?:and|&)\s+(?:the\s+)?(?:challenges|findings|issues|risks|opportunities|concerns)", re.I)
# "In addition to these main priority areas, the following crosscutting topics will also be considered:";
# "an update on the 3 ward priorities": a police ward panel's, not the partnership's
_BESIDE_PRIORITIES = re.compile(r"\bward\s+(?:panel\s+)?priorities\b|\bin\s+addition\s+to\s+(?:the|these|those|our)\b"
                                r"[^,:]{0,40}\bpriorit\w*(?:\s+\w+)?\s*,\s*the\s+following\s+(?!(?:\w+\s+)?priorit)", re.I)
# "Feedback on priorities:", "Comments on the draft priorities:": what people said about them
_ABOUT_PRIORITIES = re.compile(r"\b(?:feedback|comments?|questions?|discussions?|observations|views|concerns)\s+"
                               r"(?:on|about|regarding)\s+(?:the\s+)?(?:[\w-]+\s+)?priorit", re.I)
_ACTIONS_FIRST = re.compile(r"\b(?:actions|activities|tasks|measures|steps|projects|initiatives|targets|indicators|kpis|"
                            r"highlights|progress|updates|achievements)\b[^:]*\b(?:priorit|focus area|theme)", re.I)


_STRONG_LEAD = re.compile(r"\b(?:following|these|those|the\s+(?:\w+\s+)?(?:key|strategic|headline|main|top|proposed|new)?)\s*"
                          r"(?:priorities|priority themes|themes|focus areas|priority areas)\b"
                          r"|\b(?:priorities|themes|focus areas)\b[^:]{0,60}\b(?:are|were|include[sd]?|included)\b"
                          r"|^(?:key|strategic|our|partnership)?\s*priorities\b", re.I)


def _from_lists(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for i in range(len(ctx.blocks)):
        if is_lead_in(ctx, i):
            spans = _listed_after(ctx, i)
            found = [_item(ctx, s, e, ctx.document.text[s:e], rank, "priority.list", 0.9)
                     for rank, (s, e) in enumerate(spans, 1)]
            if _themed(found) or _STRONG_LEAD.search(ctx.blocks[i].text):
                items += found
    return items


def _listed_after(ctx: Context, index: int) -> list[tuple[int, int]]:
    """Spans of the priorities a lead-in introduces, in the first form that fits."""
    run = list_after(ctx.blocks, index) or _siblings_after(ctx, index) or _short_lines_after(ctx, index)
    if run:
        count = _stated_count(ctx.blocks[index].text)
        run = run[:count] if count and not ctx.blocks[index].text.rstrip().endswith(":") else run
        return [_title_of(ctx, b) for b in run if len(b.text.split()) <= MAX_WORDS or _title_of(ctx, b) != (b.start, b.end)]
    return _titled_after(ctx, index) or _titles_before_colons(ctx, index) or _owned_sub_list(ctx, index)


# "Anti-Social Behaviour (inc. criminal damage): the partnership will ...", "Prevent - The prevent priority ..."
_TITLED_ITEM = re.compile(r"^(?P<title>[A-Z](?:[^:.;()]|\([^)]*\)){1,160}?)(?:\s*:\s+|\s+[-–—]\s+)(?P<rest>\S.*)$", re.S)


def _title_of(ctx: Context, block: Block) -> tuple[int, int]:
    """A list item's span, or only its title where the item is 'Title: a description of it', or
    only its name where it is 'Priority 1 - Keeping children safe.'"""
    numbered = _NUMBERED.match(block.text)
    if numbered:
        return block.start + numbered.start("text"), block.start + numbered.end("text")
    m = _TITLED_ITEM.match(block.text)
    if m and len(re.sub(r"\([^)]*\)", "", m.group("title")).split()) <= _SHORT and len(m.group("rest").split()) >= 6:
        return block.start + m.start("title"), block.start + m.end("title")
    return block.start, block.end


def _siblings_after(ctx: Context, index: int) -> list[Block]:
    """A list item that leads in ('· The five priorities ... summarised as:') introduces the items
    after it at its own level, where a reader has flattened the nesting."""
    lead = ctx.blocks[index]
    if lead.kind != LIST_ITEM or not lead.text.rstrip().endswith(":"):
        return []
    run = []
    for block in ctx.blocks[index + 1:]:
        if block.kind != LIST_ITEM or block.level != lead.level or not same_style(lead, block):
            break
        run.append(block)
    return run


_SHORT = 12  # words in a title line


def _is_title_line(block: Block) -> bool:
    """A short line without final punctuation; or a two-cell row as short ('Robbery | Key
    recommendations |', the line 'Robbery: Key recommendations' as a cover sheet prints it)."""
    text = block.text.strip().rstrip(" -–")  # "... discussed the following issues in detail:-" leads in
    row = block.kind == TABLE_ROW and len(block.cells or []) == 2
    return (block.kind in (PARAGRAPH, HEADING) or row) and 0 < len(text.split()) <= _SHORT and text[-1] not in ".:;," \
        and any(c.isalpha() for c in text)  # not a lone bullet glyph


def _stated_count(text: str) -> int | None:
    """'The four strategic priorities are:' -> 4."""
    m = re.search(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:\w+\s+){0,3}?"
                  r"(?:priorities|themes|focus areas|priority areas)\b", text, re.I)
    return _rank_number(m.group(1)) if m else None


def _titled_after(ctx: Context, index: int) -> list[tuple[int, int]]:
    """Short title lines, each followed by its own bullets or description paragraph."""
    count, titles, i = _stated_count(ctx.blocks[index].text), [], index + 1
    while i < len(ctx.blocks) and _is_title_line(ctx.blocks[i]) and (count is None or len(titles) < count):
        body = list_after(ctx.blocks, i) or _sub_led_list(ctx, i) or _description_after(ctx, i)
        if not body and i + 1 < len(ctx.blocks):
            break
        if not body:  # the excerpt ends on a title
            titles.append(ctx.blocks[i])
            i += 1
            break
        titles.append(ctx.blocks[i])
        i = ctx.block_index(body[-1]) + 1
    cut_off = i >= len(ctx.blocks)  # an excerpt that stops inside the list
    if len(titles) < 2 or (count is not None and len(titles) != count and not cut_off):
        return []
    return [(b.start, b.end) for b in titles]


def _description_after(ctx: Context, index: int) -> list[Block]:
    """The paragraphs (up to three) that describe a title line, each longer than a title."""
    body = []
    for b in ctx.blocks[index + 1:index + 4]:
        if b.kind != PARAGRAPH or len(b.text.split()) <= _SHORT:
            break
        body.append(b)
    return body


def _sub_led_list(ctx: Context, index: int) -> list[Block]:
    """'Focusing on:' and its bullets under a title line."""
    nxt = index + 1
    if nxt < len(ctx.blocks) and ctx.blocks[nxt].text.rstrip().endswith(":") and len(ctx.blocks[nxt].text.split()) <= 4:
        return list_after(ctx.blocks, nxt)
    return []


_TITLE_COLON = re.compile(r"^(?P<title>[A-Z][^:.;]{2,90}?)\s*:\s+\S")


def _titles_before_colons(ctx: Context, index: int) -> list[tuple[int, int]]:
    """'Serious Violence (including robbery): Work with partners to ...' paragraphs: the titles."""
    spans = []
    for block in ctx.blocks[index + 1:]:
        m = _TITLE_COLON.match(block.text) if block.kind in (PARAGRAPH, LIST_ITEM) else None
        if not m or len(m.group("title").split()) > _SHORT:
            break
        spans.append((block.start + m.start("title"), block.start + m.end("title")))
    return spans if len(spans) >= 2 else []


def _owned_sub_list(ctx: Context, index: int) -> list[tuple[int, int]]:
    """'SSCB:' then a list, 'CSP:' then a list: the list under the partnership's own name."""
    i, chosen = index + 1, []
    while i < len(ctx.blocks) and ctx.blocks[i].text.rstrip().endswith(":") and len(ctx.blocks[i].text.split()) <= 6:
        items = list_after(ctx.blocks, i)
        if not items:
            break
        if contains_any(ctx.blocks[i].text, ctx.lexicon["partnership_words"]) and not chosen:
            chosen = items
        i = ctx.block_index(items[-1]) + 1
    return [(b.start, b.end) for b in chosen]


def _short_lines_after(ctx: Context, index: int) -> list[Block]:
    """Under a priorities heading, or after "Our three priorities are:", unbulleted short lines
    ("Serious Violence") are the list; a stated count caps it."""
    lead = ctx.blocks[index].text.rstrip()
    under_heading = ctx.section(index).heading == index and ctx.section(index).type == "priorities"
    count = _stated_count(lead)
    if not under_heading and not lead.endswith(":"):
        return []  # plain lines after a colon lead-in: only a counted run or one indented alike (below)
    run = []
    for block in ctx.blocks[index + 1:index + 1 + (count or len(ctx.blocks))]:
        if block.kind not in (PARAGRAPH, HEADING) or len(block.text.split()) > 12 or block.text[-1] in ".:" \
                or _NUMBERED.match(block.text) or ": " in block.text:
            break
        run.append(block)
    indented = len(run) >= 2 and run[0].level > 0 and all(b.level == run[0].level for b in run)
    if not under_heading and len(run) != count and not (lead.endswith(":") and indented):
        return []  # uncounted lines after a colon only when indented alike, their bullets lost
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

_N = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
# "Priority One: Domestic Abuse  Priority Two: ..." or a contents line "7. Priority One: X 8. Priority Two: Y"
_NUMBERED_RUN = re.compile(rf"(?:^|(?<=\s))Priority\s+(?P<n>{_N})\s*[:–—.-]\s*(?P<text>.+?)\s*"
                           rf"(?=(?:\s\d{{1,3}}\.?)?\s+Priority\s+{_N}\s*[:–—.-]|\s*$)", re.I)


def _from_numbered(ctx: Context) -> list[dict]:
    seen: dict[int, dict] = {}
    for block in ctx.blocks:
        label = _labelled_row(block)
        if label is not None:  # "Priority Two | Tackling Anti-Social Behaviour |" on a cover sheet
            n, cell = label
            seen.setdefault(n, _item(ctx, cell.start, cell.end, cell.text, n, "priority.numbered", 0.85))
            continue
        for start, end, raw in _block_texts(block):
            matches = _run_together(raw) or [m for m in [_NUMBERED.match(_first_sentence(raw))] if m]
            for m in matches:
                n = _rank_number(m.group("n"))
                if n not in seen:
                    s = start + m.start("text")
                    seen[n] = _item(ctx, s, start + m.end("text"), m.group("text"), n, "priority.numbered", 0.85)
    return [seen[n] for n in sorted(seen)]


def _first_sentence(text: str) -> str:
    """'Priority 1 – reduce repeat offending. The aim was ...': the name is the first sentence."""
    m = re.search(r"(?<=[a-z)])\.\s+(?=[A-Z])", text)
    return text[:m.start() + 1] if m else text


def _run_together(raw: str) -> list[re.Match]:
    """'Priority One: X  Priority Two: Y' run together on one line, or a contents line: the line is
    nothing but such entries (a short number before the first), each a short name."""
    found = list(_NUMBERED_RUN.finditer(raw))
    if len(found) < 2 or found[0].start() > 6:
        return []
    return found if all(len(m.group("text").split()) <= _SHORT for m in found) else []


def _rank_number(text: str) -> int:
    return int(text) if text.isdigit() else _WORD_NUMBERS[text.lower()]


def _labelled_row(block: Block):
    """(rank, value cell) of a 'Priority N | name' table row, else None."""
    if block.kind != TABLE_ROW or len(block.cells) < 2:
        return None
    m = _PRIORITY_LABEL.match(block.cells[0].text)
    return (_rank_number(m.group("n")), block.cells[1]) if m else None


_PRIORITY_LABEL = re.compile(r"^\s*Priority\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*$", re.I)


def _block_texts(block: Block) -> list[tuple[int, int, str]]:
    if block.kind == TABLE_ROW:
        return [(c.start, c.end, c.text) for c in block.cells[:1]]
    if block.kind in (HEADING, PARAGRAPH, LIST_ITEM) and (len(_first_sentence(block.text)) < 240
                                                          or len(_NUMBERED_RUN.findall(block.text)) > 1):
        return [(block.start, block.end, block.text)]
    return []


# --- inline lists and single named priorities -----------------------------------------

def _from_inline(ctx: Context) -> list[dict]:
    """Prose lists ("the priorities are A, B and C"): see :mod:`priority_prose`."""
    return [_item(ctx, s, e, text, rank, "priority.inline", 0.75)
            for members in inline_lists(ctx) for rank, (s, e, text) in enumerate(members, 1)]


def _from_named(ctx: Context) -> list[dict]:
    items: list[dict] = []
    text = ctx.document.text
    for block in ctx.blocks:
        raw = text[block.start:block.end]
        if not _PRIORIT.search(raw):
            continue  # each form names a 'priority'
        for rx, rule in ((_NAMED_AS, "priority.named_as"), (_NAMED_THE, "priority.named_the"),
                         (_NAMED_RECOGNISED, "priority.named_as")):
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
