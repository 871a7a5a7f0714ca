"""Decisions recorded without a "RESOLVED" lead-in: in prose, verb first, as a carried proposal,
or as a ModernGov decision status (see :mod:`extractor.extract.decisions` for the rule list)."""
from __future__ import annotations

import re

from ..document import HEADING, LIST_ITEM, PARAGRAPH
from .context import Context, clean_text
from .decision_common import MAKER, THAT, item, meeting_body, outcome_of, procedural, recommends_onward, relevant
from .funding import page_commissioner
from .recommendations import clean_body

_STATUS = re.compile(r"^Decision status(?::|\t)\s*(?P<text>.+)$", re.I)
# "Agreed the Safer Ashdale Partnership Plan ...", "Noted the report": minutes that leave out the subject
_VERB_FIRST = re.compile(r"^\W*(?P<verb>agreed|noted|approved|endorsed|adopted|deferred|rejected|authori[sz]ed|delegated)"
                         r"\s+(?:the|that|to|authority)\s", re.I)
_REPORT_NOTED = re.compile(r"^\W*(?:the\s+)?(?:report|update|presentation)s?\s+(?:was|were)\s+(?P<verb>noted)\.?\s*$", re.I)
# "Proposal that the assessment be adopted." then "Agreed by unanimous vote." / "Carried."
# "It was moved by Councillor A, seconded by Councillor B and" then the resolution, its "RESOLVED" lost
_SECONDED_AND = re.compile(r"\bseconded\b.{0,80}\band\s*$", re.I | re.S)
_PROPOSAL = re.compile(r"^\W*(?:proposal|motion|proposed|it\s+was\s+proposed)\b.{0,120}?\bthat\s+(?P<text>.+)$", re.I | re.S)
_CARRIED = re.compile(r"^\W*(?:agreed|carried|approved)\b(?:\s+(?:by|unanimously|nem\.?\s*con)[^.]*)?\.?\s*$", re.I)

# "councillors approved a decision to spend £172,512 on CCTV", "Cabinet agreed to fund two wardens"
_PROSE = re.compile(r"(?:^|(?<=[.;,]\s)|(?<=\n))(?P<text>(?:the\s+)?(?P<body>councillors|members|(?:[A-Z][\w&'-]*\s+){0,4}?"
                    r"(?:cabinet|committee|council|panel|board|executive|group))\s+(?:had\s+before\s+it\s+and\s+|received\s+and\s+)?"
                    r"(?:unanimously\s+|formally\s+|then\s+)?"
                    r"(?P<verb>approved|agreed|endorsed|adopted|rejected|refused|deferred|authori[sz]ed"
                    r"|noted(?=\s+(?:the|an?)\s+\*?(?:report|update|information|presentation|progress|contents|comments)\b)"
                    r"|accepted(?=\s+the\s+(?:report|update|recommendations?)\b)"
                    r"|resolved(?=\s+to\s+(?:adopt|approve|agree|endorse|accept|support|fund|allocate|award|delegate)\b)"
                    r"|supported(?=\s+(?:the\s+)?[\w’'\s-]{0,60}?\b(?:proposals?|recommendations?|bids?|applications?)\b))"
                    r"\b(?!\s+(?:that|with|to\s+note|to\s+recommend))"
                    r"[^.]{8,400}\.)", re.I)


def from_verb_first(ctx: Context) -> list[dict]:
    """'Agreed the Safer Ashdale Partnership Plan 2014-2017, subject to ...' as a block of minutes, or the
    block 'The report was noted.'"""
    items = []
    for index, block in enumerate(ctx.blocks):
        m = (_VERB_FIRST.match(block.text) or _REPORT_NOTED.match(block.text)) if block.kind in (PARAGRAPH, LIST_ITEM) else None
        if m and block.text.rstrip().endswith(":"):
            continue  # "AGREED that Cabinet approve:" leads in; its items are the decisions
        if m and not procedural(ctx, block.text) and relevant(ctx, index, block.text):
            items.append(item(ctx, block.start, block.end, meeting_body(ctx, index), clean_text(block.text),
                               m.group("verb"), "decision.verb_first", 0.7))
    return items


