"""Formal recommendations put to a decision-making body.

Rules:
- ``rec.section``: requests inside a Recommendation(s) section, one per numbered item (inline "1. Note
  ...; and 2. Approve ..." split too), the addressee from the subject, a lead-in or the heading;
- ``rec.table``: a cover-sheet row labelled Recommendations;
- ``rec.cue``: a sentence elsewhere that asks a body to act ("asked Members to note", "the Committee is
  being asked ... to consider"), not one that says it will be asked;
- ``rec.motion``: a motion in minutes ("It was moved by ... that X be adopted");
- ``rec.lead_in``: a lead-in that asks a body ("The Cabinet is requested to:") over numbered items or "That ...";
- ``rec.that_body``: "2.1 That committee note and comment on the update" or "That Cabinet approve the
  plan": a request that names its body, outside any resolution;
- ``rec.imperatives``: two or more numbered items that each begin with an action verb ("1. Note overall
  progress ...", "2. Agree any ..."), outside lists of actions and of options;
- ``rec.resolution``: in minutes, a resolution recommending to another body ("That the Committee recommends ...");
- ``rec.prose``: "the recommendation the Panel has to consider is to agree ...".
A lead-in quoted in a motion ('... seconded the motion that "Council is asked to: ...') is the motion's.
"Reason for recommendation" ends a section; "Members agreed that ..." records a decision, not a request.
"""
from __future__ import annotations

import re

from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW
from ..normalise.text import similar, similarity
from ..analyse.segment import classify_heading, load_lexicon as load_headings
from .context import CS_TERMS, Context, clean_text, contains_any, make_item, strip_trailing
from .lists import list_after, same_style
from .rec_addressee import addressee_in, clean_body, makes_them, onward_only, recommended_to

_REASON = re.compile(r"^\s*reasons?\s+for\s+(?:the\s+)?recommendation", re.I)
_INLINE_NUM = re.compile(r"(?:^|(?<=[\s;:]))(\d{1,2})[.)]\s+(?=[A-Z])")
_LEAD = re.compile(r"^(?P<lead>[^:]{3,160}?):\s*(?P<rest>\S.*)$", re.S)
_MOTION = re.compile(r"\b(?:moved|proposed)\s+by\b.{0,160}?\bthat\s+(?P<text>.+)$", re.I | re.S)
_AS_DONE_BY = re.compile(r"\bas\s+(?:adopted|approved|agreed|endorsed)\s+by\b", re.I)


def extract_recommendations(ctx: Context) -> list[dict]:
    items = _from_sections(ctx) + _from_tables(ctx)
    for rule in (_from_lead_ins, _from_that_body, _from_imperatives, _from_cues, _from_motions, _from_resolutions,
                 _from_prose):
        items += _new(items, rule(ctx))
    return [it for it in items if not _NO_REQUEST.search(it["text"])]


# what asks for nothing yet: an agenda line for a paper "(to follow)", the call to declare interests,
# a request cut off after its verb ("The Commissioner is recommended to approve")
_NO_REQUEST = re.compile(r"\(\s*to\s+follow\s*\)\W*$|\bdeclare\s+any\b[^.]{0,40}\binterests?\b"
                         r"|\bto\s+(?:approve|agree|note|endorse|consider|support)\s*[:.]?\s*$", re.I)


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


# an action named as a thing, not asked for: 'consider the approval of', 'notes the comments of', 'the adoption of'
_DETERMINER = re.compile(r"\b(?:the|an?|any|its|their)\s+$")
_NAMED_THING = re.compile(r"\s+of\b")


def actions_of(ctx: Context, text: str) -> list[str]:
    """Action lemmas asked for, in order of appearance."""
    low = _AS_DONE_BY.sub(" ", text.lower())
    found = []
    for lemma, forms in ctx.lexicon["actions"].items():
        hits = [m.start() for f in forms for m in re.finditer(rf"(?<![a-z]){re.escape(f)}(?![a-z])", low)
                if not _NAMED_THING.match(low, m.end()) or not _DETERMINER.search(low, 0, m.start())]
        if hits:
            found.append((min(hits), lemma))
    return [lemma for _, lemma in sorted(found)]


