"""Tests for extractor.batch.ingest and the ingest/serve/demo commands in extractor.cli.db."""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import store
from extractor.batch import files, ingest, jobs, writer
from extractor.cli import db as cli_db
from extractor.publish import serve
from extractor.errors import EncryptedFileError
from tests.test_store import CORPUS, dump, fake_extract


@pytest.fixture
def reports(tmp_path):
    """A copy of the corpus in a nested folder, with a hidden file and a stray suffix."""
    root = tmp_path / "reports"
    (root / "kent").mkdir(parents=True)
    (root / "surrey").mkdir()
    for path in CORPUS:
        sub = "surrey" if "spelthorne" in path.name else "kent"
        shutil.copy(path, root / sub / path.name)
    (root / "kent" / ".hidden.txt").write_text("Priority: hidden\n")
    (root / "kent" / "notes.xlsx").write_bytes(b"PK")
    return root


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(jobs, "default_extract", fake_extract)


def run(paths, db_path, **kw):
    out, err = io.StringIO(), io.StringIO()
    if "extract" not in kw:
        kw["extract"] = fake_extract
    summary = ingest.ingest_paths(paths, db_path, out=out, err=err, **kw)
    return summary, out.getvalue(), err.getvalue()


def open_db(path):
    return store.open_db(path)


# ------------------------------------------------------------------------------ finding files
def test_find_files_folders_recursive_and_globs(reports):
    found = files.find_files([reports])
    assert sorted(p.name for p in found) == sorted(p.name for p in CORPUS)
    assert found == sorted(found) and all(p.is_absolute() for p in found)
    by_glob = files.find_files([str(reports / "**" / "sevenoaks*.txt")])
    assert [p.name for p in by_glob] == [p.name for p in CORPUS if "sevenoaks" in p.name]
    # a file and the folder holding it: listed once; an explicit file of any suffix is taken
    both = files.find_files([reports, reports / "kent" / CORPUS[0].name, reports / "kent" / "notes.xlsx"])
    assert len(both) == 6 and "notes.xlsx" in [p.name for p in both]


