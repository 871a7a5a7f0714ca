"""Errors raised by csp-extract.  Every message names the file and says the fix."""
from __future__ import annotations


class ExtractorError(Exception):
    """Base class: a document could not be read or extracted."""

    status = "failed"

    def __init__(self, path: str, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class EmptyFileError(ExtractorError):
    status = "empty"

    def __init__(self, path: str):
        super().__init__(path, "the file is empty (0 bytes); re-download or remove it")


class CorruptFileError(ExtractorError):
    status = "corrupt"


class EncryptedFileError(ExtractorError):
    status = "encrypted"

    def __init__(self, path: str):
        super().__init__(
            path,
            "the PDF is password protected; give --password or decrypt it first "
            "(e.g. qpdf --decrypt --password=PASS in.pdf out.pdf)",
        )


class NeedsOCRError(ExtractorError):
    status = "needs_ocr"

    def __init__(self, path: str):
        super().__init__(
            path,
            "no text layer (a scanned PDF); run OCR first (e.g. ocrmypdf in.pdf out.pdf) then re-ingest",
        )


class UnsupportedFormatError(ExtractorError):
    status = "unsupported"


class ModelError(ExtractorError):
    """The spaCy pipeline in models/ is missing or broken."""

    status = "failed"
