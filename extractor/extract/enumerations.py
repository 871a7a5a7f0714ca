"""Lists written in prose: "A, B and C", "A; B; and C", "a including x, y and z, b and c".

Pure functions over a string (the theme spans of the analysed document protect phrases such as
"Domestic and Sexual Abuse" from being split at their "and").
"""
from __future__ import annotations

import re

from .context import Context


def looks_like_enumeration(text: str, parts: list[tuple[int, int]], ctx: Context | None = None,
                            base: int = 0) -> bool:
    """At least two short members, each starting with a capital letter, or each naming a theme
    ("ending exploitation and tackling domestic and sexual abuse")."""
    members = [text[s:e] for s, e in parts]
    # "reducing the level of crime in areas ...", "protect people from serious harm such as ...": verb phrases run longer
    limit = 18 if all(_GERUND.match(m) or _ACTION.match(m) for m in members) else 12
    if len(members) < 2 or any(len(_outside_brackets(m).split()) > limit for m in members):  # a gloss adds no length
        return False
    if all(m[:1].isupper() for m in members):
        return True
    themed = sum(bool(ctx.themes(base + s, base + e)) for s, e in parts) if ctx is not None else 0
    return themed * 2 >= len(parts)


def split_enumeration(ctx: Context, text: str, base: int) -> list[tuple[int, int]]:
    """Spans of the members of "A (x, y), B and C" (commas inside brackets kept); semicolons
    separate members when there are any ("A; B; and C")."""
    sep = ";" if ";" in text else ","
    cuts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == sep and depth == 0:
            cuts.append((start, i))
            start = i + 1
    cuts.append((start, len(text)))
    gerunds = sum(bool(_GERUND.match(text[s:e])) for s, e in cuts)
    if sep == "," and _GERUND.match(text[cuts[0][0]:cuts[0][1]]) and gerunds * 2 >= len(cuts):
        cuts = _gerund_members(text, cuts)  # a list of gerund phrases, not one gerund among names
    last_s, last_e = cuts.pop()
    comma_and = re.search(r",\s+(?:and|or)\s+", text[last_s:last_e]) if sep == ";" else None
    if comma_and:  # "A; B; C, and D"
        cuts += [(last_s, last_s + comma_and.start()), (last_s + comma_and.end(), last_e)]
    else:
        oxford = sep == "," and len(cuts) > 0 and _AND.match(text[last_s:last_e].lstrip())  # "A, B, and C and D"
        cuts += [(last_s, last_e)] if sep == ";" or oxford else _split_last_and(ctx, text, last_s, last_e, base)
    spans = [_trim(text, s, e) for s, e in cuts if text[s:e].strip()]
    spans = [(s + len(m.group()), e) if (m := _AND.match(text[s:e])) else (s, e) for s, e in spans]
    return _join_sub_lists(text, spans) if sep == "," else spans  # within "A; B, including C; D" commas are B's


def _outside_brackets(text: str) -> str:
    """'drug related harm (including drug supply (both local and county lines))' -> 'drug related harm'."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", "", text)
    return text


_GERUND = re.compile(r"^\s*(?:and\s+|or\s+)?(?!(?:including|excluding|regarding|concerning|following)\b)\w+ing\b", re.I)
# a member that starts with an aim's verb ("to reduce ...", "raise awareness of ...")
_ACTION = re.compile(r"^\s*(?:and\s+|or\s+)?(?:to\s+)?(?:reduce|tackle|protect|prevent|raise|improve|increase|support|"
                     r"address|keep|make|ensure|build|promote|safeguard|strengthen|deliver|develop|work|help|"
                     r"empower|enable|create|challenge|disrupt|respond|identify|encourage|provide|engage)\b", re.I)


def _gerund_members(text: str, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """In a list of gerund phrases ('keeping X safe, tackling Y, combatting hate crime, radicalisation
    and extremism'), a comma chunk that starts with no gerund belongs to the member before it."""
    out = [cuts[0]]
    for s, e in cuts[1:]:
        if _GERUND.match(text[s:e]):
            out.append((s, e))
        else:
            out[-1] = (out[-1][0], e)
    return out


def _join_sub_lists(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'serious violence including domestic abuse, sexual abuse and county lines violence, fraud':
    a member that opens a list of its own ("including", "such as") runs to that list's 'and'."""
    out: list[tuple[int, int]] = []
    open_sub = False
    for s, e in spans:
        if open_sub and re.match(r"\s*[A-Z]\w*ing\b", text[s:e]) and _GERUND.match(text[out[0][0]:out[0][1]]):
            open_sub = False  # "Tackling A, including B, Reducing C": the next capitalised gerund is a member
        if open_sub:
            out[-1] = (out[-1][0], e)
            open_sub = not re.search(r"\s(?:and|or)\s", text[s:e])
            continue
        out.append((s, e))
        member = re.sub(r"\([^)]*\)", "", text[s:e])  # "(including environmental)" opens nothing
        open_sub = bool(re.search(r"\b(?:including|such\s+as)\b", member)) and \
            not re.search(r"\s(?:and|or)\s", re.split(r"including|such\s+as", member)[-1])
    return out


_AND = re.compile(r"^(?:and|or)\s+", re.I)  # "A; B; and C": the last member loses its "and"


def _split_last_and(ctx: Context, text: str, s: int, e: int, base: int) -> list[tuple[int, int]]:
    """Split "A and B" at the last 'and' that is not inside a theme phrase ('&' joins names); in a
    list of gerunds ("ending X and tackling Y and Z") at the 'and' before the last gerund."""
    protected = [(t.start_char - base, t.end_char - base) for t in ctx.themes(base + s, base + e)]
    ands = list(re.finditer(r"\s+and\s+", text[s:e]))
    if re.match(r"\s*\w+ing\b", text[s:e]):
        ands = [m for m in ands if re.match(r"\w+ing\b", text[s + m.end():e])] or ands
    for m in reversed(ands):
        pos = s + m.start()
        if not any(a <= pos < b for a, b in protected):
            return [(s, pos), (s + m.end(), e)]
    return [(s, e)]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \n\t":
        s += 1
    while e > s and text[e - 1] in " \n\t.;,":
        e -= 1
    return s, e
