"""Formal recommendations put to a decision-making body.

Rules:
- ``rec.section``: requests inside a Recommendation(s) section, one per
  numbered item (inline "1. Note ...; and 2. Approve ..." split too), with the
  addressee from the text's subject, a lead-in ("Committee is asked to:") or
  the heading ("Recommendation to Cabinet");
- ``rec.table``: a cover-sheet row labelled Recommendations;
- ``rec.cue``: a sentence elsewhere that asks a body to act ("asked Members to
  note", "the Committee is being asked ... to consider");
- ``rec.motion``: a motion in minutes ("It was moved by ... that X be adopted").
"Reason for recommendation" ends a section; sentences that record a decision
("Members agreed that ...") are decisions, not recommendations.
"""
from __future__ import annotations

import re

from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW
from ..normalise.text import similar
from ..analyse.segment import classify_heading, load_lexicon as load_headings
from .context import Context, clean_text, contains_any, make_item, strip_trailing

_REASON = re.compile(r"^\s*reasons?\s+for\s+(?:the\s+)?recommendation", re.I)
_INLINE_NUM = re.compile(r"(?:^|(?<=[\s;:]))(\d{1,2})[.)]\s+(?=[A-Z])")
_LEAD = re.compile(r"^(?P<lead>[^:]{3,160}?):\s*(?P<rest>\S.*)$", re.S)
_LEAD_STRIP = re.compile(r"^(?:that\s+|it\s+(?:is|was)\s+recommended\s+that\s+|members\s+of\s+|the\s+)+", re.I)
_MOTION = re.compile(r"\b(?:moved|proposed)\s+by\b.{0,160}?\bthat\s+(?P<text>.+)$", re.I | re.S)
_AS_DONE_BY = re.compile(r"\bas\s+(?:adopted|approved|agreed|endorsed)\s+by\b", re.I)
CS_TERMS = ("community safety", "crime", "disorder", "csp", "partnership", "anti-social", "asb", "police",
            "safer", "violence", "abuse", "priorities", "strategic assessment")


def extract_recommendations(ctx: Context) -> list[dict]:
    items = _from_sections(ctx) + _from_tables(ctx)
    items += _new(items, _from_cues(ctx)) + _new(items, _from_motions(ctx))
    return items


# --- units: pieces of text that may hold one request each ----------------------------

def split_numbered(text: str) -> list[tuple[int, int]]:
    """'1. Note the Report; and 2. Approve X' -> spans of 'Note the Report' and 'Approve X'."""
    marks = [m for m in _INLINE_NUM.finditer(text)]
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) < 2 or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return [(0, len(text))]
    spans = [(m.end(), marks[k + 1].start() if k + 1 < len(marks) else len(text)) for k, m in enumerate(marks)]
    return [_strip_joiners(text, s, e) for s, e in spans]


def _strip_joiners(text: str, s: int, e: int) -> tuple[int, int]:
    chunk = text[s:e]
    m = re.search(r"[;,]?\s*(?:and|or)?\s*$", chunk)
    return s, s + (m.start() if m else len(chunk))


def actions_of(ctx: Context, text: str) -> list[str]:
    """Action lemmas asked for, in order of appearance."""
    low = _AS_DONE_BY.sub(" ", text.lower())
    found = []
    for lemma, forms in ctx.lexicon["actions"].items():
        hits = [m.start() for f in forms for m in re.finditer(rf"(?<![a-z]){re.escape(f)}(?![a-z])", low)]
        if hits:
            found.append((min(hits), lemma))
    return [lemma for _, lemma in sorted(found)]


def addressee_in(ctx: Context, start: int, end: int) -> str | None:
    """The body a request is put to, when the request names it as subject or object of 'asked'."""
    cues = ctx.patterns(start, end, "REC_CUE")
    bodies = ctx.patterns(start, end, "BODY")
    for cue in cues:
        if cue.id_ == "cue.asked_someone":
            return clean_body(" ".join(t.text for t in cue[1:-1]))
    first_verb = cues[0].start_char if cues else _first_action_pos(ctx, start, end)
    before = [b for b in bodies if b.end_char <= first_verb]
    if before and not ctx.document.text[start:end].lstrip().lower().startswith("to "):
        return clean_body(before[-1].text)
    to_body = next((c for c in cues if c.id_ == "cue.recommended_to"), None)
    return clean_body(" ".join(t.text for t in to_body[2:])) if to_body is not None else None


def _first_action_pos(ctx: Context, start: int, end: int) -> int:
    text = ctx.document.text[start:end].lower()
    positions = [m.start() for forms in ctx.lexicon["actions"].values() for f in forms
                 for m in re.finditer(rf"(?<![a-z]){re.escape(f)}(?![a-z])", text)]
    return start + min(positions) if positions else end


def clean_body(text: str) -> str | None:
    t = _LEAD_STRIP.sub("", text.strip()).strip(" ,")
    return t or None


