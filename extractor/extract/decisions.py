"""What a body resolved or decided, from minutes and decision notices.

Rules:
- ``decision.lead_in``: "RESOLVED that the X" / "The Committee agreed that:" /
  a body named under a Decision: heading, followed by lettered or numbered
  items (one decision each) or by one "That ..." paragraph;
- ``decision.inline``: "RESOLVED: That X be adopted." in one block;
- ``decision.status``: a ModernGov "Decision status: Recommendations Approved"
  line, used only when nothing else is found.
Procedural business (minutes of the last meeting, apologies, declarations) and
resolutions on other business (no community-safety words near them) are left out.
"""
from __future__ import annotations

import re

from ..document import LIST_ITEM, PARAGRAPH, HEADING
from ..normalise.text import norm, similar
from .context import Context, clean_text, contains_any, make_item
from .recommendations import CS_TERMS, clean_body
from .priorities import list_after

_DELEGATION = re.compile(r"\b(?:is|be|are|been|was)\s+delegated\b|\bdelegat(?:e|es|ing)\b", re.I)
_STATUS = re.compile(r"^Decision status:\s*(?P<text>.+)$", re.I)
_MAKER = re.compile(r"^Decision Maker:\s*(?P<body>.+)$", re.I)
_MEETING = re.compile(r"^Meeting:\s*[\d/]+\s*[-–]\s*(?P<body>.+?)(?:\s*\(Item.*)?$", re.I)
_THAT = re.compile(r"^\W*that\b", re.I)
_SUBJECT_CUES = ("cue.body_agreed", "cue.body_verb")
_DECISION_VERBS = {"agreed", "resolved", "decided", "noted", "approved", "endorsed", "adopted", "deferred", "rejected"}
_STRONG = re.compile(r"\b(?:be|been|is|was|were|are)\s+(deferred|rejected|refused|amended|withdrawn|adopted|"
                     r"approved|endorsed|ratified|noted|agreed)\b", re.I)
_STRONG_OUTCOME = {"deferred": "deferred", "rejected": "rejected", "refused": "rejected", "amended": "amended",
                   "withdrawn": "deferred", "adopted": "approved", "approved": "approved", "endorsed": "approved",
                   "ratified": "approved", "noted": "noted", "agreed": "agreed"}


