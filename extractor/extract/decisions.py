"""What a body resolved or decided, from minutes and decision notices.

Rules:
- ``decision.lead_in``: "RESOLVED that the X" / "The Committee agreed that:" /
  "Resolved" or "Decision:" alone / a body named under a Decision: heading,
  followed by lettered or numbered items (one decision each), by "That ..."
  paragraphs, or (after a lead-in ending in a colon) by plain paragraphs;
- ``decision.resolution``: "That Cabinet:" followed by items whose verbs are
  in the third person ("(a) notes ...; (b) approves ..."): a body's own
  resolution, where a report's recommendation would say "note", "approve";
- ``decision.inline``: "RESOLVED: That X be adopted." / "27) RESOLVED that
  the report be noted." in one block;
- ``decision.prose``: a sentence whose subject is the deciding body
  ("councillors approved a decision to spend £172,512 on CCTV", "Cabinet
  agreed to fund two wardens");
- ``decision.verb_first``: minutes that leave out the subject ("Agreed the
  Safer Ashdale Partnership Plan 2014-2017 ...", "Noted the report");
- ``decision.carried``: a proposal followed by "Agreed by unanimous vote." or
  "Carried.";
- ``decision.subjunctive``: in minutes, items worded as resolutions ("the report
  be noted;", "That the terms of reference be agreed.") whose "RESOLVED" the page
  lost, outside Recommendations sections and requests;
- ``decision.vote``: "Amendment ... NOT CARRIED by 30 votes to 16";
- ``decision.recorded``: "The recommendations in the report were considered and
  agreed.", a commissioner's "I approve the recommendation(s)";
- ``decision.status``: a ModernGov "Decision status: Recommendations Approved"
  line, used only when nothing else is found.
Procedural business (minutes of the last meeting, apologies, declarations, elections
of a chair) is left out, and so is a resolution that recommends to another body (a
recommendation: ``rec.resolution``).  In a document about community safety (its
community-safety words are frequent: :func:`about_community_safety`), resolutions on other business (no community-safety words near them) are left out
too; in general minutes every resolution is the document's business.  "It was agreed
that" and "The Committee noted" record a decision only where they open a block, never
inside a narrative paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import LIST_ITEM, PARAGRAPH, HEADING, TABLE_ROW
from ..normalise.text import norm
from .context import Context, clean_text
from .decision_common import (THAT, deciding_body, recommends_onward, duplicate, inside, item, procedural, relevant,
                              split_bracketed, strip_that)
from .decision_agreed import a_view, from_agreed, from_passive_records, from_record_list, from_verb_last
from .decision_forms import (from_lone_purpose, from_lost_label, from_prose, from_proposals, from_short_records, from_status, from_subjunctive_items,
                             from_verb_first, from_votes, from_commissioner, from_register, records_decisions, resolved_before_its_list,
                             worded_as_resolution)
from .lists import list_after, same_style
from .recommendations import clean_body, split_numbered

# "Resolved", "RESOLVED:", "Decision:", "Agreed:" alone ("Agreed." records a vote, it leads into nothing)
_LEAD_WORD = re.compile(r"^\W*(?:(?:resolved|ordered|decisions?|summary\s+of\s+decisions?|decisions?\s+summary)(?:\s+that)?(?:\s*[:\-–—]){0,2}"
                        r"|(?:agreed|decided)\s*[:\-–—])\s*$", re.I)
_BARE_WORD = re.compile(r"^\W*(?:resolved|ordered|decisions?|summary\s+of\s+decisions?|decisions?\s+summary|agreed|decided)\s*[:\-–—]?\s*$", re.I)
_ENDS_THAT = re.compile(r"\bthat\s*$", re.I)  # "RESOLVED that" alone, its clause in the next paragraph
_NUMBER_ONLY = re.compile(r"^\W*\d{1,2}[.)]?\W*$")
_KEY_DECISION = re.compile(r"\bkey\s+decision\s*:?\s*$", re.I)  # "Key decision: Yes" is a label
_FIELD_OF = re.compile(r"\b(?:date|type|reasons?|status|details?|matters?|issues?|items?|subjects?)[\s|]+(?:of|for)\s+(?:the\s+)?decisions?\s*:?\s*$", re.I)  # "Date of Decision:"
_THAT_BODY = re.compile(r"^\W*(?i:that)\s+(?:the\s+)?(?P<body>[\w&' -]{2,60}?)\s*:\s*$")  # "That Cabinet:", "That the cabinet member:"
# "That Cleaner, Greener and Safer Overview and Scrutiny Committee noted the performance ...": recorded, not asked
# "That the Cabinet Member for Housing and Customer Services approved the decision to ..."
_THAT_BODY_PAST = re.compile(r"^\W*(?i:that)\s+(?:the\s+)?(?:(?:[A-Z][\w&',-]*|and|of|for|&)\s+){0,12}(?i:committee|cabinet|council|panel|board|"
                             r"members|executive|partnership|member|holder|leader|mayor)(?:\s+(?:[A-Z][\w&',-]*|and|of|for|&)){0,6}"
                             r"\s+(?:(?:reviewed|considered)\s+and\s+)?(?:noted|agreed|approved|endorsed|resolved|supported|"
                             r"welcomed|accepted)\b")
_THIRD_PERSON = re.compile(r"^\W*(?:\w+ly\s+|in\s+response,?\s+|also\s+)?(?:notes|approves|agrees|endorses|adopts|"
                           r"receives|requests|delegates|resolves|supports|welcomes|confirms|asks|instructs|"
                           r"authorises|authorizes|refers|defers|rejects|comments|thanks|recognises|commits)\b", re.I)
_NARRATIVE_CUES = ("cue.body_verb", "cue.it_was_resolved", "cue.body_agreed")
_WHOLE_CUES = ("cue.resolved_to",)  # the cue holds the verb: the decision is quoted from it ("to note the report")
_LABEL = re.compile(r"^[A-Z][\w ]{1,30}:\s")  # "Meeting: 03/03/2016 ...", a page's next field
_MAX_PARAGRAPHS = 8  # plain paragraphs a "RESOLVED that:" lead-in may introduce
# "Decision:" then "To approve the allocation of ...": a decision notice's infinitive record
_TO_VERB = re.compile(r"^\W*to\s+(?:approve|agree|note|adopt|endorse|accept|award|allocate|authori[sz]e|delegate|"
                      r"defer|reject|grant|extend|renew|commission|release|confirm|designate|introduce|support|submit|enter\s+into|"
                      r"fund|establish|procure|implement|apply|vary|consult|proceed|continue|make|set\s+up|sign|thank|welcome|"
                      r"request|receive)\b", re.I)
_SUBJECT_CUES = ("cue.body_agreed", "cue.body_verb")
_DECISION_VERBS = {"agreed", "resolved", "decided", "noted", "approved", "endorsed", "adopted", "deferred", "rejected"}


def extract_decisions(ctx: Context) -> list[dict]:
    """Resolutions and decisions; a vote ('the Amendment was LOST') only where no resolution is
    recorded, as the resolution states what was carried."""
    items: list[dict] = []
    for index, block in enumerate(ctx.blocks):
        found = _decisions_at(ctx, index) if block.kind in (PARAGRAPH, LIST_ITEM, HEADING) else _row_lead(ctx, index)
        if found:
            earlier = list(items)  # two items of one run are two resolutions, however alike their words
            items += [it for it in found if not duplicate(earlier, it)]
    resolved = bool(items)
    for found in (from_lost_label(ctx), from_prose(ctx), from_verb_first(ctx), from_proposals(ctx), from_subjunctive_items(ctx),
                  [] if resolved else from_votes(ctx), from_short_records(ctx), from_commissioner(ctx),
                  from_register(ctx), from_agreed(ctx, resolved), from_verb_last(ctx)):
        items += _once([it for it in found if not duplicate(items, it) and not inside(items, it)])
    return [it for it in items if not _verbless_fragment(it["text"])] or from_lone_purpose(ctx) or from_record_list(ctx) or from_passive_records(ctx) \
        or from_status(ctx)


def _once(found: list[dict]) -> list[dict]:
    """The same words printed twice (a page that repeats its resolutions) are one decision."""
    seen: set[str] = set()
    out = []
    for it in found:
        key = norm(it["text"])
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


# a resolution says what was done: "Salford City Council - Record of Decision" or a cut heading
# "Dartmouth Alcohol Public Space Protection" under a lead-in records nothing
_DOING = re.compile(r"\b(?:be|is|are|was|were|been|to|will|shall|should|has|have|had|approv\w*|agree\w*|not(?:e|ed|es)\b|"
                    r"endors\w*|adopt\w*|defer\w*|reject\w*|delegat\w*|authori[sz]\w*|resolv\w*|accept\w*|support\w*|"
                    r"refus\w*|award\w*|allocat\w*|receiv\w*|request\w*|ask\w*|grant\w*|thank\w*|welcom\w*)\b", re.I)


def _verbless_fragment(text: str) -> bool:
    return len(text.split()) <= 8 and not _DOING.search(text) and not text.rstrip().endswith((".", ";"))


def _decisions_at(ctx: Context, index: int) -> list[dict]:
    block = ctx.blocks[index]
    if _LEAD_WORD.match(block.text):
        return _following(ctx, index, deciding_body(ctx, index, block.start, block.start), block.text)
    if _THAT_BODY_PAST.match(block.text) and block.kind in (PARAGRAPH, LIST_ITEM):  # "1. That the Committee noted ..."
        return _inline(ctx, index, block.start, block.end, deciding_body(ctx, index, block.start, block.end), block.text)
    if _THAT_BODY.match(block.text) and (_resolution_follows(ctx, index) or records_decisions(ctx)):
        return _following(ctx, index, clean_body(_THAT_BODY.match(block.text)["body"]), block.text,
                          "decision.resolution")
    cues = [c for c in ctx.patterns(block.start, block.end, "DECISION_CUE") if not _is_label(ctx, c)]
    if not cues and _decider_leads(ctx, index):  # "The Executive Member ... has decided:" (a) ... (b) ...
        return _following(ctx, index, deciding_body(ctx, index, block.start, block.end), block.text)
    if not cues and not _body_heading(ctx, index):
        return []
    cue = next((c for c in cues if c.id_ in _SUBJECT_CUES), cues[0] if cues else None)
    if cue is not None and cue.id_ in _NARRATIVE_CUES and not _opens_block(ctx, block, cue) \
            and not _opens_sentence(ctx, block, cue) and not _leads_into_list(ctx, index) \
            and ctx.document.text[cue.end_char:block.end].strip(" \n\t:,-–"):
        return []  # narrative, unless the cue opens the block or leads into what follows
    after = cue.end_char if cue is not None else block.end
    rest = ctx.document.text[after:block.end].strip(" \n\t:,")
    if cue is not None and cue.id_ in _NARRATIVE_CUES and a_view("that " + rest):
        return []  # "Members agreed that it was a helpful report": a view, not an act
    lead_in = _introduces_list(ctx, index, after, rest) and not _details_only(ctx, index, rest)
    body = _cue_body(cue) or deciding_body(ctx, index, block.start, block.end if lead_in else after)
    if lead_in:
        return _following(ctx, index, body, block.text)
    whole = cue is not None and cue.id_ in _WHOLE_CUES  # "Resolved to note the report.": the verb is the decision's
    if len(rest.split()) >= 4 or whole and len(rest.split()) >= 2:
        start = cue.start_char if cue.id_ == "cue.body_verb" else cue[1].idx if whole else after  # from "to note"
        marker = _FIRST_MARKER.match(ctx.document.text[start:block.end])
        if marker:  # "Resolved: (a) That Cabinet notes ..." with "(b) That ..." as the next list items
            inline_list = len(split_bracketed(ctx.document.text[start:block.end].lstrip(" :–-"))) > 1
            first = _inline(ctx, index, start if inline_list else start + marker.end(), block.end, body, block.text)
            siblings = [b for b in list_after(ctx.blocks, index)]
            ctx.found.setdefault("resolved_blocks", set()).update(b.start for b in siblings)
            return first + [item(ctx, b.start, b.end, body, clean_text(b.text), block.text, "decision.lead_in", 0.85)
                            for b in siblings if not procedural(ctx, b.text)]
        end = block.end
        if _colon_sentence_later(block.text, rest):  # "The Board noted X. In addition, ... the following points:"
            end = after + re.search(r"[.!?](?=\s+[A-Z])", ctx.document.text[after:block.end]).end()
        return _inline(ctx, index, start, end, body, block.text)
    return []


def _colon_sentence_later(text: str, rest: str) -> bool:
    """The block's closing colon belongs to a later sentence than the cue's: its list is not the resolution."""
    return text.rstrip().endswith(":") and bool(re.search(r"[.!?]\s+[A-Z]", rest))


_DECISION_LABEL = re.compile(r"^\W*(?:decisions?(?:\s+(?:made|taken))?|resolved(?:\s+that)?|resolution)\W*$", re.I)


def _row_lead(ctx: Context, index: int) -> list[dict]:
    """A cover sheet's 'Decision Made | That: |' or 'Decision | RESOLVED that:- |' row leads into
    the list below it, as the line 'Decision Made: That:' does; 'RESOLVED | Cabinet endorsed the
    Plan |' holds its resolution, as the line 'RESOLVED: Cabinet endorsed the Plan' does."""
    block = ctx.blocks[index]
    cells = block.cells or []
    if block.kind != TABLE_ROW or len(cells) != 2 or not _DECISION_LABEL.match(cells[0].text):
        return []
    if not cells[1].text.rstrip().endswith((":", ":-", "-")):
        value = cells[1]
        cue = next((c for c in ctx.patterns(value.start, value.end, "DECISION_CUE") if c.id_ in _SUBJECT_CUES), None)
        body = _cue_body(cue) or deciding_body(ctx, index, value.start, value.end)
        return _inline(ctx, index, value.start, value.end, body, block.text) if len(value.text.split()) >= 4 else []
    return _following(ctx, index, deciding_body(ctx, index, block.start, block.start), cells[1].text)


