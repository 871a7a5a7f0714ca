"""How near the PDF engine's pace ``csp-extract ingest`` reads a large agenda pack: figures as
ratios measured in one run on this machine (never a timed test).

Usage, from the project root (needs the real PDFs in ../shared/corpus-pdfs)::

    python benchmarks/read_speed.py            # 300- and 60-page packs, median of 3 runs each
    python benchmarks/read_speed.py --runs 5

Each command runs as a new process (start-up included), the commands taken in turn, and both the
wall time and the CPU time (user + system, from ``getrusage`` of the finished child: steadier on a
shared machine) are reported:

- **300-page pack** [>= 100 pages/s, within 4x of pypdfium2]: ``ingest --workers 1`` into a new
  database, against pypdfium2's own text extraction of every page (``get_textpage`` and
  ``get_text_range``) and against reading alone (``read_pdf``, no extraction or database).
- **60-page pack** [>= 2x pdfplumber]: ``ingest --workers 1`` against pdfplumber's
  ``extract_text`` of every page.

The packs are built as ``benchmarks/bench.py`` builds them (whole council PDFs concatenated).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the pack builder and sources of the main benchmark)

ROOT = bench.ROOT
PYPDFIUM2 = """
import sys, pypdfium2 as pdfium
pdf = pdfium.PdfDocument(sys.argv[1])
for i in range(len(pdf)):
    page = pdf[i]
    textpage = page.get_textpage()
    textpage.get_text_range()
    textpage.close()
    page.close()
"""
READ = """
import sys
from extractor.read.pdf import read_pdf
read_pdf(sys.argv[1])
"""
PDFPLUMBER = bench.PDFPLUMBER


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) for one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        sys.exit(f"{command[:4]} failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def commands(pdf: Path, tmp: Path) -> dict[str, callable]:
    """The commands to compare on ``pdf``; each call is one run (a new database each time)."""
    counter = iter(range(10**6))
    ingest = lambda: [sys.executable, "-m", "extractor", "ingest", str(pdf), "--db",  # noqa: E731
                      str(tmp / f"run{next(counter)}.db"), "-q", "--workers", "1"]
    return {
        "ingest --workers 1": ingest,
        "read_pdf only": lambda: [sys.executable, "-c", READ, str(pdf)],
        "pypdfium2 text": lambda: [sys.executable, "-c", PYPDFIUM2, str(pdf)],
        "pdfplumber text": lambda: [sys.executable, "-c", PDFPLUMBER, str(pdf)],
    }


def measure(pdf: Path, tmp: Path, names: list[str], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each named command, the commands taken in turn."""
    made = commands(pdf, tmp)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for _ in range(runs):
        for name in names:
            times[name].append(timed(made[name]()))
    return {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for name, t in times.items()}


def report(pages: int, figures: dict[str, tuple[float, float]], against: str) -> None:
    """Pages per second of each command, and ingest's time as a multiple of ``against``'s."""
    for name, (wall, cpu) in figures.items():
        print(f"   {name:22s} wall {wall:6.2f} s ({pages / wall:6.1f} pages/s)   cpu {cpu:6.2f} s ({pages / cpu:6.1f} pages/s)")
    wall, cpu = figures["ingest --workers 1"]
    base_wall, base_cpu = figures[against]
    if base_wall < wall:  # the engine itself: how many times its time ingest takes [target <= 4x]
        print(f"   ingest takes {wall / base_wall:.2f}x {against}'s wall time, {cpu / base_cpu:.2f}x its CPU time")
    else:  # raw pdfplumber: how many times faster ingest is [target >= 2x]
        print(f"   ingest is {base_wall / wall:.2f}x as fast as {against} (wall), {base_cpu / cpu:.2f}x (CPU)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    bench.compile_package()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for pages, names, against in [
            (300, ["ingest --workers 1", "read_pdf only", "pypdfium2 text"], "pypdfium2 text"),
            (60, ["ingest --workers 1", "pdfplumber text"], "pdfplumber text"),
        ]:
            pdf = tmp / f"pack{pages}.pdf"
            bench.build_pack(pdf, pages, bench.pdf_sources())
            print(f"{pages}-page pack, median of {args.runs} runs (load average {os.getloadavg()[0]:.1f}):")
            report(pages, measure(pdf, tmp, names, args.runs), against)


if __name__ == "__main__":
    main()
