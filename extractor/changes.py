"""Change over time and follow-through: what changed between a council's plans, and what
became of each recommendation.

Two pure functions do the work, on plain lists of dicts, so they can be tested on hand-made
examples:

- :func:`compare_priorities` takes the priorities of two successive plans and says, for each
  one, whether it was **added**, **dropped**, **kept**, **re-ranked** or **renamed**;
- :func:`link_recommendations` takes recommendations and decisions and links each
  recommendation to the decision a body later recorded on it, or says there is
  **no recorded outcome**, with a score and a reason a person can check.

:func:`refresh_council` recomputes both for one council and stores them in the
``priority_changes`` and ``recommendation_outcomes`` tables (declared in ``store.py``);
``store.save_document`` calls it, in the same transaction, for every council a save touches.

A council's plans are its documents with priorities, ordered by plan start year (the meeting's
year when there is none), then meeting date, then ingest order.  A document that names
priorities only in passing (none ranked: a covering report, minutes) is left out when another
document for the same plan period lists them; where it stays, an "added" or "dropped" next to it
says it may only be unmentioned.

Matching rules (the thresholds are module constants):

- *same priority*: the scoring rule of ``corpus/ANNOTATION.md`` (``evaluate.similarity``):
  rapidfuzz ``token_set_ratio`` of the folded texts >= ``SAME_PRIORITY`` (85) and the shorter
  text at least 60% as long as the longer.  Same priority and same rank = kept; same priority,
  other rank = re-ranked (a rank appearing or disappearing counts as re-ranked).
- *renamed*: not the same priority, but the same main theme and either ``fuzz.ratio`` of the
  folded texts >= ``RENAMED_RATIO`` (60), or the only unmatched priority of that theme on both
  sides (not for the catch-all theme "other").
- *recommendation -> decision*: same council (or the same document), decision document dated
  the same day as the report or later, or undated; score = subject similarity x action factor
  x body factor, linked when >= ``LINK_SCORE`` (70).  The subject is the text without function
  words, action verbs, body names, "community safety partnership" and the council's own name,
  so two papers do not match merely because both are about the council's CSP.  See
  :func:`link_score`.
"""
from __future__ import annotations

import json
import re
import textwrap
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from .evaluate import norm, similarity

# --------------------------------------------------------------------------------------------
# Thresholds

SAME_PRIORITY = 85  # token_set_ratio with the 60% length rule (evaluate.similarity)
RENAMED_RATIO = 60  # fuzz.ratio of the folded texts, same main theme
LINK_SCORE = 70  # recommendation -> decision: subject x action x body score
GENERIC_DECISION_SCORE = 75  # "Recommendations approved" in the recommendation's own document

CHANGE_KINDS = ("added", "dropped", "renamed", "re-ranked", "kept")
NO_OUTCOME = "no recorded outcome"
OUTCOMES = ("approved", "agreed", "noted", "deferred", "amended", "rejected", "delegated")

# What a body records when it does what a recommendation asks.
EXPECTED_OUTCOMES: dict[str, set[str]] = {
    "approve": {"approved"},
    "adopt": {"approved"},
    "endorse": {"approved"},
    "agree": {"agreed"},
    "recommend": {"approved", "agreed"},
    "note": {"noted"},
    "delegate": {"delegated"},
    "consider": {"noted", "agreed", "approved"},
    "comment": {"noted"},
    "scrutinise": {"noted"},
}
CONSENT_ACTIONS = {"approve", "adopt", "endorse", "agree", "recommend"}
CONSENT_OUTCOMES = {"approved", "agreed"}
# Any recommendation can be deferred, rejected or amended.
ANY_OUTCOMES = {"deferred", "rejected", "amended"}
ACTION_FACTOR = {"expected": 1.0, "consent": 0.9, "unknown": 0.95, "other": 0.8}
BODY_FACTOR = {"same": 1.0, "unknown": 1.0, "other": 0.85}