# "Councillor A introduced a report ... seeking approval for ..." then "1) Approve ...", "Note ...":
# minutes whose "RESOLVED to:" line was lost (an image, or a line the page leaves out)
_REPORT_INTRODUCED = re.compile(r"\b(?:introduced|presented|considered|received|submitted)\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}report\b"
                                r"|^\W*(?:approval|agreement|authority|endorsement)\s+was\s+sought\b", re.I | re.M)
_IMPERATIVE = re.compile(r"^\W*(?:Approve|Agree|Note|Endorse|Adopt|Delegate|Authori[sz]e|Accept|Defer|Reject|Request|Support)\b")


def from_lost_label(ctx: Context) -> list[dict]:
    """In minutes, the capitalised imperatives ('Approve the timetable ...') right after a paragraph
    that tells how a report was introduced, with no lead-in that asks a body: the resolution."""
    if not minutes_like(ctx):
        return []
    items = []
    for index, block in enumerate(ctx.blocks):
        if block.kind != PARAGRAPH or not _REPORT_INTRODUCED.search(block.text) or block.text.rstrip().endswith(":") \
                or ctx.patterns(block.start, block.end, "REC_CUE"):
            continue
        run = _imperatives_after(ctx, index)
        ctx.found.setdefault("resolved_blocks", set()).update(b.start for b in run)  # not a report's requests
        if run and relevant(ctx, index, " ".join(b.text for b in run)):  # one resolution, one agenda item
            items += [item(ctx, b.start, b.end, meeting_body(ctx, index), clean_text(b.text), "", "decision.lost_label",
                           0.65) for b in run if not procedural(ctx, b.text)]
    return items


def minutes_like(ctx: Context) -> bool:
    """Minutes or a decision record: a label or words that only they carry."""
    return bool(_MINUTES.search(ctx.document.text))


def _imperatives_after(ctx: Context, index: int) -> list:
    run = []
    for block in ctx.blocks[index + 1:index + 12]:
        if block.kind not in (PARAGRAPH, LIST_ITEM) or not _IMPERATIVE.match(block.text):
            break
        run.append(block)
    return run


def from_proposals(ctx: Context) -> list[dict]:
    """A proposal recorded as carried: 'Proposal that X be adopted.' then 'Agreed by unanimous vote.'"""
    items = []
    for index, block in enumerate(ctx.blocks[:-1]):
        m = _PROPOSAL.match(block.text) if block.kind in (PARAGRAPH, LIST_ITEM) else None
        if m and _CARRIED.match(ctx.blocks[index + 1].text) and not procedural(ctx, block.text):
            items.append(item(ctx, block.start, block.end, meeting_body(ctx, index), clean_text(block.text),
                               "", "decision.carried", 0.7))
        nxt = ctx.blocks[index + 1]
        if _SECONDED_AND.search(block.text) and nxt.kind == PARAGRAPH and not procedural(ctx, nxt.text):
            items.append(item(ctx, nxt.start, nxt.end, meeting_body(ctx, index), clean_text(nxt.text), "",
                              "decision.carried", 0.7))
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
                found = item(ctx, s, s + len(text), clean_body(m.group("body")), clean_text(text), "", "decision.prose", 0.6)
                if m.group("verb").lower() == "resolved":  # "resolved to adopt ...": the outcome of what it resolved
                    found["outcome"] = outcome_of(ctx, text[m.end("verb") - m.start("text"):], "")
                elif m.group("verb").lower() == "accepted":  # "accepted the report": took note of it
                    found["outcome"] = "noted"
                items.append(found)
    return items


def from_status(ctx: Context) -> list[dict]:
    maker = _decision_maker(ctx)
    for block in ctx.blocks:
        m = _STATUS.match(block.text)
        if m and re.search(r"approved|agreed|noted|deferred|rejected", m.group("text"), re.I):
            s = block.start + ctx.document.text[block.start:block.end].find(m.group("text"))
            return [item(ctx, s, s + len(m.group("text")), maker, m.group("text"), "", "decision.status", 0.6)]
    return []


