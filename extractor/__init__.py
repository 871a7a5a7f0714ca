"""csp-extract: council Community Safety Partnership reports into data.

The extraction functions load spaCy and pdfplumber on first use, so that commands that do
not extract (serving, re-ingesting an unchanged folder) start fast.
"""
from __future__ import annotations

from .about import KINDS, VERSION
from .errors import (CorruptFileError, EmptyFileError, EncryptedFileError, ExtractorError, NeedsOCRError,
                     UnsupportedFormatError)
from .settings import Settings

__version__ = VERSION
_LAZY = ("extract_file", "extract_text", "extract_document")  # from .core: loads spaCy
_MODEL = ("Document", "Block", "Cell")  # from .document
__all__ = ["extract_file", "extract_text", "extract_document", "Document", "Block", "Cell", "Settings",
           "ExtractorError", "EmptyFileError", "CorruptFileError", "EncryptedFileError", "NeedsOCRError",
           "UnsupportedFormatError", "KINDS", "VERSION"]


def __getattr__(name: str):
    if name in _LAZY:
        from . import core
        return getattr(core, name)
    if name in _MODEL:
        from . import document
        return getattr(document, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