def extract_decisions(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        if block.kind in (PARAGRAPH, LIST_ITEM, HEADING):
            for item in _decisions_at(ctx, index):
                if not _duplicate(items, item):
                    items.append(item)
    return items or _from_status(ctx)


def _decisions_at(ctx: Context, index: int) -> list[dict]:
    block = ctx.blocks[index]
    cues = ctx.patterns(block.start, block.end, "DECISION_CUE")
    if not cues and not _body_heading(ctx, index):
        return []
    cue = next((c for c in cues if c.id_ in _SUBJECT_CUES), cues[0] if cues else None)
    if cue is not None and cue.id_ == "cue.body_verb" and not _opens_block(ctx, block, cue):
        return []
    after = cue.end_char if cue is not None else block.end
    rest = ctx.document.text[after:block.end].strip(" \n\t:,")
    lead_in = _introduces_list(ctx, index, after, rest)
    body = _cue_body(cue) or _body(ctx, index, block.start, block.end if lead_in else after)
    if lead_in:
        return _following(ctx, index, body, block.text)
    if len(rest.split()) >= 4:
        start = cue.start_char if cue.id_ == "cue.body_verb" else after
        return _inline(ctx, index, start, block.end, body, block.text)
    return []


def _cue_body(cue) -> str | None:
    """'Local Committee (Guildford) agreed that' -> 'Local Committee (Guildford)'."""
    if cue is None or cue.id_ not in _SUBJECT_CUES:
        return None
    words = [t.text for t in cue if t.lower_ not in ("that", ":") and t.lower_ not in _DECISION_VERBS]
    return clean_body(" ".join(words).replace("( ", "(").replace(" )", ")").replace("[ ", "[").replace(" ]", "]"))


def _opens_block(ctx: Context, block, cue) -> bool:
    """'The Cabinet noted the report.' records a decision; '... the Committee noted that ...' is narrative."""
    head = re.sub(r"^\w+:\s*", "", ctx.document.text[block.start:cue.start_char].strip()).lower()
    nxt = ctx.document.text[cue.end_char:cue.end_char + 6].strip().lower()
    return head in ("", "the") and not nxt.startswith("that")


def _body_heading(ctx: Context, index: int) -> bool:
    """'The Woking Joint Committee:' under a Decision heading."""
    block = ctx.blocks[index]
    if ctx.section(index).type != "decisions" or not block.text.endswith(":"):
        return False
    bodies = ctx.patterns(block.start, block.end, "BODY")
    return bool(bodies) and sum(len(b.text) for b in bodies) >= 0.6 * len(block.text.rstrip(":"))


def _introduces_list(ctx: Context, index: int, after: int, rest: str) -> bool:
    """The cue ends its block, or only names the body, and items follow."""
    if not list_after(ctx.blocks, index) and not _that_paragraph_follows(ctx, index):
        return False
    if not rest or ctx.document.text[:ctx.blocks[index].end].rstrip().endswith(":"):
        return True
    bodies = ctx.patterns(after, ctx.blocks[index].end, "BODY")
    return bool(bodies) and sum(len(b.text) for b in bodies) >= 0.6 * len(rest)


def _that_paragraph_follows(ctx: Context, index: int) -> bool:
    nxt = ctx.blocks[index + 1] if index + 1 < len(ctx.blocks) else None
    return nxt is not None and nxt.kind == PARAGRAPH and bool(_THAT.match(nxt.text))


def _inline(ctx: Context, index: int, start: int, end: int, body, lead: str) -> list[dict]:
    raw = ctx.document.text[start:end]
    offset = len(raw) - len(raw.lstrip(" \n\t:,"))
    text = _strip_that(clean_text(raw))
    if not _relevant(ctx, index, text) or _procedural(ctx, text):
        return []
    return [_item(ctx, start + offset, end, body, text, lead, "decision.inline", 0.75)]


def _following(ctx: Context, index: int, body, lead: str) -> list[dict]:
    run = list_after(ctx.blocks, index) or ([ctx.blocks[index + 1]] if _that_paragraph_follows(ctx, index) else [])
    texts = " ".join(b.text for b in run)
    if not run or not _relevant(ctx, index, lead + " " + texts):
        return []
    return [_item(ctx, b.start, b.end, body, clean_text(b.text), lead, "decision.lead_in", 0.85)
            for b in run if not _procedural(ctx, b.text)]


def _item(ctx: Context, start: int, end: int, body, text: str, lead: str, rule: str, confidence: float) -> dict:
    fields = {"body": body, "outcome": outcome_of(ctx, text, lead), "text": _strip_that(text)}
    return make_item(ctx, start, end, fields, [rule], confidence)


def _strip_that(text: str) -> str:
    return re.sub(r"^\W*(?:that\s*,?\s*)?", "", text, flags=re.I) if _THAT.match(text) else text


def outcome_of(ctx: Context, text: str, lead: str) -> str:
    """approved / agreed / noted / deferred / rejected / amended / delegated."""
    if _DELEGATION.search(text):
        return "delegated"
    strong = _STRONG.search(text)
    if strong:
        return _STRONG_OUTCOME[strong.group(1).lower()]
    head = " ".join(text.split()[:8])
    return _first_outcome(ctx, head) or _first_outcome(ctx, lead) or "agreed"


def _first_outcome(ctx: Context, text: str) -> str | None:
    low = text.lower()
    hits = []
    for outcome, forms in ctx.lexicon["outcomes"].items():
        if outcome == "delegated":
            continue
        for f in forms:
            m = re.search(rf"(?<![a-z]){re.escape(f)}(?![a-z])", low)
            if m:
                hits.append((m.start(), outcome))
    return min(hits)[1] if hits else None


def _body(ctx: Context, index: int, start: int, end: int) -> str | None:
    """The deciding body: named before the cue (or by a lead-in), else the meeting's."""
    bodies = [clean_body(b.text) for b in ctx.patterns(start, end, "BODY")]
    bodies = [b for b in bodies if b and b.lower() != "members"]
    return bodies[0] if bodies else _meeting_body(ctx, index)


def _meeting_body(ctx: Context, index: int) -> str | None:
    for block in reversed(ctx.blocks[:index]):
        m = _MEETING.match(block.text) or _MAKER.match(block.text)
        if m:
            return m.group("body").strip()
    return ctx.fields.get("meeting_body")


def _relevant(ctx: Context, index: int, text: str) -> bool:
    before = " ".join(b.text for b in ctx.blocks[max(0, index - 2):index])
    return contains_any(text + " " + before, CS_TERMS)


def _procedural(ctx: Context, text: str) -> bool:
    return contains_any(text, ctx.lexicon["procedural"])


def _duplicate(items: list[dict], item: dict) -> bool:
    new = norm(item["text"])
    return any(similar(new, k["text"]) or norm(k["text"]).startswith(new) for k in items)


def _from_status(ctx: Context) -> list[dict]:
    maker = next((m.group("body").strip() for b in ctx.blocks if (m := _MAKER.match(b.text))), None)
    for block in ctx.blocks:
        m = _STATUS.match(block.text)
        if m and re.search(r"approved|agreed|noted|deferred|rejected", m.group("text"), re.I):
            s = block.start + ctx.document.text[block.start:block.end].find(m.group("text"))
            return [_item(ctx, s, s + len(m.group("text")), maker, m.group("text"), "", "decision.status", 0.6)]
    return []