_FIRST_MARKER = re.compile(r"^[\s:–-]*\((?:a|i|1)\)\s+")


def _details_only(ctx: Context, index: int, rest: str) -> bool:
    """The resolution is whole before its colon and the list under it names places or parts, not
    further resolutions: one decision, the block itself."""
    run = list_after(ctx.blocks, index)
    return resolved_before_its_list(rest) and bool(run) and not any(
        THAT.match(b.text) or worded_as_resolution(b.text) or _THIRD_PERSON.match(b.text) or _TO_VERB.match(b.text)
        for b in run)


def _is_label(ctx: Context, cue) -> bool:
    """'Key decision: Yes' and 'Date of Decision:' label a report; they record no decision."""
    before = ctx.document.text[max(0, cue.start_char - 20):cue.end_char]
    return bool(_KEY_DECISION.search(before) or _FIELD_OF.search(before))


def _resolution_follows(ctx: Context, index: int) -> bool:
    """The items after 'That Cabinet:' are worded as the body's own acts ('notes', 'approves')."""
    run = list_after(ctx.blocks, index)
    return bool(run) and sum(bool(_THIRD_PERSON.match(b.text)) for b in run) * 2 >= len(run)


def _cue_body(cue) -> str | None:
    """'Local Committee (Guildford) agreed that' -> 'Local Committee (Guildford)'."""
    if cue is None or cue.id_ not in _SUBJECT_CUES:
        return None
    words = [t.text for t in cue if t.lower_ not in ("that", ":") and t.lower_ not in _DECISION_VERBS]
    return clean_body(" ".join(words).replace("( ", "(").replace(" )", ")").replace("[ ", "[").replace(" ]", "]"))


