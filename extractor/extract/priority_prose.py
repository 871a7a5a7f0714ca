"""Priorities named in prose: "the priorities are A, B and C", "the other priorities are A; B;
and VAWG", "five key areas (A, B and C)", "... They are: A; B; C", "will prioritise: A; B" (rule
``priority.inline``, built into items by :mod:`priorities`), and whose priorities a lead-in names."""
from __future__ import annotations

import re

from ..document import LIST_ITEM, PARAGRAPH
from .context import Context, contains_any
from .enumerations import looks_like_enumeration, split_enumeration

_INLINE = re.compile(r"priorit(?:y|ies)(?:\s+(?:areas?|themes?|groups?))?"
                     r"(?:\s+(?:of|for|in|within|under|outlined|identified|set|agreed|proposed|chosen|selected|which|that)"
                     r"(?:\s+(?:(?!(?:and|or|but)\b)[\w/()’'-]+|and\s+\w+ed\b),?){0,9}?)?"  # "for 2009-12, which had been reviewed and refreshed,"
                     r"(?:\s+(?:are|were|included|include|includes|is|was)\b(?:\s*[:;–-])?|\s*:)\s*(?:to\s+focus\s+on\s+)?"
                     r"(?P<list>[^.:]+?(?:\([^)]*\)[^.:]*?)*)(?=\.|$|,\s+(?:along\s+with|as\s+well\s+as|alongside|"
                     r"together\s+with|whilst|while|which|with)\b)", re.I | re.M)


def owned_by_partnership(ctx: Context, text: str) -> bool:
    foreign = contains_any(text, ctx.lexicon["not_partnership_owners"])
    return not foreign or contains_any(text, ctx.lexicon["partnership_words"])


# "This year the CSP has agreed to focus on five key issues:", "the partnership will concentrate on three areas:"
_FOCUS_ON = re.compile(r"\b(?:focus(?:ing)?|concentrat(?:e|ing))\s+on\s+(?:the\s+)?(?:two|three|four|five|six|seven|eight|"
                       r"nine|ten|\d{1,2})\s+(?:key\s+|main\s+|core\s+)?(?:issues|areas|strands)\s*:\s*$", re.I)


def partnership_focus(ctx: Context, text: str) -> bool:
    """A partnership saying which issues it will focus on, a list to follow, names its priorities."""
    return bool(_FOCUS_ON.search(text)) and contains_any(text, ctx.lexicon["partnership_words"])


def inline_lists(ctx: Context) -> list[list[tuple[int, int, str]]]:
    """Each prose list of the partnership's priorities: its members' spans and texts, in order."""
    found = []
    text = ctx.document.text
    for block in ctx.blocks:
        if block.kind not in (PARAGRAPH, LIST_ITEM):
            continue
        raw = text[block.start:block.end]
        for m in _inline_matches(raw):
            members = _members(ctx, block, raw, m)
            if members:
                found.append(members)
    return found


def _members(ctx: Context, block, raw: str, m: re.Match) -> list[tuple[int, int, str]]:
    if not owned_by_partnership(ctx, raw[max(0, m.start() - 200):m.end()]) \
            or _owner_before(ctx, raw[max(0, m.start() - 40):m.start()]) \
            or _foreign_priorities(ctx, raw) or _NOT_A_LIST.match(m.group("list")):
        return []
    base = block.start + m.start("list")
    parts = _bulleted(m.group("list")) or _fit_count(raw[max(0, m.start("list") - 80):m.start("list")], m.group("list"),
                                                     split_enumeration(ctx, m.group("list"), base))
    if not looks_like_enumeration(m.group("list"), parts, ctx, base):
        return []
    return [(base + s, base + e, m.group("list")[s:e]) for s, e in parts]




def _bulleted(text: str) -> list[tuple[int, int]]:
    """'· A · B · C' flattened into one line by a web page: the members between the bullet glyphs."""
    members = list(_BULLET_MEMBER.finditer(text))
    if len(members) < 2 or text[:members[0].start()].strip():
        return []
    return [m.span("m") for m in members if m.group("m")]


_BULLET_MEMBER = re.compile(r"[·•▪]\s*(?P<m>[^·•▪]*?)\s*(?=[·•▪]|$)")


_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_COUNTED = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9])\s+(?:[\w-]+\s+){0,2}priorit", re.I)


