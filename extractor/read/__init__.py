"""Readers: one per file format, each producing a :class:`extractor.document.Document`."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EmptyFileError, UnsupportedFormatError
from .formats import DOCX_SUFFIXES, HTML_SUFFIXES, PDF_SUFFIXES, SUPPORTED

if TYPE_CHECKING:
    from ..document import Document


def read_document(path: str | Path, settings=None) -> Document:
    """Read any supported file; raise an ExtractorError naming the file and the fix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormatError(str(path), f"unsupported file type {suffix or '(none)'}; "
                                     f"csp-extract reads {', '.join(SUPPORTED)}")
    if path.stat().st_size == 0:
        raise EmptyFileError(str(path))
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf
        return read_pdf(path, settings)
    if suffix in HTML_SUFFIXES:
        from .html import read_html
        return read_html(path, settings)
    if suffix in DOCX_SUFFIXES:
        from .docx import read_docx
        return read_docx(path, settings)
    from .text import read_text  # each reader is loaded when first needed
    return read_text(path, settings)


def __getattr__(name: str):
    if name in ("read_text", "parse_text"):
        from . import text
        return getattr(text, name)
    raise AttributeError(f"module 'extractor.read' has no attribute {name!r}")


__all__ = ["read_document", "read_text", "parse_text", "SUPPORTED"]
