"""The purpose of a sum: the named grant, fund or budget it comes from ("Crime Reduction Grant"),
else its use in words ("£8,000 to help advertise the project", "£201k from the PCC towards a
rural crime project", "£154,283 grant funding", a list item "Investment in CCTV (£5,000)").
"""
from __future__ import annotations

import re

from ..document import LIST_ITEM
from .context import Context
from .funding_period import OPENING_BLOCKS

ROUND = r"(?:\d{1,2}|One|Two|Three|Four|Five|Six|Seven|Eight)\b"  # a numbered round of a national fund

# a capitalised name ending in a fund word, its words joined by spaces or "and"/"&"
# ("Children and Young People Fund", "Safer & Stronger Communities Fund", "New Burdens funding"), but
# not a giver's money ("Home Office funding", "PCC funds") nor a fund word twice ("Grant funding")
# (a name never crosses a table cell: its words are not joined by a tab)
_PURPOSE = re.compile(r"\b((?:(?!(?:The|This|These|Those|That|Our|Its|Their)\s)[A-Z][\w'’-]*[^\S\t]+(?:(?:and|&)[^\S\t]+(?=[A-Z]))?){1,5}"
                      r"(?:Grants?|grants?|Funds?|Funding|Budget|budget|Programme"
                      r"|(?<!Government )(?<!Office )(?<!Justice )(?<!Council )(?<!Commissioner )(?<![A-Z]{2} )"
                      r"(?<!Grant )(?<!Fund )(?<!Programme )fund(?:s|ing)?))\b"
                      r"|\b((?i:community safety|crime reduction|safer streets)\s+(?i:grant|fund|budget|programme)"
                      rf"|Safer Streets(?:\s+{ROUND}|\s+\(?Round\s+{ROUND}\)?)?)")
# "£8,000 to help advertise the project", "£1.08m for community safety projects"
# "£8,000 had been received to help ...", "£742,500, to be spent on measures to ..."
_USE_AFTER = re.compile(r"^\s*(?:(?:has|have|had|was|were|will|would)\s+(?:be(?:en)?\s+)?"
                        r"(?:received|awarded|allocated|secured|granted|provided|made available)\s+)?"
                        r"(?:(?:of\s+)?(?:[\w-]+\s+)?(?:funding|budget|grant)\s+)?"  # '£22,325 funding for the ...'
                        r"(?:from\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:programme|budget|reserves?|fund)\s+)?"  # '... from the capital programme for ...'
                        r"(?:(?:for|towards|on|,?\s*to\s+(?:be\s+)?(?:spent|spend|used|use)\s+(?:on|for))\s+(?:the\s+)?"
                        r"(?P<for>[^.;,()]{3,100}?)"
                        r"|(?P<to>to\s+(?!be\b)[a-z][^.;,()]{3,80}?))"
                        r"(?=[.;,()]|\s+(?:in|during|from|by|was|were|is|are|has|have|had|will|would|which|so|until)\s"
                        r"|\s+(?:per|each|a)\s+(?:year|annum|month)\b(?!['’])|\s+and\s+£|[^\S\n]*\n\s*\n|$)")
# the kind of funding the sum is, named right after it: '£154,283 grant funding', '£1m of Grip funding'
_FUNDING_NAME = re.compile(r"^\s*(?:of\s+)?(?P<n>(?:grant|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})\s+funding)\b")
# a use named further on, after who gives it or who gets it: '£201k from the PCC towards a rural
# crime project', '£22,000 will be paid to the Council to support the construction of a hub'
_USE_LATER = re.compile(r"\b(?:(?:to\s+support|towards)(?:\s+(?:the|a|an))?\s+(?P<u>[A-Za-z][^.;,()£]{3,80}?)"
                        r"|(?P<to>to\s+(?:fund|deliver)\s+[^.;,()£]{3,80}?))"
                        r"(?=[.;,()]|\s+(?:with|as\s+part\s+of|running|which|in|during|from|by)\s|$)")
# the last word of a body that owns a fund: "the PFCC’s", "MOJ’s", "the Commissioner’s", "Home Office’s"
_OWNER_WORD = re.compile(r"(?:\b[A-Z]{2,}|Commissioner|Office|Government|Council|Board|Partnership|Justice|Committee)$")
_ITEM_LABEL = re.compile(r"[^\S\n]*[:–-]?[^\S\n]*(?P<label>[A-Za-z][^.;:\n]{2,100}?)(?P<end>[^\S\n]*(?:[.;:\n(]|\s[-–]\s|$))")
# words that start a sentence about the sum, not a name for its use
_NOT_A_LABEL = {"is", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may", "to", "from", "in",
                "of", "per", "and", "or", "each", "by", "a", "an", "the", "this", "that", "which", "with", "at", "as",
                "over", "across", "between", "remains", "remaining", "left", "unallocated", "underspend", "overspend",
                "total", "in total", "million", "m", "k", "bn", "pa", "p", "per annum", "annually", "a year"}
