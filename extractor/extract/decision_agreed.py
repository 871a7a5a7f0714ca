"""Decisions minutes record without a resolution: a sentence that says the meeting agreed something
("It was agreed that the Committee should receive six-monthly reports.", "Subject to comments, the
Board agreed that the plan be submitted to Cabinet.", "... and it was agreed to bring an update to the
next meeting."), and telegraphic records under a "Decision:" label whose verb comes last ("Proposals
for small grants as set out in the report approved.").

Left out: what was agreed before ("At the last meeting it was agreed to ..."), a shared view rather
than an act ("Members agreed that it was a good report"), procedure (chairs, minutes, agendas).
"""
from __future__ import annotations

import re

from ..document import LIST_ITEM, PARAGRAPH
from .context import Context, clean_text
from .decision_common import item, meeting_body, procedural, recommends_onward, relevant
from .decision_forms import CALL_IN, DATED, decision_page, status_decided
from .recommendations import clean_body

# "it was (also) agreed|decided that|to", "the Board (unanimously) agreed that|to", "Members agreed that"
_AGREED = re.compile(r"\b(?:[Ii]t\s+was\s+(?:also\s+|further\s+|therefore\s+|then\s+|unanimously\s+)?(?:agreed|decided)"
                     r"|(?P<body>(?:[Tt]he\s+)?(?:(?:[A-Z][\w&'-]*\s+){0,4}(?i:cabinet|committee|council|panel|board|executive|"
                     r"group|partnership)|[Mm]embers|[Cc]ouncillors|[Pp]artners))\s+(?:also\s+|further\s+|unanimously\s+|then\s+)?"
                     r"agreed)\s+(?P<what>that\b|to\s+(?!note\b)(?=[a-z]))")
# what was agreed is an act: a modal, "be" or an infinitive after "that" ("that X should / would / be ...")
_ACT = re.compile(r"\b(?:should|would|will|shall|must|be|to)\b")
# a view, not an act: "agreed that it was ...", "agreed that there is ..."
_VIEW = re.compile(r"^that\s+(?:it|there|this|these|they)\s+(?:was|were|is|are|had|has)\b", re.I)
# an earlier decision retold: "At the last meeting it was agreed", "it had been agreed"
_EARLIER = re.compile(r"\b(?:last|previous|earlier)\s+meeting\b|\bpreviously\b|\bhad\s+(?:been\s+)?agreed\b"
                      r"|\bat\s+(?:its|their|the|a)\s+meeting\s+(?:on|of|held|in)\b", re.I)
# "the Panel agreed to recommend the following to Executive:": a recommendation to another body
_ONWARD = re.compile(r"to\s+recommend\b|that\s+(?:it\s+)?(?:be\s+)?recommend", re.I)
_DECISION_LABEL = re.compile(r"^\W*(?:decisions?|resolved|resolutions?)\s*:?\s*$", re.I)
# a record whose verb comes last: "... set out in report approved.", "... endorsed."
_VERB_LAST = re.compile(r"\s(?P<verb>approved|agreed|endorsed|adopted|accepted|supported|deferred|rejected)\s*[.;]\s*$", re.I)
# minutes of a meeting, not a report that mentions decisions
_MEETING_RECORD = re.compile(r"(?<!\d\s)\bminutes\b(?!\s+\d)|\bapologies\b|^\W*present\s*:|\bdeclarations?\s+of\s+(?:\w+\s+)?interests?\b",
                             re.I | re.M)  # "minutes", not "6 minutes 26 seconds"
_WORDED_AS_RESOLUTION = re.compile(r"^\W*(?:resolved|recommended|that)\b", re.I)
# the outcome a record's verb gives, for records whose verb comes last and those in the past passive
_OUTCOME_OF = {"approved": "approved", "agreed": "agreed", "endorsed": "approved", "adopted": "approved",
               "accepted": "approved", "supported": "approved", "deferred": "deferred", "rejected": "rejected",
               "noted": "noted", "deleted": "agreed", "authorised": "delegated", "authorized": "delegated"}


