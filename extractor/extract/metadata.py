"""The report's own fields: council, county, title, meeting body and date, author, plan period.

Most of these live in the header: the blocks before the first real section.
Label/value pairs ("Report Author: X", a "Title | X" cover-sheet row, "Lead
Officer and Report Author" with its value on the next line) win over layout
guesses; minutes name the officer who presented the item.
"""
from __future__ import annotations

import re

from ..document import HEADING, LIST_ITEM, PARAGRAPH, TABLE_ROW, Block
from ..normalise.dates import parse_date
from ..normalise.periods import parse_period
from .context import Context, contains_any
from .council import find_council

HEADER_BLOCKS = 40
_BOILERPLATE = re.compile(
    r"^(?:agenda item|issue(?:\s*-\s*(?:meetings|decisions))?|decision details|skip to (?:main )?content.*"
    r"|agenda and (?:draft )?minutes|minutes|items|no\.?\s*item|media|additional documents|contents|report to follow"
    r"|last updated|this is a default template.*|the custom branding.*|technical error.*|.*\bhome page\b.*"
    r"|.*committee system\b.*"
    r"|(?:modern\.gov\s+)?breadcrumb|search(?: site)?|text only.*|.*accessibility options|quick(?:ly)? exit.*|open menu"
    r"|menu|home|you are here.*|print this page|record of decisions?|decisions?|meeting documents|undefined"
    r"|(?:ms teams|zoom|virtual) (?:virtual )?meeting|a screenshot of .*|.*description automatically generated"
    r"|appendix\s+\w{1,3}|annex\s+\w{1,3}|.*democratic services|modern\.gov\s+\w+|.*text size.*|exit accessibility.*"
    r"|.*\s>\s.*|minutes\s*[-–]\s*.*\d{4}|(?:register\s+for\s+)?skip\s+(?:to\s+)?(?:main\s+)?content.*"
    r"|(?:council\s+and\s+|local\s+)democracy|decisions?\s+published|an?\s+(?:[A-Z][\w&-]*\s+){1,5}website"
    r"|council\s+meetings|council\s+and\s+councillors|issue\s+details|search\s+decisions|decision\s+summary"
    r"|this\s+site\s+uses\s+cookies.*|call\s+us\b.*|search\s+.*\bwebsite|for\s+complaints\s+or\s+compliments.*"
    r"|do\s+you\s+need\s+the\s+police.*|.*\bcookies?\b.*|document\s+library|thanks\s+for\s+your\s+feedback"
    r"|(?:decisions?\s+)?recommendations?\s+approved.*|[\d\s()+-]+"
    r"|(?:\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)(?:\s*(?:to|until|[-–])\s*(?:\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?))?"
    r")\s*$",
    re.I)
# a sentence of minutes, not a title: "Gareth Williams ... introduced the report", "The priorities were ..."
_NARRATIVE = re.compile(r"\b(?:was|were|had|has been|have been|introduced|presented|highlighted|informed|explained|"
                        r"thanked|reported|are)\b", re.I)
# a line that leads into what follows or stops mid-phrase ('... discussed the following points', 'Below is the
# link to the Kent', 'a number of non-statutory organisations including'), a resolution ('RESOLVED that', 'That
# the ... be endorsed'), a page's section labels ('Summary of Decision', 'Reasons for Decision', 'Supporting
# information') or its procedure ('Matters Arising', 'Welcome and Introductions', 'Any urgent items')
_NOT_A_TITLE = re.compile(
    r"\b(?:the|of|that|including|from|as|to|and|an?|for|with|in|by|on|following(?:\s+points)?|follows|said)\s*[:–-]*$"
    r"|^(?:resolved|recommended|that\s|minutes\b|action\b|option\s+\d|matters\s+arising|reasons?\s+for\s+(?:the\s+)?deci"
    r"|details\s+of\s+any|name\s+agency|any\s+urgent"
    r"|welcome\s+and\s+introductions|to\s+confirm\b|public\s+participation|summary\s+of\s+decision|supporting\s+information"
    r"|statement\s+on\s+decision|other\s+options\s+considered|core\s+membership|councillors?\s+\w+\s*\()"
    r"|\b(?:announced|outlined|clarified|addressed|resolves)\b|\b(?:committee|cabinet|panel|board|members)\s+considered\b", re.I)
