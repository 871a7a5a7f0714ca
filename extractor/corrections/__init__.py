"""Corrections by the people who know a council's plan, kept across re-runs and fed back into
evaluation.

- ``fields``: what may be corrected (each kind of item's fields, the document's) and how a typed
  value is converted;
- ``store``: the corrections file (CSV beside the database: one row per correction, who, when, why);
- ``anchor``: finding a correction's document (SHA-256, or path for a changed file), item (quote
  and span, re-anchored with rapidfuzz) and quoted words again;
- ``apply`` and ``undo``: putting corrections on a document's rows inside its transaction (every
  ingest) and taking them off; the ``corrections`` table keeps each one's status and original;
- ``manage``: the library of ``csp-extract correct`` (add, list, validate, drop);
- ``feedback``: scoring the extractor against the corrections, and gold files for corrected documents.
"""
