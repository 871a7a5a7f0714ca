"""Reading the change tables back, for the ``changes`` command: each council's plans in order
and the changes between consecutive ones, as data and as text."""
from __future__ import annotations

import textwrap
from typing import Any, Mapping


from ..normalise.text import norm
from .db import DOC_COLUMNS, query_rows

from .changes import CHANGE_KINDS, PASSING_NOTE, in_passing, order_documents, plan_sequence

def council_changes(db, council: str) -> list[dict[str, Any]]:
    """The councils whose name contains ``council`` (case-insensitive), each with its plans
    in order and the changes between consecutive ones:
    ``[{council, county, plans: [...], pairs: [{from, to, counts, changes: [...]}]}]``."""
    names = [r[0] for r in db.execute(
        "SELECT DISTINCT council FROM documents WHERE council LIKE '%' || ? || '%' "
        "ORDER BY council", [council.strip()],
    )]  # fmt: skip
    out = []
    for name in names:
        docs = query_rows(db, f"SELECT {DOC_COLUMNS}, "
                         "(SELECT COUNT(*) FROM priorities p WHERE p.document_id = d.id) AS priorities "
                         "FROM documents d WHERE d.council = ?", [name])  # fmt: skip
        ranks: dict[str, list[dict[str, Any]]] = {}
        for doc_id, rank in db.execute(
            "SELECT p.document_id, p.rank FROM priorities p JOIN documents d ON d.id = p.document_id "
            "WHERE d.council = ?", [name]
        ):  # fmt: skip
            ranks.setdefault(doc_id, []).append({"rank": rank})
        plans = [dict(d) for d in plan_sequence(docs, ranks)]
        for d in plans:
            d["in_passing"] = in_passing(ranks[d["id"]])
        kept_ids = {d["id"] for d in plans}
        left_out = [dict(d, in_passing=True) for d in order_documents(docs)
                    if d["id"] in ranks and d["id"] not in kept_ids]  # fmt: skip
        for d in plans:
            d["plan"] = plan_label(d)
        by_id = {d["id"]: d for d in plans}
        changes = query_rows(db, "SELECT * FROM priority_changes WHERE council = ? ORDER BY pair, id", [name])
        pairs: dict[int, dict[str, Any]] = {}
        for c in changes:
            p = pairs.setdefault(c["pair"], {
                "from": _plan_info(by_id.get(c["from_document_id"])),
                "to": _plan_info(by_id.get(c["to_document_id"])),
                "counts": {k: 0 for k in CHANGE_KINDS},
                "changes": [],
            })  # fmt: skip
            p["counts"][c["change"]] += 1
            p["changes"].append({k: c[k] for k in (
                "change", "from_rank", "from_text", "to_rank", "to_text", "from_theme",
                "to_theme", "score", "detail", "from_page", "to_page")})  # fmt: skip
        out.append({
            "council": name,
            "county": next((d["county"] for d in docs if d["county"]), None),
            "plans": [_plan_info(d) for d in plans],
            "left_out": [_plan_info(d) for d in left_out],
            "pairs": [pairs[k] for k in sorted(pairs)],
        })  # fmt: skip
    return out


def plan_label(d: Mapping[str, Any]) -> str:
    """"2024-25", "2022", or the meeting year; as the views' ``plan`` column."""
    start, end = d.get("plan_start_year"), d.get("plan_end_year")
    if start is None:
        return str(d.get("meeting_date") or "")[:4] or "undated"
    if end is None or end == start:
        return str(start)
    return f"{start}-{str(end)[2:]}"


def _plan_info(d: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"document_id": d["id"], "plan": d.get("plan") or plan_label(d), "title": d.get("title"),
            "meeting_date": d.get("meeting_date"), "file_name": d.get("file_name"),
            "priorities": d.get("priorities"), "in_passing": d.get("in_passing")}  # fmt: skip


def format_changes(found: list[dict[str, Any]], width: int = 100) -> str:
    """The result of :func:`council_changes` as text for a terminal, lines at most ``width``."""
    lines: list[str] = []
    for c in found:
        county = f" ({c['county']})" if c.get("county") else ""
        lines.append(f"{c['council']}{county}: {len(c['plans'])} plan(s) with priorities")
        if len(c["plans"]) < 2:
            only = c["plans"][0] if c["plans"] else None
            if only:
                lines.append(f"  nothing to compare yet: one plan, {only['plan']}")
                lines += _plan_lines("", only, width)
            else:
                lines.append("  nothing to compare yet: no document lists priorities")
        for d in c.get("left_out") or []:
            lines += textwrap.wrap(
                f"left out: {d['file_name']} ({d['plan']}) names priorities only in passing; "
                "another document lists that plan's priorities",
                width - 2, initial_indent="  ", subsequent_indent="    ",
            )  # fmt: skip
        for p in c["pairs"]:
            lines.append("")
            lines += _plan_lines("from", p["from"], width)
            lines += _plan_lines("to", p["to"], width)
            counts = p["counts"]
            lines.append("  " + ", ".join(f"{counts[k]} {k}" for k in CHANGE_KINDS))
            for side, what in (("from", "added: may not be new"), ("to", "dropped: may not be a real drop")):
                if p[side] and p[side].get("in_passing"):
                    note = PASSING_NOTE.format(side="earlier" if side == "from" else "later")
                    lines += textwrap.wrap(f"note: {note}; {what}", width - 2,
                                           initial_indent="  ", subsequent_indent="        ")  # fmt: skip
            for ch in p["changes"]:
                lines += _change_lines(ch, width)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _plan_lines(side: str, d: Mapping[str, Any], width: int) -> list[str]:
    head = f"  {side:<4} {d['plan']:<8} " if side else "    "
    indent = " " * len(head)
    title = textwrap.wrap(d.get("title") or "(no title)", width - len(head)) or [""]
    where = f"{d.get('file_name')}, {d.get('meeting_date') or 'undated'}"
    return [head + title[0]] + [indent + t for t in title[1:]] + [indent + where]


def _was_rank(rank) -> str:
    return "was unranked" if rank is None else f"was rank {rank}"


def _change_lines(ch: Mapping[str, Any], width: int) -> list[str]:
    """One change, wrapped under its text; a page reference is never split."""
    kind = ch["change"]
    old = f"“{ch['from_text']}”"
    if kind == "dropped":
        text = f"{ch['from_text']}  ({_was_rank(ch['from_rank'])}; p.\u00a0{ch['from_page']})"
        rank = ch["from_rank"]
    else:
        rank = ch["to_rank"]
        notes = []
        if kind == "added":
            notes.append(f"p.\u00a0{ch['to_page']}")
        if kind in ("re-ranked", "renamed") and ch["from_rank"] != ch["to_rank"]:
            notes.append(_was_rank(ch["from_rank"]))
        if kind == "renamed":
            notes.append(f"was {old}; same main theme: {ch['to_theme']}")
        elif kind != "added" and norm(ch["from_text"]) != norm(ch["to_text"]):
            notes.append(f"reworded from {old}")
        text = ch["to_text"] + (f"  ({'; '.join(notes)})" if notes else "")
    head = f"  {kind:<10}{'' if rank is None else rank:>3}{'.' if rank is not None else ' '} "
    body = textwrap.wrap(text, width - len(head)) or [""]
    lines = [head + body[0]] + [" " * len(head) + t for t in body[1:]]
    return [line.replace("\u00a0", " ") for line in lines]
