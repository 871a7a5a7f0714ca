"""Change over time: what changed between a council's consecutive plans.

:func:`compare_priorities`, a pure function on plain lists of dicts (testable on hand-made
examples), takes the priorities of two successive plans and says, for each one, whether it was
**added**, **dropped**, **kept**, **re-ranked** or **renamed**.  :func:`refresh_changes` stores
them in the ``priority_changes`` table (declared in :mod:`extractor.store.schema`);
:mod:`extractor.store.derived` calls it, in the saving transaction, for every council a save
touches.

A council's plans are its documents with priorities, ordered by plan start year (the meeting's
year when there is none), then meeting date, then ingest order.  A document that names
priorities only in passing (none ranked: a covering report, minutes) is left out when another
document for the same plan period lists them; where it stays, an "added" or "dropped" next to it
says it may only be unmentioned.

Matching rules (the thresholds are module constants):

- *same priority*: the scoring rule of ``corpus/ANNOTATION.md``
  (:func:`extractor.normalise.text.similarity`): rapidfuzz ``token_set_ratio`` of the folded
  texts >= ``SAME_PRIORITY`` (85) and the shorter text at least 60% as long as the longer.
  Same priority and same rank = kept; same priority, other rank = re-ranked (a rank appearing
  or disappearing counts as re-ranked).
- *renamed*: not the same priority, but the same main theme and either ``fuzz.ratio`` of the
  folded texts >= ``RENAMED_RATIO`` (60), or the only unmatched priority of that theme on both
  sides (not for the catch-all theme "other").
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from ..normalise.text import SIMILAR, norm, similarity
from .db import DOC_COLUMNS, query_rows


SAME_PRIORITY = SIMILAR  # token_set_ratio with the 60% length rule (normalise.text.similar)
RENAMED_RATIO = 60  # fuzz.ratio of the folded texts, same main theme

CHANGE_KINDS = ("added", "dropped", "renamed", "re-ranked", "kept")


# --------------------------------------------------------------------------------------------
# Priorities: plan-to-plan changes


def _theme(p: Mapping[str, Any]) -> str | None:
    if p.get("main_theme"):
        return p["main_theme"]
    themes = p.get("themes") or []
    return themes[0] if themes else None


def _rank_text(rank) -> str:
    return "–" if rank is None else str(rank)


def shorten(text: str | None, n: int = 60) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _side(prefix: str, p: Mapping[str, Any] | None) -> dict[str, Any]:
    p = p or {}
    return {
        f"{prefix}_priority_id": p.get("id"),
        f"{prefix}_rank": p.get("rank"),
        f"{prefix}_text": p.get("text"),
        f"{prefix}_theme": _theme(p) if p else None,
        f"{prefix}_page": p.get("page"),
        f"{prefix}_quote": p.get("quote"),
    }


def _rank_move(a, b) -> str:
    if a is None:
        return f"now ranked {b} (was unranked)"
    if b is None:
        return f"now unranked (was {a})"
    step = a - b
    way = "up" if step > 0 else "down"
    return f"moved {way} {abs(step)} ({a} → {b})"


def compare_priorities(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """What happened to each priority between two successive plans.

    ``old`` and ``new`` are lists of priority dicts with ``text``, ``rank`` and ``themes``
    (main first) or ``main_theme``; ``id``, ``page`` and ``quote`` are carried through when
    present.  Returns one dict per priority (a pair for kept, re-ranked and renamed) with
    ``change`` (one of ``CHANGE_KINDS``), ``score`` (the similarity that paired them, None for
    added and dropped), a human-readable ``detail`` and ``from_*``/``to_*`` fields
    (``priority_id``, ``rank``, ``text``, ``theme``, ``page``, ``quote``; None on the missing
    side).  Rows come added, dropped, renamed, re-ranked, kept, each in list order.
    """
    old, new = list(old), list(new)
    rows: list[dict[str, Any]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))

    def pair(i: int, j: int, change: str, score: float, detail: str) -> None:
        free_old.discard(i)
        free_new.discard(j)
        rows.append({"change": change, "score": round(score, 1), "detail": detail,
                     **_side("from", old[i]), **_side("to", new[j]), "_order": (i, j)})  # fmt: skip

    # 1. the same priority: most similar first; on a tie, same rank, then nearest position
    candidates = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            score = similarity(a.get("text"), b.get("text"))
            if score >= SAME_PRIORITY:
                candidates.append((-score, a.get("rank") != b.get("rank"), abs(i - j), i, j, score))
    for *_, i, j, score in sorted(candidates):
        if i not in free_old or j not in free_new:
            continue
        a, b = old[i], new[j]
        wording = "; reworded" if norm(a.get("text")) != norm(b.get("text")) else ""
        if a.get("rank") == b.get("rank"):
            pair(i, j, "kept", score, f"same rank ({_rank_text(a.get('rank'))}){wording}")
        else:
            pair(i, j, "re-ranked", score, _rank_move(a.get("rank"), b.get("rank")) + wording)

    # 2. renamed: same main theme and similar enough text ...
    def renamed(i: int, j: int, score: float, why: str) -> None:
        a, b = old[i], new[j]
        ranks = a.get("rank"), b.get("rank")
        rank = f"same rank ({_rank_text(ranks[0])})" if ranks[0] == ranks[1] else _rank_move(*ranks)
        pair(i, j, "renamed", score, f"{why}; {rank}")

    candidates = []
    for i in free_old:
        for j in free_new:
            theme = _theme(old[i])
            if theme and theme == _theme(new[j]):
                score = fuzz.ratio(norm(old[i].get("text")), norm(new[j].get("text")))
                if score >= RENAMED_RATIO:
                    candidates.append((-score, abs(i - j), i, j, score))
    for *_, i, j, score in sorted(candidates):
        if i in free_old and j in free_new:
            renamed(i, j, score, f"same main theme ({_theme(old[i])}), similar wording (ratio {score:.0f})")
    # ... or the only unmatched priority of its main theme on both sides
    for theme in sorted({_theme(old[i]) for i in free_old} - {None, "other"}):
        olds = [i for i in free_old if _theme(old[i]) == theme]
        news = [j for j in free_new if _theme(new[j]) == theme]
        if len(olds) == 1 and len(news) == 1:
            i, j = olds[0], news[0]
            score = fuzz.ratio(norm(old[i].get("text")), norm(new[j].get("text")))
            renamed(i, j, score, f"the only {theme} priority on both sides")

    # 3. what is left was dropped or added; a side that only names priorities in passing
    # (none ranked) may simply not mention one, and the detail says so
    for i in sorted(free_old):
        rank = old[i].get("rank")
        detail = f"was rank {rank}" if rank is not None else "was unranked"
        if in_passing(new):
            detail += f"; {PASSING_NOTE.format(side='later')}, so it may not be a real drop"
        rows.append({"change": "dropped", "score": None, "detail": detail,
                     **_side("from", old[i]), **_side("to", None), "_order": (i, -1)})  # fmt: skip
    for j in sorted(free_new):
        rank = new[j].get("rank")
        detail = f"new at rank {rank}" if rank is not None else "new, unranked"
        if in_passing(old):
            detail += f"; {PASSING_NOTE.format(side='earlier')}, so it may not be new"
        rows.append({"change": "added", "score": None, "detail": detail,
                     **_side("from", None), **_side("to", new[j]), "_order": (-1, j)})  # fmt: skip

    def key(row):
        i, j = row["_order"]
        return CHANGE_KINDS.index(row["change"]), j if j >= 0 else i

    rows.sort(key=key)
    for row in rows:
        del row["_order"]
    return rows


def order_documents(docs: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """A council's plans in order: plan start year (the meeting's year when there is none),
    then meeting date (undated after dated), then ingest order; documents with no year at all
    last.  Ingest order is ``ingested_at`` (to the second), then ``path``, then ``order`` (the
    row's insertion order): files stored in the same second keep the order of their paths
    even when parallel workers finish them out of order."""

    def key(d):
        year = d.get("plan_start_year")
        if year is None and d.get("meeting_date"):
            year = int(str(d["meeting_date"])[:4])
        date = d.get("meeting_date")
        return (year is None, year or 0, date is None, date or "",
                d.get("ingested_at") or "", d.get("path") or "", d.get("order") or 0)  # fmt: skip

    return sorted(docs, key=key)


PASSING_NOTE = "the {side} document only names priorities in passing (none ranked)"


def in_passing(priorities: Sequence[Mapping[str, Any]]) -> bool:
    """True when a document names priorities but lists none with a rank: a covering report or
    minutes mentioning some of the plan's priorities, not the plan's list."""
    return bool(priorities) and all(p.get("rank") is None for p in priorities)


def plan_sequence(
    docs: Iterable[Mapping[str, Any]], priorities: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[Mapping[str, Any]]:
    """The documents compared, in order: those with priorities, except one that names them only
    in passing when another document for the same plan period lists them (it is the same plan,
    seen partly: comparing it would report every unmentioned priority as dropped)."""
    docs = [d for d in docs if priorities.get(d["id"])]
    listed = {(d.get("plan_start_year"), d.get("plan_end_year")) for d in docs
              if d.get("plan_start_year") is not None and not in_passing(priorities[d["id"]])}  # fmt: skip
    keep = [
        d for d in docs
        if not (in_passing(priorities[d["id"]])
                and (d.get("plan_start_year"), d.get("plan_end_year")) in listed)
    ]  # fmt: skip
    return order_documents(keep)


def compare_plans(
    docs: Iterable[Mapping[str, Any]], priorities: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[dict[str, Any]]:
    """Changes between each consecutive pair of the documents :func:`plan_sequence` keeps;
    ``priorities`` maps a document id to its priorities.  Each row also has ``pair`` (1 = first
    pair), ``from_document_id`` and ``to_document_id``."""
    ordered = plan_sequence(docs, priorities)
    rows = []
    for n, (a, b) in enumerate(zip(ordered, ordered[1:]), start=1):
        for row in compare_priorities(priorities[a["id"]], priorities[b["id"]]):
            rows.append({"pair": n, "from_document_id": a["id"], "to_document_id": b["id"], **row})
    return rows


def refresh_changes(db, council: str | None) -> int:
    """Recompute ``priority_changes`` for one council; returns the number of rows."""
    db.execute("DELETE FROM priority_changes WHERE council IS ?", [council])
    if council is None:
        return 0
    docs = query_rows(db, f"SELECT {DOC_COLUMNS} FROM documents d WHERE d.council = ? AND EXISTS "
                     "(SELECT 1 FROM priorities p WHERE p.document_id = d.id)", [council])  # fmt: skip
    priorities: dict[str, list[dict[str, Any]]] = {}
    for p in query_rows(
        db,
        "SELECT p.id, p.document_id, p.rank, p.text, p.main_theme, p.page, p.quote "
        "FROM priorities p JOIN documents d ON d.id = p.document_id WHERE d.council = ? "
        "ORDER BY p.document_id, p.rank IS NULL, p.rank, p.id",
        [council],
    ):
        priorities.setdefault(p["document_id"], []).append(p)
    county = {d["id"]: d["county"] for d in docs}
    rows = [
        {"council": council, "county": county.get(r["to_document_id"]), **r}
        for r in compare_plans(docs, priorities)
    ]
    if rows:
        db.table("priority_changes").insert_all(rows)
    return len(rows)
