"""The follow-through links as csp-extract computed them before issue 15 (commit eb645d1):
every recommendation scored against every decision of its council, and against every other
recommendation, in Python.  Kept here, verbatim but for the imports, as the reference that
tests/test_refresh.py compares the indexed, incremental refresh with."""
from __future__ import annotations

from extractor.store.changes import shorten
from extractor.store.db import query_rows
from extractor.store.outcomes import LINK_SCORE, NO_OUTCOME, _date_ok, _where, link_score, subject_score


def link_recommendations(recommendations, decisions):
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
        parts.append(f"closest: “{shorten(best[3].get('text'))}” (score {best[0]:.0f}, below {LINK_SCORE})")
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
            f"the same proposal is also put in {_where(other)}: “{shorten(other.get('text'), 90)}”"
            ", with no resolution on it recorded there either"
        )
    return "; ".join(parts)


def outcome_rows(db, council):
    """The rows refresh_outcomes stored for ``council`` before issue 15 (in insertion order)."""
    recs = query_rows(
        db,
        "SELECT r.id, r.document_id, r.council, r.county, r.addressee, r.actions, r.text, r.page, "
        "r.quote, r.char_start, d.meeting_date, d.title, d.file_name FROM recommendations r "
        "JOIN documents d ON d.id = r.document_id WHERE r.council IS ? ORDER BY r.id",
        [council],
    )
    if not recs:
        return []
    decisions = query_rows(
        db,
        "SELECT c.id, c.document_id, c.council, c.body, c.outcome, c.text, c.page, c.quote, "
        "d.meeting_body, d.meeting_date, d.title, d.file_name FROM decisions c "
        "JOIN documents d ON d.id = c.document_id WHERE c.council IS ? ORDER BY c.id",
        [council],
    )
    return link_recommendations(recs, decisions)
