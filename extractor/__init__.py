"""csp-extract: council Community Safety Partnership reports into data.

A document flows through the sub-packages in this order:

- ``read/``: one reader per format (PDF, text, HTML, Word) -> :class:`Document` (blocks, pages,
  canonical text);
- ``analyse/``: the spaCy pipeline over the text (``pipeline``) and its labelled sections
  (``segment``);
- ``extract/``: one module per kind of item, pure functions from the analysed document to items;
- ``normalise/``: money, periods, dates, councils and text similarity (the scoring rule);
- ``store/``: the declared SQLite shape, saving a document, the unchanged-file plan and the
  derived change and follow-through tables;
- ``batch/``: the ingest of many files: planning, jobs and results, worker processes, the writer;
- ``publish/``: Datasette (serve, the plugin, metadata);
- ``cli/``: the click commands, one module per group;
- ``evaluate/``: scoring against gold and rebuilding ``models/`` from the corpora;
- ``corrections/``: corrections by people (a CSV beside the database), anchored, applied on every
  ingest and fed back into evaluation.

At the top: the public API (:func:`extract_file`, :func:`extract_text`, :func:`ingest_paths`),
the document model (``document``), ``settings`` and ``errors``.  The extraction functions load
spaCy and pdfplumber on first use, so that commands that do not extract (serving, re-ingesting an
unchanged folder) start fast.
"""
from __future__ import annotations

from .about import KINDS, VERSION
from .errors import (CorruptFileError, EmptyFileError, EncryptedFileError, ExtractorError, NeedsOCRError,
                     UnsupportedFormatError)
from .settings import Settings

__version__ = VERSION
_LAZY = ("extract_file", "extract_text", "extract_document")  # from .core: loads spaCy
_MODEL = ("Document", "Block", "Cell")  # from .document
__all__ = ["extract_file", "extract_text", "extract_document", "ingest_paths", "Document", "Block", "Cell", "Settings",
           "ExtractorError", "EmptyFileError", "CorruptFileError", "EncryptedFileError", "NeedsOCRError",
           "UnsupportedFormatError", "KINDS", "VERSION"]


def __getattr__(name: str):
    if name in _LAZY:
        from . import core
        return getattr(core, name)
    if name == "ingest_paths":
        from .batch.ingest import ingest_paths
        return ingest_paths
    if name in _MODEL:
        from . import document
        return getattr(document, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
