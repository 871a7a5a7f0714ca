"""Finding the files to ingest, and hashing them."""
from __future__ import annotations

import glob
import hashlib
from pathlib import Path
from typing import Iterable

from ..read.formats import SUPPORTED as SUFFIXES

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest, absolute and sorted, without duplicates.

    A file is taken whatever its suffix (extraction reports an unsupported one); a folder is
    searched recursively for the supported formats (.pdf, .txt, .md, .html, .docx), skipping hidden ones; a pattern such as
    ``reports/**/*.pdf`` is expanded.  Raises ValueError when a path matches nothing.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        raw = str(raw)
        path = Path(raw).expanduser()
        if path.is_file():
            found[path.resolve()] = None
        elif path.is_dir():
            root = path.resolve()
            hits = [
                p
                for p in root.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not _is_hidden(p, root)
            ]
            if not hits:
                raise ValueError(
                    f"{raw}: no .pdf, .txt or .md files in this folder or below it"
                )
            for p in hits:
                found[p] = None
        elif glob.has_magic(raw):
            hits = [Path(p) for p in glob.glob(str(path), recursive=True)]
            hits = [p for p in hits if p.is_file()]
            if not hits:
                raise ValueError(f"{raw}: the pattern matches no file")
            for p in hits:
                found[p.resolve()] = None
        else:
            raise ValueError(f"{raw}: no such file or folder; check the path")
    return sorted(found)


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