def _opens_block(ctx: Context, block, cue) -> bool:
    """'The Cabinet noted the report.' records a decision; '... the Committee noted that ...' is narrative."""
    head = re.sub(r"^\w+:\s*", "", ctx.document.text[block.start:cue.start_char].strip()).lower()
    if cue.id_ != "cue.body_verb":
        return head in ("", "the", "that", "and", "accordingly,", "accordingly")
    nxt = ctx.document.text[cue.end_char:cue.end_char + 6].strip().lower()
    return head in ("", "the") and not nxt.startswith("that")


def _opens_sentence(ctx: Context, block, cue) -> bool:
    """'Members received an update. It was RESOLVED that ...': minute-speak opening a sentence of
    its own records the resolution; '... at the last meeting it was resolved that ...' does not."""
    if cue.id_ != "cue.it_was_resolved" or "resolved" not in cue.text.lower():
        return False
    return ctx.document.text[block.start:cue.start_char].rstrip().endswith((".", "!", "?"))


_AND_END = re.compile(r"\s(?:and|then)\s*$")  # "Cabinet noted the report and" 1. Approve ... 2. ...


def _leads_into_list(ctx: Context, index: int) -> bool:
    """'On consideration of the report, Cabinet agreed the following:' and its items: however the
    sentence starts, a cue in a block that ends with a colon over a list records what follows."""
    text = ctx.blocks[index].text
    return (text.rstrip().endswith(":") or bool(_AND_END.search(text))) and bool(list_after(ctx.blocks, index))


