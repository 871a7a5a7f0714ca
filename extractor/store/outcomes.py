"""Follow-through: what became of each recommendation.

:func:`link_recommendations`, a pure function on plain lists of dicts, links each
recommendation to the decision a body later recorded on it, or says there is **no recorded
outcome**, with a score and a reason a person can check; :func:`refresh_outcomes` stores the
result in ``recommendation_outcomes``.

Matching rule: same council (or the same document), decision document dated the same day as the
report or later, or undated; score = subject similarity x action factor x body factor, linked
when >= ``LINK_SCORE`` (70).  The subject is the text without function words, action verbs,
body names, "community safety partnership" and the council's own name, so two papers do not
match merely because both are about the council's CSP.  See :func:`link_score`.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from ..normalise.text import norm
from .changes import SAME_PRIORITY, shorten
from .db import query_rows
from .pairs import Classes


LINK_SCORE = 70  # recommendation -> decision: subject x action x body score
GENERIC_DECISION_SCORE = 75  # "Recommendations approved" in the recommendation's own document

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
    return subjects_score(_subject(a, council), _subject(b, council))


def subjects_score(x: str, y: str) -> float:
    """:func:`subject_score` of two texts' subjects (:func:`_subject`), worked out already."""
    if not x or not y:
        return 0.0
    return (fuzz.token_set_ratio(x, y) + fuzz.token_sort_ratio(x, y)) / 2


@lru_cache(maxsize=1 << 16)
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
    return _action_fit(tuple(actions), outcome)


@lru_cache(maxsize=4096)
def _action_fit(actions: tuple[str, ...], outcome: str | None) -> tuple[str, float]:
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


@lru_cache(maxsize=4096)
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
    title = shorten(item.get("title") or item.get("file_name") or "another document", 70)
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
    recommendations: Sequence[Mapping[str, Any]],
    decisions: Sequence[Mapping[str, Any]],
    affected: Callable[[Mapping[str, Any]], bool] | None = None,
) -> list[dict[str, Any]]:
    """Link each recommendation to the decision recorded on it, if any.

    A recommendation dict has ``id``, ``document_id``, ``council``, ``meeting_date`` (of its
    document), ``text``, ``addressee``, ``actions`` (list or JSON list), ``page``, ``quote``
    and for reasons ``title``; a decision dict has ``id``, ``document_id``, ``council``,
    ``meeting_date``, ``text``, ``body`` (or its document's ``meeting_body``), ``outcome``,
    ``page``, ``quote``, ``title``.  A decision is a candidate when it is in the same document,
    or in a document of the same council dated the same day or later, or undated.  Several
    recommendations may be settled by one decision.  Returns one row per recommendation (only
    those ``affected`` accepts, when given): ``recommendation_id``, ``decision_id`` (None when
    unmatched), ``status`` (the decision's outcome, or ``NO_OUTCOME``), ``score``, ``reason``
    and both sides' document ids, pages and quotes.

    Only candidates sharing a subject key (:mod:`extractor.store.pairs`) are scored, and the
    decisions of the recommendation's own document (a generic "Recommendations approved");
    the best of them is the link when it scores ``LINK_SCORE`` or more.  Below that, the
    closest decision named is the best of those sharing a key, or of all candidates when none
    shares one.
    """
    pool = _Pool(recommendations, decisions)
    return [pool.row(i) for i, rec in enumerate(pool.recs) if affected is None or affected(rec)]


