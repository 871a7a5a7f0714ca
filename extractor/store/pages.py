"""The ``pages`` table: each page of a document's canonical text, for the page search and the
page view.  Written by :mod:`extractor.store.save` with each document, and by
:func:`extractor.store.schema.ensure_schema` for the documents of a database from before it."""
from __future__ import annotations

import sqlite_utils

from ..document import page_spans


def save_pages(db: sqlite_utils.Database, document_id: str, text: str) -> int:
    """Store each page of a document's canonical text (split at its form feeds, as
    :meth:`extractor.document.Document.page_of` counts pages) in ``pages``; return how many."""
    rows = [
        {"document_id": document_id, "page": n, "char_start": start, "text": text[start:end]}
        for n, (start, end) in enumerate(page_spans(text), start=1)
    ]
    db.table("pages").insert_all(rows)
    return len(rows)
