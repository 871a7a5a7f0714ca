"""csp-extract: council Community Safety Partnership reports into data."""
from __future__ import annotations

from .core import KINDS, VERSION, extract_document, extract_file, extract_text
from .document import Block, Cell, Document
from .errors import (CorruptFileError, EmptyFileError, EncryptedFileError, ExtractorError, NeedsOCRError,
                     UnsupportedFormatError)
from .settings import Settings

__version__ = VERSION
__all__ = ["extract_file", "extract_text", "extract_document", "Document", "Block", "Cell", "Settings",
           "ExtractorError", "EmptyFileError", "CorruptFileError", "EncryptedFileError", "NeedsOCRError",
           "UnsupportedFormatError", "KINDS", "VERSION"]