def _item(ctx: Context, start: int, end: int, addressee: str | None, rule: str, confidence: float,
          own_addressee: bool = True) -> dict | None:
    """One recommendation; its own subject ("That Cabinet approves") beats the section's addressee."""
    raw = ctx.document.text[start:end]
    text = strip_trailing(clean_text(raw))
    if len(text) < 4:
        return None
    own = addressee_in(ctx, start, end) if own_addressee else None
    fields = {"addressee": own or addressee, "actions": actions_of(ctx, text), "text": text}
    return make_item(ctx, start, end, fields, [rule], confidence)


# --- recommendation sections ------------------------------------------------------

def _from_sections(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for section in ctx.sections:
        if section.type == "recommendations":
            items += _section_items(ctx, section)
    return items


def _section_items(ctx: Context, section) -> list[dict]:
    items, addressee = [], section.addressee
    for index in range(section.first, section.last):
        block = ctx.blocks[index]
        if _REASON.match(block.text) or (block.kind == HEADING and not _is_lead_in(ctx, block.start, block.end)):
            break
        if block.kind not in (PARAGRAPH, LIST_ITEM, HEADING):
            continue
        addressee, found = _unit_items(ctx, block.start, block.end, addressee, "rec.section")
        items += found
    return items


def _unit_items(ctx: Context, start: int, end: int, addressee, rule: str) -> tuple:
    """Items in one block or cell: an optional lead-in, then one or more numbered requests."""
    raw = ctx.document.text[start:end]
    lead = _LEAD.match(raw)
    if lead and _is_lead_in(ctx, start, start + lead.end("lead") + 1):
        addressee = addressee_in(ctx, start, start + lead.end("lead")) or addressee
        start, raw = start + lead.start("rest"), lead.group("rest")
    elif _is_lead_in(ctx, start, end):
        return addressee_in(ctx, start, end) or _body_only(ctx, start, end) or addressee, []
    found = [_item(ctx, start + s, start + e, addressee, rule, 0.9) for s, e in split_numbered(raw)]
    return addressee, [f for f in found if f and _is_request(ctx, f)]


def _is_lead_in(ctx: Context, start: int, end: int) -> bool:
    text = ctx.document.text[start:end].strip()
    return text.endswith(":") and bool(ctx.patterns(start, end, "REC_CUE") or ctx.patterns(start, end, "BODY")
                                       or "recommend" in text.lower())


def _body_only(ctx: Context, start: int, end: int) -> str | None:
    bodies = ctx.patterns(start, end, "BODY")
    return clean_body(bodies[-1].text) if bodies else None


def _is_request(ctx: Context, item: dict) -> bool:
    text = item["text"]
    return bool(item["actions"]) or bool(re.match(r"^(?:that|to)\b", text, re.I))


# --- cover-sheet tables --------------------------------------------------------------

def _from_tables(ctx: Context) -> list[dict]:
    headings = load_headings(ctx.models_dir)
    items: list[dict] = []
    for block in ctx.blocks:
        if block.kind == TABLE_ROW and len(block.cells) >= 2:
            kind, _ = classify_heading(block.cells[0].text, headings)
            if kind == "recommendations":
                cell = block.cells[1]
                items += _unit_items(ctx, cell.start, cell.end, None, "rec.table")[1]
    return items


# --- cue sentences and motions elsewhere ------------------------------------------------

def _from_cues(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        if ctx.section(index).type == "recommendations" or block.kind not in (PARAGRAPH, LIST_ITEM):
            continue
        for sent in ctx.sentences(block.start, block.end):
            if _asks_a_body(ctx, sent) and not _procedural(ctx, sent.text):
                item = _item(ctx, sent.start_char, sent.end_char, None, "rec.cue", 0.7)
                items += [item] if item and item["actions"] else []
    return items


def _asks_a_body(ctx: Context, sent) -> bool:
    cues = [c for c in ctx.patterns(sent.start_char, sent.end_char, "REC_CUE") if c.id_ != "cue.it_is_recommended"]
    if not cues or ctx.patterns(sent.start_char, sent.end_char, "DECISION_CUE"):
        return False
    return addressee_in(ctx, sent.start_char, sent.end_char) is not None and not sent.text.rstrip().endswith(":")


def _procedural(ctx: Context, text: str) -> bool:
    return contains_any(text, ctx.lexicon["procedural"])


def _from_motions(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for block in ctx.blocks:
        if block.kind not in (PARAGRAPH, LIST_ITEM):
            continue
        for sent in ctx.sentences(block.start, block.end):
            m = _MOTION.search(sent.text)
            if m and contains_any(m.group("text"), CS_TERMS) and not _procedural(ctx, sent.text):
                item = _item(ctx, sent.start_char + m.start("text"), sent.end_char, ctx.fields.get("meeting_body"),
                             "rec.motion", 0.6, own_addressee=False)
                items += [item] if item else []
    return items


def _new(kept: list[dict], new: list[dict]) -> list[dict]:
    return [n for n in new if not any(similar(n["text"], k["text"]) for k in kept)]