_APPENDIX = re.compile(r"^(?:appendix|annex|annexe|schedule)\s+\w{1,3}\s*[:–-]\s*\S", re.I)  # "Appendix J: ..." is a title
# a ModernGov agenda link: "84 Acceptance of ... Grant pdf icon PDF 973 KB", "12 Community Safety Plan PDF 38 KB"
_PDF_ICON = re.compile(r"^(?:\d+\s+)?(?P<t>.+?)\s+(?:pdf icon\b|PDF\s+\d+(?:\.\d+)?\s*[KM]B\b)", re.I)
# what a page prints before or after a title: "Decision - ", "Agenda item - ", "Decision 65-2014. ", "(application, 3MB)"
_TITLE_HEAD = re.compile(r"^(?:(?:decision|agenda\s+item|issue|item)\s*[-–:]\s+|decision\s+[\w/-]*\d[\w/-]*\.\s+)", re.I)
_WEBCAST = re.compile(r"\s*\(\d\d[-:]\d\d[-:]\d\d\)\s*$")  # a webcast's time: "Corporate ASB Policy (00-06-39)"
# a ModernGov list of decisions: "12/11/2020 - RENEWAL OF ... ORDERS ref: 611    For Determination"
_DATED_HEAD = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}\s*[-–]\s+")
_REF_TAIL = re.compile(r"\s+ref:\s*\d+\b.*$", re.I)
_FILE_TAIL = re.compile(r"\s*\((?:application|pdf|word|document|file)?[^()]*?\b\d+(?:\.\d+)?\s*[KM]B\)\s*$", re.I)
_TITLE_TAIL = re.compile(r"\s*(?:\[[^\]]*\]|\((?:[A-Z][A-Z &/-]+)\))\s*$")
_BODY_END = re.compile(r"\b(?:committee|cabinet|council|panel|executive|scrutiny)$", re.I)
_LABEL = re.compile(r"^(?P<label>[A-Z][\w()&/'? -]{1,40}?)\s*(?::|\s\|)\s*(?P<value>.*)$")
_AUTHOR_LABELS = [r"(?:report\s+)?author", r"lead officer and report author", r"report of", r"report from",
                  r"report by", r"lead officer", r"contact officer\(?s?\)?", r"proposer|proposed by"]
_TITLE_LABELS = (r"(?:report\s+)?title(?:\s+of\s+(?:the\s+)?report)?|subject"
                 r"|(?:amendment|motion|report|item|decision|project|scheme)\s+name")
_ROLE_WORDS = re.compile(r"\b(?:officer|chief|head|director|manager|executive|team|service|services|leader|"
                         r"specialist|assistant|deputy|cabinet|member|portfolio|holder|council|committee)\b", re.I)
_NAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?(?P<name>(?:[A-Z]\.?\s+)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
                   r"(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?){0,2})")
_PRESENTED = re.compile(r"\b(?:presented|introduced|introduction|received a presentation from)\b", re.I)
_NOT_NAME = {"the", "community", "safety", "partnership", "council", "committee", "kent", "surrey", "police",
             "report", "plan", "members", "chairman", "chair", "councillor", "cllr", "inspector", "head",
             "officer", "manager", "cabinet", "strategic", "crime", "this", "it", "he", "she", "they", "an", "a",
             # words of headings and roles that a short line near a page's end or before 'introduced' prints
             "safer", "streets", "development", "organisational", "options", "option", "alternative", "considered",
             "criteria", "decision", "decisions", "public", "confidence", "improving", "policy", "anti-social",
             "behaviour", "services", "service", "strategy", "reasons", "background", "summary", "appendix",
             "recommendations", "recommendation", "implications", "financial", "legal", "risk", "risks", "contact",
             "management", "assets", "health", "leisure", "libraries", "protection", "housing", "communities",
             # words that open a sentence, never a name ('In April 2021 a duty was introduced')
             "in", "on", "at", "by", "during", "since", "from", "following", "after", "before", "as", "for", "with"}
_PLAN_WORDS = ("plan", "strategy", "agreement", "priorities", "budget", "funding", "grant", "grants", "allocation", "allocations")
_OTHER_DATE_LABEL = re.compile(r"^\s*(?:publication date|date published|published|effective from|last updated|"
                               r"call[- ]in (?:deadline|expiry)|review date|next review|deadline)\b", re.I)
_MEETING_LINE = re.compile(r"^(?:meeting:\s*|decided at meeting:\s*|date of decision:\s*|meeting of the\s+)", re.I)


def extract_metadata(ctx: Context) -> dict:
    header = _header(ctx)
    title = find_title(ctx, header)
    body, date = find_meeting(ctx, header)
    council, county = find_council(ctx, header, title, body)
    return {"council": council, "county": county, "title": title, "meeting_body": body,
            "meeting_date": date, "author": find_author(ctx, header),
            "plan_period": find_plan_period(ctx, title)}


