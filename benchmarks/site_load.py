"""How fast the published site answers over a big database: the four pages a reader opens most
(the priority matrix, a facet, a full-text search, a council's priorities), and a bounded load of
20 concurrent clients on the priority matrix's JSON.  Figures measured in one run on this machine
(never a timed test); everything runs on 127.0.0.1.

Usage, from the project root::

    python benchmarks/site_load.py                    # build a 20,000-document database, measure
    python benchmarks/site_load.py --db DIR/csp.db    # measure an existing database (named csp.db)
    python benchmarks/site_load.py --baseline         # also the same database with the old views
    git show eb645d1:extractor/publish/metadata.yml > /tmp/old.yml
    python benchmarks/site_load.py --baseline --baseline-metadata /tmp/old.yml  # ... and old queries
    python benchmarks/site_load.py --keep DIR         # build in DIR and keep it

How the database is built: the 28 corpus texts (bundled and ../shared/corpus/docs) are ingested
for real (``csp-extract ingest``), then **copied by SQL** until there are ``--documents`` of them
(each copy with its own id, path and last line; its pages, items and themes copied with it, and
the full-text indexes kept by their triggers), as ``benchmarks/bench.py`` would get by ingesting
varied copies of the same files, but in a few minutes instead of a long ingest.  The copies get no
plan-to-plan changes or recommendation outcomes of their own (the corpus's are kept); the
summary tables are then rebuilt from their definitions, once (what every council's refresh
gives).  ``--baseline`` copies the database and puts the old views back (the definitions, no
summary tables), to measure before and after on the same rows; ``--baseline-metadata`` serves
it with an older metadata.yml (the canned queries before they were paged).

Targets (issue 15): each page < 50 ms median; the matrix JSON under 20 clients >= 100
requests/s with no failure.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import bench  # noqa: E402  (text_sources, free_port, compile_package)

PAGES = {
    "priority matrix": "/csp/priority_matrix",
    "facet by council": "/csp/priorities?_facet=council",
    "full-text search": "/csp/search_items?q=domestic+abuse",
    "a council's priorities": "/csp/council_priorities?council=Sevenoaks",
}
# What any request costs this Datasette on this machine now (no query of ours worth the name):
# the floor the pages above stand on, measured in the same run.
FLOOR = {"Datasette's versions (JSON)": "/-/versions.json", "the themes table (18 rows)": "/csp/themes"}
LOAD_PATH = "/csp/priority_matrix.json"
TARGET_MS, TARGET_RPS = 50, 100


# ----------------------------------------------------------------------------- building
def seed(tmp: Path, db: Path) -> None:
    """Ingest the 28 corpus texts for real into ``db``."""
    folder = tmp / "seed"
    folder.mkdir(parents=True, exist_ok=True)
    for source in bench.text_sources():
        shutil.copy(source, folder / source.name)
    bench.ingest([folder], db, "--workers", "2")


def _copy_id(document_id: str, n: int) -> str:
    return hashlib.sha256(f"{document_id}:{n}".encode()).hexdigest()


def _columns(conn, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]


def _copy_round(conn, n: int, limit: int, strides: dict[str, int], last_rowid: int) -> None:
    """Copy ``n`` of (up to ``limit`` of) the seed documents, with their pages and items."""
    doc_cols = _columns(conn, "documents")
    changed = {"id": "copy_id(id, :n)", "path": "'/synthetic/' || printf('%05d', :n) || '-' || file_name",
               "text": "text || char(10) || 'Reference: copy ' || :n || ' of this report.' || char(10)"}  # fmt: skip
    select = ", ".join(changed.get(c, c) for c in doc_cols)
    conn.execute(
        f"INSERT INTO documents ({', '.join(doc_cols)}) SELECT {select} FROM documents "
        "WHERE rowid <= :last ORDER BY rowid LIMIT :limit", {"n": n, "last": last_rowid, "limit": limit})
    chosen = "(SELECT id FROM documents WHERE rowid <= :last ORDER BY rowid LIMIT :limit)"
    params = {"n": n, "last": last_rowid, "limit": limit}
    conn.execute(f"INSERT INTO pages SELECT copy_id(document_id, :n), page, char_start, text FROM pages "
                 f"WHERE document_id IN {chosen}", params)  # fmt: skip
    for table, stride in strides.items():
        cols = _columns(conn, table)
        exprs = {"id": f"id + :n * {stride}", "document_id": "copy_id(document_id, :n)"}
        conn.execute(f"INSERT INTO [{table}] ({', '.join(cols)}) SELECT {', '.join(exprs.get(c, c) for c in cols)} "
                     f"FROM [{table}] WHERE id < {stride} AND document_id IN {chosen}", params)  # fmt: skip
    conn.execute(f"INSERT INTO priority_themes SELECT priority_id + :n * {strides['priorities']}, theme_id, is_main, "
                 f"position FROM priority_themes WHERE priority_id < {strides['priorities']} AND priority_id IN "
                 f"(SELECT id FROM priorities WHERE document_id IN {chosen})", params)  # fmt: skip


def replicate(db: Path, documents: int) -> int:
    """Copy the seed's documents (round after round) until there are ``documents``."""
    conn = sqlite3.connect(db)
    conn.create_function("copy_id", 2, _copy_id, deterministic=True)
    conn.execute("PRAGMA synchronous = OFF")
    seeds = conn.execute("SELECT COUNT(*), MAX(rowid) FROM documents").fetchone()
    strides = {t: conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM [{t}]").fetchone()[0]
               for t in ("priorities", "recommendations", "risks", "funding", "decisions")}  # fmt: skip
    total, n = seeds[0], 0
    with conn:
        while total < documents:
            n += 1
            take = min(seeds[0], documents - total)
            _copy_round(conn, n, take, strides, seeds[1])
            total += take
    conn.close()
    return total


