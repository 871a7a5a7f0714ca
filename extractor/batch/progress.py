"""The progress line on a terminal and the batch's closing summary."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from ..about import KINDS



@dataclass
class Summary:
    ok: int = 0
    skipped: int = 0
    failed: int = 0
    replaced: int = 0
    pages: int = 0
    seconds: float = 0.0
    items: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    left_out: str = ""  # files of the folders given that are not reports, or excluded (Selection.line)

    @property
    def documents(self) -> int:
        return self.ok + self.skipped + self.failed

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        items = ", ".join(f"{n} {kind}" for kind, n in self.items.items())
        replaced = f" ({self.replaced} replaced)" if self.replaced else ""
        left_out = f"\n{self.left_out}" if self.left_out else ""
        return (
            f"{self.documents} documents: {self.ok} ok{replaced}, {self.skipped} skipped, "
            f"{self.failed} failed; {self.pages} pages; items: {items}; {self.seconds:.1f} s{left_out}"
        )


class Progress:
    """One status line rewritten in place on a terminal; nothing otherwise."""

    def __init__(self, total: int, stream: TextIO | None, enabled: bool):
        self.total = total
        self.stream = stream
        self.enabled = enabled and stream is not None
        self.done = 0
        self.pages = 0
        self._width = 0

    def show(self, current: str | None) -> None:
        if not self.enabled:
            return
        text = f"[{self.done}/{self.total}] {self.pages} pages"
        if current:
            text += f" · {current}"
        text = text[:110]
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def advance(self, pages: int | None) -> None:
        self.done += 1
        self.pages += pages or 0

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False