# Words that say who does what rather than what it is about.
_STOP = set(
    """a an the and or of for to in on at by with be is are was were been that this these those
    it its as from into under within per their our all any its be being has have had will would
    shall should may can
    approve approves approved approving approval adopt adopts adopted adopting adoption agree
    agrees agreed agreeing endorse endorses endorsed note notes noted noting recommend
    recommends recommended consider considers considered comment comments commented scrutinise
    scrutinises scrutinised delegate delegates delegated resolve resolves resolved resolution
    decide decides decided request requests requested ask asks asked make makes made present
    presented presents receive receives received sign signed off
    council cabinet committee committees members member advisory full district borough county
    """.split()
)
# Words nearly every paper on a CSP contains: they say nothing about which proposal it is.
_DOMAIN = {"community", "safety", "partnership", "partnerships", "csp", "csps"}
# A decision about "the recommendations" or "the report" as a whole.
_GENERIC = {"recommendation", "recommendations", "report", "reports", "contents", "set", "out",
            "above", "officer", "officers", "paragraph", "paragraphs", "contained", "detailed"}
_GENERIC_BODIES = {"", "committee", "the committee", "members", "board", "the board", "panel"}
_WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")


# --------------------------------------------------------------------------------------------
# Priorities: plan-to-plan changes


def _theme(p: Mapping[str, Any]) -> str | None:
    if p.get("main_theme"):
        return p["main_theme"]
    themes = p.get("themes") or []
    return themes[0] if themes else None


def _rank_text(rank) -> str:
    return "–" if rank is None else str(rank)


def _short(text: str | None, n: int = 60) -> str:
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


# --------------------------------------------------------------------------------------------
# Recommendations -> decisions


def subject_words(text: str | None, council: str | None = None) -> list[str]:
    """The words of a recommendation or decision that say what it is about: function words,
    action verbs, the names of bodies, the words every CSP paper shares ("community safety
    partnership") and the words of the council's own name removed."""
    t = norm(text).replace("’", "'").replace("'s ", " ")
    stop = _STOP | _DOMAIN | set(_WORD.findall(norm(council)))
    return [w for w in _WORD.findall(t) if w not in stop]


def is_generic(text: str | None) -> bool:
    """A decision about the report's recommendations as a whole ("Recommendations Approved",
    "That the recommendations set out in the report be agreed")."""
    words = set(subject_words(text))
    return bool(words) and words <= _GENERIC and bool(words & {"recommendation", "recommendations"})


def subject_score(a: str | None, b: str | None, council: str | None = None) -> float:
    """0-100: how far two texts are about the same thing (see :func:`subject_words`).  The
    mean of token_set_ratio (one subject inside the other, as a decision often shortens the
    recommendation) and token_sort_ratio (which keeps a subject of one shared word from
    scoring 100)."""
    x, y = _subject(a, council), _subject(b, council)
    if not x or not y:
        return 0.0
    return (fuzz.token_set_ratio(x, y) + fuzz.token_sort_ratio(x, y)) / 2


@lru_cache(maxsize=8192)
def _subject(text: str | None, council: str | None) -> str:
    """The subject words of ``text`` joined by spaces (worked out once: a council's
    recommendations are each compared with all the others)."""
    return " ".join(subject_words(text, council))


def _actions(value) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    return [a for a in (value or []) if a]


def action_fit(actions: Iterable[str], outcome: str | None) -> tuple[str, float]:
    """How well an outcome answers the actions asked: (kind, factor), kind one of
    ``ACTION_FACTOR``'s keys."""
    actions = list(actions)
    if not actions or not outcome:
        return "unknown", ACTION_FACTOR["unknown"]
    expected = set().union(*(EXPECTED_OUTCOMES.get(a, set()) for a in actions))
    if outcome in expected or outcome in ANY_OUTCOMES:
        return "expected", ACTION_FACTOR["expected"]
    if outcome in CONSENT_OUTCOMES and CONSENT_ACTIONS & set(actions):
        return "consent", ACTION_FACTOR["consent"]
    return "other", ACTION_FACTOR["other"]


def _body_words(name: str | None) -> str:
    return norm(name).replace("the ", "").strip()


def body_fit(addressee: str | None, body: str | None) -> tuple[str, float]:
    """Is the deciding body the one the recommendation asked?  Unknown or generic names
    ("Committee", "Members") are not held against a link."""
    a, b = _body_words(addressee), _body_words(body)
    if a in _GENERIC_BODIES or b in _GENERIC_BODIES:
        return "unknown", BODY_FACTOR["unknown"]
    if fuzz.token_set_ratio(a, b) >= SAME_PRIORITY:
        return "same", BODY_FACTOR["same"]
    return "other", BODY_FACTOR["other"]