def from_agreed(ctx: Context, resolved: bool) -> list[dict]:
    """Sentences of minutes that record what the meeting agreed, in minutes that record no resolution
    (where they do, what members agreed in the discussion led to the resolution)."""
    if resolved or not _MEETING_RECORD.search(ctx.document.text):
        return []
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        if block.kind in (PARAGRAPH, LIST_ITEM) and block.start not in ctx.found.get("resolved_blocks", ()):
            items += [found for found in (_agreed(ctx, index, m) for m in _AGREED.finditer(block.text)) if found]
    return items


def _agreed(ctx: Context, index: int, m: re.Match) -> dict | None:
    block = ctx.blocks[index]
    start, end = _sentence(block.text, m.start())
    text, before, what = block.text[start:end], block.text[start:m.start()], block.text[m.start("what"):end]
    if _EARLIER.search(before + m.group()) or a_view(what) or not _ACT.search(what) or _ONWARD.match(what) \
            or procedural(ctx, text) or not relevant(ctx, index, text):
        return None
    body = clean_body(m.group("body")) if m.group("body") and not _people(m.group("body")) else meeting_body(ctx, index)
    found = item(ctx, block.start + start, block.start + end, body, clean_text(text), "", "decision.agreed", 0.6)
    found["outcome"] = "agreed"
    return found


def a_view(what: str) -> bool:
    """'that it was a helpful report', 'that there were fewer incidents': a view agreed, not an act."""
    return bool(_VIEW.match(what))


def _people(body: str) -> bool:
    return body.lower().split()[-1] in ("members", "councillors", "partners")


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The sentence of ``text`` around offset ``at``: from after the last full stop before it to the next."""
    stops = [m.end() for m in re.finditer(r"[.!?](?:\s+|$)(?=[A-Z•·(\d]|$)", text[:at])]
    start = stops[-1] if stops else 0
    start += len(text[start:]) - len(text[start:].lstrip(" •·\t"))
    nxt = re.search(r"[.!?](?=\s+[A-Z(]|\s*$)", text[at:])
    return start, at + nxt.end() if nxt else len(text)


def from_verb_last(ctx: Context) -> list[dict]:
    """Under a 'Decision:' label, the records whose verb comes last, until a record of another form."""
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        if _DECISION_LABEL.match(block.text):
            items += _verb_last_run(ctx, index)
    return items


def _verb_last_run(ctx: Context, index: int) -> list[dict]:
    items, body = [], meeting_body(ctx, index)
    for block in ctx.blocks[index + 1:index + 15]:
        if block.kind not in (PARAGRAPH, LIST_ITEM) or _DECISION_LABEL.match(block.text) or block.text.rstrip().endswith(":"):
            break
        m = _VERB_LAST.search(block.text)
        if m is None or _WORDED_AS_RESOLUTION.match(block.text) or procedural(ctx, block.text):
            continue  # 'RESOLVED – That ... be approved.' is another rule's
        found = item(ctx, block.start, block.end, body, clean_text(block.text), "", "decision.verb_last", 0.6)
        found["outcome"] = _OUTCOME_OF[m.group("verb").lower()]
        items.append(found)
    return items if items and relevant(ctx, index + 1, " ".join(i["text"] for i in items)) else []


def from_record_list(ctx: Context) -> list[dict]:
    """A decision record whose 'Decision:' label the page lost: the list right after its header, up
    to where the numbering starts again ('i. ... iii.' then the reasons 'i. ... ii.'), is what was
    decided. The header is a decided status's fields (the list's first item worded '... be noted'),
    or a decisions page's dated line ('11/03/2021 - Review of PSPOs') over a numbered list."""
    first = _after_decided_header(ctx) or _after_dated_line(ctx)
    if first is None:
        return []
    run = [ctx.blocks[first]]
    for block in ctx.blocks[first + 1:]:
        if block.kind != LIST_ITEM or not _next_marker(run[-1].marker, block.marker):
            break
        run.append(block)
    if not relevant(ctx, first, " ".join(b.text for b in run)):
        return []
    body = meeting_body(ctx, first)
    return [item(ctx, b.start, b.end, body, clean_text(b.text), "", "decision.record_list", 0.6)
            for b in run if not procedural(ctx, b.text) and not recommends_onward(b.text)]