# "the report be noted;", "That the terms of reference be agreed.", "arrangements be put in place ...": the
# subjunctive of a resolution whose "RESOLVED" the page lost
# "That the proposed ASB Policy is approved;": a decision notice's present tense after "That"
_PRESENT_PASSIVE = re.compile(r"\b(?:is|are)\s+(?:hereby\s+)?(?:approved|agreed|adopted|endorsed|noted|delegated|"
                              r"authorised|authorized|granted|given)\b", re.I)
# "..., the new enforcement powers are adopted;": the verb closing the clause, as a resolution's does
_PASSIVE_END = re.compile(r"\b(?:is|are)\s+(?:approved|agreed|adopted|endorsed|noted)\s*[;.]?\s*(?:and)?\s*$", re.I)
_SUBJUNCTIVE = re.compile(r"\b(?:be|are\s+to\s+be)\s+(?:\w+ly\s+)?(?:noted|received|agreed|approved|adopted|endorsed|"
                          r"submitted|provided|invited|put\s+in\s+place|established|published|delegated|deferred|"
                          r"considered|circulated|made|reviewed|updated|presented|brought|sent|authorised|undertaken|given|granted|"
                          r"accepted|supported|extended|renewed|commissioned|allocated|awarded|introduced|implemented|"
                          r"thanked|welcomed)\b", re.I)
_MINUTES = re.compile(r"^\s*(?:minutes|decision)s?\s*:|\bminutes\b|\bagenda item\b|^[\s|]*meeting\s*(?::|\t|\|)|\bdecisions?\b"
                      r"|^\s*reasons?(?:\s+for\s+(?:the\s+)?decisions?)?\s*:", re.I | re.M)
_MOVED = re.compile(r"\b(?:moved|seconded)\b|\bit\s+was\s+proposed\b", re.I)  # "It was moved ... that X be adopted": a motion
_MODAL = re.compile(r"\b(?:would|will|should|could|must|may|might|can|cannot|shall|to|has|have|had|needed|need|needs)"
                    r"\s+(?:\w+ly\s+|also\s+|not\s+|then\s+)?$", re.I)


# "That the following be agreed ...:" (the items are what was agreed), not "That approval be given to the
# following authorisations:" (approval is the resolution; the items detail it)
_FOLLOWING_LEAD = re.compile(r"\b(?:the\s+following|as\s+follows)\s+(?:be|are|is)\s+\w+[^:]*:\s*$", re.I)


def _item_follows(ctx: Context, i: int, run: list[int]) -> bool:
    """The run goes on after block ``i``, or a deeper list item (its sub-item) comes next."""
    nxt = ctx.blocks[i + 1] if i + 1 < len(ctx.blocks) else None
    return i + 1 in run or (nxt is not None and nxt.kind == LIST_ITEM and nxt.level > ctx.blocks[i].level)


def from_subjunctive_items(ctx: Context) -> list[dict]:
    """In minutes or a decision notice, a run of items (numbered, lettered or "That ..." paragraphs)
    worded as resolutions ("the report be noted;", "That X be agreed."), outside a
    Recommendations section and outside any lead-in that asks a body: the decisions of a page
    that lost its "RESOLVED" line."""
    if not (_MINUTES.search(ctx.document.text) or _REPORT_INTRODUCED.search(ctx.document.text)):  # or minutes' narrative
        return []
    items, seen = [], set()
    for index, block in enumerate(ctx.blocks):
        if index in seen or not _resolution_like(ctx, index):
            continue
        run = [index] + _resolution_run(ctx, index)
        seen.update(run)
        if _options(ctx, run):
            continue
        of_the_item = relevant(ctx, index, " ".join(ctx.blocks[i].text for i in run))  # one resolution, one agenda item
        for i in run:
            b = ctx.blocks[i]
            if procedural(ctx, b.text) or _leads_into_decisions(ctx, i) or (_FOLLOWING_LEAD.search(b.text) and _item_follows(ctx, i, run)):
                continue  # "That the following be agreed:" leads into the run's next items
            if recommends_onward(b.text):  # "to request to Mayor and Cabinet that ... be noted": a recommendation
                ctx.found.setdefault("onward", []).append(b)
                continue
            if (of_the_item and THAT.match(b.text)) or relevant(ctx, i, b.text):
                ctx.found.setdefault("resolved_blocks", set()).add(b.start)  # not a report's request as well
                items.append(item(ctx, b.start, b.end, meeting_body(ctx, i), clean_text(b.text), "",
                                  "decision.subjunctive", 0.65))
    return items