def _header(ctx: Context) -> list[int]:
    return list(range(min(HEADER_BLOCKS, len(ctx.blocks))))


# --- title ----------------------------------------------------------------------

def find_title(ctx: Context, header: list[int]) -> str | None:
    labelled = _label_value(ctx, header, _TITLE_LABELS, capital="A-Z")
    if labelled:
        return labelled
    icon = next((m for i in header if ctx.blocks[i].kind != LIST_ITEM  # a bulleted link is a supporting paper
                 and (m := _PDF_ICON.match(ctx.blocks[i].text)) and not _BOILERPLATE.match(m.group("t"))
                 and not contains_any(ctx.blocks[i].text, ctx.lexicon["procedural"] + ["notes of meeting", "declarations"])), None)
    if icon:
        return _tidy_title(icon.group("t"))
    for i in header:
        if _title_candidate(ctx, i):
            return _tidy_title(_join_title(ctx, i))
    return None


def _title_candidate(ctx: Context, i: int) -> bool:
    block = ctx.blocks[i]
    text = block.text
    if block.kind not in (HEADING, PARAGRAPH) or _BOILERPLATE.match(text) or (_LABEL.match(text) and not _APPENDIX.match(text)):
        return False
    if len(text.split()) < 2 or len(text.split()) > 25 or text.rstrip()[-1] in ".;,?" or _is_date_line(ctx, block):
        return False
    if text[0].islower() or _NARRATIVE.search(text) or _NOT_A_TITLE.search(text):
        return False
    if _MEETING_LINE.match(text) or contains_any(text, ctx.lexicon["procedural"]) or _meeting_line(ctx, i, None):
        return False
    return not _is_body_line(ctx, i)


def _is_body_line(ctx: Context, i: int) -> bool:
    """A committee name on its own, or a line followed by a date line."""
    block = ctx.blocks[i]
    nxt = ctx.blocks[i + 1] if i + 1 < len(ctx.blocks) else None
    if nxt is not None and _is_date_line(ctx, nxt, slack=3):
        return True
    words = block.text.replace(",", " ").split()
    capitalised = all(w[0].isupper() or w.lower() in ("and", "of", "&", "the") for w in words)
    return capitalised and bool(_BODY_END.search(block.text.rstrip(":")))


def _is_date_line(ctx: Context, block: Block, slack: int = 12) -> bool:
    dates = ctx.patterns(block.start, block.end, "DATE")
    return bool(dates) and len(block.text) <= sum(len(d.text) for d in dates) + slack


_SPAN_LINE = re.compile(r"(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d")


def _join_title(ctx: Context, i: int) -> str:
    """A title wrapped over lines: join the next line when it continues the same line group."""
    text = ctx.blocks[i].text
    for nxt in ctx.blocks[i + 1:i + 3]:
        if _SPAN_LINE.fullmatch(nxt.text.strip()) and not re.search(r"(?:19|20)\d\d", text):
            return f"{text} {nxt.text.strip()}"  # "Community Safety Strategy" over a line "2023 – 2026"
        gap = ctx.document.text[ctx.blocks[i].end:nxt.start]
        adjacent = gap.count("\n") <= 1 and len(nxt.text.split()) <= 8 and nxt.text[0].isupper()
        connector = text.split()[-1].lower() in ("&", "and", "of", "the", "for", "to", "-", "–")
        if not (adjacent or connector) or nxt.kind not in (HEADING, PARAGRAPH) or text[-1] in ".:;" \
                or _LABEL.match(nxt.text) or ctx.patterns(nxt.start, nxt.end, "DATE") or nxt.text.endswith("."):
            break
        text, i = f"{text} {nxt.text}", ctx.block_index(nxt)
    return text


def _tidy_title(text: str) -> str:
    t = _TITLE_HEAD.sub("", _DATED_HEAD.sub("", text.strip().strip("*").strip()))
    t = _TITLE_TAIL.sub("", _WEBCAST.sub("", _FILE_TAIL.sub("", _REF_TAIL.sub("", t))))
    return t.rstrip(":").strip()


# --- labels ----------------------------------------------------------------------