def _body_heading(ctx: Context, index: int) -> bool:
    """'The Woking Joint Committee:' under a Decision heading."""
    block = ctx.blocks[index]
    if ctx.section(index).type != "decisions" or not block.text.endswith(":"):
        return False
    bodies = ctx.patterns(block.start, block.end, "BODY")
    return bool(bodies) and sum(len(b.text) for b in bodies) >= 0.6 * len(block.text.rstrip(":"))


def _introduces_list(ctx: Context, index: int, after: int, rest: str) -> bool:
    """The cue ends its block, or only names the body, and items follow."""
    if not _run_after(ctx, index, ctx.blocks[index].text) or _colon_sentence_later(ctx.blocks[index].text, rest):
        return False
    if not rest or ctx.document.text[:ctx.blocks[index].end].rstrip().endswith((":", ":-")) \
            or _AND_END.search(ctx.blocks[index].text):
        return True
    bodies = ctx.patterns(after, ctx.blocks[index].end, "BODY")
    rest = re.sub(r"^that\s+(?:the\s+)?", "", rest, flags=re.I)  # "RESOLVED: That Cabinet" + (1) Noted ...
    return bool(bodies) and sum(len(b.text) for b in bodies) >= 0.6 * len(rest)


def _inline(ctx: Context, index: int, start: int, end: int, body, lead: str, judged: bool = False) -> list[dict]:
    """The resolution written after its cue; 'RESOLVED: 1. That ... 2. That ...' is one per number,
    and so is 'RESOLVED that Cabinet: 1. Ratified ... 2. Agreed ...', up to its 'Reasons for decision'."""
    body_colon = _BODY_COLON.match(ctx.document.text, start, end)
    start = body_colon.end() if body_colon else start
    reasons = _REASONS.search(ctx.document.text, start, end)
    end = reasons.start() if reasons else end
    spans = split_numbered(ctx.document.text[start:end])
    if len(spans) == 1:
        spans = split_bracketed(ctx.document.text[start:end])
    if len(spans) > 1:  # one resolution, judged relevant as a whole
        judged = judged or relevant(ctx, index, clean_text(ctx.document.text[start:end]))
        return [it for s, e in spans for it in _inline(ctx, index, start + s, start + e, body, lead, judged)]
    raw = ctx.document.text[start:end]
    offset = len(raw) - len(raw.lstrip(" \n\t:,"))
    text = strip_that(clean_text(raw))
    if recommends_onward(text):  # "RESOLVED – That Full Council be recommended that ...": a recommendation
        ctx.found.setdefault("onward", []).append(Piece(start + offset, end, raw[offset:]))
        return []
    if not (judged or relevant(ctx, index, text)) or procedural(ctx, text):
        return []
    return [item(ctx, start + offset, end, body, text, lead, "decision.inline", 0.75)]


