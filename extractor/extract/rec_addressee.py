"""Who a recommendation is put to: the body a request names as subject or as object of 'asked',
or the body it is recommended on to ("... be recommended to Council", "the Panel agreed to recommend
the following to Executive:")."""
from __future__ import annotations

import re

from .context import Context

_LEAD_STRIP = re.compile(r"^(?:that\s+|it\s+(?:is|was)\s+recommended\s+that\s+|members\s+of\s+|the\s+)+", re.I)
# "the Community Safety Partnership Plan be approved": a body's name inside a paper's title is no addressee
_NAMES_A_PAPER = re.compile(r"\s*(?:'s\s+|’s\s+)?(?:plan|strategy|report|agreement|assessment|action\s+plan|annual|"
                            r"document|refresh|review|update|priorities|budget)\b", re.I)

# the body that makes the recommendations, not the one they are put to: '... the Community Policy Development Group
# has made the following recommendations:'
MAKES_THEM = re.compile(r"\s+(?:has|have|had)\s+made\s+(?:the\s+following\s+)?recommendations?\b", re.I)


def makes_them(ctx: Context, body) -> bool:
    """Whether the body (a BODY span) is followed by 'has made (the following) recommendations'."""
    return MAKES_THEM.match(ctx.document.text, body.end_char) is not None


def addressee_in(ctx: Context, start: int, end: int) -> str | None:
    """The body a request is put to, when the request names it as subject or object of 'asked'."""
    cues = ctx.patterns(start, end, "REC_CUE")
    bodies = ctx.patterns(start, end, "BODY")
    for cue in cues:
        if cue.id_ == "cue.asked_someone":
            return clean_body(" ".join(t.text for t in cue[1:-1]))
    first_verb = cues[0].start_char if cues else _first_action_pos(ctx, start, end)
    before = [b for b in bodies if b.end_char <= first_verb and not _NAMES_A_PAPER.match(ctx.document.text[b.end_char:])
              and not makes_them(ctx, b)]
    if before and not ctx.document.text[start:end].lstrip().lower().startswith("to "):
        return clean_body(before[-1].text)
    return None


_ONWARD_CUES = ("cue.recommended_to", "cue.recommend_following_to")


def recommended_to(ctx: Context, start: int, end: int) -> str | None:
    """'... be recommended to Council': the body a request goes on to, when no other is named."""
    to_body = next((c for c in ctx.patterns(start, end, "REC_CUE") if c.id_ in _ONWARD_CUES), None)
    if to_body is None:
        return None
    after_to = next(i for i, t in enumerate(to_body) if t.lower_ == "to") + 1  # "recommend (the following) to X"
    return clean_body(" ".join(t.text for t in to_body[after_to:]))


def _first_action_pos(ctx: Context, start: int, end: int) -> int:
    text = ctx.document.text[start:end].lower()
    positions = [m.start() for forms in ctx.lexicon["actions"].values() for f in forms
                 for m in re.finditer(rf"(?<![a-z]){re.escape(f)}(?![a-z])", text)]
    return start + min(positions) if positions else end


def clean_body(text: str) -> str | None:
    t = _LEAD_STRIP.sub("", text.strip()).strip(" ,")
    return t or None


def onward_only(ctx: Context, block) -> str | None:
    """'The Panel agreed to recommend the following to Executive:': the requests go to Executive."""
    cues = ctx.patterns(block.start, block.end, "REC_CUE")
    return recommended_to(ctx, block.start, block.end) if cues and all(c.id_ in _ONWARD_CUES for c in cues) else None