def rebuild(db: Path) -> float:
    """Rebuild the summary tables from their definitions (and the planner's statistics, as an
    ingest does at its end); returns the seconds the rebuild took."""
    from extractor import store
    from extractor.batch.writer import analyse
    from extractor.store.summaries import rebuild_summaries

    database = store.open_db(db)
    start = time.perf_counter()
    with database.atomic():
        store.ensure_schema(database)  # the indexes this version declares
        rebuild_summaries(database)
    seconds = time.perf_counter() - start
    analyse(database)  # as an ingest ends
    database.execute("VACUUM")
    database.close()
    return seconds


def old_views_copy(db: Path, target: Path) -> Path:
    """A copy of ``db`` whose comparison views are the old queries again (no summary tables)."""
    from extractor import store
    from extractor.store.summaries import PREFIX, SUMMARIES, matrix_theme_rows, old_query

    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(db, target)
    themes = matrix_theme_rows(store.open_db(target))
    conn = sqlite3.connect(target)
    with conn:
        for name in SUMMARIES:
            conn.execute(f"DROP VIEW [{name}]")
            conn.execute(f"CREATE VIEW [{name}] AS {old_query(name, themes)}")
        for name in SUMMARIES:
            conn.execute(f"DROP TABLE [{PREFIX}{name}]")
    conn.execute("VACUUM")
    conn.close()
    return target


