"""The progress bar on a terminal and the batch's closing summary."""
from __future__ import annotations

import time
from pathlib import PurePath
from dataclasses import dataclass, field
from typing import Iterable, TextIO

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
    """A progress bar rewritten in place on a terminal (nothing otherwise): files done, pages
    read, the time left, and each file being read with the time it has taken so far.

    The bar measures bytes: files extracted so far plus, for each file being read, an estimate
    from the rate at which the files already done were read (bytes per second of reading; at
    most 90% of the file), so it moves during a long PDF once one file has finished; the time
    left is the bytes left at that rate, times the files being read at once.
    :meth:`tick` redraws it (the worker pool calls it about twice a second while it waits).
    """

    WIDTH = 20  # characters of the bar

    def __init__(self, total: int, stream: TextIO | None, enabled: bool, clock=time.monotonic):
        self.total = total
        self.stream = stream
        self.enabled = enabled and stream is not None
        self.clock = clock
        self.done = 0
        self.pages = 0
        self.bytes_total = 0
        self.bytes_done = 0
        self.seconds_done = 0.0  # time spent reading the files done
        self.running: dict[str, tuple[int, float]] = {}  # name -> (size, started)
        self._width = 0

    def expect(self, sizes: Iterable[int]) -> None:
        """The sizes in bytes of the files that will be extracted."""
        self.bytes_total += sum(sizes)

    def start(self, name: str, size: int) -> None:
        """A file of ``size`` bytes is being read."""
        self.running[name] = (size, self.clock())
        self.show(None)

    def advance(self, pages: int | None, name: str | None = None) -> None:
        """A file is done (``name``: one given to :meth:`start`), or skipped (no name)."""
        self.done += 1
        self.pages += pages or 0
        if name is not None and name in self.running:
            size, started = self.running.pop(name)
            self.bytes_done += size
            self.seconds_done += self.clock() - started

    def tick(self) -> None:
        self.show(None)

    def _rate(self) -> float | None:
        """Bytes read per second of reading, once a file has been extracted."""
        if not self.bytes_done or self.seconds_done <= 0:
            return None
        return self.bytes_done / self.seconds_done

    def line(self, current: str | None = None) -> str:
        """The text of the bar now."""
        now = self.clock()
        rate = self._rate()
        guess = sum(min(0.9 * size, rate * (now - started)) for size, started in self.running.values()) if rate else 0
        fraction = min(1.0, (self.bytes_done + guess) / self.bytes_total) if self.bytes_total else 0.0
        filled = round(fraction * self.WIDTH)
        text = (f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {fraction:4.0%}  "
                f"{self.done}/{self.total} files, {self.pages} pages")  # fmt: skip
        if self.bytes_total and fraction < 1:
            if rate:
                left = max(0.0, self.bytes_total - self.bytes_done - guess) / (rate * max(1, len(self.running)))
                text += f", {_clock(left)} left"
            else:
                text += ", time left: after the first file"
        for name, (_size, started) in list(self.running.items())[:2]:
            text += f" · {PurePath(name).name} {_clock(now - started)}"
        if current:
            text += f" · {current}"
        return text

    def show(self, current: str | None) -> None:
        if not self.enabled:
            return
        text = self.line(current)[:150]
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _clock(seconds: float) -> str:
    """0:07, 1:12, 1:02:03."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _is_terminal(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False

