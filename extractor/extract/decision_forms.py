"""Decisions recorded without a "RESOLVED" lead-in: in prose, verb first, as a carried proposal,
or as a ModernGov decision status (see :mod:`extractor.extract.decisions` for the rule list)."""
from __future__ import annotations

import re

from ..document import LIST_ITEM, PARAGRAPH
from .context import Context, clean_text
from .decision_common import item, meeting_body, procedural, relevant
from .recommendations import clean_body

_STATUS = re.compile(r"^Decision status:\s*(?P<text>.+)$", re.I)
_MAKER = re.compile(r"^Decision Maker:\s*(?P<body>.+)$", re.I)
# "Agreed the Safer Ashdale Partnership Plan ...", "Noted the report": minutes that leave out the subject
_VERB_FIRST = re.compile(r"^\W*(?P<verb>agreed|noted|approved|endorsed|adopted|deferred|rejected)\s+(?:the|that|to)\s", re.I)
# "Proposal that the assessment be adopted." then "Agreed by unanimous vote." / "Carried."
_PROPOSAL = re.compile(r"^\W*(?:proposal|motion|proposed|it\s+was\s+proposed)\b.{0,120}?\bthat\s+(?P<text>.+)$", re.I | re.S)
_CARRIED = re.compile(r"^\W*(?:agreed|carried|approved)\b(?:\s+(?:by|unanimously|nem\.?\s*con)[^.]*)?\.?\s*$", re.I)

# "councillors approved a decision to spend £172,512 on CCTV", "Cabinet agreed to fund two wardens"
_PROSE = re.compile(r"(?:^|(?<=[.;,]\s)|(?<=\n))(?P<text>(?:the\s+)?(?P<body>councillors|members|(?:[A-Z][\w&'-]*\s+){0,4}?"
                    r"(?:cabinet|committee|council|panel|board|executive))\s+(?:unanimously\s+|formally\s+|then\s+)?"
                    r"(?P<verb>approved|agreed|endorsed|adopted|rejected|refused|deferred)\b(?!\s+(?:that|with|to\s+note))"
                    r"[^.]{8,400}\.)", re.I)


def from_verb_first(ctx: Context) -> list[dict]:
    """'Agreed the Safer Ashdale Partnership Plan 2014-2017, subject to ...' as a block of minutes."""
    items = []
    for index, block in enumerate(ctx.blocks):
        m = _VERB_FIRST.match(block.text) if block.kind in (PARAGRAPH, LIST_ITEM) else None
        if m and not procedural(ctx, block.text) and relevant(ctx, index, block.text):
            items.append(item(ctx, block.start, block.end, meeting_body(ctx, index), clean_text(block.text),
                               m.group("verb"), "decision.verb_first", 0.7))
    return items


def from_proposals(ctx: Context) -> list[dict]:
    """A proposal recorded as carried: 'Proposal that X be adopted.' then 'Agreed by unanimous vote.'"""
    items = []
    for index, block in enumerate(ctx.blocks[:-1]):
        m = _PROPOSAL.match(block.text) if block.kind in (PARAGRAPH, LIST_ITEM) else None
        if m and _CARRIED.match(ctx.blocks[index + 1].text) and not procedural(ctx, block.text):
            items.append(item(ctx, block.start, block.end, meeting_body(ctx, index), clean_text(block.text),
                               "", "decision.carried", 0.7))
    return items


def from_prose(ctx: Context) -> list[dict]:
    """Decisions told in prose, a sentence whose subject is the deciding body, outside any resolution."""
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        if block.kind != PARAGRAPH or block.start in ctx.found.get("resolved_blocks", ()):
            continue
        for m in _PROSE.finditer(block.text):
            text = m.group("text")
            if not procedural(ctx, text) and relevant(ctx, index, text):
                s = block.start + m.start("text")
                items.append(item(ctx, s, s + len(text), clean_body(m.group("body")), clean_text(text), "",
                                   "decision.prose", 0.6))
    return items


def from_status(ctx: Context) -> list[dict]:
    maker = next((m.group("body").strip() for b in ctx.blocks if (m := _MAKER.match(b.text))), None)
    for block in ctx.blocks:
        m = _STATUS.match(block.text)
        if m and re.search(r"approved|agreed|noted|deferred|rejected", m.group("text"), re.I):
            s = block.start + ctx.document.text[block.start:block.end].find(m.group("text"))
            return [item(ctx, s, s + len(m.group("text")), maker, m.group("text"), "", "decision.status", 0.6)]
    return []