def worded_as_resolution(text: str) -> bool:
    """'The Plan be approved as part of the policy framework.': a resolution's subjunctive, not
    'officers would be asked', not a recommendation."""
    head = " ".join(text.split()[:50])  # the verb may come after a long subject
    m = _SUBJUNCTIVE.search(head) or (_PRESENT_PASSIVE.search(head) if THAT.match(text) else _PASSIVE_END.search(text))
    return bool(m) and not _MODAL.search(head[:m.start()]) and "recommend" not in head.lower() \
        and not _MOVED.search(head[:m.start()])


def resolved_before_its_list(text: str) -> bool:
    """'RESOLVED that approval be given to undertake a consultation ... in respect of the following
    locations:': the resolution is whole before its list, which only details it (not 'that the
    following be approved:', whose items are what was approved)."""
    m = _SUBJUNCTIVE.search(text)
    following = re.search(r"\b(?:the\s+following|as\s+follows|below)\b", text, re.I)
    return bool(m) and bool(following) and m.end() < following.start() \
        and len(text[:following.start()].split()) >= 10 and worded_as_resolution(text)


def _resolution_like(ctx: Context, index: int) -> bool:
    block = ctx.blocks[index]
    if block.kind not in (PARAGRAPH, LIST_ITEM) or ctx.section(index).type == "recommendations":
        return False
    if block.kind == LIST_ITEM and _TO_DECIDE.match(block.text) and decision_page(ctx):
        # "Issue - decisions" ... "(ii) To vary and extend the five PSPOs ..."; a page whose status says its
        # recommendations were approved records them as decided, whatever lead-in asked for them
        return not _asked(ctx, index) or status_decided(ctx)
    if block.kind == PARAGRAPH and not THAT.match(block.text):
        return False
    return worded_as_resolution(block.text) and not _asked(ctx, index)


_TO_DECIDE = re.compile(r"^\W*to\s+(?:consider\s+and\s+)?(?:note|approve|agree|adopt|endorse|vary|extend|remove|make|renew|delegate|"
                        r"authori[sz]e|allocate|award|accept|defer|reject|introduce|designate|consult)\b", re.I)
# a page that records decisions: "Issue - decisions", "Decision details", "Record of decision", "Decision notice"
_DECISION_PAGE = re.compile(r"^\W*(?:issue\s*[-–]\s*decisions|decision\s+details|record\s+of\s+(?:the\s+)?decision|"
                            r"decision\s+notice|decision\s+of\s+the\s+\w+)\W*$", re.I)


# a ModernGov decision page whose heading the excerpt lost: its "Decision status:" line says decided
_STATUS_DECIDED = re.compile(r"^\W*decision\s+status\s*(?::|\t|\|)\s*(?:recommendations?\s+)?(?:approved|agreed)\b", re.I)


def from_lone_purpose(ctx: Context) -> list[dict]:
    """A decision page with no decision recorded anywhere else: its 'To approve ...' line right under
    the 'Is subject to call in?' label is the decision (elsewhere it is the purpose above one)."""
    if not decision_page(ctx):
        return []
    for index, block in enumerate(ctx.blocks[1:], 1):
        if CALL_IN.match(ctx.blocks[index - 1].text) and block.kind == PARAGRAPH and _TO_DECIDE.match(block.text):
            return [item(ctx, block.start, block.end, meeting_body(ctx, index), clean_text(block.text), "",
                         "decision.purpose_line", 0.6)]
    return []


CALL_IN = re.compile(r"^\W*is\s+subject\s+to\s+call[\s-]*in\b", re.I)