def _label_value(ctx: Context, header: list[int], label: str, capital: str = "A-Za-z") -> str | None:
    """The value of a 'Label: value' line, 'Label | value' row or label line + value line; without a
    colon, the value starts with a letter of ``capital`` ('Subject to Urgent Proceedings' has no title)."""
    rx = re.compile(rf"^\s*(?:{label})(?:\s*[:|]\s*|\s+(?=(?-i:[{capital}]))|\s*$)(?P<v>.*)$", re.I)
    for i in header:
        block = ctx.blocks[i]
        if block.kind == TABLE_ROW:
            if re.fullmatch(rf"(?:{label})", block.cells[0].text.strip(" :"), re.I) and len(block.cells) > 1:
                return block.cells[1].text or None
            continue
        m = rx.match(block.text)
        if m:
            value = m.group("v").strip() or _next_value(ctx, i)
            if value:
                return value
    return None


def _next_value(ctx: Context, i: int) -> str | None:
    nxt = ctx.blocks[i + 1] if i + 1 < len(ctx.blocks) else None
    return nxt.text if nxt is not None and nxt.kind in (PARAGRAPH, HEADING) and len(nxt.text) < 100 else None


# --- meeting body and date ---------------------------------------------------------

def find_meeting(ctx: Context, header: list[int]) -> tuple[str | None, str | None]:
    default_year = _header_year(ctx, header)
    for rx in (r"date of decision", r"decided at meeting", r"meeting", r"meeting of the .+? held",
               r"minutes of (?:a|the) meeting of the .+? held"):
        found = _labelled_meeting(ctx, header, rx, default_year)
        if found:
            return found
    for i in header[:15]:
        found = _meeting_line(ctx, i, default_year)
        if found:
            return found
    maker = _label_value(ctx, header, r"decision maker")
    return maker, None


def _labelled_meeting(ctx: Context, header: list[int], label: str, year) -> tuple | None:
    rx = re.compile(rf"^\s*{label}\s*:?\s*(?P<v>.+)$", re.I)
    for i in header:
        block = ctx.blocks[i]
        m = rx.match(block.text) if block.kind != TABLE_ROW else _label_cell(block, label)
        dates = ctx.patterns(block.start, block.end, "DATE") if m else []
        if dates:
            date = parse_date(dates[0].text, year)
            body = _body_around(block.text, dates[0].text) or _maker_body(ctx, header)
            return body, date.isoformat() if date else None
    return None


def _label_cell(block, label: str) -> bool:
    """A cover sheet's 'Meeting | 14/07/2020 - Committee' row: the label fills its first cell."""
    return len(block.cells) > 1 and bool(re.fullmatch(label, block.cells[0].text.strip(" :"), re.I))


def _maker_body(ctx: Context, header: list[int]) -> str | None:
    return _label_value(ctx, header, r"decision maker")


def _body_around(text: str, date_text: str) -> str | None:
    held = re.search(r"meeting of the\s+(?P<b>.+?)\s+held\b", text, re.I)
    if held:
        return held.group("b").strip()
    after = text.split(date_text, 1)[1] if date_text in text else ""
    m = re.match(r"^\s*[-–]\s*(?P<b>[^(]+?)\s*(?:\(|$)", after)
    return m.group("b").strip() if m else None


def _meeting_line(ctx: Context, i: int, year) -> tuple | None:
    """'People and Places Advisory Committee – 5 March', or a date line under a committee line."""
    block = ctx.blocks[i]
    if block.kind in (LIST_ITEM, TABLE_ROW) or len(block.text.split()) > 16 or _OTHER_DATE_LABEL.match(block.text):
        return None
    dates = ctx.patterns(block.start, block.end, "DATE")
    if not dates:
        return None
    date = parse_date(dates[0].text, year)
    before = re.sub(r"^\w+:\s*", "", block.text.split(dates[0].text, 1)[0]).strip(" –-,:")
    before = re.sub(r",?\s*(?:mon|tues|wednes|thurs|fri|satur|sun)day$", "", before, flags=re.I).strip(" –-,")
    body = before or (ctx.blocks[i - 1].text if i > 0 and ctx.blocks[i - 1].kind in (HEADING, PARAGRAPH) else None)
    return body, date.isoformat() if date else None


def _header_year(ctx: Context, header: list[int]) -> int | None:
    for i in header[:20]:
        block = ctx.blocks[i]
        for span in ctx.patterns(block.start, block.end, "DATE"):
            m = re.search(r"(19|20)\d\d", span.text)
            if m:
                return int(m.group())
    return None


# --- author ----------------------------------------------------------------------

