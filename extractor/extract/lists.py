"""Runs of list items: what a lead-in introduces, and whether two items share a marker style."""
from __future__ import annotations

from ..document import LIST_ITEM, Block


def list_after(blocks: list[Block], index: int) -> list[Block]:
    """The run of list items (one level, one marker style) after block ``index``."""
    lead = blocks[index]
    run: list[Block] = []
    for block in blocks[index + 1:]:
        if block.kind != LIST_ITEM or (lead.kind == LIST_ITEM and block.level <= lead.level and same_style(lead, block)):
            break
        if run and block.level > run[0].level:
            continue
        if run and (block.level != run[0].level or not same_style(run[0], block)):
            break
        run.append(block)
    return run


def _style(marker: str | None) -> str:
    """'1.' and '2.' share a style, as do '(i)' and '(iv)', 'a)' and 'b)'; bullets by character."""
    if not marker:
        return ""
    last = marker.split()[-1]
    core = last.strip("()").rstrip(".)")
    if core[-1:].isdigit():  # "2.1.1" and "2.1.2" share a style: the closing mark, not the last digit
        return f"num{core.count('.')}{'' if last[-1].isdigit() else last[-1]}"
    if core.isalpha() and last != core:
        return "alpha" + ("(" if last.startswith("(") else ")")
    return last


def same_style(a: Block, b: Block) -> bool:
    return _style(a.marker) == _style(b.marker)