def test_find_files_errors_name_the_path(tmp_path):
    with pytest.raises(ValueError, match="no such file or folder"):
        files.find_files([tmp_path / "missing.pdf"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match=r"no \.pdf, \.txt, \.md, \.html or \.docx files"):
        files.find_files([tmp_path / "empty"])
    with pytest.raises(ValueError, match="matches no file"):
        files.find_files([str(tmp_path / "*.pdf")])


# ------------------------------------------------------------------------------ ingesting
def test_ingest_folder(reports, tmp_path):
    db_path = tmp_path / "csp.db"
    summary, out, err = run([reports], db_path)
    assert (summary.ok, summary.skipped, summary.failed) == (5, 0, 0)
    assert summary.items == {"priorities": 13, "recommendations": 11, "risks": 6, "funding": 1,
                             "decisions": 0}  # fmt: skip
    assert summary.exit_code == 0
    assert out.startswith("5 documents: 5 ok, 0 skipped, 0 failed; 5 pages; items: 13 priorities")
    assert out.count("\n") == 1
    assert err == ""  # not a terminal: no progress
    db = open_db(db_path)
    assert store.counts(db)["documents"] == 5
    assert [r[0] for r in db.execute("SELECT DISTINCT status FROM ingest_log")] == ["ok"]
    paths = {r[0] for r in db.execute("SELECT path FROM documents")}
    assert all(Path(p).is_absolute() and Path(p).exists() for p in paths)


def test_reingest_changes_nothing(reports, tmp_path):
    db_path = tmp_path / "csp.db"
    run([reports], db_path)
    db = open_db(db_path)
    before = dump(db)
    db.close()
    summary, out, _ = run([reports], db_path)
    assert (summary.ok, summary.skipped, summary.failed) == (0, 5, 0)
    assert "0 ok, 5 skipped, 0 failed" in out
    db = open_db(db_path)
    assert dump(db) == before
    log = db.execute("SELECT status, message, document_id FROM ingest_log ORDER BY id").fetchall()
    assert [r[0] for r in log] == ["ok"] * 5 + ["skipped"] * 5
    assert all(r[1] == "already ingested" and len(r[2]) == 64 for r in log[5:])


def test_changed_file_replaces_document(reports, tmp_path):
    db_path = tmp_path / "csp.db"
    extra = reports / "testham.txt"
    extra.write_text("Priority: Anti-social behaviour\nPriority: Drugs\n")
    run([reports], db_path)
    extra.write_text("Priority: Road safety\n")
    summary, out, _ = run([reports], db_path)
    assert (summary.ok, summary.skipped, summary.replaced) == (1, 5, 1)
    assert "1 ok (1 replaced), 5 skipped" in out
    db = open_db(db_path)
    rows = db.execute("SELECT id FROM documents WHERE file_name = 'testham.txt'").fetchall()
    assert len(rows) == 1
    texts = [r[0] for r in db.execute("SELECT text FROM priorities WHERE council = 'Testham Borough Council'")]
    assert texts == ["Road safety"]
    assert db.execute("SELECT message FROM ingest_log ORDER BY id DESC").fetchone()[0].startswith("replaced ")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_same_bytes_elsewhere_is_skipped(reports, tmp_path):
    db_path = tmp_path / "csp.db"
    copy = tmp_path / "copy-of-medway.txt"
    shutil.copy(CORPUS[0], copy)
    summary, _, _ = run([reports, copy], db_path)
    assert (summary.ok, summary.skipped) == (5, 1)
    db = open_db(db_path)
    msg = db.execute("SELECT message FROM ingest_log WHERE status = 'skipped'").fetchone()[0]
    assert msg.startswith("same bytes as ")


def test_failures_are_logged_and_exit_1(reports, tmp_path):
    db_path = tmp_path / "csp.db"
    (reports / "empty.txt").write_text("")
    summary, out, err = run([reports], db_path)
    assert (summary.ok, summary.failed) == (5, 1)
    assert summary.exit_code == 1
    assert "empty.txt: empty: the file is empty" in err
    db = open_db(db_path)
    status, message = db.execute("SELECT status, message FROM ingest_log WHERE path LIKE '%empty.txt'").fetchone()
    assert status == "empty" and "re-download" in message
    # the failed file is tried again next time, the good ones are skipped
    summary, _, _ = run([reports], db_path)
    assert (summary.ok, summary.skipped, summary.failed) == (0, 5, 1)


def test_internal_error_does_not_stop_batch(reports, tmp_path):
    def flaky(path, settings):
        if "thanet" in path.name:
            raise KeyError("boom")
        return fake_extract(path, settings)

    summary, _, err = run([reports], tmp_path / "csp.db", extract=flaky)
    assert (summary.ok, summary.failed) == (4, 1)
    assert "internal error KeyError" in err and "Traceback" not in err
    _, _, err = run([reports], tmp_path / "csp2.db", extract=flaky, debug=True)
    assert "Traceback" in err and "KeyError: 'boom'" in err


def test_bad_result_rolls_back_that_document_only(reports, tmp_path):
    def broken(path, settings):
        result = fake_extract(path, settings)
        if "medway" in path.name:
            result["risks"].append({"risk": None})  # violates NOT NULL after other rows went in
        return result

    db_path = tmp_path / "csp.db"
    summary, _, err = run([reports], db_path, extract=broken)
    assert (summary.ok, summary.failed) == (4, 1)
    assert "could not store the extraction" in err
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM documents WHERE council = 'Medway Council'").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM priorities WHERE council = 'Medway Council'").fetchone()[0] == 0
    assert store.counts(db)["documents"] == 4


