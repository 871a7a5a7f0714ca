"""``csp-extract map`` on a Dask LocalCluster and ``csp-extract load`` of its records build the
same database as a plain ``ingest`` of the same files (extractor.batch.dask_map, .load, .records).
Skipped when Dask is not installed (the test extra installs it, so CI runs these)."""
from __future__ import annotations

import io
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from extractor.batch import dask_map, ingest, load, records
from extractor.cli import bulk
from tests.test_store import CORPUS

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.processes


@pytest.fixture(scope="module")
def client():
    """Two single-threaded Dask workers in this process (each extracts in its own process)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:  # fmt: skip
        yield c
        assert sum(c.run(dask_map.close_pools).values()) >= 1  # the extraction processes, kept between maps


@pytest.fixture(scope="module")
def mapped(client, tmp_path_factory):
    """The bundled reports plus an empty file and a second copy of one report, mapped on the
    cluster into records/ and loaded into loaded.db, and ingested into ingested.db."""
    root = tmp_path_factory.mktemp("dask")
    docs = root / "docs"
    docs.mkdir()
    for path in CORPUS:
        shutil.copy(path, docs / path.name)
    shutil.copy(CORPUS[0], docs / "zz-copy-of-first.txt")
    (docs / "empty.txt").write_text("")
    out, err = io.StringIO(), io.StringIO()
    summary = dask_map.map_paths([docs], root / "records", client=client, out=out, err=err)
    loaded = load.load_folder(root / "records", root / "loaded.db", out=io.StringIO(), err=io.StringIO())
    ingest.ingest_paths([docs], root / "ingested.db", workers=0, out=io.StringIO(), err=io.StringIO())
    return root, summary, loaded, out.getvalue(), err.getvalue()


def rows(db_path, table: str) -> list[tuple]:
    """Every row of ``table`` in rowid order, without the ingest time."""
    conn = sqlite3.connect(db_path)
    try:
        cursor = conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid")
        keep = [i for i, column in enumerate(cursor.description) if column[0] not in ("ingested_at", "at")]
        return [tuple(row[i] for i in keep) for row in cursor.fetchall()]
    finally:
        conn.close()


DATA_TABLES = ["documents", "pages", "councils", "themes", "priorities", "priority_themes", "recommendations",
               "risks", "funding", "decisions", "priority_changes", "recommendation_outcomes"]


def test_map_then_load_builds_the_database_ingest_builds(mapped):
    root, summary, loaded, out, err = mapped
    assert (summary.ok, summary.skipped, summary.failed) == (6, 0, 1), out + err
    assert "empty.txt: empty: " in err and "records: " in out
    assert (loaded.ok, loaded.skipped, loaded.failed) == (5, 1, 1)
    assert rows(root / "loaded.db", "documents"), "nothing was stored"
    for table in DATA_TABLES:
        assert rows(root / "loaded.db", table) == rows(root / "ingested.db", table), table
    # the same outcome per file in ingest_log (the copy: skipped as the same bytes as the first)
    log = "SELECT path, sha256, status, document_id FROM ingest_log ORDER BY path"
    with sqlite3.connect(root / "loaded.db") as a, sqlite3.connect(root / "ingested.db") as b:
        assert a.execute(log).fetchall() == b.execute(log).fetchall()


def test_records_are_one_line_per_file_in_file_order(mapped):
    root = mapped[0]
    [part] = records.files(root / "records")
    lines = [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in lines] == sorted(r["path"] for r in lines)
    by_name = {r["path"].rsplit("/", 1)[1]: r for r in lines}
    assert by_name["empty.txt"]["status"] == "empty" and by_name["empty.txt"]["result"] is None
    first = by_name[CORPUS[0].name]
    assert first["status"] == "ok" and first["size"] == CORPUS[0].stat().st_size
    assert first["result"]["text"] and first["sha256"] == by_name["zz-copy-of-first.txt"]["sha256"]


def test_a_worker_that_may_not_start_processes_writes_the_same_record(mapped, monkeypatch):
    """A daemonic Dask worker extracts in its own thread (no time limit), with the same result."""
    root = mapped[0]
    [part] = records.files(root / "records")
    lines = [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
    [pooled] = [r for r in lines if r["path"].endswith("/" + CORPUS[0].name)]
    monkeypatch.setattr(dask_map, "_may_start_processes", lambda: False)
    in_thread = dask_map.map_file(pooled["path"], None, {})
    assert in_thread["status"] == "ok" and in_thread["result"]["priorities"]
    assert {**in_thread, "seconds": 0} == {**pooled, "seconds": 0}
    assert dask_map.map_file(pooled["path"], pooled["sha256"], {}) is None  # mapped before: nothing to do


def test_load_again_changes_nothing(mapped, tmp_path):
    root = mapped[0]
    db_path = tmp_path / "again.db"
    shutil.copy(root / "loaded.db", db_path)
    summary = load.load_folder(root / "records", db_path, out=io.StringIO(), err=io.StringIO())
    assert (summary.ok, summary.skipped) == (0, 6)
    for table in DATA_TABLES:
        assert rows(db_path, table) == rows(root / "loaded.db", table), table


def test_a_changed_file_is_mapped_again_and_replaces_its_document(mapped, client, tmp_path):
    root = mapped[0]
    docs, out_dir, db_path = tmp_path / "docs", tmp_path / "records", tmp_path / "csp.db"
    shutil.copytree(root / "docs", docs)
    (docs / "empty.txt").unlink()
    dask_map.map_paths([docs], out_dir, client=client, out=io.StringIO(), err=io.StringIO())
    load.load_folder(out_dir, db_path, out=io.StringIO(), err=io.StringIO())
    changed = docs / CORPUS[1].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nPriority: Road safety\n", encoding="utf-8")
    again = dask_map.map_paths([docs], out_dir, client=client, out=io.StringIO(), err=io.StringIO())
    assert (again.ok, again.skipped) == (1, 5)  # only the changed file is extracted again
    assert len(records.files(out_dir)) == 2
    summary = load.load_folder(out_dir, db_path, out=io.StringIO(), err=io.StringIO())
    assert (summary.ok, summary.replaced) == (1, 1)
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM documents WHERE file_name = ?", [changed.name]).fetchone() == (1,)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_load_names_a_bad_line_and_stores_the_rest(mapped, tmp_path):
    root = mapped[0]
    out_dir = tmp_path / "records"
    shutil.copytree(root / "records", out_dir)
    with open(out_dir / "part-0002.jsonl", "w", encoding="utf-8") as part:
        part.write('{"format": "csp-extract map 1", "path": "/x.txt", "sha')  # a map stopped mid-line
    result = CliRunner().invoke(bulk.load, [str(out_dir), "--db", str(tmp_path / "csp.db")])
    assert result.exit_code == 1, result.output
    assert "part-0002.jsonl:1: failed: not JSON (the line is cut short" in result.output
    assert "run `csp-extract map` again" in result.output
    assert "5 ok, 1 skipped, 2 failed" in result.output


def test_load_without_records_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(bulk.load, [str(tmp_path), "--db", str(tmp_path / "csp.db")])
    assert result.exit_code == 2, result.output
    assert "no .jsonl files here" in result.output and "csp-extract map REPORTS... --out" in result.output
    assert not (tmp_path / "csp.db").exists()


def test_map_options_and_an_unreachable_scheduler(tmp_path, monkeypatch):
    runner = CliRunner()
    args = [str(CORPUS[0]), "--out", str(tmp_path / "records")]
    both = runner.invoke(bulk.map_command, args + ["--scheduler", "tcp://127.0.0.1:9", "--local-workers", "2"])
    assert both.exit_code == 2 and "give one of them" in both.output, both.output
    monkeypatch.setattr(dask_map, "CONNECT_SECONDS", 1)
    gone = runner.invoke(bulk.map_command, args + ["--scheduler", "tcp://127.0.0.1:9"])
    assert gone.exit_code == 2, gone.output
    assert "could not reach a Dask scheduler at tcp://127.0.0.1:9" in gone.output
    assert not (tmp_path / "records").exists()