def status_decided(ctx: Context) -> bool:
    return any(_STATUS_DECIDED.match(b.text) for b in ctx.blocks[:8])


def decision_page(ctx: Context) -> bool:
    return any(_DECISION_PAGE.match(b.text) or _STATUS_DECIDED.match(b.text) for b in ctx.blocks[:6])


_RECORD_LABEL = re.compile(r"^\W*(?:decided\s+at\s+meeting|date\s+of\s+decision)\s*(?::|\t|\|)", re.I)


def records_decisions(ctx: Context) -> bool:
    """A decision page, or a page with the labels of a decision record ('Date of decision:',
    'Decided at meeting:') even where the page heading was lost."""
    return decision_page(ctx) or any(_RECORD_LABEL.match(b.text) for b in ctx.blocks)


def _asked(ctx: Context, index: int) -> bool:
    """The item follows a lead-in that asks a body ('Cabinet is asked to agree:'): a request."""
    for block in reversed(ctx.blocks[max(0, index - 4):index]):
        if block.kind != LIST_ITEM:
            return bool(ctx.patterns(block.start, block.end, "REC_CUE")) or bool(_RECOMMEND.search(block.text))
    return False


# "... but this was not recommended": a rejected option; "as recommended by the Partnership" asks no one
_RECOMMEND = re.compile(r"(?<!\bnot\s)\brecommend(?!ed\s+by\b)", re.I)


def _resolution_run(ctx: Context, index: int) -> list[int]:
    """The items after ``index`` in the same list (or "That" paragraphs) that read as resolutions."""
    out, leads = [], ctx.blocks[index].text.rstrip().endswith(":")
    for i in range(index + 1, min(len(ctx.blocks), index + 12)):
        block = ctx.blocks[i]
        if block.kind == LIST_ITEM and block.level > ctx.blocks[index].level:
            continue  # a list under an item ("covering the following priorities:")
        if _resolution_like(ctx, i) or _continues_resolution(ctx, index, i):
            out.append(i)
            leads = block.text.rstrip().endswith(":")
        elif not (leads and block.kind == LIST_ITEM and len(block.text.split()) <= 12):
            break  # the short items an item's colon leads into, their level lost, do not end the run
    return out


_BE = re.compile(r"\bbe\b", re.I)


_OR_END = re.compile(r"\bor\W*$", re.I)


def _options(ctx: Context, run: list[int]) -> bool:
    """'a) Agree the decision be implemented, b) ..., or c) ...': the choices open to a body, not its resolutions."""
    last = run[-1] + 1
    blocks = [ctx.blocks[i] for i in run] + ctx.blocks[last:last + 1]
    return any(_OR_END.search(b.text) for b in blocks)


def _leads_into_decisions(ctx: Context, index: int) -> bool:
    """'That the further work set out below be undertaken:' over items already taken as decisions, or
    'That the following referrals be made:' over referrals to another body (recommendations)."""
    nxt = ctx.blocks[index + 1] if index + 1 < len(ctx.blocks) else None
    return ctx.blocks[index].text.rstrip().endswith(":") and nxt is not None \
        and (nxt.start in ctx.found.get("resolved_blocks", ()) or recommends_onward(nxt.text))


def _continues_resolution(ctx: Context, first: int, index: int) -> bool:
    """'4. That the Partnership be the governing Board.' after '3. That the Strategy be reviewed.':
    a "That ... be ..." item of the same list as a resolution is one too, whatever its verb."""
    a, b = ctx.blocks[first], ctx.blocks[index]
    if b.kind != a.kind or not THAT.match(b.text) or not THAT.match(a.text):
        return False
    head = " ".join(b.text.split()[:30])
    m = _BE.search(head)
    return bool(m) and not _ANY_MODAL.search(head[:m.start()]) and "recommend" not in head.lower()


_ANY_MODAL = re.compile(r"\b(?:would|will|should|could|must|may|might|can|cannot|shall|to)\b", re.I)