_BODY_COLON = re.compile(r"\s*(?:that\s+)?(?:the\s+)?[A-Z][\w&'’ -]{1,40}:\s+(?=1[.)]\s)", re.I)
_REASONS = re.compile(r"\s*\breasons?\s+for\s+(?:the\s+)?decisions?\b", re.I)


def _following(ctx: Context, index: int, body, lead: str, rule: str = "decision.lead_in") -> list[dict]:
    run = _run_after(ctx, index, lead)
    texts = " ".join(b.text for b in run)
    ctx.found.setdefault("resolved_blocks", set()).update(b.start for b in run)  # not a report's requests
    if not run or not relevant(ctx, index, lead + " " + texts):
        return []
    ctx.found.setdefault("onward", []).extend(b for b in run if recommends_onward(b.text))  # rec.resolution
    sub_led = _with_sub_lead(ctx, index, run, lead)
    if recommends_onward(sub_led):
        return []  # "RESOLVED:" then "That Cabinet recommends to Council that it:": requests to Council
    lead = sub_led
    return [item(ctx, b.start, b.end, body, clean_text(b.text), lead, rule, 0.85)
            for b in run if not procedural(ctx, b.text) and not recommends_onward(b.text)
            and not _MEETING_REFERENCE.match(b.text) and not _LEAD_WORD.match(b.text)]  # "* RESOLVED –" as an item