class _Pool:
    """One refresh's recommendations and decisions, with their subjects worked out once and
    grouped into classes of identical items (:class:`extractor.store.pairs.Classes`: copies of
    one paper are scored once), indexed by subject key.  Decision subjects are worked out per
    council (a subject leaves out its council's name)."""

    def __init__(self, recommendations, decisions):
        self.recs, self.decs = list(recommendations), list(decisions)
        self.subjects = [_subject(r.get("text"), r.get("council")) for r in self.recs]
        self.asked = [(tuple(_actions(r.get("actions"))), r.get("addressee")) for r in self.recs]
        self.proposals = Classes(
            [(self.subjects[i], r.get("meeting_date"), r.get("council")) for i, r in enumerate(self.recs)],
            [r.get("document_id") for r in self.recs],
        )
        self.in_document: dict[Any, list[int]] = {}
        for n, dec in enumerate(self.decs):
            self.in_document.setdefault(dec.get("document_id"), []).append(n)
        self._decisions: dict[str | None, Classes] = {}
        self._ranked: dict[tuple, list[tuple[float, int]]] = {}

    def decisions(self, council: str | None) -> Classes:
        """The decisions in classes: (subject, date, council, outcome, body, generic)."""
        if council not in self._decisions:
            self._decisions[council] = Classes(
                [(_subject(d.get("text"), council), d.get("meeting_date"), d.get("council"), d.get("outcome"),
                  d.get("body") or d.get("meeting_body"), is_generic(d.get("text"))) for d in self.decs],
                [d.get("document_id") for d in self.decs],
            )  # fmt: skip
        return self._decisions[council]

    def best(self, i: int) -> tuple[float, int] | None:
        """(score, position) of the best candidate decision for recommendation ``i``: the
        highest score, the first in order on a tie (as sorting all candidates did).  Those of
        its own document are scored one by one (a generic decision counts only there)."""
        rec = self.recs[i]
        classes, document = self.decisions(rec.get("council")), rec.get("document_id")
        best = classes.first(self._ranked_decisions(i, classes), document)
        for n in self.in_document.get(document, []):
            score = self._score(i, n)
            if best is None or score > best[0] or (score == best[0] and n < best[1]):
                best = (score, n)
        return best

    def _ranked_decisions(self, i: int, classes: Classes) -> list[tuple[float, int]]:
        """The decision classes of other documents that are candidates for recommendation
        ``i`` (sharing a subject key, or all when none does), with their scores, best first."""
        rec = self.recs[i]
        key = (self.subjects[i], *self.asked[i], rec.get("meeting_date"), rec.get("council"))
        if key not in self._ranked:
            dated = [c for c in classes.sharing(self.subjects[i]) if _class_date_ok(rec, classes.keys[c])]
            if not dated:
                dated = [c for c in range(len(classes.keys)) if _class_date_ok(rec, classes.keys[c])]
            scored = [(self._class_score(i, classes.keys[c]), c) for c in dated]
            self._ranked[key] = classes.ranked(scored)
        return self._ranked[key]

    def _class_score(self, i: int, key: tuple) -> float:
        """:func:`link_score`'s score (the same arithmetic) for a decision of another document."""
        subject, _, _, outcome, body, _ = key
        actions, addressee = self.asked[i]
        return subjects_score(self.subjects[i], subject) * action_fit(actions, outcome)[1] * body_fit(addressee, body)[1]

    def _score(self, i: int, n: int) -> float:
        """:func:`link_score`'s score for decision ``n`` of recommendation ``i``'s own document."""
        key = self.decisions(self.recs[i].get("council")).key_of(n)
        if key[5]:  # generic: "Recommendations approved" in the recommendation's own document
            actions, addressee = self.asked[i]
            return GENERIC_DECISION_SCORE * action_fit(actions, key[3])[1] * body_fit(addressee, key[4])[1]
        return self._class_score(i, key)

    def row(self, i: int) -> dict[str, Any]:
        rec = self.recs[i]
        found = self.best(i)
        best = None if found is None else (*link_score(rec, self.decs[found[1]]), found[1], self.decs[found[1]])
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
                reason=_no_outcome_reason(rec, best, self.same_proposal(i)),
                decision_document_id=None, decision_page=None, decision_quote=None,
            )  # fmt: skip
        return row

    def same_proposal(self, i: int) -> tuple[float, Mapping[str, Any]] | None:
        """The recommendation of another (same day or later, or undated) document most like
        recommendation ``i`` (score >= ``LINK_SCORE``; the first on a tie), if any."""
        rec, classes = self.recs[i], self.proposals
        key = ("same proposal", self.subjects[i], rec.get("meeting_date"), rec.get("council"))
        if key not in self._ranked:
            scored = [(subjects_score(self.subjects[i], classes.keys[c][0]), c) for c in classes.sharing(self.subjects[i])
                      if _class_date_ok(rec, classes.keys[c])]  # fmt: skip
            self._ranked[key] = classes.ranked([(score, c) for score, c in scored if score >= LINK_SCORE])
        best = classes.first(self._ranked[key], rec.get("document_id"))
        return None if best is None else (best[0], self.recs[best[1]])