def find_author(ctx: Context, header: list[int]) -> str | None:
    everywhere = list(range(len(ctx.blocks)))
    for label in _AUTHOR_LABELS:
        value = _label_value(ctx, header, label) or _label_value(ctx, everywhere, label)
        if value:
            name = person_name(value)
            if name:
                return name
            if label in (r"report of", r"report from"):
                return _signatory(ctx)
    return _presenter(ctx)


def person_name(value: str) -> str | None:
    """'Will Jack – Community Safety Manager' -> 'Will Jack'; a role alone -> None."""
    head = re.split(r"\s+[–—-]\s+|,|\(|;|\bExt\b|\bTel\b", value)[0].strip()
    m = _NAME.fullmatch(head.strip(" .")) if head else None
    if not m or _ROLE_WORDS.search(head) or any(w.lower() in _NOT_NAME for w in head.split()):
        return None
    return m.group("name") if len(m.group("name").split()) >= 2 else None


def _signatory(ctx: Context) -> str | None:
    """The name that signs the report: a short name line near the end, before a role line."""
    tail = ctx.blocks[-6:]
    for block, after in reversed(list(zip(tail, tail[1:] + [None]))):
        name = person_name(block.text) if len(block.text.split()) <= 4 and block.kind != LIST_ITEM else None
        if name and (after is None or _ROLE_WORDS.search(after.text)):
            return name
    return None


_TITLED = re.compile(r"^(?:Councillor|Cllr|Inspector|Insp|Superintendent|Supt|Chief Inspector|Sergeant)\b")


def _presenter(ctx: Context) -> str | None:
    """In minutes: the officer named as presenting or introducing the item."""
    for block in ctx.blocks[:HEADER_BLOCKS]:
        if block.kind in (PARAGRAPH, LIST_ITEM):
            sentence = next((s for s in re.split(r"(?<=[.!?])\s+", block.text) if _PRESENTED.search(s)), None)
            if sentence:
                names = _presenting_names(sentence)
                if names:
                    return names[0] if len(names) <= 2 else None
    return None


def _presenting_names(sentence: str) -> list[str]:
    """Officers named before 'presented'/'introduced' (or after 'presentation from'), not councillors or chairs."""
    m = re.search(r"presentation from\s+(?P<rest>.+)", sentence)
    segment = m.group("rest") if m else sentence[:_PRESENTED.search(sentence).start()]
    parts = [p.strip() for p in re.split(r",|\(|\)|\band\b|;", segment) if p.strip()]
    names = []
    for k, part in enumerate(parts):
        chair = k + 1 < len(parts) and re.match(r"(?:the\s+)?(?:Chairman|Chair|Vice-Chair)", parts[k + 1])
        start = _NAME.match(part)
        name = None if _TITLED.match(part) or chair or not start else person_name(start.group(0))
        if name:
            names.append(name)
    return names


# --- plan period ----------------------------------------------------------------

def find_plan_period(ctx: Context, title: str | None) -> dict | None:
    if title:
        found = _title_period(ctx, title)
        if found:
            return found
    text = ctx.document.text
    for span in ctx.doc.spans["patterns"]:
        if span.label_ == "PERIOD" and _near_plan_word(text, span.start_char, span.end_char):
            parsed = parse_period(span.text)
            if parsed:
                return {"start_year": parsed[0], "end_year": parsed[1]}
    return _single_year(ctx, title)


def _title_period(ctx: Context, title: str) -> dict | None:
    spans = list(re.finditer(r"(?:19|20)\d\d\s*(?:[-–/]|to)\s*(?:(?:19|20)?\d\d)\b", title))
    ranked = sorted(spans, key=lambda m: not _near_plan_word(title, m.start(), m.end(), 25, 40))
    for m in ranked:
        parsed = parse_period(m.group())
        if parsed:
            return {"start_year": parsed[0], "end_year": parsed[1]}
    return None


def _near_plan_word(text: str, start: int, end: int, before: int = 40, after: int = 25) -> bool:
    window = text[max(0, start - before):start] + " " + text[end:end + after]
    return contains_any(window, _PLAN_WORDS)


def _single_year(ctx: Context, title: str | None) -> dict | None:
    if title:
        m = re.search(r"\b((?:19|20)\d\d)\s*$", title)
        if m:
            return {"start_year": int(m.group(1)), "end_year": int(m.group(1))}
    m = re.search(r"(?<![/\d])((?:19|20)\d\d)[ \t]+(?:[A-Z]\w*[ \t]+){0,5}(?:Plan|Strategy|Agreement)\b", ctx.document.text)
    return {"start_year": int(m.group(1)), "end_year": int(m.group(1))} if m else None