# "Amendment by the Residents' Group NOT CARRIED by 30 votes to 16", "deemed motion AGREED without division"
_VOTE = re.compile(r"\b(?i:motion|amendment)\b.{0,120}?\b(?P<outcome>NOT\s+CARRIED|CARRIED|AGREED|LOST|REJECTED|DEFEATED|FELL)\b")
_VOTE_OUTCOME = {"CARRIED": "approved", "AGREED": "approved"}


def from_votes(ctx: Context) -> list[dict]:
    """A motion or amendment whose result is printed in capitals."""
    items = []
    for index, block in enumerate(ctx.blocks):
        if block.kind not in (PARAGRAPH, LIST_ITEM) or len(block.text) > 300 or not _VOTE.search(block.text) \
                or not relevant(ctx, index, block.text):  # the cheap test first: relevant() scans back for a heading
            continue
        for clause in re.finditer(r"[^;]+", block.text):  # "Amendment ... NOT CARRIED ...; motion ... AGREED ..."
            m = _VOTE.search(clause.group())
            if m:
                start, end = block.start + clause.start(), block.start + clause.end()
                found = item(ctx, start, end, meeting_body(ctx, index), clean_text(clause.group()), "", "decision.vote", 0.7)
                found["outcome"] = _VOTE_OUTCOME.get(" ".join(m.group("outcome").split()), "rejected")
                items.append(found)
    return items


# "The recommendations in the report were considered and agreed.", "I approve the recommendation(s):"
_ADOPTED_RECS = re.compile(r"^\W*(?:the\s+)?recommendations?\b[^.]{0,80}?\b(?:was|were)\s+(?:considered\s+and\s+)?"
                           r"(?P<verb>agreed|approved|noted|endorsed|adopted)\b", re.I)
_RECORDED_OUTCOME = {"agreed": "agreed", "approved": "approved", "noted": "noted", "endorsed": "approved", "adopted": "approved",
                     "approve": "approved", "agree": "agreed", "endorse": "approved", "authorise": "approved",
                     "authorize": "approved"}
# "I approve ...", "I hereby agree ..."; "I, Paul Smith, City Mayor, in exercise of the powers ... do hereby
# approve:" wherever it starts in its block
_FIRST_PERSON = re.compile(r"^\W*I\s+(?:hereby\s+)?(?:approve|agree|endorse|authorise|authorize)\b")
_HEREBY = re.compile(r"\bI\s*,?\s+[A-Z][^.]{3,250}?\bdo\s+hereby\s+(?P<verb>approve|agree|endorse|authorise|authorize)\b")


# a commissioner's decision record: "The Commissioner has approved £89,350 from the ... Fund."
_COMMISSIONER = re.compile(r"^\W*(?:the\s+)?(?:deputy\s+)?(?:police,?\s+(?:fire\s+and\s+)?(?:and\s+)?crime\s+commissioner|"
                           r"commissioner|pcc|pfcc|mayor\s+for\s+policing(?:\s+and\s+crime)?)\s+(?:has\s+|had\s+)?"
                           r"(?P<verb>approved|agreed|noted|endorsed|established|awarded|allocated|authori[sz]ed|decided|"
                           r"approves|agrees|notes|endorses|awards|allocates|authori[sz]es)\b(?!\s+with\b)", re.I)
_COMMISSIONER_AT = re.compile(_COMMISSIONER.pattern.removeprefix("^"), re.I)  # at a given position
_COMMISSIONER_OUTCOME = {"noted": "noted", "notes": "noted", "agreed": "agreed", "agrees": "agreed", "decided": "agreed"}


def _commissioner_sentence(block, own_page: bool):
    """The commissioner's act opening the paragraph, or, on a commissioner's own page, opening a later
    sentence of it ("The grants round has concluded. The PCC has awarded a total of ...")."""
    m = _COMMISSIONER.match(block.text)
    if m or not own_page:
        return m
    later = (_COMMISSIONER_AT.match(block.text, s.end()) for s in re.finditer(r"[.!?]\s+", block.text))
    return next((x for x in later if x), None)


