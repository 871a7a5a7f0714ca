"""Money figures allocated, granted, spent, budgeted or bid for in connection with community safety.

Every £ amount the money patterns find becomes a candidate; its sentence gives
the financial year nearest to it, the funder ("from the PCC", "X allocated"),
the purpose (a named grant, fund or budget) and the recipient ("allocated to
Medway CSP").  The same amount for the same (or an unstated) year is one item, however often
the document prints it (summary and body, table and text).  A range ("£1m-£1.5m", "between
£10,000 and £15,000", "£20-30k") is one figure: ``amount_gbp`` is its low end and
``amount_high_gbp`` its high end (null for a single sum).  A sum that adds up others the
document gives is marked ``is_total`` (:mod:`.funding_totals`).

Relevance (``corpus/ANNOTATION.md``): in a document about community safety (its
community-safety words are frequent) every sum counts; in a document about something
else (a budget report, a risk register) only a sum whose own sentence, table row or
section names a community-safety service, project or theme (wardens, CCTV, the
community safety team, domestic abuse, Safer Streets, the PCC ...).  Other sums are
kept only with ``--all``, as ``funding.unrelated`` with a low confidence and a
``reason``.  A rate ("£64.00 per person", "£16 an hour") is not a sum.  Tables whose cells
carry no £ sign take their unit from the header or caption (:mod:`.funding_tables`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..document import HEADING, LIST_ITEM
from ..normalise.money import find_money_ranges, parse_money
from ..normalise.periods import parse_period
from ..normalise.text import norm, similar
from .context import Context, about_community_safety, contains_any, make_item
from .funding_period import lead_in, opening_blocks, sum_period
from .funding_purpose import ROUND, direct_use, line_fund, page_fund, page_lines, purpose, section_heading, use_in_words
from .funding_tables import flat_table_funding, table_funding
from .funding_totals import POOLED, TOTAL_LABEL, mark_area_totals, mark_totals, merge_rounded, pool, total_cue
from .risks import header_columns, tables

_FUNDERS = [
    (re.compile(r"\b(?:Office of the )?(?:Police,? Fire (?:and|&) Crime Commissioner|PFCC|OPFCC)\b"),
     "Police, Fire and Crime Commissioner"),
    (re.compile(r"\b(?:Office of the )?(?:Police (?:and|&) Crime Commissioner|PCC|OPCC)\b"), "Police and Crime Commissioner"),
    # London's commissioner: 'MOPAC', 'the Mayor's Office for Policing and Crime'
    (re.compile(r"\b(?:Mayor['’]s Office for Policing (?:and|&) Crime|MOPAC)\b"), "Mayor's Office for Policing and Crime"),
    (re.compile(r"\b[Tt]he Commissioner\b"), "Police and Crime Commissioner"),
    (re.compile(r"\bHome Office\b"), "Home Office"),
    (re.compile(r"\b(?:Ministry of Justice|MoJ|MOJ)\b"), "Ministry of Justice"),
    (re.compile(r"\b(?:Department (?:for|of) Levelling Up(?:,? Housing,? (?:and|&) Communities)?|DLUHC)\b"),
     "Department for Levelling Up, Housing and Communities"),
    (re.compile(r"\b(?:Ministry of Housing,? Communities,? (?:and|&) Local Government|MHCLG)\b"),
     "Ministry of Housing, Communities and Local Government"),
    (re.compile(r"\b(?:Department for Communities (?:and|&) Local Government|DCLG)\b"),
     "Department for Communities and Local Government"),
    (re.compile(r"\bYouth Justice Board\b"), "Youth Justice Board"),
    # the Home Office's fund, whoever passes it on: 'Safer Streets Fund', 'Safer Streets 5 funding'
    (re.compile(r"(?:(?<=\bfrom the )|(?<=\bby the ))[Cc]ouncil\b"), "the Council"),  # the document's council
    # the Council giving money: 'In 2017/18 the Council invested £2.458 million', 'the Council has allocated'
    (re.compile(r"(?<=\b[Tt]he\s)Council(?=\s+(?:has\s+|have\s+|had\s+|will\s+|also\s+)?(?:invested|allocated|committed|"
                r"contributed|spent|provided|awarded|granted|funded)\b)"), "the Council"),
    # and a numbered round of it, fund word or not: 'Safer Streets Round Five', 'Safer Streets (Round 5)'
    (re.compile(r"\bSafer Streets(?=(?:\s+\d{1,2})?\s+(?:[Ff]und|[Gg]rant|[Ff]unding|[Pp]rogramme)\b"
                rf"|\s+\(?(?:Round\s+)?{ROUND}\)?)"), "Home Office"),
]
_DEPARTMENT = re.compile(r"\b(?P<f>Department (?:for|of) (?:[A-Z][\w'’-]*(?:,? (?:and|&) | )?){1,5})")
# "the Home Office Safer Streets fund", "PCC's Community Safety Grant", "Home Office funding"; "from the PCC"
_OWNS_AFTER = re.compile(r"(?:['’]s)?\s+(?:[A-Z][\w'’-]*\s+){0,4}(?:[Ff]und|[Gg]rant|[Ff]unding|[Pp]rogramme|[Bb]udget|[Aa]llocation)s?\b")
_FROM_BEFORE = re.compile(r"\b(?:from|by|via)\s+(?:the\s+)?$")
# "paid directly to the new PCC", "the PCC successfully bid", "the PCC, Jane Doe, has secured"
_PAID_TO_BEFORE = re.compile(r"\b(?:paid|given|allocated|awarded|granted|transferred|passed)\b[^.;]{0,30}?\bto\s+"
                             r"(?:the\s+)?(?:new\s+)?$|\b(?:received|secured|won)\s+by\s+(?:the\s+)?$")  # 'received by the Council'
_BIDS_AFTER = re.compile(r"(?:['’]s)?(?:,[^,.]{1,40},)?\s+(?:has\s+|had\s+|have\s+)?(?:successfully\s+)?"
                         r"(?:bid|bids|secured|applied|won|received)\b"
                         # given money: 'Each PCC was initially allocated £1.000m', 'the Council has been awarded'
                         r"|\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
                         r"(?:allocated|awarded|granted|given|offered)\b")
_RECIPIENT = re.compile(r"\ballocated\s+to\s+(?:the\s+)?(?P<r>(?:[A-Z][\w'’&-]*\s*){1,6})")
_SUBJECT_FUNDER = re.compile(r"(?:^|\.\s+)(?:The\s+)?(?P<f>(?:[A-Z][\w'’&-]*\s+){1,6}(?:Board|Committee|Council|Commissioner|Partnership))\s+"
                             r"(?:allocated|granted|awarded|provided|has|had|have)\b")
# words that tie a sum to community safety in a document about something else
FUNDING_TERMS = ("community safety", "warden", "wardens", "cctv", "crime", "disorder", "anti-social", "antisocial",
                 "asb", "domestic abuse", "domestic violence", "violence", "police", "policing", "pcc", "opcc",
                 "police and crime commissioner", "safer streets", "youth justice", "youth offending", "prevent duty",
                 "hate crime", "substance misuse", "drug", "drugs", "exploitation", "trafficking", "modern slavery",
                 "knife", "serious violence", "vawg", "community safety partnership", "csp", "road safety",
                 "burglary", "robbery", "reoffending", "re-offending", "offending", "scams", "youth diversion")
_RATE = re.compile(r"^\s*(?:per|a|an|each)\s+(?:person|head|hour|day|week|night|month|resident|household|pupil|child|"
                   r"place|bed|unit|participant|session|visit|mile)\b", re.I)
_NOT_FUNDING = re.compile(r"\b(?:salary|salaries|per hour|fine|fines|penalty|penalties|house price|(?:efficiency\s+)?savings?\s+of)\b", re.I)


def extract_funding(ctx: Context) -> list[dict]:
    items: list[dict] = []
    exposures = _risk_rows(ctx)
    for start, end, amount, high in _amounts(ctx):
        if not any(s <= start < e for s, e in exposures):
            item = _money_item(ctx, start, end, amount, high)
            if item is not None:
                _merge_or_add(items, item)
    for item in table_funding(ctx, lambda label: _relevant_text(ctx, label)):  # "150.0" under "£000s"
        _merge_or_add(items, item)
    for item in flat_table_funding(ctx, lambda label: _relevant_text(ctx, label.text)):  # one cell per line
        item["funder"] = _document_funder(ctx, item["char_start"])  # on a commissioner's page, the commissioner
        _merge_or_add(items, item)
    items = merge_rounded(items, ctx.document.text)  # 'over £1m' above its '£1,015,994'
    for item in items:  # a use in words stands for the purpose when no mention names a grant or fund
        use = item.pop("_use", None)
        item["purpose"] = item["purpose"] or use or page_fund(ctx, item["char_start"])
        item["funder"] = item["funder"] or _page_funder(ctx, item["char_start"])
    _one_funder(items)
    mark_totals(items)
    mark_area_totals(items, ctx.fields.get("council"), ctx.fields.get("county"))
    return items


def _amounts(ctx: Context) -> list[tuple]:
    """``(start, end, pounds, high end or None)`` of every sum: a range ("£1m-£1.5m", "between
    £10,000 and £15,000") is one figure; a sum the money patterns found inside one is not another."""
    ranges = find_money_ranges(ctx.document.text)
    spans = [(s.start_char, s.end_char, parse_money(s.text), None) for s in ctx.doc.spans["patterns"]
             if s.label_ == "MONEY" and not any(r[0] <= s.start_char < r[1] for r in ranges)]
    return sorted(spans + ranges, key=lambda a: a[0])


def _risk_rows(ctx: Context) -> list[tuple[int, int]]:
    """Spans of risk-table rows: money there is an exposure, not an allocation."""
    spans = []
    for table in tables(ctx.blocks):
        if any(header_columns([c.text for c in row.cells]) for row in table):
            spans.append((table[0].start, table[-1].end))
    return spans


def _money_item(ctx: Context, start: int, end: int, amount, high) -> dict | None:
    sent = ctx.doc.char_span(start, end, alignment_mode="expand").sent
    if amount is None or amount <= 0 or _NOT_FUNDING.search(sent.text) \
            or _RATE.match(ctx.document.text[end:end + 40]):
        return None
    fields = _fields(ctx, sent, start, end)
    fields.update(amount_gbp=amount, amount_high_gbp=high)
    after = ctx.document.text[end:sent.end_char]
    # a use in words ('£8,000 to help ...', a list item '£7,200 Greater Change'), weaker than a named fund
    use = None if fields["purpose"] else use_in_words(ctx, start, end, after)
    if _relevant(ctx, sent):
        found = make_item(ctx, sent.start_char, sent.end_char, fields, ["funding.money"], 0.8)
    else:
        fields["reason"] = "not tied to community safety: a sum in a document about something else"
        found = make_item(ctx, sent.start_char, sent.end_char, fields, ["funding.unrelated"], 0.1)
    found["_use"] = use
    if _national_pot(ctx, sent, amount):
        found["rules"] = found["rules"] + ["funding.national"]  # listed, but no council's own money
    if _PART_OF.search(ctx.document.text[max(sent.start_char, start - 40):start]):
        found["rules"] = found["rules"] + ["funding.part"]  # "£2.458m ... of which £1.4m": inside the sum before
    found["_total_cue"] = total_cue(ctx.document.text[sent.start_char:start], after) or _total_row(ctx, start)
    return found


# a national pot the council's money comes from: "areas across England and Wales who will receive funding
# from the latest round of the £50 million ...", "invited Police and Crime Commissioners (PCCs) to bid for £43m"
_NATIONAL = re.compile(r"\bacross\s+(?:England|the\s+country|the\s+UK|Great\s+Britain)\b|\bnation(?:al|ally|wide)\s+"
                       r"(?:fund|pot|round|programme|total|allocation)|\binvit(?:ed|ing)\s+(?:all\s+)?(?:PCCs|police\s+and\s+"
                       r"crime\s+commissioners|councils|local\s+authorities|areas)\b[^.]{0,40}?\bbid\b", re.I)


_PART_OF = re.compile(r"\bof\s+which\s+(?:(?:some|around|about|approximately|nearly|almost|over)\s+)?$", re.I)


def _national_pot(ctx: Context, sent, amount) -> bool:
    """The largest sum of a sentence that speaks of a national pot."""
    if not _NATIONAL.search(sent.text):
        return False
    others = [parse_money(s.text) for s in ctx.doc.spans["patterns"]
              if s.label_ == "MONEY" and sent.start_char <= s.start_char < sent.end_char]
    return all(o is None or amount >= o for o in others)


def _fields(ctx: Context, sent, start: int, end: int) -> dict:
    """The fields of the sum printed at ``start:end`` in sentence ``sent``, but its amount."""
    own_funder = _funder(sent.text, own_sentence=True)
    context = "" if own_funder else _context_before(ctx, sent)  # a sentence naming its funder stands alone
    return {"amount_gbp": None, "amount_high_gbp": None, "amount_text": ctx.document.text[start:end].rstrip("."),
            "is_total": False, "period": sum_period(ctx, sent, start, end),
            "funder": _the_council(ctx, own_funder or _funder(context) or _lead_in_funder(ctx, start)
                                   or _document_funder(ctx, sent.start_char)),
            "purpose": _sum_purpose(ctx, sent, context, start, end),
            "recipient": _recipient(sent.text)}


def _sum_purpose(ctx: Context, sent, context: str, start: int, end: int) -> str | None:
    """The fund the sum's own sentence names; else a use printed with the sum, which beats a fund named
    only in the sentences before it ('£22,325 funding for the five vehicles')."""
    own = purpose(sent.text, "", start - sent.start_char)
    earlier = None if own else purpose("", context)
    return own or (earlier and (direct_use(ctx.document.text[end:sent.end_char]) or earlier))


def _the_council(ctx: Context, funder: str | None) -> str | None:
    """'the Council' as a funder is the document's council ('Approved by the Council', 'The Council
    allocated ...'), when the document names it."""
    if funder is not None and funder.lower() == "the council":
        return ctx.fields.get("council") or funder
    return funder


def _relevant_text(ctx: Context, text: str) -> bool:
    """A table row's label in a community-safety document, or one that names community safety."""
    return about_community_safety(ctx.document.text) or contains_any(ctx.fields.get("title") or "", FUNDING_TERMS) \
        or contains_any(text, FUNDING_TERMS)


def _relevant(ctx: Context, sent) -> bool:
    """Every sum in a community-safety document (frequent community-safety words, or a title
    that names community safety); elsewhere a sum whose sentence, row (block) or section heading
    names community safety."""
    if about_community_safety(ctx.document.text) or contains_any(ctx.fields.get("title") or "", FUNDING_TERMS):
        return True  # a community-safety paper ("Expansion of Community Wardens"): every sum is its business
    index = _block_index(ctx, sent.start_char)
    if index is None:
        return contains_any(sent.text, FUNDING_TERMS)
    own = " ".join((sent.text, ctx.blocks[index].text, _heading_over(ctx, index), _lead_in_of_figures(ctx, index)))
    return contains_any(own, FUNDING_TERMS)


def _heading_over(ctx: Context, index: int) -> str:
    """The heading of the block's section and the nearest heading at most three blocks above it."""
    heading = section_heading(ctx, index)
    near = next((b.text for b in reversed(ctx.blocks[max(0, index - 3):index]) if b.kind == HEADING), "")
    return f"{heading} {near}"


def _lead_in_of_figures(ctx: Context, index: int) -> str:
    """For a line of figures ('2016/17 £74,000 Nil', a table row), the words of the blocks just above
    it: the sentence that introduces the figures ('the CCTV budget be re-profiled as below')."""
    if not _figures_only(ctx.blocks[index].text):
        return ""
    above = index - 1
    while above > 0 and index - above < 12 and _figures_only(ctx.blocks[above].text):
        above -= 1
    return " ".join(b.text for b in ctx.blocks[max(0, above - 1):above + 1])


def _figures_only(text: str) -> bool:
    return len(re.findall(r"[A-Za-z]{3,}", text)) < 3


def _context_before(ctx: Context, sent) -> str:
    """The text of the same block before the sentence."""
    block = _block_of(ctx, sent.start_char)
    return ctx.document.text[block.start:sent.start_char] if block is not None else ""


def _block_of(ctx: Context, offset: int):
    index = _block_index(ctx, offset)
    return ctx.blocks[index] if index is not None else None


def _block_index(ctx: Context, offset: int) -> int | None:
    return ctx.block_at(offset)


def _one_funder(items: list[dict]) -> None:
    """Where every sum of the text that names a funder names the same one, the table rows that name
    none are theirs too (a table of grants under 'the PCC has a community safety budget of £3.039
    million'); a sum in the text that names none stays without one."""
    funders = {item["funder"] for item in items if item["funder"]}
    if len(funders) == 1:
        (funder,) = funders
        for item in items:
            if "funding.table" in item["rules"]:
                item["funder"] = item["funder"] or funder


def _page_funder(ctx: Context, offset: int) -> str | None:
    """For a sum whose text names no funder, the body named in the nearest line above it that
    names a fund (a record's title 'Home Office Safer Streets Four - Agreement to enter into Grant
    Agreements', a heading)."""
    lines = [line for line in page_lines(ctx, offset, _head_blocks(ctx)) if line_fund(line)]
    return _the_council(ctx, next(filter(None, map(_funder, lines)), None))


def _lead_in_funder(ctx: Context, offset: int) -> str | None:
    """In a list item, the funder its lead-in names ('The PCC funded the following services:')."""
    index = _block_index(ctx, offset)
    if index is None or ctx.blocks[index].kind != LIST_ITEM:
        return None
    lead = lead_in(ctx, index)
    return _funder(lead.text) if lead is not None else None


def _funder(text: str, own_sentence: bool = False) -> str | None:
    """The body that gives the money: one that owns a fund ('the Home Office Safer Streets fund',
    'from the PCC') beats one merely named; a body receiving or bidding for money is not a funder."""
    named = [(m, name) for rx, name in _FUNDERS for m in rx.finditer(text)]
    named += [(m, m.group("f").strip()) for m in _DEPARTMENT.finditer(text)]
    named = [(m, name) for m, name in named if not _receives(text, m)]
    owner = next((name for m, name in named if _owns(text, m)), None) or (_government(text) if own_sentence else None)
    if owner or named:
        return owner or named[0][1]
    m = _SUBJECT_FUNDER.search(text)
    return m.group("f").strip() if m else None


# "the Government allocation for ...", "allocated by Government", "central government funding"
_GOVERNMENT = re.compile(r"(?<!\blocal )\b(?:[Cc]entral )?[Gg]overnment\b")


def _government(text: str) -> str | None:
    """The Government as the owner of the money, never merely named ('Government guidance')."""
    return "Government" if any(_owns(text, m) and not _receives(text, m) for m in _GOVERNMENT.finditer(text)) else None


def _owns(text: str, m, end: int | None = None) -> bool:
    """Does the body named at ``m`` own a fund, reading ``text`` up to ``end``?"""
    after = _OWNS_AFTER.match(text, m.end(), len(text) if end is None else end)
    return bool(after or _FROM_BEFORE.search(text[max(0, m.start() - 24):m.start()]))


def _receives(text: str, m, end: int | None = None) -> bool:
    """Is the body named at ``m`` paid the money or bidding for it, reading ``text`` up to ``end``?"""
    bids = _BIDS_AFTER.match(text, m.end(), len(text) if end is None else end)
    return bool(bids or _PAID_TO_BEFORE.search(text[max(0, m.start() - 60):m.start()]))


def _document_funder(ctx: Context, before: int) -> str | None:
    """On a commissioner's own page, the money is the commissioner's unless the text before it
    names the owner of a fund ('an application into the Home Office Safer Streets fund')."""
    own = page_commissioner(ctx)
    return own and (_last_owner(ctx.document.text, before) or own)


def page_commissioner(ctx: Context) -> str | None:
    """The commissioner whose own page this is (see :func:`_page_commissioner`), or None."""
    return _page_commissioner(ctx.fields.get("council") or "", _head(ctx))


def _head_blocks(ctx: Context) -> list[str]:
    """The texts of the page's opening blocks, up to the first that holds a sum."""
    return [block.text for block in opening_blocks(ctx)]


def _head(ctx: Context) -> str:
    """The page's opening: its first blocks (title, decision record header), up to the first sum."""
    return " ".join(_head_blocks(ctx))


def _page_commissioner(council: str, head: str) -> str | None:
    """The commissioner whose page this is: the one the council field names, else the one the
    page's opening names ('Police and Crime Commissioner for Surrey – Decision Making Record',
    'PFCC core funding allocations 2024-5', 'the role of Police and Crime Commissioners')."""
    for text in (council, re.sub(r"\b(Commissioner|PF?CC)s\b", r"\1", head)):
        own = next((name for rx, name in _FUNDERS[:3] if rx.search(text)), None)
        if own:
            return own
    return None


def _last_owner(text: str, before: int) -> str | None:
    """The fund owner named last before offset ``before``, reading the text as if it ended there."""
    owners = [(m.start(), name) for m, name in _named_bodies(text)
              if m.end() <= before and _owns(text, m, before) and not _receives(text, m, before)]
    return max(owners)[1] if owners else None


@lru_cache(maxsize=4)
def _named_bodies(text: str) -> tuple:
    """Every funder named in a document, found once per document rather than once per sum."""
    return tuple((m, name) for rx, name in _FUNDERS for m in rx.finditer(text))


def _recipient(text: str) -> str | None:
    m = _RECIPIENT.search(text)
    return m.group("r").strip() if m else None


def _total_row(ctx: Context, offset: int) -> bool:
    """Is the sum in a table row labelled 'Total' ('Total | £379,693')?"""
    block = _block_of(ctx, offset)
    return bool(block is not None and block.cells and TOTAL_LABEL.match(block.cells[0].text))


def _merge_or_add(items: list[dict], item: dict) -> None:
    """The same sum (and high end) for the same or an unstated year is one item, however often the
    document prints it (summary and body, table and text); the mentions pool their fields."""
    for kept in items:
        same = (kept["amount_gbp"], kept.get("amount_high_gbp")) == (item["amount_gbp"], item.get("amount_high_gbp"))
        if same and _nested(kept["period"], item["period"]) and _same_use(kept, item):
            kept["period"] = _wider(kept["period"], item["period"])
            pool(kept, item, POOLED + ("_total_cue",))
            return
    items.append(item)


def _same_use(a: dict, b: dict) -> bool:
    """Whether two mentions of one sum can be for one thing: one names no use, or both name the same
    ('£34,000 towards the research team' and '£34,000 towards the MARAC process' are two sums)."""
    if a.get("purpose") or b.get("purpose"):
        return True
    x, y = a.get("_use"), b.get("_use")
    return not x or not y or similar(x, y) or norm(x) in norm(y) or norm(y) in norm(x)


def _nested(a: str | None, b: str | None) -> bool:
    """Whether two periods can be one sum's: the same, one unstated, or one inside the other
    ('split between 2023/24 and 2024/25' and, later, 'the 2023/24 award' of the same £0.600m)."""
    if a is None or b is None or a == b:
        return True
    x, y = parse_period(a), parse_period(b)
    return bool(x and y) and (x[0] <= y[0] and y[1] <= x[1] or y[0] <= x[0] and x[1] <= y[1])


def _wider(a: str | None, b: str | None) -> str | None:
    """Of two nested periods (see :func:`_nested`), the longer."""
    if a is None or b is None or a == b:
        return a or b
    x, y = parse_period(a), parse_period(b)
    return a if (x[1] - x[0]) >= (y[1] - y[0]) else b