def _with_sub_lead(ctx: Context, index: int, run: list, lead: str) -> str:
    """'Decision:' then 'That the Cabinet Member approves the following:' over the items: the
    sub-lead's verb gives their outcome."""
    first = next((i for i in range(index + 1, min(len(ctx.blocks), index + 3)) if ctx.blocks[i].start == run[0].start), None)
    sub = ctx.blocks[first - 1] if first is not None and first - 1 > index else None
    return f"{lead} {sub.text}" if sub is not None and sub.text.rstrip().endswith((":", ":-")) else lead


# "(b) Development Management Committee – 28 April 2021": whose minutes a resolution receives
_MEETING_REFERENCE = re.compile(r"^\W*(?:(?:[A-Z][\w&'’,()]*|&|and|of|the)\s+){0,6}[A-Z][\w&'’()]*\s*[–—-]\s*\d{1,2}(?:st|nd|rd|th)?\s+"
                                r"[A-Z][a-z]+,?\s+\d{4}\W*$")


def _run_after(ctx: Context, index: int, lead: str) -> list:
    """What a lead-in introduces: a list, "That ..." paragraphs, or, after a colon, paragraphs up
    to the next heading, list or lead-in."""
    run = list_after(ctx.blocks, index)
    if run:
        return _with_sub_items(ctx, run)
    colon = lead.rstrip().endswith(":") and not _BARE_WORD.match(lead)  # "RESOLVED that:", not "Decision:"
    opens = THAT.match if not (_BARE_WORD.match(lead) or _ENDS_THAT.search(lead)) else \
        (lambda t: THAT.match(t) or _TO_VERB.match(t) or worded_as_resolution(t))
    if colon:
        sub = _sub_lists(ctx, index)
        if sub:
            return sub
    elif _BARE_WORD.match(lead):
        sub = _decided_lead_list(ctx, index)
        if sub:
            return sub
    run: list = []
    for block in ctx.blocks[index + 1:index + 1 + _MAX_PARAGRAPHS]:
        if _NUMBER_ONLY.match(block.text):
            continue  # "1." on a line of its own, its item on the next
        if run and block.kind == PARAGRAPH and run[-1].text.rstrip()[-1:].isalnum() \
                and (block.text[:1].islower() or len(run[-1].text.split()) < 8):
            run[-1] = Piece(run[-1].start, block.end, f"{run[-1].text} {block.text}")  # a wrapped line
            continue
        if not _prose_block(block) or _LEAD_WORD.match(block.text) or block.text.rstrip().endswith(":"):
            break
        if not (opens(block.text) or colon) or _LABEL.match(block.text):
            break
        if run and opens(run[0].text) and not opens(block.text):
            break  # a run of "That ..." (or "To ...") paragraphs ends where they do
        run.append(Piece(block.start, block.end, block.text))
    return run