def _date_ok(rec: Mapping[str, Any], dec: Mapping[str, Any]) -> bool:
    if rec.get("document_id") == dec.get("document_id"):
        return True
    if rec.get("council") is None or rec.get("council") != dec.get("council"):
        return False
    r, d = rec.get("meeting_date"), dec.get("meeting_date")
    return r is None or d is None or str(d) >= str(r)


def _where(item: Mapping[str, Any]) -> str:
    title = _short(item.get("title") or item.get("file_name") or "another document", 70)
    date = item.get("meeting_date") or "undated"
    page = f", p. {item['page']}" if item.get("page") is not None else ""
    return f"“{title}” ({date}{page})"


def link_score(rec: Mapping[str, Any], dec: Mapping[str, Any]) -> tuple[float, str]:
    """(score, reason) for recommendation ``rec`` being settled by decision ``dec``."""
    body = dec.get("body") or dec.get("meeting_body")
    if rec.get("document_id") == dec.get("document_id") and is_generic(dec.get("text")):
        subject, what = GENERIC_DECISION_SCORE, "the decision covers the report's recommendations as a whole"
    else:
        subject = subject_score(rec.get("text"), dec.get("text"), rec.get("council"))
        what = f"same subject (similarity {subject:.0f})"
    actions = _actions(rec.get("actions"))
    fit, action_factor = action_fit(actions, dec.get("outcome"))
    asked = "/".join(actions) or "?"
    action_text = {
        "expected": f"asked to {asked}, recorded as {dec.get('outcome')}",
        "consent": f"asked to {asked}, recorded as {dec.get('outcome')} (consent, not the exact verb)",
        "unknown": "action or outcome not read",
        "other": f"asked to {asked} but recorded as {dec.get('outcome')}",
    }[fit]
    bfit, body_factor = body_fit(rec.get("addressee"), body)
    body_text = {
        "same": f"decided by {body}, the body asked",
        "unknown": f"decided by {body or 'an unnamed body'}",
        "other": f"asked of {rec.get('addressee')} but decided by {body}",
    }[bfit]
    score = subject * action_factor * body_factor
    place = "later in the same document" if rec.get("document_id") == dec.get("document_id") else f"in {_where(dec)}"
    return score, f"{what}; {action_text}; {body_text}; {place}"