def _fit_count(before: str, text: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'five priorities - A; B; C; D and E, key deliverables for which ...': one member short of the
    stated count, the last member is the last two joined by 'and' (and a clause after a comma ends it)."""
    counted = list(_COUNTED.finditer(before))
    if not counted or ";" not in text or not parts:
        return parts
    n = counted[-1].group(1).lower()
    if len(parts) != int(_COUNT.get(n, n)) - 1:
        return parts
    s, e = parts[-1]
    comma = re.search(r",\s+(?:\S+\s+){2}", text[s:e])
    e = s + comma.start() if comma else e
    pair = list(re.finditer(r"\s+and\s+", text[s:e]))
    if len(pair) != 1:
        return parts
    return parts[:-1] + [(s, s + pair[0].start()), (s + pair[0].end(), e)]


# Other ways prose names the list: "five key areas (A, B and C)", "three overarching priorities had been
# identified - A, B and C", "the strategic themes of the Plan covered a number of areas including A, B and C",
# "key issues for action include A, B and C"
_LIST_NOUN = (r"(?:priorit(?:y|ies)(?:\s+(?:areas?|themes?|groups?))?|(?:keys?|strategic|core|main|priority)\s+"
              r"(?:areas|themes|issues(?:\s+for\s+action)?|groups|areas\s+of\s+focus))")
_END = r"(?=\.|$|,\s+(?:along\s+with|as\s+well\s+as|alongside|together\s+with|whilst|while|which|with)\b)"
_INLINE_MORE = (
    re.compile(rf"{_LIST_NOUN}\s*\((?P<list>[^()]+(?:\([^)]*\)[^()]*)*)\)", re.I),
    re.compile(rf"{_LIST_NOUN}\s+(?:had|have|has)\s+been\s+(?:identified|agreed|set|chosen|selected)\s*(?:[-–:]|as)\s*"
               rf"(?P<list>[^.:]+?){_END}", re.I | re.M),
    re.compile(rf"{_LIST_NOUN}\b[^.:;]{{0,80}}?\binclud(?:e|es|ed|ing)\s+(?P<list>[^.:]+?){_END}", re.I | re.M),
    # "The CSP's priorities for 2022-25 were agreed in March. They are: A; B; and C."
    # "... priorities which had been agreed in 2021. These sought to A; B; and C." / "These will focus on A, B and C."
    re.compile(rf"{_LIST_NOUN}\b[^.:;]{{0,120}}\.\s+(?:They|These)\s+(?:are|were|include|included|(?:will\s+)?focus\s+on|"
               rf"(?:sought|seek|aim|aimed)\s+to)\s*:?\s*(?P<list>[^.:]+?){_END}", re.M),
    # "The CSP focused on four priorities - A; B; C; and D.": a counted list after a dash or colon
    re.compile(rf"\b(?:two|three|four|five|six|seven|eight|nine|ten|[2-9])\s+(?:(?:key|main|core|strategic|overarching)\s+)?"
               rf"{_LIST_NOUN}\s*[-–:;]\s*(?P<list>[^.:]+?){_END}", re.I | re.M),
    # "... to tackle crime by reducing A, supporting B and building C. ... deliver these priorities": a
    # list of gerunds that the next sentence calls the priorities
    re.compile(r"\bby\s+(?P<list>[a-z]+ing\b[^.:;]+?,[^.:;]+?)\.\s+[^.]{0,200}?\bthese\s+(?:\w+\s+)?priorities\b"),
    # "the 2019-20 plan will focus on A, B, C and D": what the partnership's plan focuses on
    re.compile(rf"\b(?:plan|strategy)\s+(?:will|would|is\s+to|shall)\s+(?:continue\s+to\s+)?focus\s+on\s+(?:the\s+)?"
               rf"(?P<list>[^.:]+?){_END}", re.I | re.M),
    # "As the Partnership focused its work on A, B, C and D, ...": what the partnership's work is on
    re.compile(rf"\b(?:partnership|CSP)\s+(?:(?:will|would|has|had|have)\s+)?(?:focus(?:es|ed|ing)?|concentrat(?:es|ed|ing))\s+"
               rf"(?:its\s+(?:work|efforts|resources)\s+)?on\s+(?:the\s+)?(?P<list>[^.:]+?)"
               rf"(?=\.|$|,\s+(?:it|the|which|and\s+(?:it|the))\b|,\s+(?:along\s+with|as\s+well\s+as|alongside|whilst|while|with)\b)",
               re.I | re.M),
    # "The Partnership will prioritise: A; B; C." (a colon: "will prioritise the most vulnerable" names no list)
    re.compile(rf"\b(?:partnership|CSP|we|board)\s+(?:will|would|has|have|shall)\s+(?:continue\s+to\s+)?"
               rf"prioriti[sz]e\s*:\s*(?P<list>[^.:]+?){_END}", re.I | re.M),
)


# A word every form above needs (the forms' own matching, case aside): a block without one
# names no list, and the ten forms are not tried on it
_ANY_FORM = re.compile(r"priorit|areas|themes|issues|groups|focus|concentrat", re.I)


def _inline_matches(raw: str) -> list[re.Match]:
    """Every prose list in a block, the first form that finds one at a place winning."""
    found: list[re.Match] = []
    if not _ANY_FORM.search(raw):
        return found
    for rx in (_INLINE, *_INLINE_MORE):
        for m in rx.finditer(raw):
            if not any(m.start("list") < f.end("list") and f.start("list") < m.end("list") for f in found):
                found.append(m)
    return sorted(found, key=lambda m: m.start())


_NOT_A_LIST = re.compile(r"^\s*(?:\w+ly\b|in\s+relation\s+to\b|linked\b|based\b|set\s+out\b|that\b|to\s+be\b)", re.I)


def _foreign_priorities(ctx: Context, block_text: str) -> bool:
    """A paragraph about someone else's priorities ('the priorities of the Hampshire Constabulary
    ... Other priorities included ...'): its lists are theirs."""
    owners = "|".join(re.escape(o) for o in ctx.lexicon["not_partnership_owners"])
    return bool(re.search(rf"\b(?:{owners})\s+priorities|\bpriorities\s+of\s+(?:the\s+)?(?:[A-Z]\w*\s+){{0,3}}(?:{owners})\b",
                          block_text, re.I))


def _owner_before(ctx: Context, text: str) -> bool:
    """'Constabulary priorities were ...', 'the Council's priorities are ...': someone else's."""
    words = " ".join(text.split()[-3:])
    return contains_any(words, ctx.lexicon["not_partnership_owners"]) and \
        not contains_any(words, ctx.lexicon["partnership_words"])
