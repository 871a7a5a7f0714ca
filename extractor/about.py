"""Light constants, importable without loading spaCy or pdfplumber."""

VERSION = "0.1.0"
KINDS = ("priorities", "recommendations", "risks", "funding", "decisions")