# ----------------------------------------------------------------------------- measuring
class Server:
    """``datasette serve`` as ``csp-extract serve`` runs it, on a free port of 127.0.0.1."""

    def __init__(self, db: Path, tmp: Path, metadata_file: Path | None = None):
        import yaml

        from extractor.publish import serve

        metadata = tmp / "metadata.json"
        shipped = serve.load_metadata(serve.database_name(db))
        if metadata_file:  # another version's metadata.yml (written for a database called csp)
            shipped = serve.with_sql_allowed(yaml.safe_load(metadata_file.read_text(encoding="utf-8")), False)
        metadata.write_text(json.dumps(shipped), encoding="utf-8")
        self.port = bench.free_port()
        args = serve.datasette_args(db, metadata, serve.PUBLISH_DIR, port=self.port)
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        bench._wait_for(self.base, seconds=120)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def fetch(url: str) -> tuple[float, int]:
    """(milliseconds, bytes) to fetch ``url``; raises on an error status."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - start) * 1000, len(body)


def page_medians(base: str, runs: int, pages: dict[str, str] = PAGES) -> dict[str, tuple[float, int]]:
    """Median milliseconds (after one warm-up fetch) and size of each of ``pages``."""
    found = {}
    for name, path in pages.items():
        fetch(base + path)
        times = [fetch(base + path) for _ in range(runs)]
        found[name] = (statistics.median(t for t, _ in times), times[-1][1])
    return found


def load(url: str, clients: int, requests: int) -> dict[str, float]:
    """``requests`` fetches of ``url`` shared by ``clients`` threads: requests/s, failures and
    latency percentiles."""
    lock, left, times, failures = threading.Lock(), [requests], [], []

    def client():
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            try:
                times.append(fetch(url)[0])
            except Exception as e:  # an error status, a refused or timed-out connection
                failures.append(repr(e))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    ordered = sorted(times) or [float("nan")]
    return {"rps": requests / seconds, "failures": len(failures), "seconds": seconds,
            "p50": ordered[len(ordered) // 2], "p95": ordered[int(len(ordered) * 0.95) - 1 if len(ordered) > 1 else 0],
            "first_failure": failures[0] if failures else ""}  # fmt: skip


def in_process(db: Path) -> dict[str, tuple[float, float]]:
    """Milliseconds for SELECT * of each summary view against its old query (sqlite3, median
    of 3), on the same database."""
    from extractor import store
    from extractor.store.summaries import SUMMARIES, matrix_theme_rows, old_query

    database = store.open_db(db)
    themes = matrix_theme_rows(database)
    conn = database.conn

    def ms(sql):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            conn.execute(sql).fetchall()
            runs.append((time.perf_counter() - start) * 1000)
        return statistics.median(runs)

    found = {name: (ms(f"SELECT * FROM [{name}]"), ms(old_query(name, themes))) for name in SUMMARIES}
    database.close()
    return found


def measure(label: str, db: Path, tmp: Path, runs: int, clients: int, requests: int,
            metadata_file: Path | None = None) -> None:
    server = Server(db, tmp, metadata_file)
    try:
        pages = page_medians(server.base, runs)
        floor = page_medians(server.base, runs, FLOOR)
        result = load(server.base + LOAD_PATH, clients, requests)
    finally:
        server.stop()
    print(f"{label}:")
    print("   for scale, " + "; ".join(f"{name}: {ms:.0f} ms" for name, (ms, _) in floor.items()))
    for name, (ms, size) in pages.items():
        print(f"   {name}: {ms:.0f} ms median of {runs} ({size / 1000:.0f} kB)  "
              f"[target < {TARGET_MS} ms: {bench.verdict(ms < TARGET_MS)}]")
    ok = result["rps"] >= TARGET_RPS and not result["failures"]
    print(f"   {clients} clients, {requests} requests of {LOAD_PATH}: {result['rps']:.1f} requests/s "
          f"({result['seconds']:.1f} s), {result['failures']} failed, latency p50 {result['p50']:.0f} ms, "
          f"p95 {result['p95']:.0f} ms  [target >= {TARGET_RPS}/s, 0 failed: {bench.verdict(ok)}]")
    if result["failures"]:
        print(f"   first failure: {result['first_failure']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="measure this database (a file called csp.db) instead of building one")
    parser.add_argument("--documents", type=int, default=20000, help="documents to build (default 20,000)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--baseline", action="store_true", help="also measure a copy with the old views")
    parser.add_argument("--baseline-metadata", type=Path, help="with --baseline: serve the copy with this "
                        "metadata.yml (e.g. the one before the paged canned queries, from git show)")
    parser.add_argument("--runs", type=int, default=9, help="fetches of each page (median; default 9)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--requests", type=int, default=1000, help="requests of the load (default 1,000)")
    args = parser.parse_args(argv)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="csp-site-"))
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"csp-extract site load, {os.cpu_count()} cores (shared with other work: figures vary), "
          f"Python {sys.version.split()[0]}, in {tmp}")
    bench.compile_package()
    try:
        db = args.db or build(tmp / "csp.db", args.documents)
        conn = sqlite3.connect(db)
        docs, priorities = (conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "priorities"))
        conn.close()
        print(f"database {db}: {docs} documents, {priorities} priorities, {db.stat().st_size / 1e6:.0f} MB")
        for name, (now, before) in in_process(db).items():
            print(f"   in process, SELECT * FROM {name}: {now:.1f} ms; its old query {before:.1f} ms")
        measure("With the summary tables", db, tmp, args.runs, args.clients, args.requests)
        if args.baseline:
            old = old_views_copy(db, tmp / "old" / "csp.db")
            measure("The same rows with the old views" + (f" and {args.baseline_metadata}" if args.baseline_metadata else ""),
                    old, tmp, args.runs, args.clients, args.requests // 4, args.baseline_metadata)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def build(db: Path, documents: int) -> Path:
    """Seed, copy and rebuild, printing how long each took."""
    start = time.perf_counter()
    seed(db.parent, db)
    seeded = time.perf_counter()
    total = replicate(db, documents)
    copied = time.perf_counter()
    rebuilt = rebuild(db)
    print(f"built {total} documents: ingest of the 28 texts {seeded - start:.0f} s, copies by SQL "
          f"{copied - seeded:.0f} s, summary tables rebuilt in {rebuilt:.1f} s (then VACUUM)")
    return db


if __name__ == "__main__":
    main()