def test_encrypted_error_status_and_password(reports, tmp_path):
    seen = []

    def locked(path, settings):
        seen.append(settings.password)
        if settings.password != "s3cret":
            raise EncryptedFileError(str(path))
        return fake_extract(path, settings)

    path = reports / "kent" / CORPUS[0].name
    summary, _, err = run([path], tmp_path / "a.db", extract=locked, workers=0)  # in this process
    assert summary.failed == 1 and "password protected; give --password" in err
    summary, _, _ = run([path], tmp_path / "a.db", extract=locked, password="s3cret", workers=0)
    assert summary.ok == 1 and seen == [None, "s3cret"]
    # the same through a worker process: the password travels with the settings
    summary, _, _ = run([path], tmp_path / "b.db", extract=locked, password="s3cret", workers=1)
    assert summary.ok == 1


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_terminal_only(reports, tmp_path):
    err = Tty()
    out = io.StringIO()
    ingest.ingest_paths([reports], tmp_path / "csp.db", extract=fake_extract, out=out, err=err)
    shown = err.getvalue()
    assert "0/5 files, 0 pages, time left: after the first file · medway-2020-12-03-csp-annual-scrutiny.txt 0:00" in shown
    assert "[####################] 100%  5/5 files, 5 pages" in shown
    assert shown.endswith("\r")  # the progress line is cleared before the summary
    err, out = Tty(), io.StringIO()
    ingest.ingest_paths([reports], tmp_path / "q.db", extract=fake_extract, out=out, err=err,
                        quiet=True)  # fmt: skip
    assert err.getvalue() == "" and out.getvalue() == ""


def test_not_a_database(tmp_path, reports):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not sqlite" * 100)
    with pytest.raises(ValueError, match="not an SQLite database, or a damaged one"):
        run([reports], bad)


# ------------------------------------------------------------------------------ the real extractor
def test_real_extractor_on_corpus(tmp_path):
    """The real extractor.extract_file, through ingest's default: quotes match stored text."""
    summary, out, err = run(CORPUS, tmp_path / "real.db", extract=None)
    assert (summary.ok, summary.failed) == (5, 0), err
    assert summary.items["priorities"] > 0
    db = open_db(tmp_path / "real.db")
    for kind in store.ITEM_TABLES:
        for text, start, end, quote in db.execute(
            f"SELECT d.text, i.char_start, i.char_end, i.quote FROM [{kind}] i "
            "JOIN documents d ON d.id = i.document_id"
        ):
            assert text[start:end] == quote
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


# ------------------------------------------------------------------------------ the commands
def test_cli_ingest_exit_codes(reports, tmp_path, fake):
    runner = CliRunner()
    db_path = str(tmp_path / "csp.db")
    result = runner.invoke(cli_db.ingest, [str(reports), "--db", db_path])
    assert result.exit_code == 0, result.output
    assert "5 documents: 5 ok" in result.output
    result = runner.invoke(cli_db.ingest, [str(reports), "--db", db_path, "--quiet"])
    assert result.exit_code == 0 and result.output == ""
    (reports / "empty.md").write_text("")
    result = runner.invoke(cli_db.ingest, [str(reports), "--db", db_path])
    assert result.exit_code == 1
    assert "empty.md: empty:" in result.output