# the sub-lead's verb governs the list: "agreed the following:", "agreed ... as outlined above namely:",
# "resolved that:" (not "presented a report setting out the agreed priority themes:")
def _with_sub_items(ctx: Context, run: list) -> list:
    """'A. ..., that Council approve to:' then '1. ... 2. ...' then 'B. That ...': an item that
    leads into items of its own gives way to them, and the list goes on after them."""
    if not any(b.text.rstrip().endswith(":") for b in run):
        return run
    position = {b.start: i for i, b in enumerate(ctx.blocks)}
    out, i, first = [], position[run[0].start], run[0]
    while i < len(ctx.blocks) and ctx.blocks[i].kind == LIST_ITEM and same_style(first, ctx.blocks[i]) \
            and ctx.blocks[i].level == first.level:
        subs = list_after(ctx.blocks, i) if ctx.blocks[i].text.rstrip().endswith(":") else []
        if subs and _colon_sentence_later(ctx.blocks[i].text, ctx.blocks[i].text):
            out.append(ctx.blocks[i])  # "That the aims be approved. The aims are:": the items only detail it
        else:
            out += subs or [ctx.blocks[i]]
        i = position[subs[-1].start] + 1 if subs else i + 1
    return out


_DECIDED = re.compile(r"\b(?:agreed|resolved|decided|approved|noted|endorsed|delegated|given|granted|authori[sz]ed|"
                      r"agrees|resolves|decides|approves|notes|endorses|delegates|authori[sz]es)(?:\s+(?:\S+\s+){0,6}?"
                      r"(?:the\s+following(?:\s+\w+){0,2}|as\s+follows|namely|below)|\s+that|\s+to)?\s*[:–-]+\s*$", re.I)


_THAT_ALONE = re.compile(r"^\W*that\s*[:–-]*\s*$", re.I)  # "Decision:" then "That:" (or "That") then a) b) c)


def _decided_lead_list(ctx: Context, index: int) -> list:
    """'Decision:' then 'The Executive agreed the recommendations as outlined above namely:' and
    its list: the items of a sub-lead that says the body decided them (not 'Reasons for the decision:')."""
    nxt = index + 1
    if nxt >= len(ctx.blocks) or not (ctx.blocks[nxt].text.rstrip().endswith((":", ":-"))
                                       or _THAT_ALONE.match(ctx.blocks[nxt].text)):
        return []
    if _DECIDED.search(ctx.blocks[nxt].text) or _THAT_ALONE.match(ctx.blocks[nxt].text) or _names_the_decider(ctx, nxt):
        return list_after(ctx.blocks, nxt)
    return []


def _decider_leads(ctx: Context, index: int) -> bool:
    """A body (or 'it was') that decided or resolved what the list after it says."""
    block = ctx.blocks[index]
    if not block.text.rstrip().endswith((":", ":-")) or not _DECIDED.search(block.text) \
            or not re.search(r"\b(?:decided|resolved)\b", block.text, re.I):  # "noted the following:" lists findings
        return False
    named = ctx.patterns(block.start, block.end, "BODY") or re.search(r"\bit\s+was\b", block.text, re.I)
    return bool(named) and bool(list_after(ctx.blocks, index))


def _names_the_decider(ctx: Context, index: int) -> bool:
    """'The Strategic Director (Neighbourhoods):-' over 'agrees to ...', 'authorises ...'."""
    return len(ctx.blocks[index].text.split()) <= 8 and _resolution_follows(ctx, index)


def _prose_block(block) -> bool:
    """A paragraph, or a short line a reader took for a heading that reads as words of a sentence
    ('An update on the Community Safety', its line wrapped), not 'REASONS' or 'Minutes:'."""
    if block.kind == PARAGRAPH:
        return True
    return block.kind == HEADING and sum(w[:1].islower() for w in block.text.split()) >= 2


@dataclass
class Piece:
    """What a lead-in introduces: a block, or a paragraph and the wrapped line that continues it."""

    start: int
    end: int
    text: str


def _sub_lists(ctx: Context, index: int) -> list:
    """'RESOLVED that:' / 'This Council believes that:' a) b) / 'and calls on the Leader to:' a) b):
    the items of each list a sub-lead introduces, up to the first block that is neither."""
    run, i = [], index + 1
    while i < len(ctx.blocks) and ctx.blocks[i].kind in (PARAGRAPH, HEADING) and ctx.blocks[i].text.rstrip().endswith(":"):
        items = list_after(ctx.blocks, i)
        if not items:
            break
        run += items
        i = ctx.block_index(items[-1]) + 1
    return run