def _class_date_ok(rec: Mapping[str, Any], key: tuple) -> bool:
    """:func:`_date_ok` for an item of another document, of this (subject, date, council, ...)."""
    if rec.get("council") is None or rec.get("council") != key[2]:
        return False
    r, d = rec.get("meeting_date"), key[1]
    return r is None or d is None or str(d) >= str(r)


def _no_outcome_reason(rec, best, mention) -> str:
    if rec.get("council") is None:
        parts = ["the report's council is unknown, so only decisions in the same document count, and none matches"]
    else:
        parts = [f"no decision on this subject recorded by {rec['council']} in this or a later (or undated) document"]
    if best is not None and best[0] > 0:
        parts.append(f"closest: “{shorten(best[3].get('text'))}” (score {best[0]:.0f}, below {LINK_SCORE})")
    # the same proposal put in another document (a motion moved at Council, a recommendation
    # passed on to another body) shows where to look for the outcome
    if mention is not None:
        other = mention[1]
        parts.append(
            f"the same proposal is also put in {_where(other)}: “{shorten(other.get('text'), 90)}”"
            ", with no resolution on it recorded there either"
        )
    return "; ".join(parts)


REC_SQL = (
    "SELECT r.id, r.document_id, r.council, r.county, r.addressee, r.actions, r.text, r.page, "
    "r.quote, r.char_start, d.meeting_date, d.title, d.file_name FROM recommendations r "
    "JOIN documents d ON d.id = r.document_id WHERE r.council IS ? ORDER BY r.id"
)
DEC_SQL = (
    "SELECT c.id, c.document_id, c.council, c.body, c.outcome, c.text, c.page, c.quote, "
    "d.meeting_body, d.meeting_date, d.title, d.file_name FROM decisions c "
    "JOIN documents d ON d.id = c.document_id WHERE c.council IS ? ORDER BY c.id"
)


def refresh_outcomes(db, council: str | None, until: str | None = None) -> int:
    """Recompute ``recommendation_outcomes`` for the recommendations of one council (None:
    the recommendations whose document names no council); returns the number of rows.

    ``until`` (an ISO date) limits it to what a document of that date can change: the
    recommendations of documents dated ``until`` or earlier, or undated, since a document
    links only recommendations dated on or before it (see :func:`_date_ok`).  None: all."""
    if council is None:
        return _refresh_without_council(db)
    bounded = "" if until is None else " AND (d.meeting_date IS NULL OR d.meeting_date <= ?)"
    db.execute(
        "DELETE FROM recommendation_outcomes WHERE council IS ? AND recommendation_document_id IN "
        f"(SELECT d.id FROM documents d WHERE d.council IS ?{bounded})",
        [council, council] + ([] if until is None else [until]),
    )
    recs = query_rows(db, REC_SQL, [council])
    if not recs:
        return 0
    def affected(rec):
        return until is None or rec.get("meeting_date") is None or str(rec["meeting_date"]) <= until
    rows = link_recommendations(recs, query_rows(db, DEC_SQL, [council]), affected)
    db.table("recommendation_outcomes").insert_all(rows)
    return len(rows)


def _refresh_without_council(db) -> int:
    """The recommendations of documents naming no council: only decisions in the same
    document count, so each document is linked on its own."""
    db.execute("DELETE FROM recommendation_outcomes WHERE council IS NULL")
    decisions: dict[str, list[dict[str, Any]]] = {}
    for dec in query_rows(db, DEC_SQL, [None]):
        decisions.setdefault(dec["document_id"], []).append(dec)
    recs: dict[str, list[dict[str, Any]]] = {}
    for rec in query_rows(db, REC_SQL, [None]):
        recs.setdefault(rec["document_id"], []).append(rec)
    rows = [row for document_id, own in recs.items()
            for row in link_recommendations(own, decisions.get(document_id, []))]  # fmt: skip
    rows.sort(key=lambda row: row["recommendation_id"])
    db.table("recommendation_outcomes").insert_all(rows)
    return len(rows)