def from_commissioner(ctx: Context) -> list[dict]:
    """A paragraph that opens with the commissioner's act records the decision, its first sentence."""
    items, own_page = [], page_commissioner(ctx) is not None
    for block in ctx.blocks:
        m = _commissioner_sentence(block, own_page) if block.kind == PARAGRAPH else None
        if m and not block.text.rstrip().endswith(":"):
            start = block.start + m.start()
            end = start + len(re.split(r"(?<=\.)\s", ctx.document.text[start:block.end], maxsplit=1)[0])
            found = item(ctx, start, end, "Police and Crime Commissioner",
                         clean_text(ctx.document.text[start:end]), "", "decision.commissioner", 0.7)
            found["outcome"] = _COMMISSIONER_OUTCOME.get(m.group("verb").lower(), "approved")
            items.append(found)
    return items


def from_short_records(ctx: Context) -> list[dict]:
    """A report's recommendations recorded as agreed, or a commissioner's 'I approve ...'."""
    items = []
    for index, block in enumerate(ctx.blocks):
        if block.kind not in (PARAGRAPH, LIST_ITEM, HEADING):
            continue
        m = _ADOPTED_RECS.match(block.text) or _FIRST_PERSON.match(block.text) or _HEREBY.search(block.text)
        if m:
            start = block.start + (m.start() if m.re is _HEREBY else 0)  # "Record of Decision (Cabinet) I, ..."
            end = start + len(re.split(r"(?<=[.:])\s", ctx.document.text[start:block.end], maxsplit=1)[0])
            body = ctx.fields.get("council") if m.re is not _ADOPTED_RECS else meeting_body(ctx, index)
            found = item(ctx, start, end, body, clean_text(ctx.document.text[start:end]), "", "decision.recorded", 0.7)
            if "verb" in m.groupdict():
                found["outcome"] = _RECORDED_OUTCOME[m.group("verb").lower()]
            items.append(found)
    return items


# A decision register: "35 – 2015" (or "Decision number: 45/2023") over a title and "To approve £1,700
# spend from the ... fund to ...", or "23/10/2023 - Approve the proposed PSPO ...": one decision a row
_NUMBER_LINE = re.compile(r"^\W*(?:decision\s+(?:no\.?|number)\s*:?\s*)?\d{1,4}\s*[–/-]\s*(?:19|20)\d{2}\W*$", re.I)
DATED = re.compile(r"^\W*\d{1,2}/\d{1,2}/(?:19|20)\d{2}\s*[–-]\s+(?=[A-Z])")
_RECORD_VERB = re.compile(r"^\W*(?:to\s+)?(?:approve|agree|adopt|endorse|award|allocate|authori[sz]e|accept|grant|"
                          r"extend|renew|commission|fund)\b", re.I)


def from_register(ctx: Context) -> list[dict]:
    """Each row of a decision register: its record ('To approve £1,700 spend ...'), first sentence."""
    items = []
    for index, block in enumerate(ctx.blocks):
        if block.kind not in (PARAGRAPH, LIST_ITEM):
            continue
        dated = DATED.match(block.text)
        numbered = any(_NUMBER_LINE.match(b.text) for b in ctx.blocks[max(0, index - 2):index])
        if not (dated and decision_page(ctx) or numbered) or not _RECORD_VERB.match(block.text[dated.end() if dated else 0:]):
            continue
        start = block.start + (dated.end() if dated else 0)
        first = re.split(r"(?<=\.)\s+(?=[A-Z])", ctx.document.text[start:block.end], maxsplit=1)[0]
        if not procedural(ctx, first):
            items.append(item(ctx, start, start + len(first), _register_body(ctx, index), clean_text(first), "",
                              "decision.register", 0.7))
    return items


def _register_body(ctx: Context, index: int) -> str | None:
    return page_commissioner(ctx) or meeting_body(ctx, index) or _decision_maker(ctx)


def _decision_maker(ctx: Context) -> str | None:
    """The page's 'Decision Maker: Cabinet' line, wherever it stands."""
    return next((m.group("body").strip() for b in ctx.blocks if (m := MAKER.match(b.text))), None)

