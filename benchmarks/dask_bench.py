"""Documents per second of the Dask path (``csp-extract map`` on a 2-worker LocalCluster, then
``csp-extract load``) beside ``csp-extract ingest --workers 2`` on the same folder, measured in
one run on this machine (never a timed test), and whether the two build the same database.

Usage, from the project root (needs Dask: ``pip install -e '.[dask]'``; the real PDFs in
../shared/corpus-pdfs and the excerpts in ../shared/corpus/docs, as benchmarks/bench.py)::

    python benchmarks/dask_bench.py              # 200 documents, median of 3 runs of each
    python benchmarks/dask_bench.py --quick      # 60 documents, 1 run of each
    python benchmarks/dask_bench.py --documents 500 --runs 2

The folder is benchmarks/bench.py's workers folder: varied copies (each with its own bytes) of
the corpus texts and the smaller council PDFs.  Each command runs as a new process, start-up
included: for map that is the LocalCluster's two worker processes and, in each, the extraction
process that loads the models.  The runs are taken in turn (ingest, map, load), so a busy
machine slows each alike.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (benchmarks/bench.py: the folder builder)

ITEM_TABLES = ("priorities", "recommendations", "risks", "funding", "decisions")


CPU: dict[str, list[float]] = {"ingest": [], "map": [], "load": []}  # CPU seconds of each run


def command(*args: str) -> float:
    """Seconds for ``csp-extract ARGS`` as a new process; stops the benchmark if it fails.  Its
    CPU seconds (user and system, of it and every process under it that it waited for: the
    workers and their extraction processes) go to ``CPU``: on a shared machine they depend less
    on the other jobs than the seconds do."""
    before = _children_cpu()
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "extractor", *args, "-q"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"csp-extract {args[0]} failed ({run.returncode}):\n{run.stderr[-2000:]}")
    CPU[args[0]].append(_children_cpu() - before)
    return seconds


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def content(db: Path) -> dict[str, list]:
    """The documents (without the ingest time) and every item table (without row ids), sorted:
    what must not depend on the order in which the workers finished."""
    conn = sqlite3.connect(db)
    try:
        found = {}
        for table in ("documents", *ITEM_TABLES):
            cursor = conn.execute(f"SELECT * FROM [{table}]")
            keep = [i for i, c in enumerate(cursor.description) if c[0] not in ("id", "ingested_at")]
            found[table] = sorted((tuple(row[i] for i in keep) for row in cursor), key=repr)
        found["priority_themes"] = sorted(conn.execute(
            "SELECT p.document_id, p.text, t.theme_id, t.position FROM priority_themes t "
            "JOIN priorities p ON p.id = t.priority_id").fetchall(), key=repr)
        return found
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="60 documents, one run of each")
    parser.add_argument("--documents", type=int, default=None, help="documents in the folder (default 200)")
    parser.add_argument("--runs", type=int, default=None, help="runs of each command (default 3)")
    args = parser.parse_args(argv)
    count = args.documents or (60 if args.quick else 200)
    runs = args.runs or (1 if args.quick else 3)
    tmp = Path(tempfile.mkdtemp(prefix="csp-dask-bench-"))
    try:
        bench.compile_package()
        folder = bench.build_folder(tmp / "folder", count, bench.text_sources() + bench.pdf_sources())
        ingests, maps, loads = [], [], []
        for n in range(runs):
            ingests.append(command("ingest", str(folder), "--db", str(tmp / f"ingest{n}.db"), "--workers", "2"))
            maps.append(command("map", str(folder), "--out", str(tmp / f"records{n}"), "--local-workers", "2"))
            loads.append(command("load", str(tmp / f"records{n}"), "--db", str(tmp / f"load{n}.db")))
        report(count, runs, ingests, maps, loads, content(tmp / "ingest0.db") == content(tmp / "load0.db"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(count: int, runs: int, ingests: list[float], maps: list[float], loads: list[float], same: bool) -> None:
    ingest, map_, load = (statistics.median(x) for x in (ingests, maps, loads))
    print(f"{count} documents (corpus texts and council PDFs), median of {runs} run(s) each, "
          f"every command a new process:")
    print(f"  ingest --workers 2          {ingest:6.1f} s  {count / ingest:5.1f} documents/s")
    print(f"  map --local-workers 2       {map_:6.1f} s  {count / map_:5.1f} documents/s")
    print(f"  load                        {load:6.1f} s  {count / load:5.1f} documents/s")
    print(f"  map + load                  {map_ + load:6.1f} s  {count / (map_ + load):5.1f} documents/s"
          f"  ({ingest / (map_ + load):.2f}x ingest's rate)")
    print(f"  runs: ingest {', '.join(f'{s:.1f}' for s in ingests)}; map {', '.join(f'{s:.1f}' for s in maps)}; "
          f"load {', '.join(f'{s:.1f}' for s in loads)} s")
    cpu = {name: statistics.median(runs) for name, runs in CPU.items()}
    print(f"  CPU seconds (median): ingest {cpu['ingest']:.1f}; map {cpu['map']:.1f}; load {cpu['load']:.1f}; "
          f"map + load / ingest {(cpu['map'] + cpu['load']) / cpu['ingest']:.2f}x")
    print(f"  same documents and items as ingest: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
