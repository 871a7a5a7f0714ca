"""What every decision rule shares: the item, its outcome from the verb, the deciding body, and
the filters (procedural business, relevance, duplicates)."""
from __future__ import annotations

import re

from ..document import HEADING
from ..normalise.text import norm, similar
from .context import CS_TERMS, Context, about_community_safety, contains_any, make_item
from .recommendations import clean_body

_DELEGATION = re.compile(r"\b(?:is|be|are|been|was)\s+delegated\b|\bdelegat(?:e|es|ing)\b|^\W*delegated\b"
                         r"|\bdelegated\s+(?:authority|powers?)\b"  # 'That delegated authority be granted to ...'
                         # an officer authorised to act: 'To authorise the Director of ...', 'the Head of Service be authorised'
                         r"|\bauthori[sz](?:e|es|ing)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:Director|Head|Chief|Officer|Manager|"
                         r"Executive|Solicitor)\b"
                         r"|\b(?:Director|Head|Officer|Manager|Executive)\b[^.;]{0,80}?\b(?:is|be|are)\s+authori[sz]ed\b", re.I)
MAKER = re.compile(r"^Decision Maker(?::|\t)\s*(?P<body>.+)$", re.I)  # a label line or a cover-sheet row
_MEETING = re.compile(r"^Meeting(?::|\t)\s*[\d/]+\s*[-–]\s*(?P<body>.+?)(?:\s*\(Item.*)?$", re.I)
THAT = re.compile(r"^\W*that\b", re.I)
_STRONG = re.compile(r"\b(?:be|been|is|was|were|are)\s+(?:received\s+and\s+)?(deferred|rejected|refused|amended|withdrawn|adopted|"
                     r"approved|endorsed|ratified|noted|agreed|authori[sz]ed|granted)\b"
                     r"|\b(approval)\s+(?:be|is|was)\s+given\b", re.I)
_STRONG_OUTCOME = {"deferred": "deferred", "rejected": "rejected", "refused": "rejected", "amended": "amended",
                   "withdrawn": "deferred", "adopted": "approved", "approved": "approved", "endorsed": "approved",
                   "ratified": "approved", "noted": "noted", "agreed": "agreed", "approval": "approved",
                   "authorised": "approved", "authorized": "approved", "granted": "approved"}


_ACTION_BY = re.compile(r"\s*\((?:action|actions|lead)(?:\s+by)?\s*:[^)]*\)\s*$", re.I)  # "(Action by: Denise Radley, ...)"


def item(ctx: Context, start: int, end: int, body, text: str, lead: str, rule: str, confidence: float) -> dict:
    text = _ACTION_BY.sub("", text)
    fields = {"body": body, "outcome": outcome_of(ctx, text, lead), "text": strip_that(text)}
    return make_item(ctx, start, end, fields, [rule], confidence)


def strip_that(text: str) -> str:
    return re.sub(r"^\W*(?:that\s*,?\s*)?", "", text, flags=re.I) if THAT.match(text) else text


def outcome_of(ctx: Context, text: str, lead: str) -> str:
    """approved / agreed / noted / deferred / rejected / amended / delegated."""
    delegation, strong = _DELEGATION.search(text), _STRONG.search(text)
    if delegation and not (strong and strong.start() < delegation.start()):  # the first said: '... be noted and the
        return "delegated"                                                     # Director be authorised to ...' is noted
    if strong:
        return _STRONG_OUTCOME[(strong.group(1) or strong.group(2)).lower()]
    head = re.sub(r"\bconsider\s+and\s+", "", " ".join(text.split()[:8]), flags=re.I)  # "To consider and approve"
    return _first_outcome(ctx, head) or _to_verb(text) or _first_outcome(ctx, lead) or "agreed"


# the resolution's verb further on: 'on the report from the Panel, on Child criminal exploitation to note the recommendations'
_TO_VERB = re.compile(r"\bto\s+(note|approve|agree|endorse|adopt|defer|reject)\b", re.I)
_TO_OUTCOME = {"note": "noted", "approve": "approved", "agree": "agreed", "endorse": "approved", "adopt": "approved",
               "defer": "deferred", "reject": "rejected"}


def _to_verb(text: str) -> str | None:
    m = _TO_VERB.search(re.split(r"(?<=[.;])\s", text, maxsplit=1)[0])  # in the resolution's own sentence
    return _TO_OUTCOME[m.group(1).lower()] if m else None


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


def deciding_body(ctx: Context, index: int, start: int, end: int) -> str | None:
    """The deciding body: named before the cue (or by a lead-in), else the meeting's."""
    bodies = [clean_body(b.text) for b in ctx.patterns(start, end, "BODY")]
    bodies = [b for b in bodies if b and b.lower() != "members"]
    return bodies[0] if bodies else meeting_body(ctx, index)