def _item(ctx: Context, start: int, end: int, addressee: str | None, rule: str, confidence: float,
          own_addressee: bool = True) -> dict | None:
    """One recommendation; its own subject ("That Cabinet approves") beats the section's addressee."""
    raw = ctx.document.text[start:end]
    text = strip_trailing(clean_text(raw))
    if len(text) < 4:
        return None
    own = addressee_in(ctx, start, end) if own_addressee else None
    onward = recommended_to(ctx, start, end) if own_addressee else None
    fields = {"addressee": own or addressee or onward, "actions": actions_of(ctx, text), "text": text}
    return make_item(ctx, start, end, fields, [rule], confidence)


# --- recommendation sections ------------------------------------------------------

def _from_sections(ctx: Context) -> list[dict]:
    """Items of every Recommendations section; one printed again later (a summary box, then the
    report's own section) counts once, where it first appears."""
    items: list[dict] = []
    for section in ctx.sections:
        if section.type == "recommendations":
            earlier = list(items)
            items += [it for it in _section_items(ctx, section) if not any(_same_request(it, k) for k in earlier)]
    return items


def _same_request(a: dict, b: dict) -> bool:
    """The same request to the same body (a request to the advisory committee and the same one
    to Cabinet are two)."""
    return _same_body(a, b) and similar(a["text"], b["text"])


def _same_body(a: dict, b: dict) -> bool:
    """Asked of the same body, or of a body one of them does not name."""
    return not a["addressee"] or not b["addressee"] or a["addressee"].lower() == b["addressee"].lower()


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
    bodies = [b for b in ctx.patterns(start, end, "BODY") if not makes_them(ctx, b)]
    return clean_body(bodies[-1].text) if bodies else None


def _is_request(ctx: Context, item: dict) -> bool:
    text = item["text"]
    return bool(item["actions"]) or bool(re.match(r"^(?:that|to)\b", text, re.I))


# --- cover-sheet tables --------------------------------------------------------------

_FIELD = re.compile(r"^(?P<label>[A-Z][\w()' -]{2,40}?)\s*:\s+(?P<value>\S)")


def _from_tables(ctx: Context) -> list[dict]:
    """A cover sheet's 'Recommendations | ... |' row, or the same field printed as a line
    ('Recommendations: Committee is asked to: ...'): the value holds the requests."""
    headings = load_headings(ctx.models_dir)
    items: list[dict] = []
    for block in ctx.blocks:
        if block.kind == TABLE_ROW and len(block.cells) >= 2:
            kind, _ = classify_heading(block.cells[0].text, headings)
            if kind == "recommendations":
                cell = block.cells[1]
                items += _unit_items(ctx, cell.start, cell.end, None, "rec.table")[1]
        elif block.kind == PARAGRAPH and (m := _FIELD.match(ctx.document.text[block.start:block.end])):
            kind, score = classify_heading(m.group("label"), headings)
            if kind == "recommendations" and score >= 95:
                items += _unit_items(ctx, block.start + m.start("value"), block.end, None, "rec.table")[1]
    return items


# --- cue sentences and motions elsewhere ------------------------------------------------