def link_recommendations(
    recommendations: Sequence[Mapping[str, Any]], decisions: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Link each recommendation to the decision recorded on it, if any.

    A recommendation dict has ``id``, ``document_id``, ``council``, ``meeting_date`` (of its
    document), ``text``, ``addressee``, ``actions`` (list or JSON list), ``page``, ``quote``
    and for reasons ``title``; a decision dict has ``id``, ``document_id``, ``council``,
    ``meeting_date``, ``text``, ``body`` (or its document's ``meeting_body``), ``outcome``,
    ``page``, ``quote``, ``title``.  A decision is a candidate when it is in the same document,
    or in a document of the same council dated the same day or later, or undated.  Several
    recommendations may be settled by one decision.  Returns one row per recommendation:
    ``recommendation_id``, ``decision_id`` (None when unmatched), ``status`` (the decision's
    outcome, or ``NO_OUTCOME``), ``score``, ``reason`` and both sides' document ids, pages
    and quotes.
    """
    rows = []
    for rec in recommendations:
        scored = sorted(
            ((*link_score(rec, dec), n, dec) for n, dec in enumerate(decisions) if _date_ok(rec, dec)),
            key=lambda t: (-t[0], t[2]),
        )
        best = scored[0] if scored else None
        row = {
            "recommendation_id": rec.get("id"),
            "council": rec.get("council"),
            "county": rec.get("county"),
            "recommendation_document_id": rec.get("document_id"),
            "recommendation_page": rec.get("page"),
            "recommendation_quote": rec.get("quote") or rec.get("text"),
        }
        if best is not None and best[0] >= LINK_SCORE:
            score, reason, _, dec = best
            row.update(
                decision_id=dec.get("id"),
                status=dec.get("outcome") or "decided (outcome not read)",
                score=round(score, 1),
                reason=reason,
                decision_document_id=dec.get("document_id"),
                decision_page=dec.get("page"),
                decision_quote=dec.get("quote") or dec.get("text"),
            )
        else:
            row.update(
                decision_id=None, status=NO_OUTCOME,
                score=round(best[0], 1) if best else None,
                reason=_no_outcome_reason(rec, best, recommendations),
                decision_document_id=None, decision_page=None, decision_quote=None,
            )  # fmt: skip
        rows.append(row)
    return rows


def _no_outcome_reason(rec, best, recommendations) -> str:
    if rec.get("council") is None:
        parts = ["the report's council is unknown, so only decisions in the same document count, and none matches"]
    else:
        parts = [f"no decision on this subject recorded by {rec['council']} in this or a later (or undated) document"]
    if best is not None and best[0] > 0:
        parts.append(f"closest: “{_short(best[3].get('text'))}” (score {best[0]:.0f}, below {LINK_SCORE})")
    # the same proposal put in another document (a motion moved at Council, a recommendation
    # passed on to another body) shows where to look for the outcome
    mentions = []
    for other in recommendations:
        if other.get("document_id") == rec.get("document_id") or not _date_ok(rec, other):
            continue
        score = subject_score(rec.get("text"), other.get("text"), rec.get("council"))
        if score >= LINK_SCORE:
            mentions.append((score, other))
    if mentions:
        score, other = max(mentions, key=lambda t: t[0])
        parts.append(
            f"the same proposal is also put in {_where(other)}: “{_short(other.get('text'), 90)}”"
            ", with no resolution on it recorded there either"
        )
    return "; ".join(parts)


# --------------------------------------------------------------------------------------------
# Storing


_DOC_COLUMNS = "d.id, d.council, d.county, d.title, d.file_name, d.meeting_body, d.meeting_date, " \
               "d.plan_start_year, d.plan_end_year, d.ingested_at, d.path, d.rowid AS [order]"


def _rows(db, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def refresh_changes(db, council: str | None) -> int:
    """Recompute ``priority_changes`` for one council; returns the number of rows."""
    db.execute("DELETE FROM priority_changes WHERE council IS ?", [council])
    if council is None:
        return 0
    docs = _rows(db, f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.council = ? AND EXISTS "
                     "(SELECT 1 FROM priorities p WHERE p.document_id = d.id)", [council])  # fmt: skip
    priorities: dict[str, list[dict[str, Any]]] = {}
    for p in _rows(
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


def refresh_outcomes(db, council: str | None) -> int:
    """Recompute ``recommendation_outcomes`` for the recommendations of one council (None:
    the recommendations whose document names no council); returns the number of rows."""
    db.execute("DELETE FROM recommendation_outcomes WHERE council IS ?", [council])
    recs = _rows(
        db,
        "SELECT r.id, r.document_id, r.council, r.county, r.addressee, r.actions, r.text, r.page, "
        "r.quote, r.char_start, d.meeting_date, d.title, d.file_name FROM recommendations r "
        "JOIN documents d ON d.id = r.document_id WHERE r.council IS ? ORDER BY r.id",
        [council],
    )
    if not recs:
        return 0
    decisions = _rows(
        db,
        "SELECT c.id, c.document_id, c.council, c.body, c.outcome, c.text, c.page, c.quote, "
        "d.meeting_body, d.meeting_date, d.title, d.file_name FROM decisions c "
        "JOIN documents d ON d.id = c.document_id WHERE c.council IS ? ORDER BY c.id",
        [council],
    )
    rows = link_recommendations(recs, decisions)
    db.table("recommendation_outcomes").insert_all(rows)
    return len(rows)


def refresh_council(db, council: str | None) -> None:
    """Recompute both derived tables for one council (call inside the saving transaction)."""
    refresh_changes(db, council)
    refresh_outcomes(db, council)


def forget_document(db, document_id: str) -> None:
    """Delete the derived rows that point at a document (before the document is deleted)."""
    db.execute(
        "DELETE FROM priority_changes WHERE from_document_id = ? OR to_document_id = ?",
        [document_id, document_id],
    )
    db.execute(
        "DELETE FROM recommendation_outcomes WHERE recommendation_document_id = ? "
        "OR decision_document_id = ?",
        [document_id, document_id],
    )


# --------------------------------------------------------------------------------------------
# Reading back (the `changes` command)


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
        docs = _rows(db, f"SELECT {_DOC_COLUMNS}, "
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
        changes = _rows(db, "SELECT * FROM priority_changes WHERE council = ? ORDER BY pair, id", [name])
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