def meeting_body(ctx: Context, index: int) -> str | None:
    """The body a meeting line before block ``index`` names, else the document's."""
    if not 0 <= index <= len(ctx.blocks):
        named = next((_named_meeting(b) for b in reversed(ctx.blocks[:index]) if _named_meeting(b)), None)
    else:
        named = ctx.cached("meeting_bodies", lambda: _meeting_bodies(ctx.blocks))[index]
    return named[0] if named else ctx.fields.get("meeting_body")


def _meeting_bodies(blocks: list) -> list[tuple[str] | None]:
    """For each index, what :func:`_named_meeting` gives for the nearest block before it naming
    one (None when none does): one pass instead of a walk back from every resolution."""
    out: list[tuple[str] | None] = [None]
    for block in blocks:
        out.append(_named_meeting(block) or out[-1])
    return out


def _named_meeting(block) -> tuple[str] | None:
    """(the body,) a meeting or decision-maker line names, None for other blocks."""
    m = _MEETING.match(block.text) or MAKER.match(block.text)
    return (m.group("body").strip(),) if m else None


def relevant(ctx: Context, index: int, text: str) -> bool:
    """In a document about community safety, a resolution near community-safety words; in
    other minutes (a full council's), every resolution."""
    if not about_community_safety(ctx.document.text):
        return True
    reach = 6 if _GENERIC.match(strip_that(text)) else 2  # "that the information be noted": of the item above
    # (so is "that the recommendations of the Policy Development Group be approved")
    before = " ".join(b.text for b in ctx.blocks[max(0, index - reach):index])
    return contains_any(f"{text} {before} {_item_heading(ctx, index)}", CS_TERMS)


_GENERIC = re.compile(r"^\W*(?:the\s+)?(?:(?:report|information|update|presentation|position|verbal\s+update)s?\s+"
                      r"(?:be|was|were)\s+(?:noted|received)\b"
                      r"|recommendations?\s+(?:of|from)\s+(?:the\s+)?[\w\s&'-]{3,60}?\s+be\s+(?:approved|agreed|adopted|endorsed)\b)",
                      re.I)


def _item_heading(ctx: Context, index: int) -> str:
    """The heading of the agenda item a resolution stands under ('Havering Community Safety
    Partnership Plan 2017-20'), skipping labels such as 'Decision:' and 'Additional documents:'."""
    for block in reversed(ctx.blocks[:index]):
        if block.kind == HEADING and not block.text.rstrip().endswith(":") and len(block.text.split()) >= 3:
            return block.text
    return ""


def procedural(ctx: Context, text: str) -> bool:
    return contains_any(text, ctx.lexicon["procedural"])


def duplicate(items: list[dict], item: dict) -> bool:
    new = norm(item["text"])
    return any(similar(new, k["text"]) or norm(k["text"]).startswith(new) for k in items)


def inside(items: list[dict], item: dict) -> bool:
    return any(k["char_start"] <= item["char_start"] < k["char_end"] for k in items)


_RECOMMENDS = re.compile(r"\brecommends?\s+(?:to\s+|that\s+|(?:it|them|this|these)\s+to\s+)(?:the\s+)?(?:full\s+)?(?:[A-Z]\w*\s+){0,3}"
                         r"(?:council|cabinet|executive|committee|board|mayor)\b"
                         r"|\b(?:full\s+)?(?:council|cabinet|executive|mayor)\s+be\s+(?:asked|requested|invited|recommended)\s+(?:to|that)\b"
                         r"|\bto\s+(?:request|refer)\s+to\s+(?:the\s+)?(?:[A-Z]\w*\s+(?:and\s+)?){0,3}"
                         r"(?:council|cabinet|executive|committee|board|mayor)\b",  # "to request to Mayor and Cabinet that"
                         re.I)


def recommends_onward(text: str) -> bool:
    """'That the Committee recommends that the Executive ...': a recommendation to another body."""
    return bool(_RECOMMENDS.search(" ".join(text.split()[:20])))


# "(i) that ...; (ii) that ..." written in one paragraph
_BRACKETED = re.compile(r"(?:^|(?<=[\s;:,]))\((?P<m>[ivx]{1,4}|[a-h]|\d{1,2})\)\s+")
_SEQUENCES = ("i ii iii iv v vi vii viii ix x".split(), list("abcdefgh"), [str(n) for n in range(1, 21)])


def split_bracketed(text: str) -> list[tuple[int, int]]:
    """Spans of the items of '(i) that A; (ii) that B', when the markers count up from the first."""
    marks = list(_BRACKETED.finditer(text))
    labels = [m.group("m") for m in marks]
    if len(marks) < 2 or not any(labels == seq[:len(labels)] for seq in _SEQUENCES):
        return [(0, len(text))]
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return [(m.end(), re.search(r"[\s;,]*(?:and|or)?\s*$", text[:e]).start()) for m, e in zip(marks, ends)]