def _from_cues(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        if ctx.section(index).type == "recommendations" or block.kind not in (PARAGRAPH, LIST_ITEM) \
                or _in_motion(ctx, index):
            continue
        for sent in ctx.sentences(block.start, block.end):
            if _asks_a_body(ctx, sent) and not _procedural(ctx, ctx.text_of(sent)):
                item = _item(ctx, sent.start_char, sent.end_char, None, "rec.cue", 0.7)
                items += [item] if item and item["actions"] else []
    return items


_FUTURE = re.compile(r"\b(?:will|would)\s*$", re.I)  # "The Cabinet will be asked to approve ...": told, not asked
# "He asked members to consider ...", "The Chairman asked the Committee to ...": a speaker in the discussion
_SPEAKER_ASKED = re.compile(r"^\W*(?:he|she|they|the\s+chair(?:man|woman|person)?|(?:cllr|councillor)\s+[A-Z][\w'-]*)\s+"
                            r"(?:\w+ly\s+)?asked\b", re.I)


def _asks_a_body(ctx: Context, sent) -> bool:
    cues = [c for c in ctx.patterns(sent.start_char, sent.end_char, "REC_CUE") if c.id_ != "cue.it_is_recommended"
            and not _FUTURE.search(ctx.document.text[max(0, c.start_char - 8):c.start_char])]
    if not cues or ctx.patterns(sent.start_char, sent.end_char, "DECISION_CUE") or _SPEAKER_ASKED.match(ctx.text_of(sent)):
        return False
    addressee = addressee_in(ctx, sent.start_char, sent.end_char) or recommended_to(ctx, sent.start_char, sent.end_char)
    return addressee is not None and not ctx.text_of(sent).rstrip().endswith(":")


def _procedural(ctx: Context, text: str) -> bool:
    return contains_any(text, ctx.lexicon["procedural"])


def _from_motions(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for block in ctx.blocks:
        if block.kind not in (PARAGRAPH, LIST_ITEM):
            continue
        for sent in ctx.sentences(block.start, block.end):
            text = ctx.text_of(sent)
            m = _MOTION.search(text)
            if m and contains_any(m.group("text"), CS_TERMS) and not _procedural(ctx, text):
                item = _item(ctx, sent.start_char + m.start("text"), sent.end_char, ctx.fields.get("meeting_body"),
                             "rec.motion", 0.6, own_addressee=False)
                items += [item] if item else []
    return items


def _new(kept: list[dict], new: list[dict]) -> list[dict]:
    """Items not already kept: not similar, and not inside (or around) a kept item's span; one a
    rule finds twice (a summary, then the minutes) once, for the same body."""
    out: list[dict] = []
    for n in new:
        if not any(similar(n["text"], k["text"]) for k in kept) and not any(_overlap(n, k) for k in kept + out) \
                and not any(_printed_again(n, o) for o in out):
            out.append(n)
    return out


REPEAT = 95  # similarity at or above which a request found twice by one rule is one printed twice


def _printed_again(a: dict, b: dict) -> bool:
    """The same request to the same body printed twice (a summary, then the minutes), near word for
    word; two requests of one list differing in a few words ('2016-17 ...' / '2013-18 ...') stay two."""
    return _same_body(a, b) and similarity(a["text"], b["text"]) >= REPEAT


def _overlap(a: dict, b: dict) -> bool:
    return a["char_start"] < b["char_end"] and b["char_start"] < a["char_end"]


# --- requests outside a Recommendations section ---------------------------------------

_THAT_BODY_VERB = re.compile(r"^\W*that\s+(?:the\s+)?(?P<body>[\w&' -]{2,60}?)\s+(?:is\s+asked\s+to\s+|be\s+asked\s+to\s+)?"
                             r"(?P<verb>note|notes|approve|approves|agree|agrees|endorse|endorses|consider|considers|"
                             r"adopt|adopts|comment|comments|give|gives|support|supports|scrutinise|review|delegate|"
                             r"recommend|recommends)\b", re.I)
_IMPERATIVE = re.compile(r"^\W*(?:to\s+)?(?:note|agree|approve|endorse|consider|adopt|comment\s+on|scrutinise|"
                         r"delegate|recommend)\b", re.I)
_QUOTED = re.compile(r"^\s*[“\"']")
_MOTION_BEFORE = re.compile(r"\b(?:proposed|seconded|moved)\b.{0,80}\b(?:motion|amendment|that)\s*$", re.I | re.S)


def _resolved(ctx: Context, block) -> bool:
    return block.start in ctx.found.get("resolved_blocks", ())


def _in_motion(ctx: Context, index: int) -> bool:
    """A block quoted in a motion: it opens with a quotation mark or follows '... seconded the motion that'."""
    before = ctx.blocks[index - 1].text if index else ""
    return bool(_QUOTED.match(ctx.blocks[index].text) or _MOTION_BEFORE.search(before))


def _from_lead_ins(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        if not (block.kind in (PARAGRAPH, HEADING) or _label_row(block)) or ctx.section(index).type == "recommendations" \
                or not _asking_lead(ctx, block) or _in_motion(ctx, index) or _resolved(ctx, block):
            continue
        addressee = onward_only(ctx, block) or addressee_in(ctx, block.start, block.end) or _body_only(ctx, block.start, block.end)
        first = _FIRST_LETTER.search(block.text)
        units = ([(block.start + first.end(), block.end)] if first else []) + \
            [(u.start, u.end) for u in _units_after(ctx, index)]
        for start, end in units:  # the lead-in makes each unit a request, whatever its verb
            item = _item(ctx, start, end, addressee, "rec.lead_in", 0.8, own_addressee=False)
            items += [item] if item and not _a_priority(ctx, item) else []
    return items


def _label_row(block) -> bool:
    """A cover sheet's 'Resolved to RECOMMEND | (to Council) |': a label and its value, the line
    'Resolved to RECOMMEND: (to Council)' written as a table row."""
    return block.kind == TABLE_ROW and len(block.cells or []) == 2


# "Committee is asked (a) to note ...; and" with "(b) to support ..." as the next list item
_FIRST_LETTER = re.compile(r"\b(?:asked|requested|recommended)\s+(?:to\s*:?\s*)?\((?:a|i|1)\)\s+")


def _a_priority(ctx: Context, item: dict) -> bool:
    """'Members were asked to note: ... the five priorities ...: A, B': the priorities are no requests."""
    return any(p["char_start"] < item["char_end"] and item["char_start"] < p["char_end"]
               for p in ctx.found.get("items", {}).get("priorities", []))


def _asking_lead(ctx: Context, block) -> bool:
    text = block.text.rstrip()
    if ctx.patterns(block.start, block.end, "DECISION_CUE"):
        return False
    if _FIRST_LETTER.search(text):
        return bool(ctx.patterns(block.start, block.end, "BODY"))
    if _RECOMMEND_THAT.search(text):
        return True
    return text.endswith(":") and bool(ctx.patterns(block.start, block.end, "REC_CUE"))


# "... the Panel should also recommend that:" / "RECOMMENDED that:" before the recommendations
_RECOMMEND_THAT = re.compile(r"\brecommend(?:s|ed)?\s+(?:to\s+(?:the\s+)?[A-Z][\w ]{2,40}?\s+)?that\s*:\s*$"
                             r"|\bresolved\s+to\s+recommend\b|^\W*recommend(?:ed|ation)?s?\s*:"
                             # "the Policy Development Group have made the following recommendations:"
                             r"|\bmade\s+the\s+following\s+recommendations?\s*:\s*$"
                             r"|\bthe\s+following\s+recommendations?\s+(?:were|was|have\s+been|had\s+been)\s+made\b.{0,40}:\s*$", re.I)


def _units_after(ctx: Context, index: int) -> list:
    """The numbered items, or the "That ..." paragraphs, a lead-in introduces."""
    run = list_after(ctx.blocks, index)
    if run:
        return run
    out = []
    for block in ctx.blocks[index + 1:index + 7]:
        if block.kind != PARAGRAPH or not re.match(r"^\W*that\b", block.text, re.I):
            break
        out.append(block)
    return out


def _from_that_body(ctx: Context) -> list[dict]:
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        if block.kind not in (PARAGRAPH, LIST_ITEM) or _resolved(ctx, block) or _in_motion(ctx, index) \
                or ctx.section(index).type in ("recommendations", "decisions"):
            continue
        m = _THAT_BODY_VERB.match(block.text)
        if m and _names_a_body(ctx, block, m) and not _procedural(ctx, block.text) and not _resolved_later(ctx, block):
            item = _item(ctx, block.start, block.end, clean_body(m.group("body")), "rec.that_body", 0.75,
                         own_addressee=False)
            items += [item] if item else []
    return items


def _resolved_later(ctx: Context, block) -> bool:
    """An agenda page's summary of what the body then resolved, word for word: a decision, not a request."""
    text = clean_text(block.text)
    return any(similar(text, d["text"]) or similar(re.sub(r"^\W*that\s+", "", text, flags=re.I), d["text"])
               for d in ctx.found.get("items", {}).get("decisions", []))


def _names_a_body(ctx: Context, block, m: re.Match) -> bool:
    """The subject of 'That X note ...' is a decision-making body ('committee', 'Cabinet')."""
    start, end = block.start + m.start("body"), block.start + m.end("body")
    bodies = ctx.patterns(block.start, block.start + m.end("verb"), "BODY")
    return any(b.start_char <= end and b.end_char >= start for b in bodies) or \
        bool(re.fullmatch(r"(?:full\s+)?(?:council|cabinet|committee|executive|members|panel|board)", m.group("body"), re.I))


def _from_imperatives(ctx: Context) -> list[dict]:
    """'1. Note overall progress ...  2. Agree any recommendations ...' near an item's head."""
    items: list[dict] = []
    seen: set[int] = set()
    for index, block in enumerate(ctx.blocks):
        if block.kind != LIST_ITEM or index in seen or ctx.section(index).type == "recommendations":
            continue
        run = [block] + [b for b in _same_list(ctx, index)]
        seen.update(ctx.block_index(b) for b in run)
        if len(run) < 2 or not all(_IMPERATIVE.match(b.text) for b in run) or any(_resolved(ctx, b) for b in run) \
                or _in_motion(ctx, index) or (index and _in_motion(ctx, index - 1)) or _options(ctx, index):
            continue
        body = _meeting_body(ctx, index)
        items += [it for b in run if (it := _item(ctx, b.start, b.end, body, "rec.imperatives", 0.65))]
    return items


def _options(ctx: Context, index: int) -> bool:  # under "Options" the items are choices, not requests
    heads = [h for h in (ctx.section(index).heading, index - 1) if h is not None and h >= 0]
    return any(re.match(r"^\W*(?:[\d.]+\s*)?(?:alternative\s+)?options\b[^.]{0,30}$", ctx.blocks[h].text, re.I) for h in heads)


def _same_list(ctx: Context, index: int) -> list:
    """The list items after block ``index`` at its level and in its marker style (its siblings)."""
    first, run = ctx.blocks[index], []
    for block in ctx.blocks[index + 1:]:
        if block.kind != LIST_ITEM or block.level < first.level:
            break
        if block.level == first.level:
            if not same_style(first, block):
                break
            run.append(block)
    return run


def _meeting_body(ctx: Context, index: int) -> str | None:
    for block in reversed(ctx.blocks[:index]):
        m = re.match(r"^Meeting:\s*[\d/]+\s*[-–]\s*(?P<body>.+?)(?:\s*\(Item.*)?$", block.text, re.I)
        if m:
            return m.group("body").strip()
    return ctx.fields.get("meeting_body")


# "the recommendation the Panel has to consider is to agree to receive future updates annually"
_PROSE_REC = re.compile(r"\brecommendations?\b[^.]{0,60}?\bis\s+(?P<text>to\s+(?:note|agree|approve|endorse|consider|adopt|"
                        r"comment)\b[^.]*\.)", re.I)


def _from_prose(ctx: Context) -> list[dict]:
    """A request told in prose: 'the recommendation the Panel has to consider is to agree ...'."""
    items = []
    for block in ctx.blocks:
        for m in _PROSE_REC.finditer(block.text) if block.kind == PARAGRAPH else ():
            s = block.start + m.start("text")
            found = _item(ctx, s, s + len(m.group("text")), ctx.fields.get("meeting_body"), "rec.prose", 0.6,
                          own_addressee=False)
            items += [found] if found else []
    return items


def _from_resolutions(ctx: Context) -> list[dict]:
    """'That the Committee recommends that the Executive ...' in a body's resolutions."""
    items = []
    for block in ctx.found.get("onward", []):
        m = re.search(r"\brecommends?\s+(?:to\s+|that\s+)(?:the\s+)?(?P<body>(?:full\s+)?(?:[A-Z]\w*\s+){0,3}?"
                      r"(?:[Cc]ouncil|[Cc]abinet|[Ee]xecutive|[Cc]ommittee|[Bb]oard|[Mm]ayor)\b)", block.text)
        item = _item(ctx, block.start, block.end, m.group("body") if m else None, "rec.resolution", 0.75,
                     own_addressee=False)
        items += [item] if item else []
    return items
