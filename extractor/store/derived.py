"""The derived tables (``priority_changes``, ``recommendation_outcomes``) and the summary
tables of the comparison views (:mod:`extractor.store.summaries`), recomputed per council inside
the saving transaction."""
from __future__ import annotations

from .changes import refresh_changes
from .outcomes import refresh_outcomes
from .summaries import refresh_summaries


def refresh_council(db, council: str | None, until: str | None = None) -> None:
    """Recompute both derived tables for one council, then its rows of the summary tables
    (which read them; call inside the saving transaction); ``until``, the latest date of the
    documents saved or deleted, limits the follow-through to the recommendations they can link
    to (:func:`extractor.store.outcomes.refresh_outcomes`; None: all of the council's)."""
    refresh_changes(db, council)
    refresh_outcomes(db, council, until)
    refresh_summaries(db, council)


def latest_date(dates) -> str | None:
    """The ``until`` of :func:`refresh_council` for documents of these meeting dates: the
    latest, or None (everything) when one is undated."""
    dates = list(dates)
    return None if not dates or None in dates else max(dates)


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