_LABEL_BEFORE = re.compile(r"\W*(?P<label>[A-Z][^:;.£]{2,120}?)(?:,?\s+(?:including|such as)\b[^:£]*)?(?::|\s*\()\s*")


# an account money is drawn from, not what it is for: 'the General Fund Revenue Budget', 'Capital Programme'
_ACCOUNT = re.compile(r"(?:(?:General|Fund|Revenue|Capital|Budget|Reserves?|Programme|Account|Receipts|"
                      r"Base|Main|Council|Corporate|HRA)\s*)+", re.I)
# a use that starts with a year or span is none: 'for 2023/24', 'for 2024/25 to reflect the award'
_YEAR = r"(?:(?:19|20)\d\d(?:\s*[-/–]\s*(?:19|20)?\d\d)?|\d\d\s*[-/–]\s*\d\d)\b"
_A_PERIOD = re.compile(rf"(?:the\s+)?(?:(?:financial\s+)?years?\s+|FY\s*)?{_YEAR}(?:\s+(?:and|&)\s+{_YEAR})?"
                       r"(?:\s+(?:financial\s+)?years?\b)?", re.I)


def purpose(sentence: str, context: str, at: int = 0) -> str | None:
    """The named grant, fund or budget nearest the amount (at offset ``at`` of the sentence)."""
    hits = [h for h in _PURPOSE.finditer(sentence) if _a_name(h) is not None]
    if hits:
        m = min(hits, key=lambda h: (h.end() > at + 1, abs(at - h.end())))
    else:
        hits = [h for h in _PURPOSE.finditer(context) if _a_name(h) is not None]
        m = hits[-1] if hits else None
    return _a_name(m) if m else None


# a giver printed before its fund's name: '(Greater Manchester) Home Office Safer Streets Fund', '(Ministry of) Justice
# Victims Grant'
_GIVER = re.compile(r"^(?:(?:[A-Z][\w'’-]*\s+){0,3}?Home\s+Office|Justice|(?:Central\s+)?Government|MOJ|MoJ|O?PF?CC|PCC['’]s|DLUHC|MHCLG)\s+")


def _a_name(m: re.Match) -> str | None:
    """The fund a match names, without owner or article; None for one word ('A grant payment of
    £12,000' names no grant), an account ('General Fund') or only a giver ('Home Office funding')."""
    name = _owned_name((m.group(1) or m.group(2)).strip())
    name = re.sub(r"^(?:the|A|a|An|In|For)\s+", "", name) if name else None
    given = _GIVER.sub("", name) if name else name
    name = given if given and " " in given else name
    if not name or " " not in name or _ACCOUNT.fullmatch(name):
        return None
    return name


def not_a_period(use: str | None) -> str | None:
    """A use in words without the year it starts with ('for 2023/24 towards the X' -> 'X'); None
    for a year alone ('for 2023/24') or a year and some other clause ('for 2024/25 to reflect ...')."""
    m = _A_PERIOD.match(use.strip()) if use else None
    if m is None:
        return use
    rest = re.match(r"(?:towards|for|on)\s+(?:the\s+|a\s+|an\s+)?(?:delivery\s+of\s+(?:the\s+|a\s+|an\s+)?)?(?P<use>\S.*)",
                    use.strip()[m.end():].strip())
    return rest.group("use") if rest else None


def direct_use(after: str) -> str | None:
    """The use printed right after the sum ('£22,325 funding for the five vehicles'), which beats a
    fund named only in the sentences before it."""
    return not_a_period(_use_after(after))


def _owned_name(name: str) -> str | None:
    """A fund's name without its owner, a body or a person named in full ("PFCC’s Community Safety Fund",
    "Mark Smith's Safer Communities Fund" -> the fund's name); a name with some other possessive in it
    whole ("Children's Social Care Prevention Grant"); None for only an owner's word ("PCC's grant")."""
    parts = re.split(r"['’]s\s+", name)
    if len(parts) == 1:
        return name
    owner, rest = parts[-2], parts[-1]
    if _OWNER_WORD.search(owner) or len(owner.split()) > 1:  # a body, or a person named in full
        return rest if len(rest.split()) > 1 else None
    return name  # a fund whose name has a possessive in it: "Children's Social Care Prevention Grant"


# 'to support the delivery of X', 'to continue to support their X': the use is X
_SUPPORT = re.compile(r"^(?:to\s+help\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4}deliver\s+(?:the\s+|a\s+|an\s+)?"  # 'to help the Council deliver X'
                      r"|(?:the\s+)?purchase\s+of\s+(?:the\s+|a\s+|an\s+)?(?=\S)"  # 'purchase of the X'
                      r"|to\s+(?:continue\s+to\s+)?support\s+(?:(?:the|a|an|their|its)\s+)?"
                      r"(?:delivery\s+of\s+(?:the\s+|a\s+|an\s+)?)?(?=\S))")


def _use_after(text: str) -> str | None:
    """'£8,000 to help advertise the project' -> 'to help advertise the project'."""
    m = _USE_AFTER.match(text)
    return _SUPPORT.sub("", " ".join((m.group("for") or m.group("to")).split())) if m else None