def test_cli_ingest_bad_path_is_usage_error(tmp_path, fake):
    result = CliRunner().invoke(cli_db.ingest, [str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "Error: " in result.output and "no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_cli_serve_missing_db_and_export(tmp_path, reports, fake):
    runner = CliRunner()
    result = runner.invoke(cli_db.serve, [str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "csp-extract ingest" in result.output
    db_path = tmp_path / "reports.db"
    runner.invoke(cli_db.ingest, [str(reports), "--db", str(db_path), "-q"])
    result = runner.invoke(cli_db.serve, [str(db_path), "--export", str(tmp_path / "pub")])
    assert result.exit_code == 0, result.output
    assert "datasette publish cloudrun" in result.output and "datasette-dashboards==0.8.0" in result.output
    assert (tmp_path / "pub" / "metadata.json").exists()
    assert (tmp_path / "pub" / "plugins" / "csp_plugin.py").exists()
    assert (tmp_path / "pub" / "plugins" / "search.py").exists()  # the plugin loads it by path
    text = (tmp_path / "pub" / "metadata.json").read_text()
    assert '"reports"' in text and "/reports/priority_matrix" in text and '"csp"' not in text


def test_serve_command_line(tmp_path):
    args = serve.datasette_args(tmp_path / "csp.db", tmp_path / "m.json", serve.PUBLISH_DIR)
    assert args[1:4] == ["-m", "datasette", "serve"]
    assert args[args.index("-i") + 1] == str(tmp_path / "csp.db")
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert args[args.index("--port") + 1] == "8001"


def test_serve_runs_datasette(tmp_path, reports, monkeypatch):
    run([reports], tmp_path / "csp.db")
    calls = []
    monkeypatch.setattr(serve, "run_until_stopped", lambda args: calls.append(args) or 0)
    assert serve.serve(tmp_path / "csp.db", echo=lambda *_: None) == 0
    assert calls and "-i" in calls[0] and "127.0.0.1" in calls[0]


def test_demo_builds_and_serves(tmp_path, fake, monkeypatch):
    served = []
    monkeypatch.setattr(serve, "serve", lambda db, host, port: served.append((db, host, port)) or 0)
    db_path = tmp_path / "demo.db"
    result = CliRunner().invoke(cli_db.demo, ["--db", str(db_path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "5 documents: 5 ok" in result.output
    assert served == [(str(db_path), "127.0.0.1", 8123)]
    result = CliRunner().invoke(cli_db.demo, ["--db", str(db_path), "--no-serve"])
    assert "0 ok, 5 skipped" in result.output and len(served) == 1
    assert sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 5


def test_same_bytes_as_a_failed_file_fail_the_same_way(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (folder / name).write_bytes(b"<html>not found</html>\n")
    (folder / "empty1.txt").write_bytes(b"")
    (folder / "empty2.txt").write_bytes(b"")
    summary, _, err = run([folder], tmp_path / "csp.db", extract=None, workers=0)
    assert (summary.ok, summary.skipped, summary.failed) == (0, 0, 4)
    db = open_db(tmp_path / "csp.db")
    rows = {Path(p).name: (s, m) for p, s, m in db.execute("SELECT path, status, message FROM ingest_log")}
    assert rows["a.pdf"][0] == rows["b.pdf"][0] == "corrupt"
    assert rows["b.pdf"][1].startswith(f"same bytes as {folder / 'a.pdf'}: cannot be read as PDF")
    assert rows["empty1.txt"][0] == rows["empty2.txt"][0] == "empty"


def changes_rows(db):
    return sorted(db.execute(
        "SELECT council, change, from_text, to_text FROM priority_changes").fetchall(), key=repr)


def test_derived_tables_are_refreshed_once_per_council_at_the_end(reports, tmp_path):
    (reports / "testham-2020.txt").write_text("Priority: Anti-social behaviour\nPriority: Drugs\n")
    (reports / "testham-2023.txt").write_text("Priority: Drugs\nPriority: Road safety\n")
    summary, _, _ = run([reports], tmp_path / "batch.db", workers=0)  # stored in path order
    batch = open_db(tmp_path / "batch.db")
    one_by_one = open_db(tmp_path / "one.db")
    store.ensure_schema(one_by_one)
    for path in files.find_files([reports]):  # the same order, refreshed at every save
        store.save_document(one_by_one, fake_extract(path), files.sha256_file(path), path)
    assert changes_rows(batch) and changes_rows(batch) == changes_rows(one_by_one)
    assert batch.execute(f"SELECT COUNT(*) FROM {writer.PENDING}").fetchone()[0] == 0


def test_a_killed_batch_refresh_is_finished_by_the_next_run(reports, tmp_path):
    db_path = tmp_path / "csp.db"
    run([reports], db_path, workers=0)
    db = open_db(db_path)
    expected = changes_rows(db)
    with db.atomic():  # as a run killed before its closing refresh leaves it
        db.execute("DELETE FROM priority_changes")
        db.execute(f"INSERT INTO {writer.PENDING} (council) SELECT DISTINCT council FROM documents")
    db.close()
    summary, _, _ = run([reports], db_path, workers=0)
    assert summary.skipped == 5
    assert changes_rows(open_db(db_path)) == expected


# ------------------------------------------------------------------------------ unchanged folders
def test_reingesting_a_folder_with_duplicate_files_skips_both(reports, tmp_path):
    shutil.copy(CORPUS[0], reports / "copy-of-medway.txt")
    db_path = tmp_path / "csp.db"
    run([reports], db_path)
    summary, _, err = run([reports], db_path)  # nothing new: every file skipped
    assert (summary.ok, summary.skipped, summary.failed) == (0, 6, 0), err
    (reports / "testham.txt").write_text("Priority: Drugs\n")
    summary, _, err = run([reports], db_path)  # one new file: the others are skipped all the same
    assert (summary.ok, summary.skipped, summary.failed) == (1, 6, 0), err
    assert summary.exit_code == 0


UNCHANGED_RUN = """
import sys
from extractor.batch.ingest import ingest_paths
summary = ingest_paths([sys.argv[1]], sys.argv[2], quiet=True, workers=0)
print(summary.skipped, summary.failed, "sqlite_utils" in sys.modules, "spacy" in sys.modules)
"""


def test_an_unchanged_folder_is_logged_without_loading_sqlite_utils_or_spacy(reports, tmp_path):
    import subprocess
    import sys

    db_path = tmp_path / "csp.db"
    run([reports], db_path)
    again = subprocess.run([sys.executable, "-c", UNCHANGED_RUN, str(reports), str(db_path)],
                           capture_output=True, text=True, check=True)  # fmt: skip
    assert again.stdout.split() == ["5", "0", "False", "False"], again.stderr
    log = sqlite3.connect(db_path).execute("SELECT status, message, at FROM ingest_log ORDER BY id").fetchall()
    assert [row[:2] for row in log[5:]] == [("skipped", "already ingested")] * 5
    assert all(row[2] for row in log)


def test_a_changed_taxonomy_is_applied_by_the_next_reingest(reports, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(store.taxonomy_path().parent, models)
    settings = ingest.Settings(models_dir=models)
    db_path = tmp_path / "csp.db"
    run([reports], db_path, settings=settings)
    taxonomy = store.taxonomy_path(settings)
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace('"Domestic abuse', '"Domestic violence and abuse'),
                        encoding="utf-8")  # fmt: skip
    summary, _, _ = run([reports], db_path, settings=settings)
    assert summary.skipped == 5
    labels = [r[0] for r in sqlite3.connect(db_path).execute("SELECT label FROM themes")]
    assert "Domestic violence and abuse" in labels


def test_one_new_file_among_stored_ones_is_hashed_once_and_gets_one_worker(reports, tmp_path, monkeypatch):
    from extractor.batch import workers

    db_path = tmp_path / "csp.db"
    run([reports], db_path)
    (reports / "testham.txt").write_text("Priority: Drugs\n")
    hashed, sizes = [], []
    real_hash, real_pool = jobs.sha256_file, workers.WorkerPool
    monkeypatch.setattr(jobs, "sha256_file", lambda path: hashed.append(path) or real_hash(path))
    monkeypatch.setattr(workers, "WorkerPool", lambda size, *a, **k: sizes.append(size) or real_pool(size, *a, **k))
    summary, _, err = run([reports], db_path, workers=2)
    assert (summary.ok, summary.skipped, summary.failed) == (1, 5, 0), err
    assert len(hashed) == 6 and sizes == [1]


def test_the_schema_stamp_needs_no_python_source(tmp_path, monkeypatch, reports):
    from extractor.store import unchanged

    monkeypatch.setattr(unchanged, "STORE_SOURCES", (tmp_path / "missing.py",))
    stamp = unchanged.schema_stamp(ingest.Settings())
    assert 0 < stamp < 2**31
    summary, _, _ = run([reports], tmp_path / "csp.db")
    assert summary.ok == 5
    assert sqlite3.connect(tmp_path / "csp.db").execute("PRAGMA user_version").fetchone()[0] == stamp


def test_a_folder_s_readme_and_annotation_files_are_not_stored(tmp_path):
    """Regression: `ingest corpus/` stored ANNOTATION.md and README.md as council reports."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CORPUS[0], reports / CORPUS[0].name)
    (reports / "README.md").write_text("# Reports\n\nThe Community Safety Partnership reports we collected.\n")
    (reports / "ANNOTATION.md").write_text("# Gold annotations\n\nPriorities are the partnership's.\n")
    (reports / "appendix-draft.txt").write_text("Draft appendix on community safety priorities.\n")
    out, err = io.StringIO(), io.StringIO()
    summary = ingest.ingest_paths([reports], tmp_path / "csp.db", workers=0, out=out, err=err, exclude=["*draft*"])
    assert summary.ok == 1, err.getvalue()
    stored = [r[0] for r in sqlite3.connect(tmp_path / "csp.db").execute("SELECT file_name FROM documents")]
    assert stored == [CORPUS[0].name]
    assert "not reports: ANNOTATION.md, README.md" in out.getvalue() or "not reports: README.md, ANNOTATION.md" in out.getvalue()
    assert "excluded by --exclude: appendix-draft.txt" in out.getvalue()


def test_a_readme_named_on_its_own_is_ingested(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("Safer Ashdale Partnership\n\nThe partnership's priorities are:\n- Hate crime\n- Burglary\n")
    summary = ingest.ingest_paths([readme], tmp_path / "csp.db", workers=0, out=io.StringIO(), err=io.StringIO())
    assert summary.ok == 1


def test_a_file_name_that_is_not_utf8_does_not_stop_the_batch(tmp_path):
    """Regression: 'caf\\xe9.txt' made ingest exit 2 with nothing stored, on every later run too."""
    reports = tmp_path / "reports"
    reports.mkdir()
    text = "Community Safety Partnership priorities are:\n- Burglary\n- Hate crime\n"
    with open(os.fsencode(reports) + b"/caf\xe9.txt", "w", encoding="utf-8") as f:
        f.write(text)
    (reports / "good.txt").write_text(text.replace("Burglary", "Drugs"))
    for expected in ((2, 0), (0, 2)):  # then again: both skipped
        summary = ingest.ingest_paths([reports], tmp_path / "csp.db", workers=0, out=io.StringIO(), err=io.StringIO())
        assert (summary.ok, summary.skipped, summary.failed) == (*expected, 0)
    names = sorted(r[0] for r in sqlite3.connect(tmp_path / "csp.db").execute("SELECT file_name FROM documents"))
    assert names == ["caf\\xe9.txt", "good.txt"]


def test_a_file_rewritten_while_it_is_read_is_not_stored_under_its_old_hash(tmp_path, monkeypatch):
    """Regression: a file rewritten during ingest was stored under its old hash with the new
    content, and the real document was then skipped for ever as 'already ingested'."""
    reports = tmp_path / "reports"
    reports.mkdir()
    report = reports / "plan.txt"
    report.write_text("Community Safety Partnership priorities are:\n- Burglary\n- Hate crime\n")

    def extract_while_rewritten(path, settings):
        result = fake_extract(path, settings)
        path.write_text("Community Safety Partnership priorities are:\n- Drugs\n")  # a download finishing
        return result

    run = lambda: ingest.ingest_paths([reports], tmp_path / "csp.db", workers=0, extract=extract_while_rewritten,  # noqa: E731
                                      out=io.StringIO(), err=io.StringIO())
    first = run()
    assert (first.ok, first.failed) == (0, 1)
    assert "changed while it was being read" in first.failures[0][2]
    monkeypatch.setattr(jobs, "default_extract", fake_extract)
    second = ingest.ingest_paths([reports], tmp_path / "csp.db", workers=0, out=io.StringIO(), err=io.StringIO())
    assert (second.ok, second.failed) == (1, 0)