def _after_decided_header(ctx: Context) -> int | None:
    call_in = next((i for i, b in enumerate(ctx.blocks[:8]) if CALL_IN.match(b.text)), None)
    if call_in is None or not status_decided(ctx):
        return None
    first = next((i for i in range(call_in + 1, min(call_in + 4, len(ctx.blocks))) if ctx.blocks[i].kind == LIST_ITEM), None)
    return first if first is not None and _BE_DONE.search(ctx.blocks[first].text) else None


def _after_dated_line(ctx: Context) -> int | None:
    if not decision_page(ctx):
        return None
    for i, block in enumerate(ctx.blocks[:-1]):
        nxt = ctx.blocks[i + 1]
        if DATED.match(block.text) and nxt.kind == LIST_ITEM and _ordinal(nxt.marker) == 0:
            return i + 1
    return None


_BE_DONE = re.compile(r"\bbe\s+(?:\w+ly\s+)?(?:noted|approved|agreed|adopted|endorsed|received|accepted|supported)\b", re.I)
_ORDERS = ("i ii iii iv v vi vii viii ix x".split(), list("abcdefghij"), [str(n) for n in range(1, 21)])


def _ordinal(marker: str | None) -> int | None:
    """The place of a numbered or lettered marker in its order ('(1)' -> 0, 'b)' -> 1), None for a bullet."""
    m = re.sub(r"[^\w]", "", marker or "").lower()
    return next((order.index(m) for order in _ORDERS if m in order), None)


def _next_marker(before: str | None, marker: str | None) -> bool:
    """'ii.' follows 'i.', 'b)' follows 'a)', '3.' follows '2.'; a bullet follows a bullet."""
    a, b = (re.sub(r"[^\w]", "", m or "").lower() for m in (before, marker))
    if not a and not b:
        return bool(before) and before == marker
    return any(a in order and b in order and order.index(b) == order.index(a) + 1 for order in _ORDERS)


# "The addition of two CCTV operators was approved.", "Scheme 03/384 was deleted from the programme."
_PASSIVE_RECORD = re.compile(r"\b(?:was|were)\s+(?:\w+ly\s+)?(?P<verb>approved|agreed|authori[sz]ed|deleted|adopted|endorsed|"
                             r"accepted|deferred|rejected|noted)\b", re.I)
_RETOLD = re.compile(r"\b(?:previously|last\s+year|in\s+(?:19|20)\d\d(?!\s*[/–-]\s*\d)|(?:19|20)\d\d\s+by|by\s+(?:the\s+)?(?:full\s+)?"
                     r"(?:council|cabinet|committee|board))\b", re.I)


def from_passive_records(ctx: Context) -> list[dict]:
    """A page that only lists what was decided, each a short paragraph in the past passive, three or
    more in a row ('... was approved.', '... were approved.', '... was deleted from the MTP.')."""
    run: list = []
    for block in ctx.blocks + [None]:
        if block is not None and _passive_record(block):
            run.append(block)
            continue
        if len(run) >= 3 and relevant(ctx, ctx.block_index(run[0]), " ".join(b.text for b in run)):
            return [_passive_item(ctx, b) for b in run if not procedural(ctx, b.text)]
        run = []
    return []


def _passive_record(block) -> bool:
    m = _PASSIVE_RECORD.search(block.text)
    return bool(block.kind == PARAGRAPH and m and len(block.text.split()) <= 60 and not _RETOLD.search(block.text)
                and block.text.rstrip().endswith("."))


def _passive_item(ctx: Context, block) -> dict:
    found = item(ctx, block.start, block.end, None, clean_text(block.text), "", "decision.passive_record", 0.55)
    found["outcome"] = _OUTCOME_OF[_PASSIVE_RECORD.search(block.text).group("verb").lower()]
    return found