def _funding_name(text: str) -> str | None:
    """'£154,283 grant funding from the PCC' -> 'grant funding'."""
    m = _FUNDING_NAME.match(text)
    return " ".join(m.group("n").split()) if m else None


def _use_later(text: str) -> str | None:
    """The use named further on in the sentence, before any next sum: '£201k funding from the PCC
    towards a rural crime project with ...' -> 'rural crime project'."""
    m = _USE_LATER.search(text.split("£", 1)[0])
    return " ".join((m.group("u") or m.group("to")).split()) if m else None


def _item_label(ctx: Context, start: int, end: int) -> str | None:
    """In a list item that starts with its amount, the words after it: '£600 training on CPNs' -> 'training on CPNs'."""
    block = _block_of(ctx, start)
    if block is None or block.kind != LIST_ITEM or ctx.document.text[block.start:start].strip():
        return None
    m = _ITEM_LABEL.match(ctx.document.text, end, block.end)
    if not m or m.group("label").split()[0].lower() in _NOT_A_LABEL or m.group("end").strip() in ("–", "-"):
        return None  # 'Name – what it pays for' is a recipient and a use, not one label
    return " ".join(m.group("label").split())


def _label_before(ctx: Context, start: int, end: int) -> str | None:
    """In a list item that ends with its amount after a colon or in brackets, the words before it, up
    to 'including' or 'such as': 'Youth offending including youth justice work: £814,810' -> 'Youth
    offending'; 'Investment in mobile CCTV cameras (£5,000)' -> 'Investment in mobile CCTV cameras'."""
    block = _block_of(ctx, start)
    if block is None or block.kind != LIST_ITEM or ctx.document.text[end:block.end].strip(" .;,)•\n"):
        return None
    m = _LABEL_BEFORE.fullmatch(ctx.document.text, block.start, start)
    if not m or m.group("label").split()[0].lower() in _NOT_A_LABEL:
        return None
    return " ".join(m.group("label").split())


def use_in_words(ctx: Context, start: int, end: int, after: str) -> str | None:
    """The use of the sum at ``start:end`` in words; ``after`` is the rest of its sentence."""
    return (direct_use(after) or _item_label(ctx, start, end) or _label_before(ctx, start, end)
            or _funding_name(after) or _use_later(after))


def page_fund(ctx: Context, offset: int) -> str | None:
    """The fund a sum with no purpose of its own belongs to: the first fund named in its
    :func:`page_lines`, the page's opening being its first blocks, sums or not ('Over £1m of funding
    secured', then 'an application into the Home Office Safer Streets fund'), without the sentences
    that hold a sum (a fund named there is that sum's)."""
    head = [_without_sums(block.text) for block in ctx.blocks[:OPENING_BLOCKS]]
    funds = [found for found in map(line_fund, page_lines(ctx, offset, head)) if found]
    return _fullest(funds[0], funds) if funds else None


def _fullest(name: str, names: list[str]) -> str:
    """``name`` as the page names it most fully: heading 'Safer Streets', then 'Safer Streets Round Five: update
    on projects' -> 'Safer Streets Round Five'."""
    longer = [other for other in names if other.startswith(name + " ")]
    return max(longer, key=len) if longer else name


def _without_sums(text: str) -> str:
    return " ".join(part for part in re.split(r"(?<=[.!?])\s+", text) if "£" not in part)


def page_lines(ctx: Context, offset: int, head: list[str]) -> list[str]:
    """The lines that name what the sums below them are, nearest first: the sum's record's "Title:"
    line ('Title: Home Office Safer Streets Four - Agreement to enter into Grant Agreements'), its
    section's heading, the document's title and the page's opening lines (``head``)."""
    index = ctx.block_at(offset)
    heading = section_heading(ctx, index) if index is not None else ""
    return [_record_title(ctx, index), heading, ctx.fields.get("title") or ""] + head


def section_heading(ctx: Context, index: int) -> str:
    """The text of the heading of the section holding block ``index`` ('' when it has none)."""
    section = ctx.section(index)
    return ctx.blocks[section.heading].text if section is not None and section.heading is not None else ""


def line_fund(line: str) -> str | None:
    """The fund one line names, if any; in a table row, in a cell that is no label ('Proposed Funding
    Source:' names no fund)."""
    cells = [" ".join(cell.split()) for cell in line.split("\t")]
    return next(filter(None, (purpose(cell, "") for cell in cells if not cell.endswith(":"))), None)


_TITLE_LINE = re.compile(r"(?:Title|Subject|Report\s+title|Decision\s+title)\s*:", re.I)
_RECORD_REACH = 30  # blocks: a record's title line is at most this far above its sums


def _record_title(ctx: Context, index: int | None) -> str:
    """The nearest "Title: ..." line above block ``index`` (a decision record's own title)."""
    for block in reversed(ctx.blocks[max(0, index - _RECORD_REACH):index] if index is not None else []):
        if _TITLE_LINE.match(block.text):
            return block.text
    return ""


def _block_of(ctx: Context, offset: int):
    index = ctx.block_at(offset)
    return ctx.blocks[index] if index is not None else None
